#pragma once
// The peer's status as JSON: one builder shared by DATA_DIR/status.json (AsioHost) and
// GET /api/status (HttpApi), so operators and clients see the same fields.
// Fields are listed in docs/OPERATIONS.md.

#include <nlohmann/json.hpp>

#include "peer/node_types.hpp"
#include "transport/types.hpp"

namespace gocast {

nlohmann::json counters_json(const Counters& c);

// `listen` is the UDP address the host bound; `leaving` is true once a leave has begun.
nlohmann::json status_json(const Snapshot& s, const Endpoint& listen, bool leaving);

}  // namespace gocast

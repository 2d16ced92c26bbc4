#pragma once
// GET /metrics: a peer's counters and gauges in the Prometheus text exposition format
// (version 0.0.4): one "# HELP" and "# TYPE" line per family, then its samples. Every
// name starts with gocast_; counters end in _total.

#include <string>

#include "webui/json_views.hpp"

namespace gocast::webui {

std::string prometheus_text(const PeerView& v);

}  // namespace gocast::webui

#pragma once
// JSON answers of the web API (docs/OPERATIONS.md "Web UI and API"), built from plain data:
// a peer's Snapshot and the result of a survey. Shared by the real peer and gocast-sim's
// --webui, so the page sees the same shapes from both.

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "peer/node_types.hpp"
#include "peer/survey.hpp"

namespace gocast::webui {

// What the API knows of the peer it runs in: its Snapshot plus what only the host knows.
struct PeerView {
    Snapshot snapshot;
    Endpoint address;      // the peer's UDP address
    bool leaving = false;
    nlohmann::json host_status = nlohmann::json::object();  // host-only fields for /api/status
};

// Extra facts about a peer that only a simulator knows (dataset host, city, position).
struct PeerPlace {
    std::string city;
    std::optional<double> lat;
    std::optional<double> lon;
};

nlohmann::json status_view(const PeerView& v);
nlohmann::json neighbors_view(const PeerView& v);
nlohmann::json members_view(const PeerView& v);
nlohmann::json tree_view(const PeerView& v);
// Newest first; at most `limit` records.
nlohmann::json messages_view(const PeerView& v, std::size_t limit);

// A survey result. `requester` fills in the requester's own address; `place` (may be
// empty) adds position facts per peer id. Trace arrivals are given as at_us, microseconds
// after the first arrival among the peers that reported one.
using PlaceLookup = std::function<std::optional<PeerPlace>(NodeId)>;
nlohmann::json survey_view(const SurveyResult& r, const Endpoint& requester, const PlaceLookup& place = {});

// "0123456789abcdef:42" -> MsgId; std::nullopt when malformed.
std::optional<MsgId> parse_msg_id(const std::string& text);

}  // namespace gocast::webui

#pragma once
// The web UI's HTTP routes on a cpp-httplib server: the embedded page and its assets, the
// read-only JSON API and /metrics (docs/OPERATIONS.md "Web UI and API"). The routes know
// nothing of threads or of where the data comes from: a WebBackend supplies it, so the
// real peer (data fetched on its io thread) and gocast-sim --webui (data read from a
// finished simulation) serve the same page.

#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "webui/json_views.hpp"

namespace httplib {
class Server;
struct Request;
}  // namespace httplib

namespace gocast::webui {

struct WebBackend {
    // The peer's current view; std::nullopt answers 503 (busy or leaving).
    std::function<std::optional<PeerView>()> view;
    // Runs a survey to its end, bounded in time; std::nullopt answers 503 (busy, too many
    // surveys under way, or leaving).
    std::function<std::optional<SurveyResult>(SurveyKind kind, MsgId message, std::uint32_t max_entries)> survey;
    // Optional: positions of peers (the simulator knows its dataset's cities).
    PlaceLookup place;
    // Optional: adds host facts to /api/status (e.g. the API address).
    std::function<void(nlohmann::json&)> decorate_status;
    std::string mode = "peer";  // "peer" or "sim", shown by the page
};

void install_web_routes(httplib::Server& server, WebBackend backend);

// True when the request carries `Authorization: Bearer TOKEN` with the configured token
// (compared in constant time). Always false when `token` is empty.
bool has_token(const httplib::Request& req, const std::string& token);

}  // namespace gocast::webui

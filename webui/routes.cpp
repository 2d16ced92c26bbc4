#include "webui/routes.hpp"

#include <httplib.h>

#include <charconv>
#include <memory>

#include "webui/assets.hpp"
#include "webui/metrics.hpp"

namespace gocast::webui {

namespace {

using nlohmann::json;

const char* const kJson = "application/json";
// Bounds of the query parameters.
constexpr std::uint64_t kMessagesDefault = 100;
constexpr std::uint64_t kMessagesMax = 65536;
constexpr std::uint64_t kSurveyMaxEntries = 100000;

void send_json(httplib::Response& res, int status, const json& body) {
    res.status = status;
    res.set_content(body.dump(-1, ' ', false, json::error_handler_t::replace) + "\n", kJson);
}

void send_error(httplib::Response& res, int status, const std::string& message) {
    send_json(res, status, {{"error", message}});
}

// Parses ?name=N in [1, max]; `fallback` when absent. std::nullopt (after answering 400)
// when present but malformed or out of range.
std::optional<std::uint64_t> count_param(const httplib::Request& req, httplib::Response& res, const char* name,
                                         std::uint64_t fallback, std::uint64_t max) {
    if (!req.has_param(name)) return fallback;
    const std::string text = req.get_param_value(name);
    std::uint64_t v = 0;
    const auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (text.empty() || ec != std::errc{} || p != text.data() + text.size() || v < 1 || v > max) {
        send_error(res, 400, std::string(name) + ": expected an integer in [1, " + std::to_string(max) + "], got \"" +
                                 text + "\"");
        return std::nullopt;
    }
    return v;
}

}  // namespace

bool has_token(const httplib::Request& req, const std::string& token) {
    if (token.empty()) return false;
    const std::string header = req.get_header_value("Authorization");
    const std::string prefix = "Bearer ";
    if (header.size() != prefix.size() + token.size() || header.compare(0, prefix.size(), prefix) != 0) return false;
    unsigned char diff = 0;
    for (std::size_t i = 0; i < token.size(); ++i)
        diff |= static_cast<unsigned char>(header[prefix.size() + i] ^ token[i]);
    return diff == 0;
}

void install_web_routes(httplib::Server& server, WebBackend backend) {
    auto b = std::make_shared<const WebBackend>(std::move(backend));

    for (const char* path : {"/", "/index.html", "/app.js", "/app.css", "/vendor/cytoscape.min.js",
                             "/vendor/cytoscape.LICENSE"}) {
        server.Get(path, [](const httplib::Request& req, httplib::Response& res) {
            const Asset* a = find_asset(req.path);
            if (!a) return send_error(res, 404, "no such file");
            res.set_header("Cache-Control", "no-cache");
            res.set_content(std::string(a->body), std::string(a->content_type).c_str());
        });
    }

    // Every read-only view is one function of the peer's current view.
    auto view_route = [&server, b](const char* path, auto make) {
        server.Get(path, [b, make](const httplib::Request& req, httplib::Response& res) {
            const auto v = b->view();
            if (!v) return send_error(res, 503, "peer busy or leaving; try again");
            make(*v, req, res);
        });
    };
    view_route("/api/status", [b](const PeerView& v, const httplib::Request&, httplib::Response& res) {
        json j = status_view(v);
        j["mode"] = b->mode;
        if (b->decorate_status) b->decorate_status(j);
        send_json(res, 200, j);
    });
    view_route("/api/neighbors", [](const PeerView& v, const httplib::Request&, httplib::Response& res) {
        send_json(res, 200, neighbors_view(v));
    });
    view_route("/api/members", [](const PeerView& v, const httplib::Request&, httplib::Response& res) {
        send_json(res, 200, members_view(v));
    });
    view_route("/api/tree", [](const PeerView& v, const httplib::Request&, httplib::Response& res) {
        send_json(res, 200, tree_view(v));
    });
    view_route("/api/messages", [](const PeerView& v, const httplib::Request& req, httplib::Response& res) {
        const auto limit = count_param(req, res, "limit", kMessagesDefault, kMessagesMax);
        if (limit) send_json(res, 200, messages_view(v, *limit));
    });
    view_route("/metrics", [](const PeerView& v, const httplib::Request&, httplib::Response& res) {
        res.set_content(prometheus_text(v), "text/plain; version=0.0.4; charset=utf-8");
    });

    auto survey_route = [b](SurveyKind kind, MsgId message, std::uint32_t max, httplib::Response& res) {
        const auto v = b->view();
        const auto r = v ? b->survey(kind, message, max) : std::nullopt;
        if (!r) return send_error(res, 503, "peer busy, leaving, or running too many surveys; try again");
        send_json(res, 200, survey_view(*r, v->address, b->place));
    };
    server.Get("/api/topology", [survey_route](const httplib::Request& req, httplib::Response& res) {
        const auto max = count_param(req, res, "max", kSurveyMaxEntries, kSurveyMaxEntries);
        if (max) survey_route(SurveyKind::topology, MsgId{}, static_cast<std::uint32_t>(*max), res);
    });
    server.Get("/api/trace", [survey_route](const httplib::Request& req, httplib::Response& res) {
        const std::string text = req.get_param_value("id");
        const auto id = parse_msg_id(text);
        if (!id) return send_error(res, 400, "id: expected a message id ORIGIN:SEQ (16 hex digits, a colon, a number), got \"" + text + "\"");
        const auto max = count_param(req, res, "max", kSurveyMaxEntries, kSurveyMaxEntries);
        if (max) survey_route(SurveyKind::trace, *id, static_cast<std::uint32_t>(*max), res);
    });

    // Unknown paths and methods under /api get a JSON error like every other answer.
    server.set_error_handler([](const httplib::Request& req, httplib::Response& res) {
        if (!res.body.empty()) return;
        if (req.path.rfind("/api/", 0) == 0 || req.path == "/metrics") {
            send_error(res, res.status, res.status == 404 ? "no such endpoint: " + req.method + " " + req.path
                                                          : "request refused");
        }
    });
}

}  // namespace gocast::webui

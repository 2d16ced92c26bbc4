#include "peer/http_api.hpp"

#include <arpa/inet.h>
#include <httplib.h>

#include <boost/asio/post.hpp>
#include <chrono>
#include <future>

#include "peer/delivery_fanout.hpp"
#include "webui/routes.hpp"

namespace gocast {

namespace {

using namespace std::chrono_literals;

// A handler waits this long for the io thread. The io thread answers in microseconds
// unless it is stuck or already stopped, so 2 s only bounds the failure case.
constexpr auto kIoWaitLimit = 2s;
// The wait is sliced so that a leave interrupts it quickly instead of after kIoWaitLimit.
constexpr auto kIoWaitSlice = 50ms;
// Lines a subscriber may have queued before new ones are dropped for it: enough for a
// burst of small messages, small enough that a stuck client costs at most a few MB.
constexpr std::size_t kSubscriberQueueLines = 1024;
// How long a subscribe stream sleeps waiting for lines before checking the connection and
// the stop flag again.
constexpr auto kStreamPoll = 200ms;
// A survey result is polled this often while it runs (the survey itself is bounded by
// Config survey.timeout; the margin covers the io thread being busy).
constexpr auto kSurveyPoll = 20ms;
constexpr auto kSurveyMargin = 1s;
// Bound on waiting for the server thread to accept connections after bind.
constexpr auto kStartLimit = 5s;
// Request bodies up to this size reach the publish handler, which answers 413 with a JSON
// error for anything over max_payload_bytes; larger ones are refused by httplib itself.
constexpr std::size_t kBodyLimitFactor = 4;
constexpr std::size_t kBodyLimitSlack = 64 * 1024;

const char* const kJson = "application/json";

void send_json(httplib::Response& res, int status, const nlohmann::json& body) {
    res.status = status;
    res.set_content(body.dump() + "\n", kJson);
}

void send_error(httplib::Response& res, int status, const std::string& message) {
    send_json(res, status, {{"error", message}});
}

std::optional<Service> parse_service(const std::string& text) {
    if (text.empty() || text == "reliable") return Service::reliable;
    if (text == "unreliable") return Service::unreliable;
    if (text == "fifo") return Service::fifo;
    return std::nullopt;
}

std::string ip_text(const Endpoint& ep) {
    in_addr a{};
    a.s_addr = htonl(ep.ip);
    char buf[INET_ADDRSTRLEN] = {};
    ::inet_ntop(AF_INET, &a, buf, sizeof buf);
    return buf;
}

// One JSON line per delivered message. Payloads are usually text; bytes that are not
// valid UTF-8 are replaced (U+FFFD) so the line stays valid JSON, and "bytes" keeps the
// true length.
std::string delivered_line(const Delivered& d) {
    const auto& m = d.message;
    const std::string payload(reinterpret_cast<const char*>(m.payload.data()), m.payload.size());
    const nlohmann::json j = {
        {"id", to_string(m.id)},           {"topic", m.topic},
        {"service", to_string(m.service)}, {"payload", payload},
        {"bytes", m.payload.size()},       {"from", to_string(d.from)},
        {"path", to_string(d.path)},       {"hops", d.hops},
    };
    return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

}  // namespace

HttpApi::HttpApi(const Endpoint& address, boost::asio::any_io_executor io, ApiBackend backend,
                 Logger& log)
    : address_(address),
      io_(std::move(io)),
      backend_(std::move(backend)),
      log_(log),
      server_(std::make_unique<httplib::Server>()),
      fanout_(std::make_unique<DeliveryFanout>(kSubscriberQueueLines)) {
    server_->set_payload_max_length(backend_.max_payload_bytes * kBodyLimitFactor +
                                    kBodyLimitSlack);
    // Subscribe streams write one short line per message: with Nagle's algorithm each line
    // after the first waits for the client's delayed ACK (~40 ms on Linux), which showed
    // up as a 40 ms floor on every delivery.
    server_->set_tcp_nodelay(true);
    install_routes();
    if (!server_->bind_to_port(ip_text(address_), address_.port)) {
        throw ApiError("cannot bind API " + to_string(address_) +
                       " (TCP): address in use or not local");
    }
    thread_ = std::thread([this] { server_->listen_after_bind(); });
    // httplib 0.11 has no wait_until_ready(): poll is_running(), bounded.
    const auto deadline = std::chrono::steady_clock::now() + kStartLimit;
    while (!server_->is_running() && std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(1ms);
    }
    if (!server_->is_running()) {
        stop();
        throw ApiError("API server on " + to_string(address_) + " did not start");
    }
    log_.log(LogLevel::info, "api listening", {{"address", to_string(address_)}});
}

HttpApi::~HttpApi() {
    stop();
}

void HttpApi::on_delivered(const Delivered& d) {
    if (stopping_ || fanout_->subscriber_count() == 0) return;
    fanout_->push(d.message.topic, delivered_line(d));
}

void HttpApi::begin_stop() {
    // Once only: httplib's Server::stop() must not run twice while the listen thread is
    // still winding down.
    if (stopping_.exchange(true)) return;
    fanout_->close();
    // stop() only closes the listening socket; worker threads finish their current
    // request (streams see the closed fanout) and the listen thread joins them.
    server_->stop();
}

void HttpApi::stop() {
    begin_stop();
    if (thread_.joinable()) thread_.join();
}

std::optional<nlohmann::json> HttpApi::run_on_io(std::function<nlohmann::json()> fn) {
    if (stopping_) return std::nullopt;
    // Shared, because the posted task may still run after this handler gave up waiting.
    auto promise = std::make_shared<std::promise<nlohmann::json>>();
    auto future = promise->get_future();
    boost::asio::post(io_, [promise, fn = std::move(fn)] {
        try {
            promise->set_value(fn());
        } catch (...) {
            promise->set_exception(std::current_exception());
        }
    });
    const auto deadline = std::chrono::steady_clock::now() + kIoWaitLimit;
    while (std::chrono::steady_clock::now() < deadline && !stopping_) {
        if (future.wait_for(kIoWaitSlice) == std::future_status::ready) return future.get();
    }
    return std::nullopt;
}

std::optional<webui::PeerView> HttpApi::view_on_io() {
    auto view = std::make_shared<webui::PeerView>();
    const auto done = run_on_io([this, view]() -> nlohmann::json {
        *view = backend_.view();
        return true;
    });
    if (!done) return std::nullopt;
    return std::move(*view);
}

std::optional<SurveyResult> HttpApi::survey_on_io(SurveyKind kind, MsgId message, std::uint32_t max_entries) {
    auto id = std::make_shared<std::optional<SurveyId>>();
    const auto started = run_on_io([this, id, kind, message, max_entries]() -> nlohmann::json {
        *id = backend_.start_survey(kind, message, max_entries);
        return true;
    });
    if (!started || !*id) return std::nullopt;
    const auto deadline = std::chrono::steady_clock::now() +
                          std::chrono::microseconds(backend_.survey_timeout) + kSurveyMargin;
    auto result = std::make_shared<std::optional<SurveyResult>>();
    while (std::chrono::steady_clock::now() < deadline && !stopping_) {
        std::this_thread::sleep_for(kSurveyPoll);
        const auto polled = run_on_io([this, id, result]() -> nlohmann::json {
            *result = backend_.survey_result(**id);
            return true;
        });
        if (!polled) return std::nullopt;
        if (*result) return std::move(*result);
    }
    return std::nullopt;
}

void HttpApi::install_routes() {
    webui::WebBackend web;
    web.view = [this] { return view_on_io(); };
    web.survey = [this](SurveyKind kind, MsgId message, std::uint32_t max_entries) {
        return survey_on_io(kind, message, max_entries);
    };
    web.decorate_status = [this](nlohmann::json& j) {
        j["api"] = to_string(address_);
        j["publish_enabled"] = !backend_.token.empty();
    };
    web.mode = "peer";
    webui::install_web_routes(*server_, std::move(web));

    server_->Post("/api/publish", [this](const httplib::Request& req, httplib::Response& res) {
        // Publishing changes the bus, so it needs the operator's token (docs/OPERATIONS.md).
        if (backend_.token.empty()) {
            return send_error(res, 403,
                              "publishing over the API is disabled: this peer has no api_token configured");
        }
        if (!webui::has_token(req, backend_.token)) {
            res.set_header("WWW-Authenticate", "Bearer");
            return send_error(res, 401,
                              "missing or wrong API token (send \"Authorization: Bearer TOKEN\"; "
                              "gocast publish takes --token or GOCAST_TOKEN)");
        }
        const std::string topic = req.get_param_value("topic");
        if (topic.empty()) return send_error(res, 400, "missing topic (?topic=NAME)");
        if (topic.size() > backend_.max_topic_bytes) {
            return send_error(
                res, 400,
                "topic longer than " + std::to_string(backend_.max_topic_bytes) + " bytes");
        }
        const std::string service_text = req.get_param_value("service");
        const auto service = parse_service(service_text);
        if (!service) {
            return send_error(
                res, 400,
                "unknown service \"" + service_text + "\" (reliable, unreliable or fifo)");
        }
        if (req.body.size() > backend_.max_payload_bytes) {
            return send_error(res, 413,
                              "payload of " + std::to_string(req.body.size()) +
                                  " bytes exceeds max_payload_bytes " +
                                  std::to_string(backend_.max_payload_bytes));
        }
        const auto* p = reinterpret_cast<const std::byte*>(req.body.data());
        auto payload = std::make_shared<Bytes>(p, p + req.body.size());
        auto j = run_on_io([this, topic, service, payload]() -> nlohmann::json {
            const auto id = backend_.publish(topic, *service, std::move(*payload));
            if (!id) return nullptr;
            return {{"id", to_string(*id)}};
        });
        if (!j) return send_error(res, 503, "peer busy or leaving; try again");
        if (j->is_null()) return send_error(res, 503, "peer not started or leaving");
        send_json(res, 200, *j);
    });

    server_->Get("/api/subscribe", [this](const httplib::Request& req, httplib::Response& res) {
        // Registered before the handler returns, so a client that has seen the response
        // headers is guaranteed every message delivered afterwards.
        auto sub = fanout_->subscribe(req.get_param_value("topic"));
        if (!sub) return send_error(res, 503, "peer leaving");
        res.set_chunked_content_provider(
            "application/x-ndjson",
            [this, sub](std::size_t, httplib::DataSink& sink) {
                for (const auto& line : sub->take(kStreamPoll)) {
                    if (!sink.write(line.data(), line.size())) return false;
                }
                if (sub->closed() || stopping_) {
                    sink.done();
                    return true;
                }
                return sink.is_writable();
            },
            [this, sub](bool) { fanout_->unsubscribe(sub); });
    });
}

}  // namespace gocast

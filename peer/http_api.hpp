#pragma once
// The local client API and web UI: an httplib::Server on its own thread serving
// POST /api/publish and GET /api/subscribe (docs/OPERATIONS.md "Client API"), plus the
// embedded page, the read-only JSON API and /metrics of webui/routes (docs/OPERATIONS.md
// "Web UI and API"). Publishing needs the configured API token.
//
// Threading contract: HTTP handlers run on httplib's worker threads and never touch the
// Node. Status and publish are posted to the io_context thread (boost::asio::post) and the
// handler waits for the result through a std::promise/future for at most kIoWaitLimit,
// answering 503 when the io thread does not answer in time (busy, or leaving).
// Delivered events go the other way: the io thread calls on_delivered(), which only
// copies a line into bounded per-subscriber queues (peer/delivery_fanout) and never waits.

#include <atomic>
#include <boost/asio/any_io_executor.hpp>
#include <cstddef>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>

#include "dissemination/message.hpp"
#include "peer/log.hpp"
#include "peer/node_types.hpp"
#include "webui/json_views.hpp"
#include "transport/types.hpp"

namespace httplib {
class Server;
}

namespace gocast {

class DeliveryFanout;

// The API address cannot be bound (in use, not local...); the operator must fix it.
class ApiError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

// What the API needs from the host. The functions are only ever called on the io thread.
struct ApiBackend {
    std::function<webui::PeerView()> view;
    // Starts a survey (std::nullopt: refused) and fetches its result once finished.
    std::function<std::optional<SurveyId>(SurveyKind, MsgId, std::uint32_t max_entries)> start_survey;
    std::function<std::optional<SurveyResult>(const SurveyId&)> survey_result;
    Duration survey_timeout = 0;  // Config survey.timeout: how long a survey may take
    // Bearer token that POST /api/publish requires; empty = publishing disabled.
    std::string token;
    // std::nullopt when the node refused (not started yet or leaving).
    std::function<std::optional<MsgId>(const std::string& topic, Service service, Bytes payload)>
        publish;
    std::size_t max_payload_bytes = 0;
    std::size_t max_topic_bytes = 0;
};

class HttpApi {
  public:
    // Binds `address` (throws ApiError) and starts serving on a thread of its own;
    // returns once the server accepts connections.
    HttpApi(const Endpoint& address, boost::asio::any_io_executor io, ApiBackend backend,
            Logger& log);
    ~HttpApi();  // stop() if not done yet
    HttpApi(const HttpApi&) = delete;
    HttpApi& operator=(const HttpApi&) = delete;

    // io thread: offers the message to matching subscribe streams. Never blocks.
    void on_delivered(const Delivered& d);

    // Ends subscribe streams, makes waiting handlers answer 503 and closes the listening
    // socket; does not wait, so the io thread may call it.
    void begin_stop();
    // begin_stop(), then joins the server thread. Call after the io_context has stopped.
    void stop();

    const Endpoint& address() const { return address_; }

  private:
    void install_routes();
    // Runs `fn` on the io thread and returns its result, or std::nullopt when it did not
    // finish within the wait limit or the API is stopping.
    std::optional<nlohmann::json> run_on_io(std::function<nlohmann::json()> fn);
    std::optional<webui::PeerView> view_on_io();
    // Starts a survey on the io thread and polls for its result, bounded by the survey
    // timeout plus a margin.
    std::optional<SurveyResult> survey_on_io(SurveyKind kind, MsgId message, std::uint32_t max_entries);

    const Endpoint address_;
    boost::asio::any_io_executor io_;
    ApiBackend backend_;
    Logger& log_;
    std::unique_ptr<httplib::Server> server_;
    std::unique_ptr<DeliveryFanout> fanout_;
    std::atomic<bool> stopping_{false};
    std::thread thread_;
};

}  // namespace gocast

#pragma once
// A GET /api/subscribe stream on a real peer, read on its own thread and collected as
// JSON lines. The thread ends when the peer closes the stream (it left or was killed) or
// after kReadTimeoutSec without data, so joining it is always bounded.

#include <httplib.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace gocast::testing {

class SubscribeStream {
public:
    static constexpr time_t kReadTimeoutSec = 12;

    SubscribeStream(std::uint16_t api_port, std::string topic)
        : thread_([this, api_port, topic = std::move(topic)] { run(api_port, topic); }) {}
    ~SubscribeStream() { thread_.join(); }
    SubscribeStream(const SubscribeStream&) = delete;
    SubscribeStream& operator=(const SubscribeStream&) = delete;

    bool ready() const { return ready_; }  // response headers seen: subscription in place
    bool finished() const { return finished_; }
    int status() const { return status_; }

    // Times each message id arrived on this stream.
    std::map<std::string, int> id_counts() const {
        const std::lock_guard lock(mutex_);
        std::map<std::string, int> out;
        for (const auto& line : lines_) ++out[line.value("id", "")];
        return out;
    }
    std::vector<nlohmann::json> lines() const {
        const std::lock_guard lock(mutex_);
        return lines_;
    }
    // When message `id` first arrived on this stream, if it did.
    std::optional<std::chrono::steady_clock::time_point> arrival(const std::string& id) const {
        const std::lock_guard lock(mutex_);
        for (std::size_t i = 0; i < lines_.size(); ++i) {
            if (lines_[i].value("id", "") == id) return arrivals_[i];
        }
        return std::nullopt;
    }

private:
    void run(std::uint16_t api_port, const std::string& topic) {
        httplib::Client client("127.0.0.1", api_port);
        client.set_read_timeout(kReadTimeoutSec, 0);
        client.set_connection_timeout(2, 0);
        client.Get(
            "/api/subscribe?topic=" + topic,
            [&](const httplib::Response& res) {
                status_ = res.status;
                ready_ = true;
                return res.status == 200;
            },
            [&](const char* data, std::size_t n) {
                const std::lock_guard lock(mutex_);
                pending_.append(data, n);
                std::size_t nl = 0;
                while ((nl = pending_.find('\n')) != std::string::npos) {
                    auto j = nlohmann::json::parse(pending_.substr(0, nl), nullptr, false);
                    pending_.erase(0, nl + 1);
                    lines_.push_back(j.is_object() ? std::move(j) : nlohmann::json::object());
                    arrivals_.push_back(std::chrono::steady_clock::now());
                }
                return true;
            });
        finished_ = true;
    }

    std::atomic<bool> ready_{false};
    std::atomic<bool> finished_{false};
    std::atomic<int> status_{0};
    mutable std::mutex mutex_;
    std::vector<nlohmann::json> lines_;
    std::vector<std::chrono::steady_clock::time_point> arrivals_;  // one per line
    std::string pending_;
    std::thread thread_;  // last: started once every member above exists
};

}  // namespace gocast::testing

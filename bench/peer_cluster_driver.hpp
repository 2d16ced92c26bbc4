#pragma once
// What the real-peer benchmarks share: start N gocast-peer processes on 127.0.0.1
// (ProcessGroup, ports BASE + i, API BASE + 1000 + i), wait until they agree on one root,
// read their /api/status, subscribe to every peer and time each delivery on this process's
// steady clock, publish through any peer, and sample CPU time and RSS from /proc.

#include <sys/types.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "peer/process_group.hpp"

namespace httplib {
class Client;
}

namespace gocast::bench {

using Clock = std::chrono::steady_clock;

struct DriverOptions {
    std::uint32_t peers = 32;
    std::uint16_t base_port = 31000;
    std::string preset = "lan";
    std::string peer_bin;
    std::filesystem::path data_root;
    std::vector<std::string> extra_args;          // given to every peer
    std::string emulate_latency;                  // "" = off; peer i on host i
    double emulate_loss = 0.0;                    // --emulate-loss of every peer
    std::string links;                            // --links of every peer; "" = default
};

// Arrival time (and whether the first copy came by a gossip pull) of every message id on
// one subscribe stream.
class StreamCollector {
public:
    StreamCollector(std::uint16_t api_port, const std::string& topic);
    ~StreamCollector();  // closes the stream and joins the reader thread
    StreamCollector(const StreamCollector&) = delete;
    StreamCollector& operator=(const StreamCollector&) = delete;

    bool ready() const { return ready_; }
    std::optional<Clock::time_point> arrival(const std::string& id) const;
    bool via_pull(const std::string& id) const;  // the stream line said "path":"pull"
    std::size_t count() const;
    std::uint64_t duplicates() const { return duplicates_; }

private:
    void run(std::uint16_t api_port, std::string topic);

    std::atomic<bool> ready_{false};
    std::atomic<bool> stop_{false};
    std::atomic<std::uint64_t> duplicates_{0};
    mutable std::mutex mutex_;
    std::unordered_map<std::string, Clock::time_point> arrivals_;
    std::unordered_map<std::string, bool> pulled_;
    std::string pending_;
    std::mutex client_mutex_;
    httplib::Client* client_ = nullptr;  // the reader's client while it runs
    std::thread thread_;
};

struct ProcSample {
    double cpu_seconds = 0;  // user + system of the process so far
    double rss_mib = 0;
};
std::optional<ProcSample> sample_process(pid_t pid);

class PeerCluster {
public:
    explicit PeerCluster(DriverOptions o);
    ~PeerCluster();  // SIGTERM, then SIGKILL after 5 s: only the PIDs started here

    // Starts every peer; false (with a message on stderr) when one fails to start.
    bool start();
    // Polls /api/status until every peer has a neighbour and all name one root.
    bool wait_converged(std::chrono::seconds limit);
    std::optional<nlohmann::json> status(std::uint32_t i) const;

    // One stream per peer, all ready (bounded wait).
    bool subscribe_all(const std::string& topic);
    // The message id, or "" on failure. Keeps one HTTP connection per peer.
    std::string publish(std::uint32_t via, const std::string& topic, const std::string& body);

    const std::vector<std::unique_ptr<StreamCollector>>& streams() const { return streams_; }
    std::uint32_t size() const { return o_.peers; }
    ProcessGroup& processes() { return processes_; }
    std::uint16_t api_port(std::uint32_t i) const {
        return static_cast<std::uint16_t>(o_.base_port + 1000 + i);
    }

private:
    DriverOptions o_;
    ProcessGroup processes_;
    std::vector<std::unique_ptr<StreamCollector>> streams_;
    struct Publishers;
    std::unique_ptr<Publishers> publishers_;
};

// Percentile (0..100) of a copy of `v`, nearest-rank; 0 for an empty vector.
double percentile(std::vector<double> v, double p);
double mean(const std::vector<double>& v);

}  // namespace gocast::bench

#include "bench/peer_cluster_driver.hpp"

#include "peer/cluster_options.hpp"

#include <httplib.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <iostream>
#include <numeric>
#include <set>
#include <sstream>

namespace gocast::bench {

namespace {

// The peers' api_token, which the publishers send.
const char* const kBenchToken = "gocast-bench-token-0123456789";

using namespace std::chrono_literals;

constexpr auto kStartupWatch = 1500ms;
constexpr auto kStopGrace = 5000ms;
constexpr auto kSubscribeLimit = 10s;
constexpr auto kPollPeriod = 250ms;
constexpr time_t kHttpTimeoutSec = 5;
constexpr time_t kStreamIdleSec = 600;

}  // namespace

// ---- StreamCollector ----

StreamCollector::StreamCollector(std::uint16_t api_port, const std::string& topic)
    : thread_([this, api_port, topic] { run(api_port, topic); }) {}

StreamCollector::~StreamCollector() {
    stop_ = true;
    {
        const std::lock_guard lock(client_mutex_);
        if (client_) client_->stop();  // unblocks the reader's pending read
    }
    thread_.join();
}

void StreamCollector::run(std::uint16_t api_port, std::string topic) {
    httplib::Client client("127.0.0.1", api_port);
    client.set_read_timeout(kStreamIdleSec, 0);
    client.set_connection_timeout(2, 0);
    {
        const std::lock_guard lock(client_mutex_);
        client_ = &client;
    }
    while (!stop_) {
        client.Get(
            "/api/subscribe?topic=" + topic,
            [&](const httplib::Response& res) {
                ready_ = res.status == 200;
                return ready_ && !stop_;
            },
            [&](const char* data, std::size_t n) {
                const auto now = Clock::now();
                const std::lock_guard lock(mutex_);
                pending_.append(data, n);
                std::size_t nl = 0;
                while ((nl = pending_.find('\n')) != std::string::npos) {
                    // Only the id is needed; avoid a full JSON parse per line.
                    const std::string_view line(pending_.data(), nl);
                    const auto k = line.find("\"id\":\"");
                    if (k != std::string_view::npos) {
                        const auto start = k + 6;
                        const auto end = line.find('"', start);
                        std::string id(line.substr(start, end - start));
                        const bool pull = line.find("\"path\":\"pull\"") != std::string_view::npos;
                        if (arrivals_.emplace(id, now).second) {
                            pulled_.emplace(std::move(id), pull);
                        } else {
                            ++duplicates_;
                        }
                    }
                    pending_.erase(0, nl + 1);
                }
                return !stop_.load();
            });
        // Only a stream quiet for kStreamIdleSec (or a peer gone) ends Get; subscribe
        // again unless stopping.
        if (!stop_) {
            ready_ = false;
            std::this_thread::sleep_for(100ms);
        }
    }
    const std::lock_guard lock(client_mutex_);
    client_ = nullptr;
}

std::optional<Clock::time_point> StreamCollector::arrival(const std::string& id) const {
    const std::lock_guard lock(mutex_);
    const auto it = arrivals_.find(id);
    if (it == arrivals_.end()) return std::nullopt;
    return it->second;
}

bool StreamCollector::via_pull(const std::string& id) const {
    const std::lock_guard lock(mutex_);
    const auto it = pulled_.find(id);
    return it != pulled_.end() && it->second;
}

std::size_t StreamCollector::count() const {
    const std::lock_guard lock(mutex_);
    return arrivals_.size();
}

// ---- /proc ----

std::optional<ProcSample> sample_process(pid_t pid) {
    std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
    std::string text;
    if (!std::getline(stat, text)) return std::nullopt;
    // Fields after the command name (which may contain spaces) start after the last ')'.
    const auto close = text.rfind(')');
    if (close == std::string::npos) return std::nullopt;
    std::istringstream rest(text.substr(close + 2));
    std::vector<std::string> f;
    for (std::string x; rest >> x;) f.push_back(x);
    if (f.size() < 22) return std::nullopt;
    const double ticks = static_cast<double>(::sysconf(_SC_CLK_TCK));
    ProcSample s;
    s.cpu_seconds = (std::stod(f[11]) + std::stod(f[12])) / ticks;  // utime, stime
    s.rss_mib = std::stod(f[21]) * static_cast<double>(::sysconf(_SC_PAGESIZE)) / (1 << 20);
    return s;
}

// ---- PeerCluster ----

struct PeerCluster::Publishers {
    std::vector<std::unique_ptr<httplib::Client>> clients;
};

PeerCluster::PeerCluster(DriverOptions o) : o_(std::move(o)), publishers_(new Publishers) {
    for (std::uint32_t i = 0; i < o_.peers; ++i) {
        auto c = std::make_unique<httplib::Client>("127.0.0.1", api_port(i));
        c->set_keep_alive(true);
        c->set_tcp_nodelay(true);  // else each body waits ~40 ms for a delayed ACK
        c->set_bearer_token_auth(kBenchToken);
        c->set_read_timeout(kHttpTimeoutSec, 0);
        c->set_connection_timeout(kHttpTimeoutSec, 0);
        publishers_->clients.push_back(std::move(c));
    }
}

PeerCluster::~PeerCluster() {
    publishers_.reset();
    processes_.stop_all(kStopGrace);  // the peers end the streams...
    streams_.clear();                 // ...so the readers join at once
}

bool PeerCluster::start() {
    std::filesystem::create_directories(o_.data_root);
    std::size_t hosts = 1;
    if (!o_.emulate_latency.empty()) {
        // The cluster's own convention (gocast-cluster): peer i on host i mod hosts; the
        // benchmarks use at most as many peers as hosts, so peer i is on host i.
        hosts = o_.peers;
    }
    // The launcher's own argument builder, so the benchmarks start peers exactly as
    // gocast-cluster does.
    ClusterOptions co;
    co.peers = o_.peers;
    co.base_port = o_.base_port;
    co.preset = o_.preset;
    co.emulate_latency = o_.emulate_latency;
    co.emulate_loss = o_.emulate_loss;
    co.links = o_.links;
    co.data_root = o_.data_root.string();
    co.log_level = "warn";
    co.api_token = kBenchToken;
    co.peer_args = o_.extra_args;
    for (std::uint32_t i = 0; i < o_.peers; ++i) {
        processes_.spawn(o_.peer_bin, peer_arguments(co, i, hosts),
                         o_.data_root / ("peer-" + std::to_string(i) + ".log"));
    }
    std::this_thread::sleep_for(kStartupWatch);
    const auto exits = processes_.poll_exits();
    for (const auto& e : exits) {
        std::cerr << "peer " << e.index << " " << describe_exit(e.code) << " (see "
                  << (o_.data_root / ("peer-" + std::to_string(e.index) + ".log")).string()
                  << ")\n";
    }
    return exits.empty();
}

std::optional<nlohmann::json> PeerCluster::status(std::uint32_t i) const {
    httplib::Client c("127.0.0.1", api_port(i));
    c.set_read_timeout(kHttpTimeoutSec, 0);
    const auto r = c.Get("/api/status");
    if (!r || r->status != 200) return std::nullopt;
    auto j = nlohmann::json::parse(r->body, nullptr, false);
    if (!j.is_object()) return std::nullopt;
    return j;
}

bool PeerCluster::wait_converged(std::chrono::seconds limit) {
    const auto deadline = Clock::now() + limit;
    while (Clock::now() < deadline) {
        std::set<std::string> roots;
        bool linked = true;
        for (std::uint32_t i = 0; i < o_.peers && linked; ++i) {
            const auto s = status(i);
            linked = s && !(*s)["neighbors"].empty() && (*s)["root"] != "0000000000000000";
            if (linked) roots.insert((*s)["root"].get<std::string>());
        }
        if (linked && roots.size() == 1) return true;
        std::this_thread::sleep_for(kPollPeriod);
    }
    return false;
}

bool PeerCluster::subscribe_all(const std::string& topic) {
    streams_.clear();
    for (std::uint32_t i = 0; i < o_.peers; ++i) {
        streams_.push_back(std::make_unique<StreamCollector>(api_port(i), topic));
    }
    const auto deadline = Clock::now() + kSubscribeLimit;
    while (Clock::now() < deadline) {
        if (std::all_of(streams_.begin(), streams_.end(), [](const auto& s) { return s->ready(); })) {
            return true;
        }
        std::this_thread::sleep_for(10ms);
    }
    return false;
}

std::string PeerCluster::publish(std::uint32_t via, const std::string& topic,
                                 const std::string& body) {
    auto& c = *publishers_->clients.at(via);
    const auto r = c.Post("/api/publish?topic=" + topic + "&service=reliable", body,
                          "application/octet-stream");
    if (!r || r->status != 200) return "";
    const auto j = nlohmann::json::parse(r->body, nullptr, false);
    return j.is_object() ? j.value("id", "") : "";
}

// ---- statistics ----

double percentile(std::vector<double> v, double p) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    const auto rank = static_cast<std::size_t>(std::ceil(p / 100.0 * static_cast<double>(v.size())));
    return v[std::min(v.size() - 1, rank == 0 ? 0 : rank - 1)];
}

double mean(const std::vector<double>& v) {
    if (v.empty()) return 0;
    return std::accumulate(v.begin(), v.end(), 0.0) / static_cast<double>(v.size());
}

}  // namespace gocast::bench

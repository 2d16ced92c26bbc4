// gocast-cluster: starts a local cluster of gocast-peer processes and a publisher, prints
// the peers' addresses, and stops exactly the processes it started (cluster_usage_text()).

#include <httplib.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "peer/cluster_options.hpp"
#include "peer/emulation_setup.hpp"
#include "peer/process_group.hpp"

namespace {

using namespace gocast;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

constexpr int kExitFailure = 1;
constexpr int kExitUsage = 2;
// A peer that cannot bind its ports exits within milliseconds; this is how long the
// launcher watches for that before it declares the cluster up.
constexpr auto kStartupWatch = 1500ms;
constexpr auto kLoopStep = 50ms;
// Graceful leave takes milliseconds; a peer still running after this is killed.
constexpr auto kStopGrace = 5000ms;
constexpr time_t kPublishTimeoutSec = 3;
const std::string kTopic = "cluster";

std::atomic<bool> g_stop{false};

extern "C" void on_stop_signal(int) { g_stop = true; }

std::string peer_binary(const ClusterOptions& o) {
    if (!o.peer_bin.empty()) return o.peer_bin;
    std::error_code ec;
    const auto self = std::filesystem::read_symlink("/proc/self/exe", ec);
    return ec ? std::string("gocast-peer") : (self.parent_path() / "gocast-peer").string();
}

std::filesystem::path log_of(const ClusterOptions& o, std::uint32_t i) {
    return std::filesystem::path(o.data_root) / ("peer-" + std::to_string(i) + ".log");
}

std::string last_line(const std::filesystem::path& file) {
    std::ifstream in(file);
    std::string line, last;
    while (std::getline(in, line)) {
        if (!line.empty()) last = line;
    }
    return last;
}

// Hosts of the emulated dataset, loading it once here so a bad file is reported before
// any peer starts (each peer loads it again for itself).
std::size_t emulated_hosts(const ClusterOptions& o) {
    if (o.emulate_latency.empty()) return 1;
    PeerOptions p;
    p.listen.port = o.base_port;
    p.emulate_latency = o.emulate_latency;
    p.emulate_host = 0;
    p.emulate_base_port = o.base_port;
    return make_latency_emulator(p, 1)->hosts();
}

class Publisher {
public:
    explicit Publisher(const ClusterOptions& o) : o_(o) {}

    // Publishes tick `seq_` through the next running peer (round robin).
    void tick(const ProcessGroup& peers) {
        for (std::uint32_t tries = 0; tries < o_.peers; ++tries) {
            const std::uint32_t i = next_++ % o_.peers;
            if (!peers.running(i)) continue;
            httplib::Client c("127.0.0.1", peer_api_port(o_, i));
            c.set_tcp_nodelay(true);  // else the body waits for a delayed ACK
            c.set_bearer_token_auth(o_.api_token.c_str());
            c.set_connection_timeout(kPublishTimeoutSec, 0);
            c.set_read_timeout(kPublishTimeoutSec, 0);
            const std::string body = "tick " + std::to_string(seq_) + " via peer " + std::to_string(i);
            const auto r = c.Post("/api/publish?topic=" + kTopic + "&service=reliable", body,
                                  "text/plain");
            if (r && r->status == 200) {
                ++seq_;
                if (!o_.quiet) std::cout << "published \"" << body << "\" " << r->body << std::flush;
            } else {
                ++failures_;
                std::cerr << "gocast-cluster: publish via peer " << i << " failed: "
                          << (r ? std::to_string(r->status) + " " + r->body
                                : httplib::to_string(r.error()))
                          << '\n';
            }
            return;
        }
    }
    std::uint64_t published() const { return seq_; }
    std::uint64_t failures() const { return failures_; }

private:
    const ClusterOptions& o_;
    std::uint32_t next_ = 0;
    std::uint64_t seq_ = 0;
    std::uint64_t failures_ = 0;
};

// A token for this run's peers: 128 bits from the system's random source, as hex.
std::string random_token() {
    std::random_device rd;
    char buf[33];
    std::snprintf(buf, sizeof buf, "%08x%08x%08x%08x", rd(), rd(), rd(), rd());
    return buf;
}

int run(ClusterOptions o) {
    if (o.api_token.empty()) o.api_token = random_token();
    const std::size_t hosts = emulated_hosts(o);
    const std::string binary = peer_binary(o);
    if (::access(binary.c_str(), X_OK) != 0) {
        std::cerr << "gocast-cluster: cannot run " << binary << " (build it, or give --peer-bin)\n";
        return kExitFailure;
    }
    std::filesystem::create_directories(o.data_root);

    std::signal(SIGINT, on_stop_signal);
    std::signal(SIGTERM, on_stop_signal);

    ProcessGroup peers;
    for (std::uint32_t i = 0; i < o.peers; ++i) {
        std::filesystem::remove(log_of(o, i));
        peers.spawn(binary, peer_arguments(o, i, hosts), log_of(o, i));
    }
    bool failed = false;
    const auto report_exits = [&](const std::vector<ChildExit>& exits) {
        for (const auto& e : exits) {
            failed = true;
            std::cerr << "gocast-cluster: peer " << e.index << " " << describe_exit(e.code)
                      << ": " << last_line(log_of(o, static_cast<std::uint32_t>(e.index)))
                      << '\n';
        }
    };
    const auto watch_until = Clock::now() + kStartupWatch;
    while (Clock::now() < watch_until && !g_stop) {
        std::this_thread::sleep_for(kLoopStep);
        report_exits(peers.poll_exits());
    }
    if (failed) {
        std::cerr << "gocast-cluster: a peer failed to start (port in use? see the logs under "
                  << o.data_root << "); stopping the others\n";
        peers.stop_all(kStopGrace);
        return kExitFailure;
    }

    std::cout << "gocast-cluster: " << o.peers << " peers on 127.0.0.1 (preset " << o.preset;
    if (!o.emulate_latency.empty()) std::cout << ", emulated latency " << o.emulate_latency;
    if (o.emulate_loss > 0) std::cout << ", emulated loss " << o.emulate_loss;
    std::cout << "), data and logs in " << o.data_root << '\n';
    for (std::uint32_t i = 0; i < o.peers; ++i) {
        std::cout << "  peer " << i << ": udp 127.0.0.1:" << peer_udp_port(o, i)
                  << "  web http://127.0.0.1:" << peer_api_port(o, i) << "/\n";
    }
    std::cout << (o.publish_interval_ms ? "publishing on topic \"" + kTopic + "\" every " +
                                              std::to_string(o.publish_interval_ms) + " ms; "
                                        : std::string())
              << "Ctrl-C stops the cluster" << std::endl;
    std::cout << "publish by hand: GOCAST_TOKEN=" << o.api_token << " gocast publish --api 127.0.0.1:"
              << peer_api_port(o, 0) << " TOPIC MESSAGE" << std::endl;

    Publisher publisher(o);
    const auto start = Clock::now();
    auto next_publish = start + std::chrono::milliseconds(o.publish_interval_ms);
    while (!g_stop) {
        if (o.duration_s && Clock::now() - start >= std::chrono::seconds(o.duration_s)) break;
        report_exits(peers.poll_exits());
        if (peers.running_count() == 0) {
            std::cerr << "gocast-cluster: every peer has exited\n";
            return kExitFailure;
        }
        if (o.publish_interval_ms && Clock::now() >= next_publish) {
            publisher.tick(peers);
            next_publish += std::chrono::milliseconds(o.publish_interval_ms);
        }
        std::this_thread::sleep_for(kLoopStep);
    }

    std::cout << "gocast-cluster: stopping " << peers.running_count() << " peers" << std::endl;
    std::size_t clean = 0;
    for (const auto& e : peers.stop_all(kStopGrace)) {
        if (e.code == 0) {
            ++clean;
            continue;
        }
        failed = true;
        std::cerr << "gocast-cluster: peer " << e.index << " " << describe_exit(e.code) << '\n';
    }
    std::cout << "gocast-cluster: " << clean << " peers left cleanly; published "
              << publisher.published() << " messages (" << publisher.failures() << " failed)\n";
    return failed ? kExitFailure : 0;
}

}  // namespace

int main(int argc, char** argv) {
    const std::vector<std::string> args(argv + 1, argv + argc);
    ClusterOptions o;
    try {
        o = parse_cluster_options(args);
        if (o.help) {
            std::cout << cluster_usage_text();
            return 0;
        }
        return run(o);
    } catch (const ConfigError& e) {
        std::cerr << "gocast-cluster: " << e.what() << "\n(run gocast-cluster --help for usage)\n";
        return kExitUsage;
    } catch (const std::exception& e) {
        std::cerr << "gocast-cluster: " << e.what() << '\n';
        return kExitFailure;
    }
}

#pragma once
// Options of gocast-cluster, the local-cluster launcher: N gocast-peer processes on
// 127.0.0.1 with consecutive UDP ports (API ports 1000 higher), optional emulated WAN
// latency/loss, and a publisher. Parse errors raise ConfigError naming the flag.

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "peer/config_file.hpp"

namespace gocast {

struct ClusterOptions {
    std::uint32_t peers = 16;
    std::uint16_t base_port = 7000;         // peer i listens on base_port + i
    std::string preset = "lan";             // lan converges in seconds on one machine
    std::string emulate_latency;            // as gocast-peer --emulate-latency; "" = off
    double emulate_loss = 0.0;
    std::string links;                      // gocast-peer --links; "" = the peer's default
    std::uint32_t publish_interval_ms = 1000;  // 0 = no publisher
    std::uint32_t duration_s = 0;           // 0 = until SIGINT/SIGTERM
    std::string data_root = "./out/cluster";
    std::string peer_bin;                   // "" = gocast-peer next to the launcher
    std::string log_level = "info";
    bool quiet = false;                     // no line per publication
    // Every peer's api_token, which the publisher sends; set by the launcher to a fresh
    // random token when empty (printed at start, for gocast publish).
    std::string api_token;
    std::vector<std::string> peer_args;     // after "--": passed to every peer as is
    bool help = false;
};

ClusterOptions parse_cluster_options(std::span<const std::string> args);

// The gocast-peer arguments of peer `index` (emulate_host = index mod hosts). The one
// place that turns cluster options into peer flags: gocast-cluster and the real-peer
// benchmarks (bench/peer_cluster_driver) both start peers with it.
std::vector<std::string> peer_arguments(const ClusterOptions& o, std::uint32_t index,
                                        std::size_t emulated_hosts);

std::uint16_t peer_udp_port(const ClusterOptions& o, std::uint32_t index);
std::uint16_t peer_api_port(const ClusterOptions& o, std::uint32_t index);

std::string cluster_usage_text();

}  // namespace gocast

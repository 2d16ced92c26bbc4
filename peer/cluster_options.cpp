#include "peer/cluster_options.hpp"

#include <charconv>
#include <filesystem>

#include "transport/hop/neighbor_link.hpp"

namespace gocast {

namespace {

// API ports sit 1000 above the UDP ports (gocast-peer's default), so more than 1000 peers
// would make the two rows overlap.
constexpr std::uint32_t kMaxPeers = 1000;
constexpr std::uint32_t kApiOffset = 1000;
constexpr std::uint32_t kMaxPublishIntervalMs = 3600 * 1000;
constexpr std::uint32_t kMaxDurationS = 7 * 24 * 3600;

std::uint64_t uint_value(const std::string& flag, const std::string& v, std::uint64_t lo,
                         std::uint64_t hi) {
    std::uint64_t n = 0;
    const auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
    if (v.empty() || ec != std::errc{} || p != v.data() + v.size() || n < lo || n > hi) {
        throw ConfigError(flag + ": expected an integer in [" + std::to_string(lo) + ", " +
                          std::to_string(hi) + "], got \"" + v + "\"");
    }
    return n;
}

double fraction_value(const std::string& flag, const std::string& v) {
    double x = 0;
    const auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), x);
    if (v.empty() || ec != std::errc{} || p != v.data() + v.size() || !(x >= 0.0 && x < 1.0)) {
        throw ConfigError(flag + ": expected a probability in [0, 1), got \"" + v + "\"");
    }
    return x;
}

}  // namespace

ClusterOptions parse_cluster_options(std::span<const std::string> args) {
    ClusterOptions o;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& flag = args[i];
        if (flag == "--") {
            o.peer_args.assign(args.begin() + static_cast<std::ptrdiff_t>(i) + 1, args.end());
            break;
        }
        if (flag == "--help" || flag == "-h") {
            o.help = true;
            return o;
        }
        if (flag == "--quiet") {
            o.quiet = true;
            continue;
        }
        if (i + 1 >= args.size()) throw ConfigError(flag + ": missing value (see --help)");
        const std::string& v = args[++i];
        if (flag == "--peers") {
            o.peers = static_cast<std::uint32_t>(uint_value(flag, v, 1, kMaxPeers));
        } else if (flag == "--base-port") {
            o.base_port = static_cast<std::uint16_t>(uint_value(flag, v, 1024, 65535));
        } else if (flag == "--preset") {
            if (v != "wan" && v != "lan" && v != "test") {
                throw ConfigError(flag + ": expected wan, lan or test, got \"" + v + "\"");
            }
            o.preset = v;
        } else if (flag == "--emulate-latency") {
            if (v.empty()) throw ConfigError(flag + ": must not be empty");
            o.emulate_latency = v;
        } else if (flag == "--emulate-loss") {
            o.emulate_loss = fraction_value(flag, v);
        } else if (flag == "--links") {
            if (!parse_link_transport(v)) {
                throw ConfigError(flag + ": expected hop, datagram or tcp, got \"" + v + "\"");
            }
            o.links = v;
        } else if (flag == "--publish-interval-ms") {
            o.publish_interval_ms =
                static_cast<std::uint32_t>(uint_value(flag, v, 0, kMaxPublishIntervalMs));
        } else if (flag == "--duration") {
            o.duration_s = static_cast<std::uint32_t>(uint_value(flag, v, 0, kMaxDurationS));
        } else if (flag == "--data-root") {
            if (v.empty()) throw ConfigError(flag + ": must not be empty");
            o.data_root = v;
        } else if (flag == "--peer-bin") {
            o.peer_bin = v;
        } else if (flag == "--log-level") {
            if (!parse_log_level(v)) {
                throw ConfigError(flag + ": expected error, warn, info or debug, got \"" + v + "\"");
            }
            o.log_level = v;
        } else {
            throw ConfigError(flag + ": unknown flag (see --help)");
        }
    }
    const std::uint32_t last_api = std::uint32_t{o.base_port} + kApiOffset + o.peers - 1;
    if (last_api > 65535) {
        throw ConfigError("--base-port " + std::to_string(o.base_port) + " with " +
                          std::to_string(o.peers) + " peers needs API ports up to " +
                          std::to_string(last_api) + " (> 65535)");
    }
    return o;
}

std::uint16_t peer_udp_port(const ClusterOptions& o, std::uint32_t index) {
    return static_cast<std::uint16_t>(o.base_port + index);
}

std::uint16_t peer_api_port(const ClusterOptions& o, std::uint32_t index) {
    return static_cast<std::uint16_t>(o.base_port + kApiOffset + index);
}

std::vector<std::string> peer_arguments(const ClusterOptions& o, std::uint32_t index,
                                        std::size_t emulated_hosts) {
    const auto addr = [](std::uint16_t port) { return "127.0.0.1:" + std::to_string(port); };
    std::vector<std::string> a{"--listen", addr(peer_udp_port(o, index)),
                               "--api", addr(peer_api_port(o, index)),
                               "--data-dir",
                               (std::filesystem::path(o.data_root) /
                                ("peer-" + std::to_string(index))).string(),
                               "--preset", o.preset,
                               "--log-level", o.log_level};
    // Peer 0 starts alone; every other peer joins through peer 0 and its predecessor, so
    // the loss of one seed does not strand a restarted peer.
    if (index > 0) {
        std::string seeds = addr(peer_udp_port(o, 0));
        if (index > 1) seeds += "," + addr(peer_udp_port(o, index - 1));
        a.insert(a.end(), {"--seed", seeds});
    }
    if (!o.emulate_latency.empty()) {
        a.insert(a.end(), {"--emulate-latency", o.emulate_latency, "--emulate-host",
                           std::to_string(index % emulated_hosts), "--emulate-base-port",
                           std::to_string(o.base_port)});
    }
    if (o.emulate_loss > 0.0) a.insert(a.end(), {"--emulate-loss", std::to_string(o.emulate_loss)});
    if (!o.links.empty()) a.insert(a.end(), {"--links", o.links});
    if (!o.api_token.empty()) a.insert(a.end(), {"--api-token", o.api_token});
    a.insert(a.end(), o.peer_args.begin(), o.peer_args.end());
    return a;
}

std::string cluster_usage_text() {
    return R"(usage: gocast-cluster [flags] [-- gocast-peer flags...]

Starts a local GoCast cluster: N gocast-peer processes on 127.0.0.1, peer i on UDP port
BASE + i with its HTTP API and web page on BASE + 1000 + i. Prints their addresses,
publishes a message every second through the peers in turn, and on Ctrl-C (or SIGTERM,
or after --duration) stops every peer it started with a graceful leave.

  --peers N                  peers to start, 1-1000 (default 16)
  --base-port P              UDP port of peer 0 (default 7000)
  --preset wan|lan|test      protocol timing preset of every peer (default lan)
  --emulate-latency SRC      emulated WAN latency: a dataset file or
                             synthetic[:HOSTS[:SEED]]; peer i is on host i mod HOSTS
  --emulate-loss P           drop each datagram with probability P in [0, 1)
  --links hop|datagram|tcp   neighbour links of every peer (default: the peer's, hop)
  --publish-interval-ms MS   publisher period, 0 = no publisher (default 1000)
  --duration S               stop after S seconds, 0 = run until Ctrl-C (default 0)
  --data-root DIR            peer i keeps DIR/peer-i/ and logs to DIR/peer-i.log
                             (default ./out/cluster)
  --peer-bin PATH            gocast-peer binary (default: next to gocast-cluster)
  --log-level LEVEL          peers' log level (default info)
  --quiet                    no line per publication
  --help, -h                 this text

Exit codes: 0 all peers left cleanly; 1 a peer failed to start or did not exit cleanly;
2 bad flag.
)";
}

}  // namespace gocast

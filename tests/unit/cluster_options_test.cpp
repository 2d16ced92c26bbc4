// peer/cluster_options: the launcher's flags become the arguments of each gocast-peer (the
// one argument builder shared by gocast-cluster and the real-peer benchmarks), and the
// arguments it builds are accepted by the peer's own parser.

#include "peer/cluster_options.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

using namespace gocast;

namespace {

// The value after `flag` in `args`, or "" when the flag is absent.
std::string value_of(const std::vector<std::string>& args, const std::string& flag) {
    const auto it = std::find(args.begin(), args.end(), flag);
    return it == args.end() || it + 1 == args.end() ? "" : *(it + 1);
}

}  // namespace

TEST_CASE("unit: cluster: --links and --emulate-loss reach every peer's arguments") {
    const std::vector<std::string> flags{"--peers", "4", "--base-port", "9000", "--links", "tcp",
                                         "--emulate-loss", "0.05", "--emulate-latency", "synthetic:8"};
    const ClusterOptions o = parse_cluster_options(flags);
    CHECK(o.links == "tcp");
    for (std::uint32_t i = 0; i < o.peers; ++i) {
        const auto args = peer_arguments(o, i, 8);
        CHECK(value_of(args, "--links") == "tcp");
        CHECK(std::stod(value_of(args, "--emulate-loss")) == doctest::Approx(0.05));
        CHECK(value_of(args, "--emulate-host") == std::to_string(i));
        CHECK(value_of(args, "--listen") == "127.0.0.1:" + std::to_string(9000 + i));
        // What the launcher builds, the peer accepts, with the same links and loss.
        const PeerOptions p = load_peer_options(args);
        REQUIRE(p.links.has_value());
        CHECK(*p.links == LinkTransport::tcp);
        CHECK(p.emulate_loss == doctest::Approx(0.05));
    }
    // Without --links the peers keep their own default (no flag passed).
    const auto plain = peer_arguments(parse_cluster_options(std::vector<std::string>{}), 1, 1);
    CHECK(std::find(plain.begin(), plain.end(), "--links") == plain.end());
    CHECK(std::find(plain.begin(), plain.end(), "--emulate-loss") == plain.end());
}

TEST_CASE("unit: cluster: an unknown link kind is refused naming the flag") {
    try {
        (void)parse_cluster_options(std::vector<std::string>{"--links", "quic"});
        FAIL("no error");
    } catch (const ConfigError& e) {
        CHECK(std::string(e.what()).find("--links: expected hop, datagram or tcp") != std::string::npos);
    }
}

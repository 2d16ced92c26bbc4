// gocast-cluster, the one-command local cluster: it starts the peers, publishes, stops
// exactly what it started on SIGTERM or after --duration, and reports bad flags (exit 2)
// and a peer that cannot start (exit 1, the peer's own message shown).

#include <doctest/doctest.h>

#include <string>

#include "tests/integration/peer_process.hpp"

namespace {

using namespace gocast::testing;

constexpr int kClusterPeers = 4;

// A base port whose UDP and API rows are free right now.
std::uint16_t free_base(int n) {
    auto rng = make_rng();
    std::uniform_int_distribution<int> pick(kPortLow, kPortHigh - n - 1000);
    for (int attempt = 0; attempt < 50; ++attempt) {
        const auto base = static_cast<std::uint16_t>(pick(rng));
        bool free = true;
        for (int i = 0; i < n; ++i) {
            free = free && BoundUdp(base + i).fd >= 0 && BoundTcp(base + 1000 + i).fd >= 0;
        }
        if (free) return base;
    }
    return 0;
}

}  // namespace

TEST_CASE("integration: gocast-cluster runs, publishes and stops every peer cleanly") {
    const ScratchDir tmp("launcher");
    const std::uint16_t base = free_base(kClusterPeers);
    REQUIRE(base != 0);
    const auto [code, out] = run_to_exit(
        GOCAST_CLUSTER_BIN,
        {"--peers", std::to_string(kClusterPeers), "--base-port", std::to_string(base),
         "--duration", "3", "--publish-interval-ms", "500", "--preset", "test",
         "--emulate-latency", "synthetic:8", "--data-root", (tmp.path() / "c").string()},
        tmp.path());
    CHECK_MESSAGE(code == 0, out);
    CHECK(out.find("web http://127.0.0.1:" + std::to_string(base + 1000) + "/") !=
          std::string::npos);
    CHECK(out.find("4 peers left cleanly") != std::string::npos);
    CHECK(out.find("(0 failed)") != std::string::npos);
    // Every peer got the cluster's messages and ran with emulated latency.
    for (int i = 0; i < kClusterPeers; ++i) {
        const auto dir = tmp.path() / "c" / ("peer-" + std::to_string(i));
        const auto j = nlohmann::json::parse(read_file(dir / "status.json"), nullptr, false);
        REQUIRE(j.is_object());
        CHECK(j["counters"].value("delivered", 0) >= 2);
        CHECK(j["emulation"].value("hosts", 0) == 8);
        CHECK(j["emulation"].value("delayed", 0) > 0);
        CHECK(j.value("leaving", false));
    }
}

TEST_CASE("integration: gocast-cluster reports bad flags and a peer that cannot start") {
    const ScratchDir tmp("launcher-bad");
    CHECK(run_to_exit(GOCAST_CLUSTER_BIN, {"--peers", "0"}, tmp.path()).first == 2);
    CHECK(run_to_exit(GOCAST_CLUSTER_BIN, {"--bogus"}, tmp.path()).first == 2);
    CHECK(run_to_exit(GOCAST_CLUSTER_BIN, {"--emulate-loss", "2"}, tmp.path()).first == 2);
    const auto bad_dataset = run_to_exit(
        GOCAST_CLUSTER_BIN, {"--emulate-latency", (tmp.path() / "missing.txt").string()},
        tmp.path());
    CHECK(bad_dataset.first == 2);
    CHECK(bad_dataset.second.find("cannot open") != std::string::npos);

    // Peer 1's UDP port is taken: the launcher says so and stops the others.
    const std::uint16_t base = free_base(2);
    REQUIRE(base != 0);
    const BoundUdp holder(base + 1);
    REQUIRE(holder.fd >= 0);
    const auto [code, out] = run_to_exit(
        GOCAST_CLUSTER_BIN,
        {"--peers", "2", "--base-port", std::to_string(base), "--preset", "test",
         "--data-root", (tmp.path() / "c").string()},
        tmp.path());
    CHECK(code == 1);
    CHECK(out.find("peer 1 exited with code 2") != std::string::npos);
    CHECK(out.find("cannot bind UDP") != std::string::npos);
}

// Real gocast-peer processes on 127.0.0.1: eight peers form one overlay with one root and
// leave gracefully on SIGTERM; setup mistakes exit with code 2. Every wait is bounded and
// only the PIDs started here are ever signalled.

#include <doctest/doctest.h>

#include "tests/integration/peer_process.hpp"

#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <vector>

namespace {

using namespace gocast::testing;

constexpr int kPeers = 8;
constexpr auto kConvergeLimit = 20s;

std::pair<int, std::string> run_peer_to_exit(const std::vector<std::string>& args,
                                             const std::filesystem::path& dir) {
    return run_to_exit(GOCAST_PEER_BIN, args, dir);
}

}  // namespace

TEST_CASE("integration: peer: eight peers converge on one root and leave cleanly") {
    const ScratchDir tmp("smoke");
    // The API is off: this test is about the overlay, and fewer ports means fewer clashes.
    Cluster cluster = start_cluster(tmp, kPeers, 0);
    REQUIRE_MESSAGE(!cluster.children.pids.empty(), "could not start ", kPeers,
                    " peers on free ports");
    const auto& dirs = cluster.dirs;
    std::vector<std::optional<PeerStatus>> status;
    CHECK(wait_converged(dirs, kConvergeLimit, status));

    // Every peer persisted its own id, and the ids are distinct.
    std::set<std::string> ids;
    for (int i = 0; i < kPeers; ++i) {
        const std::string file_id = read_file(dirs[i] / "node_id");
        if (status[i]) CHECK(file_id == status[i]->id + "\n");
        ids.insert(file_id);
    }
    CHECK(ids.size() == static_cast<std::size_t>(kPeers));

    stop_cluster(cluster);
}

TEST_CASE("integration: peer: a bad config file or flag exits with code 2") {
    const ScratchDir tmp("smoke");
    const auto config = tmp.path() / "bad.json";
    std::ofstream(config) << R"({"listen": "127.0.0.1:7000", "c_neer": 3})";
    const auto [code, out] = run_peer_to_exit(
        {"--config", config.string(), "--data-dir", (tmp.path() / "data").string()}, tmp.path());
    CHECK(code == kExitBadSetup);
    CHECK(out.find("\"c_neer\": unknown key") != std::string::npos);

    const auto [code2, out2] = run_peer_to_exit({"--c-near", "-3"}, tmp.path());
    CHECK(code2 == kExitBadSetup);
    CHECK(out2.find("--c-near") != std::string::npos);
    CHECK_FALSE(std::filesystem::exists(tmp.path() / "data"));  // nothing created on failure

    const auto [help_code, help] = run_peer_to_exit({"--help"}, tmp.path());
    CHECK(help_code == 0);
    CHECK(help.find("--gossip-interval-ms") != std::string::npos);
}

TEST_CASE("integration: peer: a listen port already in use exits with code 2") {
    const ScratchDir tmp("smoke");
    auto rng = make_rng();
    std::uniform_int_distribution<int> pick(kPortLow, kPortHigh - 1);
    std::unique_ptr<BoundUdp> holder;
    std::uint16_t port = 0;
    for (int attempt = 0; attempt < 50 && !holder; ++attempt) {
        port = static_cast<std::uint16_t>(pick(rng));
        holder = std::make_unique<BoundUdp>(port);
        if (holder->fd < 0) holder.reset();
    }
    REQUIRE(holder != nullptr);
    const auto [code, out] = run_peer_to_exit(
        {"--listen", local(port), "--data-dir", (tmp.path() / "data").string()}, tmp.path());
    CHECK(code == kExitBadSetup);
    CHECK(out.find("cannot bind UDP " + local(port)) != std::string::npos);
    CHECK(out.find("in use") != std::string::npos);
}

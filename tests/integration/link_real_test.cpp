// gocast-link-real runs Hop and TCP-like links between real processes over UDP on
// 127.0.0.1, with loss emulated in user space: at 5% loss each way both links hand every
// message up exactly once, and a bad flag is refused with exit code 2. Every run is
// bounded by the tool itself (its nodes stop at their end time); the test waits a bounded
// time and signals only the PID it started.

#include <doctest/doctest.h>
#include <signal.h>

#include <random>
#include <string>
#include <vector>

#include "tests/integration/peer_process.hpp"

namespace {

using namespace gocast::testing;

constexpr auto kRunLimit = 30s;  // two 3 s runs plus start-up, on a loaded machine
constexpr int kAttempts = 3;     // a random base port may be taken

std::pair<int, std::string> run_link_real(const std::vector<std::string>& args,
                                          const ScratchDir& dir) {
    const auto log = dir.path() / "link-real.log";
    const pid_t pid = spawn_process(GOCAST_LINK_REAL_BIN, args, log);
    REQUIRE(pid > 0);
    auto code = wait_exit(pid, kRunLimit);
    if (!code) {
        ::kill(pid, SIGKILL);
        code = wait_exit(pid, kExitLimit);
        FAIL("gocast-link-real overran ", kRunLimit.count(), " s");
    }
    return {*code, read_file(log)};
}

}  // namespace

TEST_CASE(
    "integration: link-real: Hop and TCP-like links over 5% loss deliver every message exactly "
    "once") {
    const ScratchDir tmp("link-real");
    auto rng = make_rng();
    std::pair<int, std::string> r;
    for (int attempt = 0; attempt < kAttempts; ++attempt) {
        const auto port = std::uniform_int_distribution<int>(kPortLow, kPortHigh - 8)(rng);
        r = run_link_real({"once", "--links", "hop,tcp", "--loss", "0.05", "--messages", "200",
                           "--rate", "200", "--duration", "3", "--warmup", "1", "--seed", "7",
                           "--base-port", std::to_string(port), "--out", tmp.str()},
                          tmp);
        if (r.second.find("bind") == std::string::npos) break;
    }
    INFO(r.second);
    CHECK(r.first == 0);
    CHECK(r.second.find("hop: published 200, received 200 distinct, 0 duplicates") !=
          std::string::npos);
    CHECK(r.second.find("tcp: published 200, received 200 distinct, 0 duplicates") !=
          std::string::npos);
    CHECK(r.second.find("FAILED") == std::string::npos);
}

TEST_CASE("integration: link-real: bad flags exit 2 with a message") {
    const ScratchDir tmp("link-real-bad");
    for (const std::vector<std::string>& args : {std::vector<std::string>{"once", "--loss", "2"},
                                                 {"once", "--nonsense", "1"},
                                                 {"bogus"},
                                                 {"loss", "--links", "datagram"},
                                                 {"once", "--duration"},
                                                 {"node", "--topology", "path11"},
                                                 {"node", "--hop-delay-us", "-1"},
                                                 {"hops", "--hop-delay-us", "1000"}}) {
        const auto [code, log] = run_link_real(args, tmp);
        INFO(log);
        CHECK(code == 2);
        CHECK(log.find("gocast-link-real:") != std::string::npos);
    }
}

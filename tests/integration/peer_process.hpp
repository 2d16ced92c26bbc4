#pragma once
// Helpers for integration tests that run real gocast-peer and gocast processes on
// 127.0.0.1: spawning, bounded waits, port probes, status.json, and starting a cluster on
// free ports. Every wait is bounded, and only PIDs started here are ever signalled.

#include <arpa/inet.h>
#include <doctest/doctest.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "peer/process_group.hpp"
#include "tests/support/scratch_dir.hpp"

namespace gocast::testing {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

inline constexpr std::uint16_t kPortLow = 20000;  // random base ports come from [low, high)
inline constexpr std::uint16_t kPortHigh = 40000;
inline constexpr int kStartAttempts = 6;
inline constexpr auto kStartupGrace = 300ms;  // a peer that cannot bind exits well within this
inline constexpr auto kExitLimit = 10s;       // graceful leave takes milliseconds
inline constexpr auto kPollPeriod = 100ms;
inline constexpr int kExitBadSetup = 2;
// Peers started by start_cluster with an API accept publications with this bearer token.
inline const std::string kTestToken = "gocast-test-token-0123456789";

inline std::mt19937 make_rng() {
    std::random_device rd;
    return std::mt19937(rd());
}

// Starts `binary` with `args`; stdout and stderr go to `log_file` (truncated first, since
// run_to_exit reads it back and may run several commands in one directory).
inline pid_t spawn_process(const std::string& binary, const std::vector<std::string>& args,
                           const std::filesystem::path& log_file) {
    return spawn_logged(binary, args, log_file, LogMode::truncate);
}

inline pid_t spawn_peer(const std::vector<std::string>& args, const std::filesystem::path& log) {
    return spawn_process(GOCAST_PEER_BIN, args, log);
}

// Exit code (128 + signal when killed by one), or nullopt if still running after `limit`.
inline std::optional<int> wait_exit(pid_t pid, Clock::duration limit) {
    const auto deadline = Clock::now() + limit;
    for (;;) {
        int status = 0;
        const pid_t r = ::waitpid(pid, &status, WNOHANG);
        if (r == pid) {
            if (WIFEXITED(status)) return WEXITSTATUS(status);
            if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
        }
        if (r < 0) return -1;  // not our child any more (already reaped)
        if (Clock::now() >= deadline) return std::nullopt;
        std::this_thread::sleep_for(10ms);
    }
}

// Waits for `pid` within kExitLimit, else kills it; returns its exit code (-1 if killed here).
inline int reap(pid_t pid) {
    if (const auto code = wait_exit(pid, kExitLimit)) return *code;
    ::kill(pid, SIGKILL);
    int status = 0;
    ::waitpid(pid, &status, 0);
    return -1;
}

// Runs `binary` to completion (bounded) and returns its exit code and output.
inline std::pair<int, std::string> run_to_exit(const std::string& binary,
                                               const std::vector<std::string>& args,
                                               const std::filesystem::path& dir) {
    const auto log = dir / "run.log";
    const pid_t pid = spawn_process(binary, args, log);
    REQUIRE(pid > 0);
    const int code = reap(pid);
    return {code, read_file(log)};
}

// Owns started PIDs: whatever a failing check leaves running is killed and reaped.
struct Children {
    std::vector<pid_t> pids;
    Children() = default;
    Children(Children&& o) noexcept : pids(std::move(o.pids)) { o.pids.clear(); }
    Children& operator=(Children&&) = delete;
    ~Children() { kill_all(); }
    void kill_all() {
        for (const pid_t p : pids) {
            ::kill(p, SIGKILL);
            int status = 0;
            ::waitpid(p, &status, 0);
        }
        pids.clear();
    }
};

// A socket bound to 127.0.0.1:port, closed on destruction; fd < 0 if the bind failed.
struct BoundSocket {
    BoundSocket(int type, std::uint16_t port) {
        fd = ::socket(AF_INET, type, 0);
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_port = htons(port);
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        if (fd >= 0 && ::bind(fd, reinterpret_cast<const sockaddr*>(&a), sizeof a) != 0) {
            ::close(fd);
            fd = -1;
        }
    }
    ~BoundSocket() {
        if (fd >= 0) ::close(fd);
    }
    BoundSocket(const BoundSocket&) = delete;
    BoundSocket& operator=(const BoundSocket&) = delete;
    int fd = -1;
};

struct BoundUdp : BoundSocket {
    explicit BoundUdp(std::uint16_t port) : BoundSocket(SOCK_DGRAM, port) {}
};
struct BoundTcp : BoundSocket {
    explicit BoundTcp(std::uint16_t port) : BoundSocket(SOCK_STREAM, port) {}
};

inline std::string local(std::uint16_t port) {
    return "127.0.0.1:" + std::to_string(port);
}

struct PeerStatus {
    std::string id;
    std::string root;
    std::size_t neighbors = 0;
    std::string parent;  // "" at the root or when detached
    nlohmann::json counters;
};

inline std::optional<PeerStatus> read_status(const std::filesystem::path& dir) {
    const auto text = read_file(dir / "status.json");
    const auto j = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (j.is_discarded() || !j.is_object()) return std::nullopt;
    try {
        const auto& parent = j.at("parent");
        return PeerStatus{j.at("id").get<std::string>(), j.at("root").get<std::string>(),
                          j.at("neighbors").size(),
                          parent.is_string() ? parent.get<std::string>() : std::string(),
                          j.value("counters", nlohmann::json::object())};
    } catch (const nlohmann::json::exception&) {
        return std::nullopt;
    }
}

// Peers started by start_cluster: peer i has data dir dirs[i], UDP port base + i and (with
// an API) TCP port base + api_offset + i.
struct Cluster {
    Children children;
    std::vector<std::filesystem::path> dirs;
    std::uint16_t base = 0;
    std::uint16_t api_offset = 0;  // 0: --api off
    std::vector<std::string> extra_args;  // appended to every peer's arguments
};

// gocast-peer arguments of peer i (also used to restart it with the same data dir).
inline std::vector<std::string> cluster_peer_args(const Cluster& c, int i) {
    std::vector<std::string> args{
        "--preset", "test", "--listen", local(c.base + i), "--data-dir", c.dirs[i].string(),
        "--log-level", "debug", "--api",
        c.api_offset == 0 ? std::string("off") : local(c.base + c.api_offset + i)};
    if (c.api_offset != 0) args.insert(args.end(), {"--api-token", kTestToken});
    if (i > 0) args.insert(args.end(), {"--seed", local(c.base)});
    args.insert(args.end(), c.extra_args.begin(), c.extra_args.end());
    return args;
}

// Starts `n` peers (preset test, peer 0 the seed of the others) on random free ports,
// retrying on new ports when one was taken between the probe and the bind. `api_offset`
// 0 means the peers run with --api off; otherwise peer i serves its API on
// base + api_offset + i, publishing with kTestToken. `extra_args` go to every peer.
// Returns an empty Children on failure.
inline Cluster start_cluster(const ScratchDir& tmp, int n, std::uint16_t api_offset,
                             std::vector<std::string> extra_args = {}) {
    auto rng = make_rng();
    std::uniform_int_distribution<int> pick(kPortLow, kPortHigh - n);
    Cluster c;
    c.api_offset = api_offset;
    c.extra_args = std::move(extra_args);
    bool started = false;
    for (int attempt = 0; attempt < kStartAttempts && !started; ++attempt) {
        c.children.kill_all();
        c.base = static_cast<std::uint16_t>(pick(rng));
        bool ports_free = true;
        for (int i = 0; i < n; ++i) {
            ports_free = ports_free && BoundUdp(c.base + i).fd >= 0;
            if (api_offset != 0) {
                ports_free = ports_free && BoundTcp(c.base + api_offset + i).fd >= 0;
            }
        }
        if (!ports_free) continue;
        c.dirs.clear();
        for (int i = 0; i < n; ++i) {
            const auto dir =
                tmp.path() / ("a" + std::to_string(attempt) + "-peer" + std::to_string(i));
            c.dirs.push_back(dir);
            std::filesystem::create_directories(dir);
            const pid_t pid = spawn_peer(cluster_peer_args(c, i), dir.string() + ".log");
            REQUIRE(pid > 0);
            c.children.pids.push_back(pid);
        }
        // A peer that lost a port exits with code 2 at once; then the whole set is
        // started again on other ports.
        std::this_thread::sleep_for(kStartupGrace);
        started = true;
        std::vector<pid_t> running;
        for (const pid_t p : c.children.pids) {
            int status = 0;
            if (::waitpid(p, &status, WNOHANG) == p) {
                MESSAGE("a peer exited at startup (status ", status, "); retrying on new ports");
                started = false;
            } else {
                running.push_back(p);
            }
        }
        // A reaped PID may be reused by an unrelated process: never signal it again.
        c.children.pids = running;
    }
    if (!started) c.children.kill_all();
    return c;
}

// Polls status.json until every peer has a neighbour and all name one root, within `limit`.
// Fills `status` with the last reading of each peer.
inline bool wait_converged(const std::vector<std::filesystem::path>& dirs, Clock::duration limit,
                           std::vector<std::optional<PeerStatus>>& status) {
    const auto deadline = Clock::now() + limit;
    status.assign(dirs.size(), std::nullopt);
    while (Clock::now() < deadline) {
        std::this_thread::sleep_for(kPollPeriod);
        std::set<std::string> roots;
        bool all_linked = true;
        for (std::size_t i = 0; i < dirs.size(); ++i) {
            status[i] = read_status(dirs[i]);
            if (!status[i]) {
                all_linked = false;
                continue;
            }
            all_linked = all_linked && status[i]->neighbors >= 1;
            roots.insert(status[i]->root);
        }
        if (all_linked && roots.size() == 1 && *roots.begin() != "0000000000000000") return true;
    }
    for (std::size_t i = 0; i < dirs.size(); ++i) {
        MESSAGE("peer ", i, ": ", read_file(dirs[i] / "status.json"));
    }
    return false;
}

// SIGTERMs exactly the started PIDs and checks each leaves with exit code 0.
inline void stop_cluster(Cluster& c) {
    for (const pid_t p : c.children.pids) ::kill(p, SIGTERM);
    std::vector<pid_t> pids;
    pids.swap(c.children.pids);  // reaped below; the guard must not signal them again
    for (std::size_t i = 0; i < pids.size(); ++i) {
        const int code = reap(pids[i]);
        CHECK_MESSAGE(code == 0, "peer ", i, " exit code ", code, "\n",
                      read_file(c.dirs[i].string() + ".log"));
    }
}

}  // namespace gocast::testing

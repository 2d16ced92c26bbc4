// Real gocast-peer processes on 127.0.0.1: eight peers form one overlay with one root and
// leave gracefully on SIGTERM; setup mistakes exit with code 2. Every wait is bounded and
// only the PIDs started here are ever signalled.

#include <doctest/doctest.h>

#include "tests/support/scratch_dir.hpp"

#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <arpa/inet.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

constexpr int kPeers = 8;
constexpr std::uint16_t kPortLow = 20000;   // random base ports come from [low, high)
constexpr std::uint16_t kPortHigh = 40000;
constexpr int kStartAttempts = 6;
constexpr auto kStartupGrace = 300ms;       // a peer that cannot bind exits well within this
constexpr auto kConvergeLimit = 20s;
constexpr auto kExitLimit = 10s;            // graceful leave takes milliseconds
constexpr auto kPollPeriod = 100ms;
constexpr int kExitBadSetup = 2;

std::mt19937 make_rng() {
    std::random_device rd;
    return std::mt19937(rd());
}

using gocast::testing::read_file;
using gocast::testing::ScratchDir;

// Starts GOCAST_PEER_BIN with `args`; stdout and stderr go to `log_file`.
pid_t spawn_peer(const std::vector<std::string>& args, const std::filesystem::path& log_file) {
    // Everything the child needs is built before fork: only async-signal-safe calls after.
    std::vector<std::string> all{GOCAST_PEER_BIN};
    all.insert(all.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& a : all) argv.push_back(a.data());
    argv.push_back(nullptr);
    const std::string log_path = log_file.string();
    const pid_t pid = ::fork();
    if (pid == 0) {
        const int fd = ::open(log_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (fd >= 0) {
            ::dup2(fd, STDOUT_FILENO);
            ::dup2(fd, STDERR_FILENO);
        }
        const int null_fd = ::open("/dev/null", O_RDONLY);
        if (null_fd >= 0) ::dup2(null_fd, STDIN_FILENO);
        ::execv(argv[0], argv.data());
        ::_exit(127);
    }
    return pid;
}

// Exit code (128 + signal when killed by one), or nullopt if still running after `limit`.
std::optional<int> wait_exit(pid_t pid, Clock::duration limit) {
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
int reap(pid_t pid) {
    if (const auto code = wait_exit(pid, kExitLimit)) return *code;
    ::kill(pid, SIGKILL);
    int status = 0;
    ::waitpid(pid, &status, 0);
    return -1;
}

// Owns started PIDs: whatever a failing check leaves running is killed and reaped.
struct Children {
    std::vector<pid_t> pids;
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

// A UDP socket bound to 127.0.0.1:port, closed on destruction; fd < 0 if the bind failed.
struct BoundUdp {
    explicit BoundUdp(std::uint16_t port) {
        fd = ::socket(AF_INET, SOCK_DGRAM, 0);
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_port = htons(port);
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        if (fd >= 0 && ::bind(fd, reinterpret_cast<const sockaddr*>(&a), sizeof a) != 0) {
            ::close(fd);
            fd = -1;
        }
    }
    ~BoundUdp() {
        if (fd >= 0) ::close(fd);
    }
    BoundUdp(const BoundUdp&) = delete;
    BoundUdp& operator=(const BoundUdp&) = delete;
    int fd = -1;
};

std::string local(std::uint16_t port) { return "127.0.0.1:" + std::to_string(port); }

struct PeerStatus {
    std::string id;
    std::string root;
    std::size_t neighbors = 0;
};

std::optional<PeerStatus> read_status(const std::filesystem::path& dir) {
    const auto text = read_file(dir / "status.json");
    const auto j = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (j.is_discarded() || !j.is_object()) return std::nullopt;
    try {
        return PeerStatus{j.at("id").get<std::string>(), j.at("root").get<std::string>(),
                          j.at("neighbors").size()};
    } catch (const nlohmann::json::exception&) {
        return std::nullopt;
    }
}

// Runs gocast-peer to completion (bounded) and returns its exit code and output.
std::pair<int, std::string> run_to_exit(const std::vector<std::string>& args,
                                        const std::filesystem::path& dir) {
    const auto log = dir / "run.log";
    const pid_t pid = spawn_peer(args, log);
    REQUIRE(pid > 0);
    const int code = reap(pid);
    return {code, read_file(log)};
}

}  // namespace

TEST_CASE("integration: peer: eight peers converge on one root and leave cleanly") {
    const ScratchDir tmp("smoke");
    auto rng = make_rng();
    std::uniform_int_distribution<int> pick(kPortLow, kPortHigh - kPeers);
    Children children;
    std::vector<std::filesystem::path> dirs;
    bool started = false;
    for (int attempt = 0; attempt < kStartAttempts && !started; ++attempt) {
        children.kill_all();
        const auto base = static_cast<std::uint16_t>(pick(rng));
        bool ports_free = true;
        for (int i = 0; i < kPeers; ++i) ports_free = ports_free && BoundUdp(base + i).fd >= 0;
        if (!ports_free) continue;
        dirs.clear();
        for (int i = 0; i < kPeers; ++i) {
            const auto dir = tmp.path() / ("a" + std::to_string(attempt) + "-peer" + std::to_string(i));
            dirs.push_back(dir);
            std::vector<std::string> args{"--preset", "test", "--listen", local(base + i),
                                          "--data-dir", dir.string(), "--log-level", "debug"};
            if (i > 0) args.insert(args.end(), {"--seed", local(base)});
            std::filesystem::create_directories(dir);
            const pid_t pid = spawn_peer(args, dir.string() + ".log");
            REQUIRE(pid > 0);
            children.pids.push_back(pid);
        }
        // Someone may have taken a port between the probe and the bind: such a peer exits
        // with code 2 at once, and the whole set is started again on other ports.
        std::this_thread::sleep_for(kStartupGrace);
        started = true;
        std::vector<pid_t> running;
        for (const pid_t p : children.pids) {
            int status = 0;
            if (::waitpid(p, &status, WNOHANG) == p) {
                MESSAGE("a peer exited at startup (status ", status, "); retrying on new ports");
                started = false;
            } else {
                running.push_back(p);
            }
        }
        // A reaped PID may be reused by an unrelated process: never signal it again.
        children.pids = running;
    }
    REQUIRE_MESSAGE(started, "could not start ", kPeers, " peers on free ports");

    const auto deadline = Clock::now() + kConvergeLimit;
    std::vector<std::optional<PeerStatus>> status(kPeers);
    bool converged = false;
    while (!converged && Clock::now() < deadline) {
        std::this_thread::sleep_for(kPollPeriod);
        std::set<std::string> roots;
        bool all_linked = true;
        for (int i = 0; i < kPeers; ++i) {
            status[i] = read_status(dirs[i]);
            if (!status[i]) {
                all_linked = false;
                continue;
            }
            all_linked = all_linked && status[i]->neighbors >= 1;
            roots.insert(status[i]->root);
        }
        converged = all_linked && roots.size() == 1 && *roots.begin() != "0000000000000000";
    }
    if (!converged) {
        for (int i = 0; i < kPeers; ++i) {
            MESSAGE("peer ", i, ": ", read_file(dirs[i] / "status.json"));
        }
    }
    CHECK(converged);

    // Every peer persisted its own id, and the ids are distinct.
    std::set<std::string> ids;
    for (int i = 0; i < kPeers; ++i) {
        const std::string file_id = read_file(dirs[i] / "node_id");
        if (status[i]) CHECK(file_id == status[i]->id + "\n");
        ids.insert(file_id);
    }
    CHECK(ids.size() == static_cast<std::size_t>(kPeers));

    for (const pid_t p : children.pids) ::kill(p, SIGTERM);
    std::vector<pid_t> pids;
    pids.swap(children.pids);  // reaped below; the guard must not signal them again
    for (std::size_t i = 0; i < pids.size(); ++i) {
        const int code = reap(pids[i]);
        CHECK_MESSAGE(code == 0, "peer ", i, " exit code ", code, "\n",
                      read_file(dirs[i].string() + ".log"));
    }
}

TEST_CASE("integration: peer: a bad config file or flag exits with code 2") {
    const ScratchDir tmp("smoke");
    const auto config = tmp.path() / "bad.json";
    std::ofstream(config) << R"({"listen": "127.0.0.1:7000", "c_neer": 3})";
    const auto [code, out] = run_to_exit(
        {"--config", config.string(), "--data-dir", (tmp.path() / "data").string()}, tmp.path());
    CHECK(code == kExitBadSetup);
    CHECK(out.find("\"c_neer\": unknown key") != std::string::npos);

    const auto [code2, out2] = run_to_exit({"--c-near", "-3"}, tmp.path());
    CHECK(code2 == kExitBadSetup);
    CHECK(out2.find("--c-near") != std::string::npos);
    CHECK_FALSE(std::filesystem::exists(tmp.path() / "data"));  // nothing created on failure

    const auto [help_code, help] = run_to_exit({"--help"}, tmp.path());
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
    const auto [code, out] = run_to_exit(
        {"--listen", local(port), "--data-dir", (tmp.path() / "data").string()}, tmp.path());
    CHECK(code == kExitBadSetup);
    CHECK(out.find("cannot bind UDP " + local(port)) != std::string::npos);
    CHECK(out.find("in use") != std::string::npos);
}

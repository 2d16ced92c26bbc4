#include "peer/process_group.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <stdexcept>
#include <thread>

namespace gocast {

namespace {

constexpr auto kPollStep = std::chrono::milliseconds(10);

int decode_status(int status) {
    if (WIFEXITED(status)) return WEXITSTATUS(status);
    if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
    return -1;
}

}  // namespace

pid_t spawn_logged(const std::string& binary, const std::vector<std::string>& args,
                   const std::filesystem::path& log_file, LogMode mode) {
    // Everything the child needs is prepared before fork: only async-signal-safe calls
    // happen between fork and exec.
    std::vector<std::string> all{binary};
    all.insert(all.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& a : all) argv.push_back(a.data());
    argv.push_back(nullptr);
    const std::string log_path = log_file.string();
    const int log_flags = O_WRONLY | O_CREAT | (mode == LogMode::append ? O_APPEND : O_TRUNC);
    const pid_t pid = ::fork();
    if (pid < 0) throw std::runtime_error(std::string("fork failed: ") + std::strerror(errno));
    if (pid == 0) {
        // A launcher stopped with Ctrl-C signals its children itself; the terminal's
        // SIGINT to the whole process group must not make them leave before it asks.
        ::setpgid(0, 0);
        const int fd = ::open(log_path.c_str(), log_flags, 0644);
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

ProcessGroup::~ProcessGroup() {
    for (auto& p : pids_) {
        if (!p) continue;
        ::kill(*p, SIGKILL);
        int status = 0;
        ::waitpid(*p, &status, 0);
        p.reset();
    }
}

std::size_t ProcessGroup::spawn(const std::string& binary, const std::vector<std::string>& args,
                                const std::filesystem::path& log_file) {
    pids_.push_back(spawn_logged(binary, args, log_file, LogMode::append));
    return pids_.size() - 1;
}

void ProcessGroup::respawn(std::size_t index, const std::string& binary,
                           const std::vector<std::string>& args,
                           const std::filesystem::path& log_file) {
    if (index >= pids_.size() || pids_[index]) {
        throw std::logic_error("respawn: child " + std::to_string(index) + " is still running");
    }
    pids_[index] = spawn_logged(binary, args, log_file, LogMode::append);
}

std::vector<ChildExit> ProcessGroup::poll_exits() {
    std::vector<ChildExit> out;
    for (std::size_t i = 0; i < pids_.size(); ++i) {
        if (!pids_[i]) continue;
        int status = 0;
        const pid_t r = ::waitpid(*pids_[i], &status, WNOHANG);
        if (r == *pids_[i]) {
            out.push_back({i, decode_status(status)});
            pids_[i].reset();
        } else if (r < 0) {
            pids_[i].reset();  // not our child any more; never signal it
        }
    }
    return out;
}

bool ProcessGroup::running(std::size_t index) const {
    return index < pids_.size() && pids_[index].has_value();
}

std::optional<pid_t> ProcessGroup::pid(std::size_t index) const {
    return index < pids_.size() ? pids_[index] : std::nullopt;
}

std::size_t ProcessGroup::running_count() const {
    std::size_t n = 0;
    for (const auto& p : pids_) n += p.has_value();
    return n;
}

void ProcessGroup::signal(std::size_t index, int signo) {
    if (running(index)) ::kill(*pids_[index], signo);
}

std::vector<ChildExit> ProcessGroup::stop_all(std::chrono::milliseconds grace) {
    std::vector<ChildExit> exits = poll_exits();
    for (std::size_t i = 0; i < pids_.size(); ++i) signal(i, SIGTERM);
    const auto deadline = std::chrono::steady_clock::now() + grace;
    while (running_count() > 0 && std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(kPollStep);
        for (const auto& e : poll_exits()) exits.push_back(e);
    }
    for (std::size_t i = 0; i < pids_.size(); ++i) {
        if (!pids_[i]) continue;
        ::kill(*pids_[i], SIGKILL);
        int status = 0;
        ::waitpid(*pids_[i], &status, 0);
        exits.push_back({i, decode_status(status)});
        pids_[i].reset();
    }
    std::sort(exits.begin(), exits.end(),
              [](const ChildExit& a, const ChildExit& b) { return a.index < b.index; });
    return exits;
}

std::string describe_exit(int code) {
    if (code > 128) return "killed by signal " + std::to_string(code - 128);
    return "exited with code " + std::to_string(code);
}

}  // namespace gocast

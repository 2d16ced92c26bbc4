#pragma once
// Child processes started by one launcher (gocast-cluster, benchmarks): spawn with output
// to a log file, poll for exits, stop with SIGTERM then SIGKILL after a bound. Only PIDs
// started here are ever signalled, and a reaped PID is forgotten at once so that a reused
// PID number can never be hit.

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace gocast {

struct ChildExit {
    std::size_t index;  // position in spawn order
    int code;           // exit code, or 128 + signal number
};

class ProcessGroup {
public:
    ProcessGroup() = default;
    ~ProcessGroup();  // SIGKILLs and reaps whatever is still running
    ProcessGroup(const ProcessGroup&) = delete;
    ProcessGroup& operator=(const ProcessGroup&) = delete;

    // Starts `binary args...` with stdin from /dev/null and stdout+stderr appended to
    // `log_file`. Returns its index; throws std::runtime_error if fork fails.
    std::size_t spawn(const std::string& binary, const std::vector<std::string>& args,
                      const std::filesystem::path& log_file);

    // Children that exited since the last call (non-blocking).
    std::vector<ChildExit> poll_exits();

    bool running(std::size_t index) const;
    std::optional<pid_t> pid(std::size_t index) const;
    std::size_t size() const { return pids_.size(); }
    std::size_t running_count() const;

    // Sends `signo` to one running child (no-op if it has exited).
    void signal(std::size_t index, int signo);
    // SIGTERM to every running child, wait up to `grace` for all to exit, then SIGKILL the
    // rest. Returns every exit observed, in index order.
    std::vector<ChildExit> stop_all(std::chrono::milliseconds grace);

    // Replaces an exited child's slot with a new process (restart with the same index).
    void respawn(std::size_t index, const std::string& binary, const std::vector<std::string>& args,
                 const std::filesystem::path& log_file);

private:
    std::vector<std::optional<pid_t>> pids_;  // nullopt once reaped
};

enum class LogMode { append, truncate };

// Starts `binary args...` in a process group of its own, stdin from /dev/null, stdout and
// stderr to `log_file`. Returns the PID; throws std::runtime_error if fork fails. The
// caller owns the child (ProcessGroup, or a test that reaps it).
pid_t spawn_logged(const std::string& binary, const std::vector<std::string>& args,
                   const std::filesystem::path& log_file, LogMode mode);

// "exited with code N" / "killed by signal S".
std::string describe_exit(int code);

}  // namespace gocast

#pragma once
// Structured log lines for the real peer: one line per record on stderr, logfmt style:
//   ts=2026-11-21T22:00:00.123Z level=info msg="neighbor up" id=00ab... kind=nearby
// Only peer/ code logs; the sans-IO core reports through events instead.

#include <initializer_list>
#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace gocast {

// Ordered by verbosity: a logger at level L prints records at L and every level before it.
enum class LogLevel : int { error = 0, warn = 1, info = 2, debug = 3 };

const char* to_string(LogLevel level);
std::optional<LogLevel> parse_log_level(std::string_view text);

using LogField = std::pair<std::string_view, std::string>;

// Pure formatting, so tests can check quoting without a clock. A value is quoted when it is
// empty or holds a space, '"', '=' or '\\'; quotes and backslashes inside are escaped, and
// control characters become '?', so one record is always exactly one line.
std::string format_log_line(std::string_view ts, LogLevel level, std::string_view msg,
                            std::initializer_list<LogField> fields);

class Logger {
public:
    explicit Logger(LogLevel max_level);
    // For tests: write to `out` instead of stderr.
    Logger(LogLevel max_level, std::ostream& out);

    bool enabled(LogLevel level) const { return level <= max_level_; }
    void log(LogLevel level, std::string_view msg, std::initializer_list<LogField> fields = {});

private:
    LogLevel max_level_;
    std::ostream* out_;
};

}  // namespace gocast

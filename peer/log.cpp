#include "peer/log.hpp"

#include <chrono>
#include <ctime>
#include <iostream>

namespace gocast {

const char* to_string(LogLevel level) {
    switch (level) {
        case LogLevel::error: return "error";
        case LogLevel::warn: return "warn";
        case LogLevel::info: return "info";
        case LogLevel::debug: return "debug";
    }
    return "info";
}

std::optional<LogLevel> parse_log_level(std::string_view text) {
    for (const LogLevel l : {LogLevel::error, LogLevel::warn, LogLevel::info, LogLevel::debug}) {
        if (text == to_string(l)) return l;
    }
    return std::nullopt;
}

namespace {

bool needs_quotes(std::string_view v) {
    if (v.empty()) return true;
    for (const char c : v) {
        if (c == ' ' || c == '"' || c == '=' || c == '\\' || static_cast<unsigned char>(c) < 0x20 ||
            static_cast<unsigned char>(c) >= 0x7f) {
            return true;
        }
    }
    return false;
}

void append_value(std::string& out, std::string_view v) {
    if (!needs_quotes(v)) {
        out += v;
        return;
    }
    out += '"';
    for (const char c : v) {
        const auto u = static_cast<unsigned char>(c);
        if (c == '"' || c == '\\') {
            out += '\\';
            out += c;
        } else if (u < 0x20 || u >= 0x7f) {
            out += '?';  // keeps the record on one ASCII line
        } else {
            out += c;
        }
    }
    out += '"';
}

// UTC wall-clock time with milliseconds; logs are read by people, so this is the one place
// in the peer that uses system_clock rather than steady_clock.
std::string timestamp_now() {
    const auto now = std::chrono::system_clock::now();
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                        now.time_since_epoch()).count() % 1000;
    const std::time_t t = std::chrono::system_clock::to_time_t(now);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[40];
    const std::size_t n = std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
    std::string s(buf, n);
    char frac[8];
    std::snprintf(frac, sizeof frac, ".%03dZ", static_cast<int>(ms));
    return s + frac;
}

}  // namespace

std::string format_log_line(std::string_view ts, LogLevel level, std::string_view msg,
                            std::initializer_list<LogField> fields) {
    std::string out;
    out += "ts=";
    out += ts;
    out += " level=";
    out += to_string(level);
    out += " msg=";
    // msg is always quoted so readers can rely on msg="..." regardless of content.
    if (needs_quotes(msg)) {
        append_value(out, msg);
    } else {
        out += '"';
        out += msg;
        out += '"';
    }
    for (const auto& [key, value] : fields) {
        out += ' ';
        out += key;
        out += '=';
        append_value(out, value);
    }
    out += '\n';
    return out;
}

Logger::Logger(LogLevel max_level) : max_level_(max_level), out_(&std::cerr) {}

Logger::Logger(LogLevel max_level, std::ostream& out) : max_level_(max_level), out_(&out) {}

void Logger::log(LogLevel level, std::string_view msg, std::initializer_list<LogField> fields) {
    if (!enabled(level)) return;
    // One write per record so lines from one process never interleave mid-line.
    *out_ << format_log_line(timestamp_now(), level, msg, fields) << std::flush;
}

}  // namespace gocast

// peer/log: one logfmt record per line; values that would break parsing are quoted.

#include "peer/log.hpp"

#include <doctest/doctest.h>

#include <sstream>
#include <string>

using namespace gocast;

TEST_CASE("unit: peer: log lines are ts, level, quoted msg, then key=value") {
    CHECK(format_log_line("T", LogLevel::info, "neighbor up", {{"id", "00ab"}, {"kind", "nearby"}}) ==
          "ts=T level=info msg=\"neighbor up\" id=00ab kind=nearby\n");
    CHECK(format_log_line("T", LogLevel::warn, "x", {{"e", "a \"b\"\\c"}, {"empty", ""}}) ==
          "ts=T level=warn msg=\"x\" e=\"a \\\"b\\\"\\\\c\" empty=\"\"\n");
    CHECK(format_log_line("T", LogLevel::error, "two\nlines", {}) ==
          "ts=T level=error msg=\"two?lines\"\n");
}

TEST_CASE("unit: peer: log levels parse and filter") {
    CHECK(parse_log_level("debug") == LogLevel::debug);
    CHECK_FALSE(parse_log_level("verbose").has_value());
    std::ostringstream out;
    Logger log(LogLevel::warn, out);
    log.log(LogLevel::info, "hidden");
    log.log(LogLevel::error, "shown", {{"k", "v"}});
    const std::string s = out.str();
    CHECK(s.find("hidden") == std::string::npos);
    CHECK(s.rfind("ts=", 0) == 0);
    CHECK(s.find(" level=error msg=\"shown\" k=v\n") != std::string::npos);
}

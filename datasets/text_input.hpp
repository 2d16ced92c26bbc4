#pragma once
// Internal to datasets/: bounded line reading, tokenising and number parsing shared by the
// loaders. Every failure becomes DatasetError("path:line: what"), so a loader only has to
// say what it expected.

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "datasets/latency_matrix.hpp"

namespace gocast::datasets::detail {

// Reads a regular file one line at a time. Lines longer than kMaxLineBytes are rejected
// before they are buffered, so a file without newlines cannot exhaust memory.
class LineReader {
  public:
    // A raw slice row of kMaxHosts values at up to ~40 characters each fits comfortably.
    static constexpr std::size_t kMaxLineBytes = std::size_t{64} << 20;

    // Throws DatasetError when the path is missing, not a regular file, or unreadable.
    explicit LineReader(const std::string& path);

    // Next line without its terminator ("\n" or "\r\n"); false at end of file. The view
    // stays valid until the next call.
    bool next(std::string_view& line);

    // 1-based number of the line last returned by next() (0 before the first call).
    std::size_t line_no() const { return line_no_; }
    std::uintmax_t file_size() const { return file_size_; }
    const std::string& path() const { return path_; }

    // Throws DatasetError("path:line: what") for the current line or a given one.
    [[noreturn]] void fail(const std::string& what) const;
    [[noreturn]] void fail_at(std::size_t line, const std::string& what) const;

  private:
    bool fill_buffer();

    struct FileCloser {
        void operator()(std::FILE* f) const { std::fclose(f); }
    };
    std::string path_;
    std::unique_ptr<std::FILE, FileCloser> file_;
    std::uintmax_t file_size_ = 0;
    std::vector<char> buffer_;
    std::size_t buffer_pos_ = 0;
    std::size_t buffer_len_ = 0;
    bool at_eof_ = false;
    std::string line_;
    std::size_t line_no_ = 0;
};

// Splits a line on blanks (space, tab, CR, VT, FF).
class Tokens {
  public:
    explicit Tokens(std::string_view line) : rest_(line) {}
    bool next(std::string_view& token);

  private:
    std::string_view rest_;
};

std::size_t count_tokens(std::string_view line);
bool is_blank(std::string_view line);

// A token made safe to quote in an error message: at most a few dozen printable ASCII
// characters, anything else shown as '?'.
std::string quoted(std::string_view token);

// RTT entry: a finite decimal >= 0, or exactly -1 (missing, returned as -1). Anything
// else (text, NaN, inf, other negatives, out of float range) fails on the reader's line.
float parse_rtt(const LineReader& reader, std::string_view token);

// Non-negative decimal integer without sign; fails on the reader's line otherwise.
std::uint64_t parse_count(const LineReader& reader, std::string_view token, const char* what);

// Finite decimal number (used for coordinates); fails on the reader's line otherwise.
double parse_double(const LineReader& reader, std::string_view token, const char* what);

// Checks n against [1, kMaxHosts] and fails on the reader's line with a clear message.
void check_host_count(const LineReader& reader, std::uint64_t n);

}  // namespace gocast::datasets::detail

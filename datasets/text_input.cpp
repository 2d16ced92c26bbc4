#include "datasets/text_input.hpp"

#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <system_error>

namespace gocast::datasets::detail {

namespace {

// Read in blocks of this size; large enough that a 3.5 MB matrix takes ~50 reads.
constexpr std::size_t kReadBlockBytes = std::size_t{64} << 10;
// Longest excerpt of an offending token quoted in an error message.
constexpr std::size_t kMaxQuotedChars = 32;

bool is_blank_char(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

}  // namespace

LineReader::LineReader(const std::string& path) : path_(path) {
    namespace fs = std::filesystem;
    std::error_code ec;
    const fs::file_status st = fs::status(path, ec);
    if (ec || !fs::exists(st)) {
        throw DatasetError(path + ": cannot open: no such file");
    }
    // Directories, FIFOs and devices are refused: reading them could block or never end.
    if (!fs::is_regular_file(st)) {
        throw DatasetError(path + ": cannot open: not a regular file");
    }
    file_size_ = fs::file_size(path, ec);
    if (ec) throw DatasetError(path + ": cannot open: " + ec.message());
    file_.reset(std::fopen(path.c_str(), "rb"));
    if (!file_) throw DatasetError(path + ": cannot open: " + std::strerror(errno));
    buffer_.resize(kReadBlockBytes);
}

bool LineReader::fill_buffer() {
    if (at_eof_) return false;
    buffer_len_ = std::fread(buffer_.data(), 1, buffer_.size(), file_.get());
    buffer_pos_ = 0;
    if (buffer_len_ == 0) {
        if (std::ferror(file_.get())) {
            throw DatasetError(path_ + ":" + std::to_string(line_no_ + 1) + ": read error");
        }
        at_eof_ = true;
        return false;
    }
    return true;
}

bool LineReader::next(std::string_view& line) {
    line_.clear();
    bool got_any = false;
    for (;;) {
        if (buffer_pos_ == buffer_len_ && !fill_buffer()) break;
        got_any = true;
        const char* start = buffer_.data() + buffer_pos_;
        const std::size_t avail = buffer_len_ - buffer_pos_;
        const void* nl = std::memchr(start, '\n', avail);
        const std::size_t take = nl ? static_cast<const char*>(nl) - start : avail;
        if (line_.size() + take > kMaxLineBytes) {
            fail_at(line_no_ + 1, "line longer than " + std::to_string(kMaxLineBytes) + " bytes");
        }
        line_.append(start, take);
        if (nl) {
            buffer_pos_ += take + 1;
            ++line_no_;
            if (!line_.empty() && line_.back() == '\r') line_.pop_back();
            line = line_;
            return true;
        }
        buffer_pos_ += take;
    }
    if (!got_any) return false;
    // Last line without a terminating newline.
    ++line_no_;
    if (!line_.empty() && line_.back() == '\r') line_.pop_back();
    line = line_;
    return true;
}

void LineReader::fail(const std::string& what) const {
    fail_at(line_no_, what);
}

void LineReader::fail_at(std::size_t line, const std::string& what) const {
    throw DatasetError(path_ + ":" + std::to_string(line) + ": " + what);
}

bool Tokens::next(std::string_view& token) {
    std::size_t i = 0;
    while (i < rest_.size() && is_blank_char(rest_[i])) ++i;
    if (i == rest_.size()) {
        rest_ = {};
        return false;
    }
    std::size_t j = i;
    while (j < rest_.size() && !is_blank_char(rest_[j])) ++j;
    token = rest_.substr(i, j - i);
    rest_.remove_prefix(j);
    return true;
}

std::size_t count_tokens(std::string_view line) {
    Tokens t(line);
    std::string_view tok;
    std::size_t n = 0;
    while (t.next(tok)) ++n;
    return n;
}

bool is_blank(std::string_view line) {
    for (const char c : line) {
        if (!is_blank_char(c)) return false;
    }
    return true;
}

std::string quoted(std::string_view token) {
    std::string out = "'";
    for (std::size_t i = 0; i < token.size() && i < kMaxQuotedChars; ++i) {
        const unsigned char c = static_cast<unsigned char>(token[i]);
        out += (c >= 0x20 && c < 0x7f) ? static_cast<char>(c) : '?';
    }
    if (token.size() > kMaxQuotedChars) out += "...";
    out += "'";
    return out;
}

float parse_rtt(const LineReader& reader, std::string_view token) {
    float v = 0;
    const char* first = token.data();
    const char* last = first + token.size();
    const auto [ptr, ec] = std::from_chars(first, last, v, std::chars_format::general);
    if (ec == std::errc::result_out_of_range) {
        reader.fail("value " + quoted(token) + " is out of range");
    }
    if (ec != std::errc() || ptr != last) {
        reader.fail("non-numeric value " + quoted(token));
    }
    // from_chars accepts "nan" and "inf"; neither is a latency.
    if (!std::isfinite(v)) reader.fail("value " + quoted(token) + " is NaN or infinite");
    if (v < 0) {
        if (v != -1.0f) reader.fail("negative value " + quoted(token) + " (only -1 = missing)");
        return -1.0f;
    }
    return v;
}

std::uint64_t parse_count(const LineReader& reader, std::string_view token, const char* what) {
    std::uint64_t v = 0;
    const char* first = token.data();
    const char* last = first + token.size();
    const auto [ptr, ec] = std::from_chars(first, last, v, 10);
    if (ec == std::errc::result_out_of_range) {
        reader.fail(std::string(what) + " " + quoted(token) + " is too large");
    }
    if (ec != std::errc() || ptr != last) {
        reader.fail(std::string("bad ") + what + " " + quoted(token) +
                    " (expected a non-negative integer)");
    }
    return v;
}

double parse_double(const LineReader& reader, std::string_view token, const char* what) {
    double v = 0;
    const char* first = token.data();
    const char* last = first + token.size();
    const auto [ptr, ec] = std::from_chars(first, last, v, std::chars_format::general);
    if (ec != std::errc() || ptr != last || !std::isfinite(v)) {
        reader.fail(std::string("bad ") + what + " " + quoted(token));
    }
    return v;
}

void check_host_count(const LineReader& reader, std::uint64_t n) {
    if (n == 0) reader.fail("host count must be at least 1");
    if (n > kMaxHosts) {
        reader.fail("host count " + std::to_string(n) + " is too large (limit " +
                    std::to_string(kMaxHosts) + ")");
    }
}

}  // namespace gocast::datasets::detail

// Dense layouts: the square matrix ("N" then N rows) and the headerless raw PlanetLab slice
// (N rows of N values). Both are read row by row straight into the matrix.

#include <string>
#include <string_view>

#include "datasets/loaders.hpp"
#include "datasets/text_input.hpp"

namespace gocast::datasets {

namespace {

using detail::LineReader;

// Refuses a header whose N needs more data than the file can hold, before allocating
// N*N floats: every value takes at least one byte, so a real file has >= N*N bytes.
void check_size_for(const LineReader& r, std::size_t n) {
    const std::uintmax_t needed = static_cast<std::uintmax_t>(n) * n;
    if (r.file_size() < needed) {
        r.fail("N = " + std::to_string(n) + " needs at least " + std::to_string(needed) +
               " bytes of values but the file has " + std::to_string(r.file_size()) +
               " (truncated?)");
    }
}

// Parses one row of exactly n values into dst; the diagonal entry is forced to 0.
void parse_row(const LineReader& r, std::string_view line, std::size_t n, std::size_t row,
               float* dst) {
    detail::Tokens tokens(line);
    std::string_view tok;
    std::size_t col = 0;
    while (tokens.next(tok)) {
        if (col == n) {
            r.fail("row " + std::to_string(row) + " has more than " + std::to_string(n) +
                   " values");
        }
        dst[col] = detail::parse_rtt(r, tok);
        ++col;
    }
    if (col != n) {
        r.fail("row " + std::to_string(row) + " has " + std::to_string(col) + " values, expected " +
               std::to_string(n));
    }
    dst[row] = 0.0f;
}

// Reads rows [first_row, n) from r, then accepts only blank lines until end of file.
void read_rows(LineReader& r, LatencyMatrix& m, std::size_t first_row) {
    std::string_view line;
    for (std::size_t row = first_row; row < m.n; ++row) {
        if (!r.next(line)) {
            r.fail_at(r.line_no() + 1, "file ends after " + std::to_string(row) + " of " +
                                           std::to_string(m.n) + " rows (truncated?)");
        }
        parse_row(r, line, m.n, row, m.rtt_ms.data() + row * m.n);
    }
    while (r.next(line)) {
        if (!detail::is_blank(line)) {
            r.fail("unexpected content after the last of " + std::to_string(m.n) + " rows");
        }
    }
}

}  // namespace

namespace {
// An n x n matrix of zeros (the diagonal stays 0), sized only after the file was checked.
LatencyMatrix zero_matrix(std::size_t n, const std::string& path) {
    LatencyMatrix m;
    m.n = n;
    m.source = path;
    m.rtt_ms.assign(n * n, 0.0f);
    return m;
}
}  // namespace

LatencyMatrix load_square_matrix(const std::string& path, MissingPolicy missing) {
    LineReader r(path);
    std::string_view line;
    if (!r.next(line)) r.fail_at(1, "empty file");
    detail::Tokens tokens(line);
    std::string_view tok;
    if (!tokens.next(tok)) r.fail("bad header: expected the host count N on line 1");
    const std::uint64_t n = detail::parse_count(r, tok, "host count");
    if (tokens.next(tok)) r.fail("bad header: expected only the host count N on line 1");
    detail::check_host_count(r, n);
    check_size_for(r, n);

    LatencyMatrix m = zero_matrix(n, path);
    read_rows(r, m, 0);
    apply_missing_policy(m, missing);
    return m;
}

LatencyMatrix load_square_matrix(const std::string& path) {
    return load_square_matrix(path, MissingPolicy::fill);
}

LatencyMatrix load_raw_slice(const std::string& path, MissingPolicy missing) {
    LineReader r(path);
    std::string_view line;
    if (!r.next(line)) r.fail_at(1, "empty file");
    const std::size_t n = detail::count_tokens(line);
    if (n == 0) r.fail("first row has no values");
    detail::check_host_count(r, n);
    check_size_for(r, n);

    LatencyMatrix m = zero_matrix(n, path);
    parse_row(r, line, m.n, 0, m.rtt_ms.data());
    read_rows(r, m, 1);
    apply_missing_policy(m, missing);
    return m;
}

LatencyMatrix load_raw_slice(const std::string& path) {
    return load_raw_slice(path, MissingPolicy::fill);
}

}  // namespace gocast::datasets

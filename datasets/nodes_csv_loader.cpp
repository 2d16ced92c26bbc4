// WonderNetwork nodes file: `index,city,country,continent,lat,long`, one row per matrix
// host, text fields double-quoted. Gives hosts their names and positions on the globe.

#include <limits>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "datasets/loaders.hpp"
#include "datasets/text_input.hpp"

namespace gocast::datasets {

namespace {

using detail::LineReader;

constexpr std::size_t kColumns = 6;
constexpr const char* kHeader[kColumns] = {"index", "city", "country", "continent", "lat", "long"};

// Splits one CSV line (RFC 4180 quoting, "" = a literal quote; no newlines inside fields).
std::vector<std::string> split_csv(const LineReader& r, std::string_view line) {
    std::vector<std::string> fields(1);
    std::size_t i = 0;
    bool field_start = true;
    while (i < line.size()) {
        const char c = line[i];
        if (field_start && c == '"') {
            ++i;
            for (;;) {
                if (i == line.size()) r.fail("unterminated quoted field");
                if (line[i] == '"') {
                    if (i + 1 < line.size() && line[i + 1] == '"') {
                        fields.back() += '"';
                        i += 2;
                        continue;
                    }
                    ++i;
                    break;
                }
                fields.back() += line[i++];
            }
            if (i < line.size() && line[i] != ',') r.fail("text after a closing quote");
            field_start = false;
            continue;
        }
        if (c == ',') {
            fields.emplace_back();
            field_start = true;
        } else {
            fields.back() += c;
            field_start = false;
        }
        ++i;
    }
    return fields;
}

}  // namespace

void attach_coordinates(LatencyMatrix& m, const std::string& nodes_csv) {
    LineReader r(nodes_csv);
    std::string_view line;
    if (!r.next(line)) r.fail_at(1, "empty file");
    constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";
    if (line.substr(0, kUtf8Bom.size()) == kUtf8Bom) line.remove_prefix(kUtf8Bom.size());
    const std::vector<std::string> header = split_csv(r, line);
    bool header_ok = header.size() == kColumns;
    for (std::size_t c = 0; header_ok && c < kColumns; ++c) header_ok = header[c] == kHeader[c];
    if (!header_ok) r.fail("bad header: expected 'index,city,country,continent,lat,long'");

    // Built aside and swapped in at the end, so a rejected file leaves m untouched.
    std::vector<std::string> names(m.n);
    std::vector<double> lat(m.n), lon(m.n);
    std::vector<bool> seen(m.n, false);
    std::size_t rows = 0;
    while (r.next(line)) {
        if (detail::is_blank(line)) continue;
        const std::vector<std::string> f = split_csv(r, line);
        if (f.size() != kColumns) {
            r.fail("row has " + std::to_string(f.size()) + " fields, expected " +
                   std::to_string(kColumns));
        }
        const std::uint64_t index = detail::parse_count(r, f[0], "index");
        if (index >= m.n) {
            r.fail("index " + std::to_string(index) + " out of range for " + std::to_string(m.n) +
                   " hosts");
        }
        if (seen[index]) r.fail("index " + std::to_string(index) + " appears twice");
        // Both coordinates empty = position unknown (the 2018 WonderNetwork file has no
        // coordinates for Westpoort); kept as NaN rather than inventing a place.
        double la = std::numeric_limits<double>::quiet_NaN();
        double lo = la;
        if (!f[4].empty() || !f[5].empty()) {
            la = detail::parse_double(r, f[4], "latitude");
            lo = detail::parse_double(r, f[5], "longitude");
            if (la < -90 || la > 90) {
                r.fail("latitude " + detail::quoted(f[4]) + " outside [-90, 90]");
            }
            if (lo < -180 || lo > 180) {
                r.fail("longitude " + detail::quoted(f[5]) + " outside [-180, 180]");
            }
        }
        seen[index] = true;
        names[index] = f[1];
        lat[index] = la;
        lon[index] = lo;
        ++rows;
    }
    if (rows != m.n) {
        std::size_t first_absent = 0;
        while (seen[first_absent]) ++first_absent;
        r.fail_at(r.line_no() + 1, "file ends with " + std::to_string(rows) + " of " +
                                       std::to_string(m.n) + " hosts (index " +
                                       std::to_string(first_absent) + " absent)");
    }
    m.names = std::move(names);
    m.lat = std::move(lat);
    m.lon = std::move(lon);
}

}  // namespace gocast::datasets

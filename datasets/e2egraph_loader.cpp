// p2psim E2EGraph topology files (King data as shipped with p2psim and Bamboo):
//   topology E2EGraph N
//   failure_model ... / loss_rate ...     (ignored directives)
//   node 1 .. node N
//   i,j latency                           (1-based hosts, one line per pair)

#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "datasets/loaders.hpp"
#include "datasets/text_input.hpp"

namespace gocast::datasets {

namespace {

using detail::LineReader;

struct Edge {
    std::uint32_t lo = 0;  // 0-based, lo < hi
    std::uint32_t hi = 0;
    float rtt = 0;  // -1 when the file says the pair is missing
    std::size_t line = 0;
};

// Parses a 1-based host number and checks it against [1, n].
std::uint32_t parse_host(const LineReader& r, std::string_view tok, std::size_t n) {
    const std::uint64_t k = detail::parse_count(r, tok, "node number");
    if (k < 1 || k > n) {
        r.fail("node number " + std::to_string(k) + " out of range 1.." + std::to_string(n));
    }
    return static_cast<std::uint32_t>(k - 1);
}

std::size_t parse_header(LineReader& r) {
    std::string_view line;
    if (!r.next(line)) r.fail_at(1, "empty file");
    detail::Tokens tokens(line);
    std::string_view word, kind, count, extra;
    if (!tokens.next(word) || word != "topology" || !tokens.next(kind) || !tokens.next(count) ||
        tokens.next(extra)) {
        r.fail("bad header: expected 'topology E2EGraph N'");
    }
    if (kind != "E2EGraph")
        r.fail("bad header: topology " + detail::quoted(kind) + " is not E2EGraph");
    const std::uint64_t n = detail::parse_count(r, count, "host count");
    detail::check_host_count(r, n);
    return n;
}

Edge parse_edge(const LineReader& r, std::string_view pair, detail::Tokens& rest, std::size_t n) {
    const std::size_t comma = pair.find(',');
    const std::uint32_t i = parse_host(r, pair.substr(0, comma), n);
    const std::uint32_t j = parse_host(r, pair.substr(comma + 1), n);
    if (i == j) r.fail("latency line pairs node " + std::to_string(i + 1) + " with itself");
    std::string_view value, extra;
    if (!rest.next(value)) r.fail("latency line has no latency value");
    if (rest.next(extra)) r.fail("latency line has extra text " + detail::quoted(extra));
    return Edge{std::min(i, j), std::max(i, j), detail::parse_rtt(r, value), r.line_no()};
}

}  // namespace

LatencyMatrix load_e2egraph(const std::string& path, MissingPolicy missing) {
    LineReader r(path);
    const std::size_t n = parse_header(r);

    enum class Stage { preamble, nodes, edges };
    Stage stage = Stage::preamble;
    std::vector<bool> declared(n, false);
    std::size_t nodes_seen = 0;
    std::vector<Edge> edges;
    std::string_view line;
    while (r.next(line)) {
        detail::Tokens tokens(line);
        std::string_view word;
        if (!tokens.next(word)) continue;  // blank line
        if (word == "node") {
            if (stage == Stage::edges) r.fail("node line after the latency lines");
            stage = Stage::nodes;
            std::string_view number, extra;
            if (!tokens.next(number) || tokens.next(extra)) {
                r.fail("expected 'node k'");
            }
            const std::uint32_t k = parse_host(r, number, n);
            if (declared[k]) r.fail("node " + std::to_string(k + 1) + " declared twice");
            declared[k] = true;
            ++nodes_seen;
        } else if (stage == Stage::preamble && (word == "failure_model" || word == "loss_rate")) {
            // p2psim simulation settings; they say nothing about latency.
        } else if (word.find(',') != std::string_view::npos) {
            if (nodes_seen < n) {
                r.fail("latency line before all node lines (" + std::to_string(nodes_seen) +
                       " of " + std::to_string(n) + " declared)");
            }
            stage = Stage::edges;
            edges.push_back(parse_edge(r, word, tokens, n));
        } else {
            r.fail("unexpected line starting with " + detail::quoted(word));
        }
    }
    if (nodes_seen < n) {
        r.fail_at(r.line_no() + 1, "file ends after " + std::to_string(nodes_seen) + " of " +
                                       std::to_string(n) + " node lines (truncated?)");
    }
    // Refuse before allocating n*n floats: a mostly empty graph is not a measured dataset,
    // and filling it would be slow and made of guesses.
    const std::uint64_t pairs = static_cast<std::uint64_t>(n) * (n - 1) / 2;
    if (static_cast<std::uint64_t>(edges.size()) * 2 < pairs) {
        r.fail_at(r.line_no() + 1, "only " + std::to_string(edges.size()) + " of " +
                                       std::to_string(pairs) +
                                       " host pairs have a latency (truncated?)");
    }

    // Sorting by pair then line finds repeated pairs and reports the later occurrence.
    std::sort(edges.begin(), edges.end(), [](const Edge& x, const Edge& y) {
        if (x.lo != y.lo) return x.lo < y.lo;
        if (x.hi != y.hi) return x.hi < y.hi;
        return x.line < y.line;
    });
    for (std::size_t e = 1; e < edges.size(); ++e) {
        if (edges[e].lo == edges[e - 1].lo && edges[e].hi == edges[e - 1].hi) {
            r.fail_at(edges[e].line, "pair " + std::to_string(edges[e].lo + 1) + "," +
                                         std::to_string(edges[e].hi + 1) +
                                         " already given on line " +
                                         std::to_string(edges[e - 1].line));
        }
    }

    LatencyMatrix m;
    m.n = n;
    m.source = path;
    m.rtt_ms.assign(n * n, -1.0f);
    for (std::size_t i = 0; i < n; ++i) m.rtt_ms[i * n + i] = 0.0f;
    for (const Edge& e : edges) {
        m.rtt_ms[std::size_t{e.lo} * n + e.hi] = e.rtt;
        m.rtt_ms[std::size_t{e.hi} * n + e.lo] = e.rtt;
    }
    apply_missing_policy(m, missing);
    return m;
}

LatencyMatrix load_e2egraph(const std::string& path) {
    return load_e2egraph(path, MissingPolicy::fill);
}

}  // namespace gocast::datasets

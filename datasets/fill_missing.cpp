// The missing-entry policy (loaders.hpp): reverse direction, then the shortest two-hop path,
// then the measured mean, each step counted in m.fill so the simulator can report it.

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "datasets/loaders.hpp"

namespace gocast::datasets {

namespace {

// Upper bound on (i, k, j) combinations the two-hop step may examine, about a second of
// work. Measured datasets miss ~1% of entries (WonderNetwork: 0.88%), which for 2,000 hosts
// is ~4e7 steps; only a matrix that is mostly holes gets near this, and we refuse it rather
// than spin for minutes or hand back a matrix made of guesses.
constexpr std::uint64_t kMaxTwoHopSteps = 1'000'000'000;

float filled_value(double v) {
    return static_cast<float>(std::max(v, kMinFilledRttMs));
}

}  // namespace

std::size_t count_missing(const LatencyMatrix& m) {
    std::size_t missing = 0;
    for (std::size_t i = 0; i < m.n; ++i) {
        const float* row = m.rtt_ms.data() + i * m.n;
        for (std::size_t j = 0; j < m.n; ++j) {
            if (i != j && row[j] < 0) ++missing;
        }
    }
    return missing;
}

void apply_missing_policy(LatencyMatrix& m, MissingPolicy missing) {
    if (missing == MissingPolicy::fill) {
        fill_missing(m);
        return;
    }
    m.fill = FillReport{};
    m.fill.missing = count_missing(m);
}

void fill_missing(LatencyMatrix& m) {
    const std::size_t n = m.n;
    if (m.rtt_ms.size() != n * n) {
        throw DatasetError(m.source + ": matrix holds " + std::to_string(m.rtt_ms.size()) +
                           " entries, expected " + std::to_string(n) + " x " + std::to_string(n));
    }
    float* const a = m.rtt_ms.data();
    FillReport report;
    report.missing = count_missing(m);
    m.fill = report;
    if (report.missing == 0) return;

    // The last-resort value comes from measurements only, taken before anything is filled.
    double sum = 0;
    std::size_t measured = 0;
    for (std::size_t i = 0; i < n; ++i) {
        for (std::size_t j = 0; j < n; ++j) {
            const float v = a[i * n + j];
            if (!std::isfinite(v)) {
                throw DatasetError(m.source + ": entry (" + std::to_string(i) + ", " +
                                   std::to_string(j) + ") is NaN or infinite");
            }
            if (i != j && v >= 0) {
                sum += v;
                ++measured;
            }
        }
    }
    if (measured == 0) {
        throw DatasetError(m.source + ": all " + std::to_string(report.missing) +
                           " off-diagonal entries are missing; nothing to fill them from");
    }
    const double measured_mean = sum / static_cast<double>(measured);

    // Step 1: the reverse direction. It only copies measured values, so order is irrelevant.
    // Entries still missing afterwards are marked +inf: an infinite leg can never win the
    // two-hop minimum, which keeps the inner loop free of branches.
    constexpr float kHole = std::numeric_limits<float>::infinity();
    std::size_t left = 0;
    for (std::size_t i = 0; i < n; ++i) {
        for (std::size_t j = 0; j < n; ++j) {
            if (i == j || a[i * n + j] >= 0) continue;
            if (a[j * n + i] >= 0 && a[j * n + i] != kHole) {
                a[i * n + j] = filled_value(a[j * n + i]);
                ++report.from_reverse;
            } else {
                a[i * n + j] = kHole;
                ++left;
            }
        }
    }

    // Step 2: min over k of rtt(i,k) + rtt(k,j). Results are applied only after the whole
    // pass, so a two-hop estimate never becomes a leg of another one. Work is counted first.
    std::vector<std::size_t> known_k;
    std::vector<std::size_t> missing_j;
    if (left > 0) {
        std::uint64_t steps = 0;
        for (std::size_t i = 0; i < n; ++i) {
            std::uint64_t holes = 0;
            for (std::size_t j = 0; j < n; ++j) holes += a[i * n + j] == kHole ? 1 : 0;
            steps += holes * (n - 1 - holes);
        }
        if (steps > kMaxTwoHopSteps) {
            throw DatasetError(m.source + ": " + std::to_string(left) + " of " +
                               std::to_string(n * (n - 1)) +
                               " entries are missing in both directions; too sparse to fill "
                               "from two-hop paths");
        }
    }
    std::vector<std::pair<std::size_t, float>> two_hop;
    std::vector<double> best;
    for (std::size_t i = 0; i < n && left > 0; ++i) {
        known_k.clear();
        missing_j.clear();
        for (std::size_t j = 0; j < n; ++j) {
            if (i == j) continue;
            (a[i * n + j] == kHole ? missing_j : known_k).push_back(j);
        }
        if (missing_j.empty()) continue;
        best.assign(missing_j.size(), std::numeric_limits<double>::infinity());
        // For each intermediate k, read row k at the missing columns. k is never one of
        // those columns (known and missing are disjoint), so rtt(k,j) is a real pair.
        for (const std::size_t k : known_k) {
            const double first_leg = a[i * n + k];
            const float* row_k = a + k * n;
            for (std::size_t x = 0; x < missing_j.size(); ++x) {
                best[x] = std::min(best[x], first_leg + row_k[missing_j[x]]);
            }
        }
        for (std::size_t x = 0; x < missing_j.size(); ++x) {
            if (std::isfinite(best[x])) {
                two_hop.emplace_back(i * n + missing_j[x], filled_value(best[x]));
            }
        }
    }
    for (const auto& [index, value] : two_hop) a[index] = value;
    report.from_two_hop = two_hop.size();

    // Step 3: whatever has no two-hop path gets the measured mean.
    for (std::size_t i = 0; i < n; ++i) {
        for (std::size_t j = 0; j < n; ++j) {
            if (a[i * n + j] == kHole) {
                a[i * n + j] = filled_value(measured_mean);
                ++report.from_mean;
            }
        }
    }
    m.fill = report;
}

}  // namespace gocast::datasets

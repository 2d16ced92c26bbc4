#pragma once
// An all-pairs round-trip-time matrix between dataset hosts, in milliseconds, with every
// missing entry already resolved by the documented policy (see fill_missing). The one
// exception is a matrix loaded with MissingPolicy::keep, where missing entries stay -1.

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace gocast::datasets {

// Upper bound on hosts in any matrix we load or generate. Checked before allocating:
// 100,000 hosts is already a 40 GB float matrix, far beyond any measured dataset.
inline constexpr std::size_t kMaxHosts = 100000;

// Raised by every loader; what() names the file and, where it applies, the 1-based line.
struct DatasetError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// How missing (-1) entries were resolved; reported by the simulator in its summary.
struct FillReport {
    std::size_t missing = 0;       // off-diagonal entries absent in the file
    std::size_t from_reverse = 0;  // filled with rtt(j, i)
    std::size_t from_two_hop = 0;  // filled with min_k rtt(i,k) + rtt(k,j)
    std::size_t from_mean = 0;     // last resort: the mean of all measured entries
};

struct LatencyMatrix {
    std::size_t n = 0;
    std::vector<float> rtt_ms;       // n * n, row-major, diagonal 0, never negative
    std::vector<std::string> names;  // optional host labels (size n or empty)
    std::vector<double> lat, lon;    // optional, in degrees (size n or empty; NaN if unknown)
    std::string source;              // file name or generator description
    FillReport fill;

    double rtt(std::size_t i, std::size_t j) const { return rtt_ms[i * n + j]; }
    // Mean over i != j of the entries that are not missing (negative); 0 when there are none.
    double mean_offdiagonal() const;
};

}  // namespace gocast::datasets

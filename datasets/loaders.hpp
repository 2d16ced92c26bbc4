#pragma once
// Loaders for the dataset layouts in shared/datasets/README.md. Each throws DatasetError
// with the file name and line number on malformed input; none crashes or hangs.
// Shared rules: values are RTT in ms; -1 (and only -1) marks a missing entry; NaN, inf and
// other negative values are errors; the diagonal is forced to 0; at most kMaxHosts hosts.

#include <string>
#include <vector>

#include "datasets/latency_matrix.hpp"

namespace gocast::datasets {

// What a loader does with missing entries. `keep` leaves them at -1 (counted in
// fill.missing) so callers can compute statistics over measured values only.
enum class MissingPolicy { fill, keep };

// "N" on line 1, then N lines of N values; -1 = missing. Missing entries are filled.
LatencyMatrix load_square_matrix(const std::string& path);
// p2psim "topology E2EGraph N" file: "node k" lines then "i,j latency" lines (upper
// triangle). Values are taken as RTT in ms; pairs absent from the file count as missing.
// Before the first "node" line only blank lines and the directives failure_model and
// loss_rate are accepted. Each pair may appear once (in either order). A file in which fewer
// than half of the host pairs have a latency is rejected rather than filled.
LatencyMatrix load_e2egraph(const std::string& path);
// One raw PlanetLab slice: N lines of N tab- (or space-) separated values, no header.
LatencyMatrix load_raw_slice(const std::string& path);
// Detects the layout from the first line: first token "topology" -> E2EGraph; a single
// integer -> square matrix; anything else -> raw slice (so a 1x1 raw slice is not
// loadable: its line 1 reads as a square-matrix header).
LatencyMatrix load_any(const std::string& path);
// Every regular file in a directory, sorted by the number in its name (PlanetLabData_1..18),
// each loaded with load_any; all must have the same N.
// The number is the last run of digits in the name; a file without one, two files with the
// same number, or an empty directory is an error. Names starting with '.' are skipped.
std::vector<LatencyMatrix> load_slices_dir(const std::string& dir);

// Same as the one-argument loaders, with a choice of what happens to missing entries.
LatencyMatrix load_square_matrix(const std::string& path, MissingPolicy missing);
LatencyMatrix load_e2egraph(const std::string& path, MissingPolicy missing);
LatencyMatrix load_raw_slice(const std::string& path, MissingPolicy missing);
LatencyMatrix load_any(const std::string& path, MissingPolicy missing);

// Reads a WonderNetwork nodes file (header `index,city,country,continent,lat,long`, fields
// may be double-quoted) and sets m.names (the city), m.lat and m.lon. Every index in
// [0, m.n) must appear exactly once; m is left unchanged when the file is rejected. A row
// with both lat and long empty (position unknown) gets NaN coordinates.
void attach_coordinates(LatencyMatrix& m, const std::string& nodes_csv);

// Resolves missing entries (marked negative) in place: reverse direction first, then the
// shortest two-hop path through a host with both entries known, then the mean. Never 0.
// Details: each step reads the matrix as the previous step left it (so a reverse-filled
// entry can serve a two-hop path, but two-hop results never feed each other, which keeps
// the result independent of iteration order); the mean is over measured entries only; a
// filled value is at least kMinFilledRttMs. Sets m.fill. Throws DatasetError (naming
// m.source) when nothing is measured, or when the two-hop search would be so large that
// the matrix is clearly not a measured dataset (see fill_missing.cpp).
inline constexpr double kMinFilledRttMs = 0.01;
void fill_missing(LatencyMatrix& m);

// Off-diagonal entries that are negative (missing).
std::size_t count_missing(const LatencyMatrix& m);

// fill_missing(m) for MissingPolicy::fill; otherwise only records the count in m.fill.
void apply_missing_policy(LatencyMatrix& m, MissingPolicy missing);

}  // namespace gocast::datasets

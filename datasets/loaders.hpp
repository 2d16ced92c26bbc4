#pragma once
// Loaders for the dataset layouts in shared/datasets/README.md. Each throws DatasetError
// with the file name and line number on malformed input; none crashes or hangs.

#include <string>
#include <vector>

#include "datasets/latency_matrix.hpp"

namespace gocast::datasets {

// "N" on line 1, then N lines of N values; -1 = missing. Missing entries are filled.
LatencyMatrix load_square_matrix(const std::string& path);
// p2psim "topology E2EGraph N" file: "node k" lines then "i,j latency" lines (upper
// triangle). Values are taken as RTT in ms; pairs absent from the file count as missing.
LatencyMatrix load_e2egraph(const std::string& path);
// One raw PlanetLab slice: N lines of N tab- (or space-) separated values, no header.
LatencyMatrix load_raw_slice(const std::string& path);
// Detects the layout from the first line and calls one of the above.
LatencyMatrix load_any(const std::string& path);
// Every regular file in a directory, sorted by the number in its name (PlanetLabData_1..18),
// each loaded with load_any; all must have the same N.
std::vector<LatencyMatrix> load_slices_dir(const std::string& dir);

// Resolves missing entries (marked negative) in place: reverse direction first, then the
// shortest two-hop path through a host with both entries known, then the mean. Never 0.
void fill_missing(LatencyMatrix& m);

}  // namespace gocast::datasets

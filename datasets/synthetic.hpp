#pragma once
// Synthetic latency model used as the built-in default and in tests: hosts are placed on
// the globe in a few weighted regions (continents) with city clusters inside them; RTT is
// great-circle distance at 2/3 c times a route inflation factor, plus a per-host access
// delay. Deterministic for a given seed.

#include <cstdint>

#include "datasets/latency_matrix.hpp"

namespace gocast::datasets {

struct GeoModelParams {
    std::size_t hosts = 256;
    std::uint64_t seed = 1;
    double route_inflation = 1.6;      // Internet paths are longer than great circles
    double access_delay_ms_max = 8.0;  // per-host last-mile delay, uniform in [0.2, max]
};

LatencyMatrix generate_geographic(const GeoModelParams& p);

}  // namespace gocast::datasets

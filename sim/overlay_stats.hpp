#pragma once
// Degree and link-latency statistics of one overlay view. Latencies are the TRUE one-way
// latencies of the network model (what the dataset says), never a node's own estimate, so
// they measure how well the protocol chose its links.

#include <cstdint>
#include <limits>
#include <map>

#include "sim/network_model.hpp"
#include "sim/overlay_view.hpp"
#include "transport/rng.hpp"

namespace gocast::sim {

// NaN marks "no data" (no link of that kind, fewer than two live peers); reports print it as
// an empty CSV field and JSON null.
constexpr double kNoData = std::numeric_limits<double>::quiet_NaN();

struct DegreeStats {
    std::size_t peers = 0;
    double mean = kNoData;
    std::size_t max = 0;
    double fraction_at_target = kNoData;           // exactly c_near + c_rand
    std::map<std::size_t, std::size_t> histogram;  // degree -> live peers (ordered output)
};

struct LinkLatency {
    double overlay_ms = kNoData;      // every listed link to a live peer, i -> neighbour
    double tree_ms = kNoData;         // every live peer with a live parent, parent -> child
    double random_pair_ms = kNoData;  // uniformly sampled pairs of distinct live peers
    double near_link_ms = kNoData;    // overlay links of kind nearby
    double random_link_ms = kNoData;  // overlay links of kind random
    std::size_t overlay_links = 0;    // directed entries counted in overlay_ms
    std::size_t tree_links = 0;
};

// One periodic sample; kept for degrees.csv and link_latency.csv.
struct OverlaySample {
    Time at = 0;
    DegreeStats degrees;
    LinkLatency latency;
};

DegreeStats degree_stats(const OverlayView& view, std::size_t target_degree);

// Latencies in force at time `at`. `rng` is the simulator's sampling stream; `pair_samples`
// pairs are drawn when at least two peers are live.
LinkLatency link_latency(const OverlayView& view, const NetworkModel& net, Time at, Rng& rng,
                         std::size_t pair_samples);

}  // namespace gocast::sim

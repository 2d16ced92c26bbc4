#pragma once
// Global-knowledge analyses of the overlay at one instant, for the experiments (they are
// never part of the protocol): resilience of the overlay graph to node failures, hop
// distances (diameter), and the delivery-delay lower bounds of the links the overlay
// holds. Links are undirected (listed by either end), among live peers; latencies are the
// network model's true one-way latencies.

#include <cstdint>
#include <vector>

#include "sim/network_model.hpp"
#include "sim/overlay_view.hpp"
#include "transport/rng.hpp"

namespace gocast::sim {

// Largest connected component among the survivors after `failed_fraction` of the live
// peers fail at once, uniformly, with no repair (GoCast paper Fig. 6).
struct ResiliencePoint {
    double failed_fraction = 0.0;
    std::size_t trials = 0;
    double lcc_mean = 0.0;  // largest component / survivors, mean over trials
    double lcc_min = 0.0;   // worst trial
    double connected = 0.0; // fraction of trials in which the survivors stayed one component
};
std::vector<ResiliencePoint> failure_resilience(const OverlayView& view, std::size_t peers,
                                                const std::vector<double>& fractions,
                                                std::size_t trials, Rng& rng);

// Breadth-first hop distances from up to `max_sources` live peers (all of them when there
// are no more than that; otherwise a uniform sample, so `diameter` is then a lower bound).
struct HopStats {
    std::size_t sources = 0;
    bool exact = false;           // every live peer was a source
    std::size_t diameter = 0;     // longest shortest path seen, in hops
    double mean_hops = 0.0;       // over reachable ordered pairs
    std::uint64_t unreachable_pairs = 0;
};
HopStats hop_distances(const OverlayView& view, std::size_t peers, std::size_t max_sources, Rng& rng);

// Delay lower bounds over the current overlay, per (source, receiver) pair of live peers,
// for up to `max_sources` sources and every receiver:
//  - overlay shortest path: the least latency over overlay links (what flooding with no
//    per-hop delay would give);
//  - central-root tree: the shortest-path tree over overlay links rooted at the live peer
//    with the least mean direct latency to the others, a message crossing it from the
//    source up to the common ancestor and down to the receiver (the best a single shared
//    tree in this overlay can do).
// Ratios are to the direct latency (pairs with a direct latency of 0 are left out of the
// per-pair ratios but kept in the means).
struct StretchBounds {
    std::size_t sources = 0;
    std::uint64_t pairs = 0;
    std::int64_t central_root = -1;  // peer index
    double central_root_mean_ms = 0.0;
    double direct_mean_ms = 0.0;
    double overlay_sp_mean_ms = 0.0;
    double central_tree_mean_ms = 0.0;
    double overlay_sp_stretch = 0.0;    // ratio of means
    double central_tree_stretch = 0.0;  // ratio of means
    std::vector<double> overlay_sp_ratios;    // per pair, sorted ascending
    std::vector<double> central_tree_ratios;  // per pair, sorted ascending
};
StretchBounds stretch_bounds(const OverlayView& view, const NetworkModel& net, Time at,
                             std::size_t max_sources, Rng& rng);

}  // namespace gocast::sim

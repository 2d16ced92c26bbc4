#include "sim/overlay_stats.hpp"

#include <algorithm>
#include <vector>

namespace gocast::sim {

namespace {

struct Mean {
    double sum = 0.0;
    std::size_t count = 0;
    void add(double v) {
        sum += v;
        ++count;
    }
    double value() const { return count == 0 ? kNoData : sum / static_cast<double>(count); }
};

}  // namespace

DegreeStats degree_stats(const OverlayView& view, std::size_t target_degree) {
    DegreeStats d;
    d.peers = view.size();
    if (view.empty()) return d;
    std::size_t sum = 0;
    std::size_t at_target = 0;
    for (const PeerState& s : view) {
        sum += s.degree;
        d.max = std::max(d.max, s.degree);
        if (s.degree == target_degree) ++at_target;
        ++d.histogram[s.degree];
    }
    d.mean = static_cast<double>(sum) / static_cast<double>(view.size());
    d.fraction_at_target = static_cast<double>(at_target) / static_cast<double>(view.size());
    return d;
}

LinkLatency link_latency(const OverlayView& view, const NetworkModel& net, Time at, Rng& rng,
                         std::size_t pair_samples) {
    std::vector<std::uint8_t> live(net.peers(), 0);
    for (const PeerState& s : view) {
        if (s.peer < live.size()) live[s.peer] = 1;
    }
    Mean overlay, tree, near, random_link, pairs;
    for (const PeerState& s : view) {
        for (const PeerLink& l : s.links) {
            if (l.peer >= live.size() || !live[l.peer]) continue;
            const double ms = net.base_delay_ms(s.peer, l.peer, at);
            overlay.add(ms);
            (l.kind == LinkKind::random ? random_link : near).add(ms);
        }
        if (!s.parent_unknown && s.parent >= 0 &&
            static_cast<std::size_t>(s.parent) < live.size() && live[s.parent]) {
            tree.add(net.base_delay_ms(static_cast<std::uint32_t>(s.parent), s.peer, at));
        }
    }
    if (view.size() >= 2) {
        const auto n = static_cast<std::uint64_t>(view.size());
        for (std::size_t k = 0; k < pair_samples; ++k) {
            const std::uint64_t a = rng.below(n);
            std::uint64_t b = rng.below(n - 1);
            if (b >= a) ++b;  // uniform over the other n - 1 peers
            pairs.add(net.base_delay_ms(view[a].peer, view[b].peer, at));
        }
    }
    LinkLatency r;
    r.overlay_ms = overlay.value();
    r.tree_ms = tree.value();
    r.random_pair_ms = pairs.value();
    r.near_link_ms = near.value();
    r.random_link_ms = random_link.value();
    r.overlay_links = overlay.count;
    r.tree_links = tree.count;
    return r;
}

}  // namespace gocast::sim

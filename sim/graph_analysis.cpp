#include "sim/graph_analysis.hpp"

#include <algorithm>
#include <cstdint>
#include <limits>
#include <numeric>
#include <queue>
#include <utility>

namespace gocast::sim {

namespace {

// Undirected adjacency among live peers, indexed by view position.
using Adjacency = std::vector<std::vector<std::uint32_t>>;

Adjacency adjacency(const OverlayView& view, std::size_t peers) {
    std::vector<std::int64_t> pos(peers, -1);
    for (std::size_t k = 0; k < view.size(); ++k)
        if (view[k].peer < peers) pos[view[k].peer] = static_cast<std::int64_t>(k);
    Adjacency adj(view.size());
    for (std::size_t k = 0; k < view.size(); ++k) {
        for (const PeerLink& l : view[k].links) {
            if (l.peer >= peers || pos[l.peer] < 0) continue;
            const auto o = static_cast<std::uint32_t>(pos[l.peer]);
            if (o == k) continue;
            adj[k].push_back(o);
            adj[o].push_back(static_cast<std::uint32_t>(k));
        }
    }
    for (auto& a : adj) {
        std::sort(a.begin(), a.end());
        a.erase(std::unique(a.begin(), a.end()), a.end());
    }
    return adj;
}

// Up to k distinct positions out of n, uniformly (all of them, in order, when k >= n).
std::vector<std::uint32_t> pick(std::size_t n, std::size_t k, Rng& rng) {
    std::vector<std::uint32_t> idx(n);
    std::iota(idx.begin(), idx.end(), 0u);
    if (k >= n) return idx;
    for (std::size_t i = 0; i < k; ++i) std::swap(idx[i], idx[i + rng.below(n - i)]);
    idx.resize(k);
    std::sort(idx.begin(), idx.end());
    return idx;
}

constexpr double kInf = std::numeric_limits<double>::infinity();

// Dijkstra over `adj` with edge weights w(a, b); fills dist and parent (-1 at the source).
template <typename Weight>
void dijkstra(const Adjacency& adj, std::uint32_t src, Weight&& w, std::vector<double>& dist,
              std::vector<std::int64_t>& parent) {
    dist.assign(adj.size(), kInf);
    parent.assign(adj.size(), -1);
    using Item = std::pair<double, std::uint32_t>;
    std::priority_queue<Item, std::vector<Item>, std::greater<>> q;
    dist[src] = 0.0;
    q.emplace(0.0, src);
    while (!q.empty()) {
        const auto [d, u] = q.top();
        q.pop();
        if (d > dist[u]) continue;
        for (const std::uint32_t v : adj[u]) {
            const double nd = d + w(u, v);
            // Ties go to the lower position so the tree is a function of the graph only.
            if (nd < dist[v] || (nd == dist[v] && parent[v] > static_cast<std::int64_t>(u))) {
                const bool improved = nd < dist[v];
                dist[v] = nd;
                parent[v] = u;
                if (improved) q.emplace(nd, v);
            }
        }
    }
}

}  // namespace

std::vector<ResiliencePoint> failure_resilience(const OverlayView& view, std::size_t peers,
                                                const std::vector<double>& fractions,
                                                std::size_t trials, Rng& rng) {
    const Adjacency adj = adjacency(view, peers);
    const std::size_t n = adj.size();
    std::vector<ResiliencePoint> out;
    std::vector<std::uint8_t> failed(n);
    std::vector<std::uint32_t> comp(n), stack;
    for (const double f : fractions) {
        ResiliencePoint p;
        p.failed_fraction = f;
        p.trials = trials;
        p.lcc_min = 1.0;
        const auto k = static_cast<std::size_t>(f * static_cast<double>(n) + 0.5);
        for (std::size_t t = 0; t < trials && n > k; ++t) {
            std::fill(failed.begin(), failed.end(), 0);
            for (const std::uint32_t i : pick(n, k, rng)) failed[i] = 1;
            std::fill(comp.begin(), comp.end(), 0);
            std::size_t largest = 0, components = 0;
            for (std::uint32_t s = 0; s < n; ++s) {
                if (failed[s] || comp[s]) continue;
                ++components;
                std::size_t size = 0;
                comp[s] = 1;
                stack.assign(1, s);
                while (!stack.empty()) {
                    const std::uint32_t u = stack.back();
                    stack.pop_back();
                    ++size;
                    for (const std::uint32_t v : adj[u]) {
                        if (failed[v] || comp[v]) continue;
                        comp[v] = 1;
                        stack.push_back(v);
                    }
                }
                largest = std::max(largest, size);
            }
            const double frac = static_cast<double>(largest) / static_cast<double>(n - k);
            p.lcc_mean += frac;
            p.lcc_min = std::min(p.lcc_min, frac);
            if (components == 1) p.connected += 1.0;
        }
        if (trials > 0) {
            p.lcc_mean /= static_cast<double>(trials);
            p.connected /= static_cast<double>(trials);
        }
        out.push_back(p);
    }
    return out;
}

HopStats hop_distances(const OverlayView& view, std::size_t peers, std::size_t max_sources, Rng& rng) {
    const Adjacency adj = adjacency(view, peers);
    const std::size_t n = adj.size();
    HopStats h;
    const std::vector<std::uint32_t> sources = pick(n, max_sources, rng);
    h.sources = sources.size();
    h.exact = sources.size() == n;
    std::vector<std::int32_t> dist(n);
    std::vector<std::uint32_t> frontier;
    double hop_sum = 0.0;
    std::uint64_t reached = 0;
    for (const std::uint32_t s : sources) {
        std::fill(dist.begin(), dist.end(), -1);
        dist[s] = 0;
        frontier.assign(1, s);
        for (std::size_t head = 0; head < frontier.size(); ++head) {
            const std::uint32_t u = frontier[head];
            for (const std::uint32_t v : adj[u]) {
                if (dist[v] >= 0) continue;
                dist[v] = dist[u] + 1;
                frontier.push_back(v);
            }
        }
        for (std::size_t v = 0; v < n; ++v) {
            if (v == s) continue;
            if (dist[v] < 0) {
                ++h.unreachable_pairs;
                continue;
            }
            h.diameter = std::max(h.diameter, static_cast<std::size_t>(dist[v]));
            hop_sum += dist[v];
            ++reached;
        }
    }
    if (reached > 0) h.mean_hops = hop_sum / static_cast<double>(reached);
    return h;
}

StretchBounds stretch_bounds(const OverlayView& view, const NetworkModel& net, Time at,
                             std::size_t max_sources, Rng& rng) {
    StretchBounds b;
    const std::size_t n = view.size();
    if (n < 2) return b;
    const Adjacency adj = adjacency(view, net.peers());
    auto direct = [&](std::uint32_t a, std::uint32_t c) { return net.base_delay_ms(view[a].peer, view[c].peer, at); };

    // The most central live peer by true mean latency (ties: lower peer index).
    std::uint32_t root = 0;
    double best = kInf;
    for (std::uint32_t a = 0; a < n; ++a) {
        double sum = 0.0;
        for (std::uint32_t c = 0; c < n; ++c)
            if (c != a) sum += direct(a, c);
        const double mean = sum / static_cast<double>(n - 1);
        if (mean < best) {
            best = mean;
            root = a;
        }
    }
    b.central_root = view[root].peer;
    b.central_root_mean_ms = best;

    std::vector<double> root_dist, dist;
    std::vector<std::int64_t> root_parent, parent;
    dijkstra(adj, root, direct, root_dist, root_parent);

    const std::vector<std::uint32_t> sources = pick(n, max_sources, rng);
    b.sources = sources.size();
    double direct_sum = 0.0, sp_sum = 0.0, tree_sum = 0.0;
    // Tree distance between s and r: up from s to the first common ancestor, down to r.
    // Ancestors of s are marked with their distance from s (dist_up).
    std::vector<double> dist_up(n, -1.0);
    std::vector<std::uint32_t> marked;
    for (const std::uint32_t s : sources) {
        dijkstra(adj, s, direct, dist, parent);
        marked.clear();
        if (root_dist[s] < kInf) {
            for (std::int64_t a = s; a >= 0; a = root_parent[static_cast<std::size_t>(a)]) {
                const auto u = static_cast<std::uint32_t>(a);
                dist_up[u] = root_dist[s] - root_dist[u];
                marked.push_back(u);
            }
        }
        for (std::uint32_t r = 0; r < n; ++r) {
            if (r == s || dist[r] == kInf || root_dist[r] == kInf || root_dist[s] == kInf) continue;
            std::int64_t a = r;
            while (dist_up[static_cast<std::size_t>(a)] < 0.0) a = root_parent[static_cast<std::size_t>(a)];
            const auto lca = static_cast<std::size_t>(a);
            const double tree = dist_up[lca] + (root_dist[r] - root_dist[lca]);
            const double d = direct(s, r);
            direct_sum += d;
            sp_sum += dist[r];
            tree_sum += tree;
            ++b.pairs;
            if (d > 0.0) {
                b.overlay_sp_ratios.push_back(dist[r] / d);
                b.central_tree_ratios.push_back(tree / d);
            }
        }
        for (const std::uint32_t u : marked) dist_up[u] = -1.0;
    }
    if (b.pairs > 0) {
        const auto p = static_cast<double>(b.pairs);
        b.direct_mean_ms = direct_sum / p;
        b.overlay_sp_mean_ms = sp_sum / p;
        b.central_tree_mean_ms = tree_sum / p;
        if (direct_sum > 0.0) {
            b.overlay_sp_stretch = sp_sum / direct_sum;
            b.central_tree_stretch = tree_sum / direct_sum;
        }
    }
    std::sort(b.overlay_sp_ratios.begin(), b.overlay_sp_ratios.end());
    std::sort(b.central_tree_ratios.begin(), b.central_tree_ratios.end());
    return b;
}

}  // namespace gocast::sim

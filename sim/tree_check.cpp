#include "sim/tree_check.hpp"

#include <algorithm>
#include <numeric>

namespace gocast::sim {

namespace {

constexpr std::int64_t kNoParent = -1;
constexpr std::int64_t kBrokenStep = -2;

// view position of each live peer, -1 for peers not in the view (dead or never started)
std::vector<std::int64_t> positions(const OverlayView& view, std::size_t peers) {
    std::vector<std::int64_t> pos(peers, -1);
    for (std::size_t k = 0; k < view.size(); ++k) {
        if (view[k].peer < peers) pos[view[k].peer] = static_cast<std::int64_t>(k);
    }
    return pos;
}

bool lists_neighbor(const PeerState& s, std::uint32_t other) {
    return std::any_of(s.links.begin(), s.links.end(),
                       [other](const PeerLink& l) { return l.peer == other; });
}

struct UnionFind {
    explicit UnionFind(std::size_t n) : up(n) { std::iota(up.begin(), up.end(), 0); }
    std::size_t find(std::size_t x) {
        while (up[x] != x) {
            up[x] = up[up[x]];  // path halving
            x = up[x];
        }
        return x;
    }
    void join(std::size_t a, std::size_t b) {
        a = find(a);
        b = find(b);
        if (a != b) up[std::max(a, b)] = std::min(a, b);
    }
    std::vector<std::size_t> up;
};

}  // namespace

TreeReport check_tree(const OverlayView& view, std::size_t peers) {
    TreeReport r;
    r.live_peers = view.size();
    const std::vector<std::int64_t> pos = positions(view, peers);

    // One validated step per live peer: the parent's view position, no parent, or broken.
    std::vector<std::int64_t> next(view.size(), kNoParent);
    for (std::size_t k = 0; k < view.size(); ++k) {
        const PeerState& s = view[k];
        if (s.parent_unknown) {
            next[k] = kBrokenStep;
        } else if (s.parent >= 0) {
            const auto p = static_cast<std::uint64_t>(s.parent);
            const bool live = p < peers && pos[p] >= 0;
            if (live && lists_neighbor(s, static_cast<std::uint32_t>(p))) {
                next[k] = pos[p];
            } else {
                next[k] = kBrokenStep;
            }
        }
        if (next[k] == kBrokenStep) ++r.bad_parent_links;
    }

    // Follow each chain once; every peer on a walked path shares the walk's outcome, so the
    // whole check is linear in the number of live peers.
    enum : std::uint8_t { kNew = 0, kOnPath = 1, kDone = 2 };
    std::vector<std::uint8_t> state(view.size(), kNew);
    std::vector<std::int64_t> outcome(view.size(), -1);  // root's view position or -1
    std::vector<std::size_t> path;
    for (std::size_t start = 0; start < view.size(); ++start) {
        if (state[start] != kNew) continue;
        path.clear();
        std::size_t cur = start;
        std::int64_t result = -1;
        for (;;) {
            if (state[cur] == kDone) {
                result = outcome[cur];
                break;
            }
            if (state[cur] == kOnPath) {  // came back to this walk: a new loop
                ++r.cycles;
                break;
            }
            state[cur] = kOnPath;
            path.push_back(cur);
            if (next[cur] == kNoParent) {
                result = static_cast<std::int64_t>(cur);
                break;
            }
            if (next[cur] == kBrokenStep) break;
            cur = static_cast<std::size_t>(next[cur]);
        }
        for (const std::size_t k : path) {
            state[k] = kDone;
            outcome[k] = result;
        }
    }

    for (std::size_t k = 0; k < view.size(); ++k) {
        if (outcome[k] < 0) {
            ++r.unattached;
        } else {
            r.roots.push_back(view[static_cast<std::size_t>(outcome[k])].peer);
        }
        r.claimed_roots.push_back(view[k].root);
    }
    std::sort(r.roots.begin(), r.roots.end());
    r.roots.erase(std::unique(r.roots.begin(), r.roots.end()), r.roots.end());
    std::sort(r.claimed_roots.begin(), r.claimed_roots.end());
    r.claimed_roots.erase(std::unique(r.claimed_roots.begin(), r.claimed_roots.end()),
                          r.claimed_roots.end());
    r.overlay_components = count_components(view, peers);
    return r;
}

std::size_t count_components(const OverlayView& view, std::size_t peers) {
    const std::vector<std::int64_t> pos = positions(view, peers);
    UnionFind uf(view.size());
    for (std::size_t k = 0; k < view.size(); ++k) {
        for (const PeerLink& l : view[k].links) {
            if (l.peer < peers && pos[l.peer] >= 0) {
                uf.join(k, static_cast<std::size_t>(pos[l.peer]));
            }
        }
    }
    std::size_t components = 0;
    for (std::size_t k = 0; k < view.size(); ++k) {
        if (uf.find(k) == k) ++components;
    }
    return components;
}

}  // namespace gocast::sim

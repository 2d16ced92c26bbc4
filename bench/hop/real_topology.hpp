#pragma once
// The overlays of the link experiments, by name, as gocast-link-bench builds them: a
// single link, the 6-node chain 0-1-2-3-4-5, the 6-node tree 0->{1,2}, 1->{3,4}, 2->5, and
// the paths "path1".."path10" of experiment 3 (k links in a row, k + 1 nodes).
// Node 0 is the source; edges are (parent, child) with the parent closer to the source.

#include <string_view>
#include <utility>
#include <vector>

namespace gocast::bench {

constexpr int kMaxPathHops = 10;

struct Topology {
    const char* name;
    int nodes;
    std::vector<std::pair<int, int>> edges;

    std::vector<int> neighbours(int n) const {
        std::vector<int> out;
        for (const auto& [p, c] : edges) {
            if (p == n) out.push_back(c);
            if (c == n) out.push_back(p);
        }
        return out;
    }
    // Mean number of hops from the source to a receiver (the ping sum's multiplier).
    double mean_depth() const {
        std::vector<int> depth(static_cast<std::size_t>(nodes), 0);
        for (const auto& [p, c] : edges)
            depth[static_cast<std::size_t>(c)] = depth[static_cast<std::size_t>(p)] + 1;
        double sum = 0;
        for (int n = 1; n < nodes; ++n) sum += depth[static_cast<std::size_t>(n)];
        return sum / (nodes - 1);
    }
};

inline const Topology* find_topology(std::string_view name) {
    static const std::vector<Topology> all = [] {
        std::vector<Topology> t = {
            {"pair", 2, {{0, 1}}},
            {"chain", 6, {{0, 1}, {1, 2}, {2, 3}, {3, 4}, {4, 5}}},
            {"tree", 6, {{0, 1}, {0, 2}, {1, 3}, {1, 4}, {2, 5}}},
        };
        static const char* const paths[] = {"path1", "path2", "path3", "path4", "path5",
                                            "path6", "path7", "path8", "path9", "path10"};
        for (int k = 1; k <= kMaxPathHops; ++k) {
            Topology p{paths[k - 1], k + 1, {}};
            for (int n = 0; n < k; ++n) p.edges.emplace_back(n, n + 1);
            t.push_back(std::move(p));
        }
        return t;
    }();
    for (const Topology& t : all)
        if (name == t.name) return &t;
    return nullptr;
}

}  // namespace gocast::bench

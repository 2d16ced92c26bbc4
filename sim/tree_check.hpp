#pragma once
// Structural checks of the dissemination tree and the overlay graph at one instant.
//
// A live peer is "attached" when following parent pointers from it reaches a peer without a
// parent (a root) and every step goes to a live peer that the child lists as a neighbour
// (the tree is embedded in overlay links, DESIGN "Tree"). The tree is healthy when every live
// peer is attached to the same single root and no parent chain loops.

#include <cstdint>
#include <vector>

#include "sim/overlay_view.hpp"

namespace gocast::sim {

struct TreeReport {
    std::size_t live_peers = 0;
    std::vector<std::uint32_t> roots;         // distinct roots that attached chains end at
    std::vector<std::int64_t> claimed_roots;  // distinct roots the peers believe in (-1 = unknown)
    std::size_t cycles = 0;                   // distinct parent loops
    std::size_t unattached = 0;               // live peers whose chain does not reach a root
    std::size_t bad_parent_links = 0;         // parent dead, unknown, or not a neighbour
    std::size_t overlay_components = 0;       // connected components among live peers
    // Every live peer attached to one single root (and at least one live peer).
    bool spanning() const { return live_peers > 0 && unattached == 0 && roots.size() == 1; }
    bool acyclic() const { return cycles == 0; }
    // Every live peer names the same root, and that root is the attached root.
    bool root_agreed() const {
        return roots.size() == 1 && claimed_roots.size() == 1 &&
               claimed_roots.front() == static_cast<std::int64_t>(roots.front());
    }
};

// `peers` is the total number of simulated peers (indices in `view` are below it).
TreeReport check_tree(const OverlayView& view, std::size_t peers);

// Connected components of the overlay among live peers, links taken as undirected (a link
// listed by either end counts). 0 when no peer is live.
std::size_t count_components(const OverlayView& view, std::size_t peers);

}  // namespace gocast::sim

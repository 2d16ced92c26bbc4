// Tree and overlay checks on hand-built overlay views.

#include <doctest/doctest.h>

#include <vector>

#include "sim/tree_check.hpp"

using namespace gocast;
using namespace gocast::sim;

namespace {

// A live peer with the given parent (-1 none) and neighbours; root defaults to peer 0.
PeerState peer(std::uint32_t p, std::int64_t parent, std::vector<std::uint32_t> neighbors,
               std::int64_t root = 0) {
    PeerState s;
    s.peer = p;
    s.parent = parent;
    s.root = root;
    for (const auto n : neighbors) s.links.push_back(PeerLink{n, LinkKind::nearby});
    s.degree = s.links.size();
    return s;
}

}  // namespace

TEST_CASE("sim: a healthy tree spans, has one root and no cycle") {
    //   0 <- 1 <- 3
    //   0 <- 2
    const OverlayView v{peer(0, -1, {1, 2}), peer(1, 0, {0, 3, 2}), peer(2, 0, {0, 1}),
                        peer(3, 1, {1})};
    const TreeReport r = check_tree(v, 4);
    CHECK(r.live_peers == 4);
    CHECK(r.spanning());
    CHECK(r.acyclic());
    CHECK(r.root_agreed());
    CHECK(r.roots == std::vector<std::uint32_t>{0});
    CHECK(r.unattached == 0);
    CHECK(r.bad_parent_links == 0);
    CHECK(r.overlay_components == 1);
}

TEST_CASE("sim: two roots are reported and the tree does not span") {
    const OverlayView v{peer(0, -1, {1}), peer(1, 0, {0, 2}), peer(2, -1, {1, 3}, 2),
                        peer(3, 2, {2}, 2)};
    const TreeReport r = check_tree(v, 4);
    CHECK_FALSE(r.spanning());
    CHECK(r.acyclic());
    CHECK(r.roots == std::vector<std::uint32_t>{0, 2});
    CHECK(r.claimed_roots == std::vector<std::int64_t>{0, 2});
    CHECK_FALSE(r.root_agreed());
    CHECK(r.overlay_components == 1);
}

TEST_CASE("sim: a parent loop is one cycle and its members are unattached") {
    // 0 is a root; 1 -> 2 -> 3 -> 1 loops; 4 hangs below the loop.
    const OverlayView v{peer(0, -1, {1}), peer(1, 2, {0, 2, 3}), peer(2, 3, {1, 3}),
                        peer(3, 1, {1, 2, 4}), peer(4, 3, {3})};
    const TreeReport r = check_tree(v, 5);
    CHECK(r.cycles == 1);
    CHECK_FALSE(r.acyclic());
    CHECK(r.unattached == 4);
    CHECK_FALSE(r.spanning());
    CHECK(r.roots == std::vector<std::uint32_t>{0});
}

TEST_CASE("sim: a self-parent counts as a cycle when listed as a neighbour") {
    const OverlayView v{peer(0, 0, {0})};
    const TreeReport r = check_tree(v, 1);
    CHECK(r.cycles == 1);
    CHECK(r.unattached == 1);
}

TEST_CASE("sim: a parent must be a live neighbour") {
    SUBCASE("parent not listed as neighbour") {
        const OverlayView v{peer(0, -1, {1}), peer(1, 0, {0}), peer(2, 0, {1})};
        const TreeReport r = check_tree(v, 3);
        CHECK(r.bad_parent_links == 1);
        CHECK(r.unattached == 1);
        CHECK_FALSE(r.spanning());
    }
    SUBCASE("parent dead (not in the view)") {
        const OverlayView v{peer(0, -1, {1}), peer(1, 0, {0, 2}), peer(3, 2, {1, 2})};
        const TreeReport r = check_tree(v, 4);
        CHECK(r.bad_parent_links == 1);
        CHECK(r.unattached == 1);
    }
    SUBCASE("parent is no simulated peer") {
        PeerState odd = peer(1, -1, {0});
        odd.parent_unknown = true;
        const OverlayView v{peer(0, -1, {1}), odd};
        const TreeReport r = check_tree(v, 2);
        CHECK(r.bad_parent_links == 1);
        CHECK(r.unattached == 1);
        CHECK(r.roots == std::vector<std::uint32_t>{0});
    }
}

TEST_CASE("sim: overlay components ignore dead peers and treat links as undirected") {
    // 0 - 1 and 2 - 3 (listed by one end only); 4 alone; 5 is dead but linked to 1 and 2.
    const OverlayView v{peer(0, -1, {1}), peer(1, -1, {5}), peer(2, -1, {3, 5}), peer(3, -1, {}),
                        peer(4, -1, {})};
    CHECK(count_components(v, 6) == 3);  // {0,1} {2,3} {4}; links to dead 5 join nothing
    const OverlayView joined{peer(0, -1, {1}), peer(1, -1, {2}), peer(2, -1, {3}), peer(3, -1, {4}),
                             peer(4, -1, {})};
    CHECK(count_components(joined, 6) == 1);
    CHECK(count_components({}, 6) == 0);
}

TEST_CASE("sim: an empty view neither spans nor fails the cycle check") {
    const TreeReport r = check_tree({}, 4);
    CHECK(r.live_peers == 0);
    CHECK_FALSE(r.spanning());
    CHECK(r.acyclic());
}

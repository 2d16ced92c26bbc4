// overlay/tree: root election order, parent choice for the newest beacon sequence, the
// switch margin and the feasibility rule that keeps the tree loop-free, repair after an
// unreachable parent, root timeout, and claiming the root on score or priority.

#include "overlay/tree.hpp"

#include <doctest/doctest.h>

using namespace gocast;

namespace {

const NodeId kSelf{50};
const NodeId kRoot{1};
const NodeId kA{10};
const NodeId kB{11};
const NodeId kC{12};
constexpr std::uint32_t kUnreachable = UINT32_MAX;

BeaconFrame beacon(std::uint64_t seq, std::uint32_t distance_us, NodeId parent = kRoot,
                   NodeId root = kRoot, std::uint32_t score = 1000, std::uint32_t priority = 0) {
    BeaconFrame b;
    b.root = root;
    b.root_priority = priority;
    b.root_score = score;
    b.seq = seq;
    b.distance_us = distance_us;
    b.depth = 1;
    b.parent = parent;
    return b;
}

// A tree that has joined root 1 through neighbour A at `seq`, distance 10000 + 2000.
Tree joined(const TreeConfig& cfg, Time now, std::uint64_t seq = 5) {
    Tree t(cfg, kSelf, 0);
    t.on_beacon(now, kA, beacon(seq, 10000), 2000);
    REQUIRE(t.parent() == kA);
    REQUIRE(t.distance() == 12000);
    t.take_changed();
    t.take_relay();
    return t;
}

}  // namespace

TEST_CASE("unit: tree: better_root orders by priority, then score, then id") {
    const RootClaim prio{NodeId{9}, 1, 5000};
    const RootClaim central{NodeId{8}, 0, 100};
    const RootClaim less_central{NodeId{2}, 0, 200};
    const RootClaim tie_low_id{NodeId{3}, 0, 100};
    const RootClaim unknown{NodeId{1}, 0, UINT32_MAX};

    CHECK(better_root(prio, central));  // priority beats any score
    CHECK_FALSE(better_root(central, prio));
    CHECK(better_root(central, less_central));  // lower score beats lower id
    CHECK_FALSE(better_root(less_central, central));
    CHECK(better_root(tie_low_id, central));  // equal score: lower id
    CHECK_FALSE(better_root(central, tie_low_id));
    CHECK(better_root(less_central, unknown));   // a measured score beats none
    CHECK_FALSE(better_root(central, central));  // strict
}

TEST_CASE("unit: tree: a new tree is its own root and beacons on schedule") {
    TreeConfig cfg;
    Tree t(cfg, kSelf, 0);
    CHECK(t.is_root());
    CHECK(t.root().id == kSelf);
    CHECK_FALSE(t.parent().has_value());
    CHECK(t.root_changes() == 0);
    CHECK(t.take_relay() == BeaconRelay::all);
    CHECK(t.take_relay() == BeaconRelay::none);
    const std::uint64_t seq0 = t.seq();
    const BeaconFrame b = t.beacon(3, 1);
    CHECK(b.root == kSelf);
    CHECK(b.distance_us == 0);
    CHECK(b.parent == NodeId{0});
    CHECK(b.near_degree == 3);
    CHECK(b.rand_degree == 1);

    CHECK(t.next_deadline() == cfg.beacon_interval);
    t.tick(cfg.beacon_interval - 1, 0.0, 0);
    CHECK(t.seq() == seq0);
    t.tick(cfg.beacon_interval, 0.0, 0);
    CHECK(t.seq() == seq0 + 1);
    CHECK(t.take_relay() == BeaconRelay::tree);  // seq 2: inside the first refresh block
    CHECK(t.next_deadline() == 2 * cfg.beacon_interval);
}

TEST_CASE("unit: tree: a node adopts a better root and relays its own distance") {
    TreeConfig cfg;
    Tree t(cfg, kSelf, 0);
    t.take_changed();
    t.on_beacon(10 * kMillisecond, kA, beacon(5, 10000), 2000);
    CHECK_FALSE(t.is_root());
    CHECK(t.root().id == kRoot);
    CHECK(t.parent() == kA);
    CHECK(t.seq() == 5);
    CHECK(t.distance() == 12000);
    CHECK(t.depth() == 2);
    CHECK(t.root_changes() == 1);
    CHECK(t.take_changed());
    CHECK(t.take_relay() == BeaconRelay::all);
    const BeaconFrame b = t.beacon(0, 0);
    CHECK(b.root == kRoot);
    CHECK(b.seq == 5);
    CHECK(b.distance_us == 12000);
    CHECK(b.parent == kA);
    CHECK(b.depth == 2);
}

TEST_CASE("unit: tree: the lowest distance for the newest sequence wins") {
    TreeConfig cfg;
    Tree t = joined(cfg, 10 * kMillisecond);
    // Seq 6 arrives from two non-parents before the parent brings it.
    t.on_beacon(20 * kMillisecond, kB, beacon(6, 8000), 2000);
    t.on_beacon(30 * kMillisecond, kC, beacon(6, 4000), 1000);
    CHECK(t.parent() == kA);
    CHECK(t.seq() == 5);
    CHECK(t.next_deadline() == 20 * kMillisecond + cfg.parent_hold);
    t.tick(20 * kMillisecond + cfg.parent_hold - 1, 0.0, 0);
    CHECK(t.parent() == kA);
    t.tick(20 * kMillisecond + cfg.parent_hold, 0.0, 0);
    CHECK(t.parent() == kC);  // 4000 + 1000 beats 8000 + 2000
    CHECK(t.seq() == 6);
    CHECK(t.distance() == 5000);
    CHECK(t.take_changed());
}

TEST_CASE("unit: tree: the parent bringing the new sequence in time is kept") {
    TreeConfig cfg;
    Tree t = joined(cfg, 10 * kMillisecond);
    // Slightly better (within the switch margin), and earlier.
    t.on_beacon(20 * kMillisecond, kB, beacon(6, 9600), 2000);
    t.on_beacon(40 * kMillisecond, kA, beacon(6, 10000), 2000);
    CHECK(t.parent() == kA);
    CHECK(t.seq() == 6);
    t.tick(200 * kMillisecond, 0.0, 0);  // no pending decision any more
    CHECK(t.parent() == kA);
    CHECK(t.parent_changes() == 1);  // only the first adoption
}

TEST_CASE("unit: tree: a node stays with its parent within the switch margin") {
    TreeConfig cfg;  // margin: max(500 us, 5% of 12000 = 600 us) = 600 us
    Tree t = joined(cfg, 10 * kMillisecond);
    t.on_beacon(20 * kMillisecond, kB, beacon(5, 9500), 2000);  // 11500 + 600 >= 12000
    CHECK(t.parent() == kA);
    CHECK(t.distance() == 12000);
    CHECK_FALSE(t.take_changed());

    // A child's beacon is never a parent offer, however short its distance.
    t.on_beacon(30 * kMillisecond, kC, beacon(5, 100, kSelf), 100);
    CHECK(t.parent() == kA);
    CHECK(t.is_child(kC));
    CHECK(t.children() == std::vector<NodeId>{kC});

    t.on_beacon(40 * kMillisecond, kB, beacon(5, 9000), 2000);  // 11000 + 600 < 12000
    CHECK(t.parent() == kB);
    CHECK(t.distance() == 11000);
    CHECK(t.seq() == 5);
    CHECK(t.take_changed());
}

TEST_CASE("unit: tree: at the same sequence only an offer below the feasible distance is taken") {
    TreeConfig cfg;
    Tree t = joined(cfg, 10 * kMillisecond);  // feasible distance 12000 at seq 5
    // The parent's path gets much longer within the same sequence.
    t.on_beacon(20 * kMillisecond, kA, beacon(5, 50000), 2000);
    CHECK(t.parent() == kA);
    CHECK(t.distance() == 52000);

    // Far better than the current 52000, but 20000 is not below the feasible 12000: taking
    // it could close a loop through a node that still counts on us.
    t.on_beacon(30 * kMillisecond, kB, beacon(5, 20000), 1000);
    CHECK(t.parent() == kA);
    CHECK(t.distance() == 52000);

    t.on_beacon(40 * kMillisecond, kC, beacon(5, 11000), 1000);
    CHECK(t.parent() == kC);
    CHECK(t.distance() == 12000);
}

TEST_CASE("unit: tree: an unreachable parent is replaced by a feasible neighbour") {
    TreeConfig cfg;
    Tree t = joined(cfg, 10 * kMillisecond);
    t.on_beacon(20 * kMillisecond, kB, beacon(5, 11500), 5000);  // not better: kept as offer
    CHECK(t.parent() == kA);

    t.on_beacon(30 * kMillisecond, kA, beacon(5, kUnreachable), 2000);
    CHECK(t.parent() == kB);
    CHECK(t.distance() == 16500);
    CHECK(t.seq() == 5);
    CHECK(t.take_changed());
    CHECK(t.take_relay() == BeaconRelay::all);
}

TEST_CASE("unit: tree: an unreachable parent without a feasible alternative makes it detach") {
    TreeConfig cfg;
    Tree t = joined(cfg, 10 * kMillisecond);
    t.on_beacon(20 * kMillisecond, kB, beacon(5, 13000), 1000);  // 13000 >= feasible 12000

    t.on_beacon(30 * kMillisecond, kA, beacon(5, kUnreachable), 2000);
    CHECK_FALSE(t.parent().has_value());
    CHECK_FALSE(t.is_root());
    CHECK(t.root().id == kRoot);
    CHECK(t.take_changed());
    // It advertises the loss so nobody takes it as parent.
    const BeaconFrame b = t.beacon(0, 0);
    CHECK(b.distance_us == kUnreachable);
    CHECK(b.parent == NodeId{0});

    // The next sequence is safe to take from anyone.
    t.on_beacon(1010 * kMillisecond, kB, beacon(6, 13000), 1000);
    CHECK(t.parent() == kB);
    CHECK(t.seq() == 6);
    CHECK(t.distance() == 14000);
}

TEST_CASE("unit: tree: losing the parent link repairs to a feasible neighbour") {
    TreeConfig cfg;
    Tree t = joined(cfg, 10 * kMillisecond);
    t.on_beacon(20 * kMillisecond, kB, beacon(5, 11800), 3000);
    t.on_beacon(20 * kMillisecond, kC, beacon(5, 11900), 100);
    t.on_neighbor_down(30 * kMillisecond, kA);
    CHECK(t.parent() == kC);  // lowest total among the feasible offers
    CHECK(t.distance() == 12000);
    t.on_neighbor_down(40 * kMillisecond, kC);
    CHECK(t.parent() == kB);
    t.on_neighbor_down(50 * kMillisecond, kB);
    CHECK_FALSE(t.parent().has_value());
}

TEST_CASE("unit: tree: between refreshes a sequence goes to children and routeless neighbours only") {
    TreeConfig cfg;  // beacon_refresh 4: sequences 8, 12, ... go to every neighbour
    REQUIRE(cfg.beacon_refresh == 4);
    Tree t = joined(cfg, 10 * kMillisecond);                      // seq 5 through A
    t.on_beacon(20 * kMillisecond, kB, beacon(5, 20000), 1000);     // a route, not through us
    t.on_beacon(20 * kMillisecond, kC, beacon(5, 13000, kSelf), 1000);  // our child
    const NodeId kD{13};
    t.on_beacon(20 * kMillisecond, kD, beacon(5, kUnreachable, NodeId{0}), 1000);  // detached
    t.take_relay();
    t.take_answers();

    CHECK(t.wants_every_beacon(kC));
    CHECK(t.wants_every_beacon(kD));
    CHECK(t.wants_every_beacon(NodeId{99}));  // not heard from yet
    CHECK_FALSE(t.wants_every_beacon(kB));
    CHECK_FALSE(t.wants_every_beacon(kA));  // our parent has the sequence already
    const NodeId kE{14};
    t.on_beacon(20 * kMillisecond, kE, beacon(5, 9000, kRoot, NodeId{77}, 5000), 1000);
    CHECK(t.wants_every_beacon(kE));  // follows another (worse) root: must hear ours

    for (std::uint64_t seq = 6; seq <= 12; ++seq) {
        t.on_beacon(static_cast<Time>(seq) * kSecond, kA, beacon(seq, 10000), 2000);
        REQUIRE(t.parent() == kA);
        INFO("seq " << seq);
        CHECK(t.take_relay() == (seq % 4 == 0 ? BeaconRelay::all : BeaconRelay::tree));
    }
    // A changed parent is news for everyone at once.
    t.on_beacon(13 * kSecond, kA, beacon(12, kUnreachable, NodeId{0}), 2000);
    CHECK(t.parent() != std::optional<NodeId>(kA));
    CHECK(t.take_relay() == BeaconRelay::all);
}

TEST_CASE("unit: tree: a clear improvement goes to every neighbour at once, a small one waits") {
    TreeConfig cfg;  // switch margin 5%, at least 500 us
    Tree t = joined(cfg, 10 * kMillisecond);  // distance 12000 through A, told to all
    REQUIRE(t.take_relay() == BeaconRelay::none);
    // Seq 6 (no refresh): the parent's distance fell by 300 us: only the tree hears it.
    t.on_beacon(kSecond, kA, beacon(6, 9700), 2000);
    CHECK(t.distance() == 11700);
    CHECK(t.take_relay() == BeaconRelay::tree);
    // Seq 7: 2000 us less than last told to everyone: a neighbour may now prefer us.
    t.on_beacon(2 * kSecond, kA, beacon(7, 8000), 2000);
    CHECK(t.distance() == 10000);
    CHECK(t.take_relay() == BeaconRelay::all);
    // Seq 8 is a refresh anyway; after it, gains are measured from what it said (9800).
    t.on_beacon(3 * kSecond, kA, beacon(8, 7800), 2000);
    CHECK(t.take_relay() == BeaconRelay::all);
    t.on_beacon(4 * kSecond, kA, beacon(9, 7500), 2000);  // 9500: 300 us better
    CHECK(t.take_relay() == BeaconRelay::tree);
    // A worse distance is never pushed to everyone early.
    t.on_beacon(5 * kSecond, kA, beacon(10, 20000), 2000);
    CHECK(t.take_relay() == BeaconRelay::tree);
}

TEST_CASE("unit: tree: a child that left hears every sequence until the next refresh") {
    TreeConfig cfg;  // beacon_refresh 4
    Tree t = joined(cfg, 10 * kMillisecond);                            // seq 5 through A
    t.on_beacon(20 * kMillisecond, kC, beacon(5, 13000, kSelf), 1000);  // C is our child
    REQUIRE(t.wants_every_beacon(kC));
    // C moved to B (it may have missed our beacon of a refresh sequence and taken the
    // best offer it had): it still hears our sequences 5..7, so it can come back at once.
    t.on_beacon(30 * kMillisecond, kC, beacon(5, 14000, kB), 1000);
    CHECK_FALSE(t.is_child(kC));
    CHECK(t.wants_every_beacon(kC));
    for (std::uint64_t seq = 6; seq <= 7; ++seq) {
        t.on_beacon(static_cast<Time>(seq) * kSecond, kA, beacon(seq, 10000), 2000);
        INFO("seq " << seq);
        CHECK(t.wants_every_beacon(kC));
    }
    // Sequence 8 is a refresh: from there on C hears us every 4th sequence, as any
    // neighbour with a route.
    t.on_beacon(8 * kSecond, kA, beacon(8, 10000), 2000);
    CHECK_FALSE(t.wants_every_beacon(kC));
    // A neighbour that was never our child is not affected.
    t.on_beacon(8 * kSecond, kB, beacon(8, 20000), 1000);
    CHECK_FALSE(t.wants_every_beacon(kB));
}

TEST_CASE("unit: tree: an offer of the new sequence heard before the parent's is compared") {
    TreeConfig cfg;  // switch margin 5%, at least 500 us
    Tree t = joined(cfg, 10 * kMillisecond);  // seq 5 through A, distance 12000
    // B's sequence 6 arrives first (it is closer to the root): we wait for our parent.
    t.on_beacon(kSecond, kB, beacon(6, 6000), 1000);  // 7000 through B
    CHECK(t.parent() == kA);
    CHECK(t.seq() == 5);
    // A brings sequence 6 at 12000: B's offer of the same sequence is clearly better.
    t.on_beacon(kSecond + 20 * kMillisecond, kA, beacon(6, 10000), 2000);
    CHECK(t.parent() == kB);
    CHECK(t.seq() == 6);
    CHECK(t.distance() == 7000);
    // Within the margin the parent is kept.
    Tree u = joined(cfg, 10 * kMillisecond);
    u.on_beacon(kSecond, kB, beacon(6, 10800), 1000);  // 11800, less than 5% better
    u.on_beacon(kSecond + 20 * kMillisecond, kA, beacon(6, 10000), 2000);
    CHECK(u.parent() == kA);
}

TEST_CASE("unit: tree: beacon_refresh 1 sends every sequence to every neighbour") {
    TreeConfig cfg;
    cfg.beacon_refresh = 1;
    Tree t = joined(cfg, 10 * kMillisecond);
    for (std::uint64_t seq = 6; seq <= 9; ++seq) {
        t.on_beacon(static_cast<Time>(seq) * kSecond, kA, beacon(seq, 10000), 2000);
        CHECK(t.take_relay() == BeaconRelay::all);
    }
    Tree root(cfg, kSelf, 0);
    root.take_relay();
    root.tick(cfg.beacon_interval, 0.0, 0);
    CHECK(root.take_relay() == BeaconRelay::all);
}

TEST_CASE("unit: tree: a neighbour that lost its route is answered at once, by a node that has one") {
    TreeConfig cfg;
    Tree t = joined(cfg, 10 * kMillisecond);
    t.on_beacon(20 * kMillisecond, kB, beacon(5, kUnreachable, NodeId{0}), 1000);
    t.on_beacon(21 * kMillisecond, kB, beacon(5, kUnreachable, NodeId{0}), 1000);
    CHECK(t.take_answers() == std::vector<NodeId>{kB});  // once, however often it says so
    CHECK(t.take_answers().empty());

    // The answer lets B reattach at once: our beacon is a feasible offer at its sequence.
    Tree b(cfg, kB, 0);
    b.on_beacon(5 * kMillisecond, kC, beacon(5, 30000), 1000);
    b.on_beacon(25 * kMillisecond, kC, beacon(5, kUnreachable, NodeId{0}), 1000);
    REQUIRE_FALSE(b.parent().has_value());
    b.on_beacon(30 * kMillisecond, kSelf, t.beacon(0, 0), 1000);
    CHECK(b.parent() == kSelf);

    // Without a route of our own there is nothing to offer.
    t.on_beacon(40 * kMillisecond, kA, beacon(5, kUnreachable, NodeId{0}), 2000);
    REQUIRE_FALSE(t.parent().has_value());
    t.on_beacon(50 * kMillisecond, kC, beacon(5, kUnreachable, NodeId{0}), 1000);
    CHECK(t.take_answers().empty());
    // Nor is our own parent answered: its loss is ours.
    Tree u = joined(cfg, 10 * kMillisecond);
    u.on_beacon(20 * kMillisecond, kA, beacon(5, kUnreachable, NodeId{0}), 2000);
    CHECK(u.take_answers().empty());
}

TEST_CASE("unit: tree: a silent root is presumed dead after root_timeout_beacons") {
    TreeConfig cfg;  // 4 beacons of 1 s
    const Time joined_at = kSecond;
    Tree t = joined(cfg, joined_at);
    const Time deadline = joined_at + 4 * cfg.beacon_interval;
    CHECK(t.next_deadline() == deadline + 1);
    t.tick(deadline, 0.0, 0);
    CHECK_FALSE(t.is_root());
    t.tick(deadline + 1, 0.0, 0);
    CHECK(t.is_root());
    CHECK(t.root().id == kSelf);
    CHECK_FALSE(t.parent().has_value());
    CHECK(t.root_changes() == 2);
    CHECK(t.take_changed());

    // Stale beacons of the dead root do not bring it back...
    t.on_beacon(deadline + 2, kA, beacon(5, 10000), 2000);
    CHECK(t.is_root());
    // ...but a fresh sequence from it does.
    t.on_beacon(deadline + 3, kA, beacon(6, 10000), 2000);
    CHECK_FALSE(t.is_root());
    CHECK(t.root().id == kRoot);
    CHECK(t.parent() == kA);
}

TEST_CASE("unit: tree: a node claims the root only when clearly more central") {
    TreeConfig cfg;  // hysteresis 10%
    Tree t = joined(cfg, 10 * kMillisecond);  // root score 1000
    t.tick(20 * kMillisecond, 950.0, cfg.min_centrality_samples);
    CHECK_FALSE(t.is_root());
    t.tick(30 * kMillisecond, 901.0, cfg.min_centrality_samples);
    CHECK_FALSE(t.is_root());
    t.tick(40 * kMillisecond, 1.0, cfg.min_centrality_samples - 1);  // too few samples
    CHECK_FALSE(t.is_root());
    t.tick(50 * kMillisecond, 899.0, cfg.min_centrality_samples);
    CHECK(t.is_root());
    CHECK(t.root().score == 899);
    CHECK(t.take_changed());

    // The old root's beacons now rank lower and are ignored.
    t.on_beacon(60 * kMillisecond, kA, beacon(6, 10000), 2000);
    CHECK(t.is_root());

    // Against a root with no measured score, any measured score is enough.
    Tree u(cfg, kSelf, 0);
    u.on_beacon(10 * kMillisecond, kA, beacon(5, 10000, kRoot, NodeId{2}, UINT32_MAX), 2000);
    CHECK(u.root().id == NodeId{2});
    u.tick(20 * kMillisecond, 5000.0, cfg.min_centrality_samples);
    CHECK(u.is_root());
}

TEST_CASE("unit: tree: priority overrides score") {
    TreeConfig high;
    high.priority = 1;
    Tree t(high, kSelf, 0);
    // A very central root of lower priority is not followed.
    t.on_beacon(10 * kMillisecond, kA, beacon(5, 100, kRoot, kRoot, 1, 0), 100);
    CHECK(t.is_root());
    CHECK(t.root().priority == 1);

    TreeConfig low;
    Tree u = joined(low, 10 * kMillisecond);
    // A root of higher priority with no score at all replaces a central one.
    u.on_beacon(20 * kMillisecond, kB, beacon(1, 30000, NodeId{3}, NodeId{3}, UINT32_MAX, 2), 1000);
    CHECK(u.root().id == NodeId{3});
    CHECK(u.parent() == kB);
    // And the best possible score does not let a lower-priority node claim it.
    u.tick(30 * kMillisecond, 1.0, 1000);
    CHECK_FALSE(u.is_root());
    CHECK(u.root().id == NodeId{3});
}

TEST_CASE("unit: tree: losing a child link is reported as a tree change") {
    TreeConfig cfg;
    Tree t = joined(cfg, 1000);
    t.on_beacon(1100, kC, beacon(5, 15000, kSelf), 1500);
    REQUIRE(t.is_child(kC));
    t.take_changed();
    t.on_neighbor_down(1200, kC);
    CHECK_FALSE(t.is_child(kC));
    CHECK(t.take_changed());
}

TEST_CASE("unit: tree: a detached node takes any feasible offer without the switch margin") {
    TreeConfig cfg;
    Tree t = joined(cfg, 1000);
    t.on_beacon(1100, kA, beacon(5, kUnreachable), 2000);  // A retracts, no alternative yet
    REQUIRE_FALSE(t.parent().has_value());
    // 11000 is below the feasible distance 12000: safe, though not better than the old
    // distance by the margin. A detached node must take it rather than wait.
    t.on_beacon(1200, kC, beacon(5, 11000), 1500);
    CHECK(t.parent() == kC);
    CHECK(t.distance() == 12500);
}

TEST_CASE("unit: tree: a stale copy of a re-stated root claim does not flip the root back") {
    TreeConfig cfg;
    Tree t(cfg, kSelf, 0);
    const NodeId kX{9};
    BeaconFrame r_old = beacon(5, 10000, kRoot, kRoot, 1000);
    r_old.root_epoch = 2;
    t.on_beacon(1000, kA, r_old, 2000);
    REQUIRE(t.root().id == kRoot);
    // The root re-states a worse score under a newer epoch...
    BeaconFrame r_new = beacon(6, 10000, kRoot, kRoot, 2000);
    r_new.root_epoch = 3;
    t.on_beacon(2000, kA, r_new, 2000);
    CHECK(t.root().score == 2000);
    // ...so a claim ranked between the two versions now wins.
    BeaconFrame x = beacon(1, 5000, kX, kX, 1500);
    x.root_epoch = 1;
    t.on_beacon(2100, kB, x, 1000);
    REQUIRE(t.root().id == kX);
    REQUIRE(t.parent() == kB);
    // A heartbeat still carrying the old, better-looking version must not win it back.
    t.on_beacon(2200, kA, r_old, 2000);
    CHECK(t.root().id == kX);
    CHECK(t.parent() == kB);
}

TEST_CASE("unit: tree: a root re-states a changed score under a new epoch") {
    TreeConfig cfg;
    cfg.min_centrality_samples = 1;
    Tree t(cfg, kSelf, 0);
    t.tick(10, 50000.0, 1);  // no root known better: still root, claim stated at start
    REQUIRE(t.is_root());
    const auto epoch0 = t.beacon(0, 0).root_epoch;
    // Within the refresh interval nothing changes; after it, a moved score is re-stated.
    t.tick(cfg.claim_refresh_interval / 2, 80000.0, 1);
    CHECK(t.beacon(0, 0).root_epoch == epoch0);
    t.tick(cfg.claim_refresh_interval + 1, 80000.0, 1);
    CHECK(t.beacon(0, 0).root_epoch > epoch0);
    CHECK(t.beacon(0, 0).root_score == 80000);
}

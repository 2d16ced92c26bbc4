#pragma once
// Spanning tree over overlay links (DESIGN: Tree), DVMRP-like with sequenced beacons.
//
// Root election: a claim is (priority, score, id); higher priority wins, then the lower
// score (estimated mean RTT to the fleet: the most central node), then the lower id. The
// score is part of a versioned claim: a root may re-state it now and then under a new
// epoch, and every node ranks a root by the newest version it has seen, never by a stale
// copy still travelling in heartbeats (which would flip claimants back and forth and
// cause a beacon storm). A node
// starts claiming the root itself only when its current score beats the root's claim by
// the hysteresis, so the root does not flap on measurement noise.
//
// Parent choice: the root sends a beacon with a fresh sequence number every beacon
// interval; each node relays its own distance to its children and to neighbours without a
// route, and to all neighbours every `beacon_refresh` sequences or when its place in the
// tree changed (BeaconRelay). A node's parent is the
// neighbour offering the lowest distance for the newest sequence. Loop freedom: a parent
// always holds a sequence at least as new as its child's, and at equal sequence a strictly
// smaller distance; after losing its parent a node only accepts a neighbour whose
// advertised distance is below its own feasible distance (as in Babel), so no cycle forms.

#include <algorithm>
#include <optional>
#include <unordered_map>
#include <vector>

#include "overlay/overlay_frames.hpp"
#include "peer/config.hpp"
#include "transport/types.hpp"

namespace gocast {

struct RootClaim {
    NodeId id;
    std::uint32_t priority = 0;
    std::uint32_t score = UINT32_MAX;  // mean RTT estimate in microseconds; MAX = unknown
    std::uint32_t epoch = 0;           // version: a root re-stating its score bumps it
};

// True when `a` should be the root rather than `b` (strict total order).
bool better_root(const RootClaim& a, const RootClaim& b);

// Who hears a node's next beacon. The per-interval sequence only has to reach those that
// take it from us (children) or need it to rejoin (neighbours without a route); everyone
// else hears it every `beacon_refresh` sequences, enough to offer itself as an alternative
// parent, and at once when our root, parent or reachability changes.
enum class BeaconRelay : std::uint8_t { none = 0, tree = 1, all = 2 };

struct TreeNeighborState {
    bool has_offer = false;
    RootClaim root;
    std::uint64_t seq = 0;
    std::uint32_t distance_us = 0;
    std::uint16_t depth = 0;
    NodeId parent;  // the neighbour's parent
    Duration link_cost = 0;  // our one-way latency estimate to the neighbour
    // Our sequence when this neighbour stopped being our child (0: never was). It hears
    // our sequences up to the next refresh, so it can come back at once if it left
    // only because our beacon was lost.
    std::uint64_t left_at_seq = 0;
};

class Tree {
public:
    Tree(const TreeConfig& cfg, NodeId self, Time now);

    // A beacon from a neighbour; `link_cost` is the one-way latency estimate of that link.
    void on_beacon(Time now, NodeId from, const BeaconFrame& b, Duration link_cost);
    void on_neighbor_down(Time now, NodeId id);
    // Periodic: originate beacons as root, detect a dead root, claim the root on score,
    // settle a pending parent decision.
    void tick(Time now, double my_centrality_us, std::uint32_t samples);
    Time next_deadline() const;

    // Whom the node must send its beacon to now: `tree` = the neighbours for which
    // wants_every_beacon() holds, `all` = every neighbour. Clears the request.
    BeaconRelay take_relay();
    // Children and neighbours that have no route to our root (detached, another root, or
    // not heard from yet) get every sequence.
    bool wants_every_beacon(NodeId id) const;
    // Neighbours that advertised no route while we have one: answer each with our beacon
    // at once, so it repairs without waiting for the next sequence. Clears the list.
    std::vector<NodeId> take_answers();
    bool take_changed();

    BeaconFrame beacon(std::uint8_t near_degree, std::uint8_t rand_degree) const;

    bool is_root() const { return root_.id == self_; }
    // A path to the root: we are it, or we have a parent (otherwise our beacons retract).
    bool has_route() const { return is_root() || parent_.has_value(); }
    const RootClaim& root() const { return root_; }
    std::optional<NodeId> parent() const { return parent_; }
    bool is_child(NodeId id) const;
    std::vector<NodeId> children() const;
    std::uint64_t seq() const { return seq_; }
    Duration distance() const { return distance_; }
    std::uint16_t depth() const { return depth_; }
    std::uint64_t root_changes() const { return root_changes_; }
    std::uint64_t parent_changes() const { return parent_changes_; }

private:
    void become_root(Time now);
    void adopt(Time now, NodeId via, const TreeNeighborState& offer, Duration cost);
    void set_parent(std::optional<NodeId> p);
    void lose_parent(Time now);
    bool root_is_dead(const RootClaim& c, std::uint64_t seq) const;
    std::optional<NodeId> best_offer(std::uint64_t seq, std::uint32_t below_distance) const;
    // How much less distance another parent must offer to be taken over the current one.
    Duration switch_margin() const;
    // Whether a distance `offered` through another neighbour beats ours by the margin.
    bool clearly_better(Duration offered) const;
    // Our distance to the root through neighbour state `o`: its distance plus the link.
    static Duration via_cost(const TreeNeighborState& o);

    // The newest version of a claim we know, recording `c` if it is newer.
    RootClaim freshest(const RootClaim& c, Time now);

    struct KnownClaim {
        RootClaim claim;
        Time seen_at;
    };
    TreeConfig cfg_;
    NodeId self_;
    RootClaim self_claim_;
    std::uint32_t own_epoch_ = 0;
    Time claim_refresh_at_ = 0;
    std::vector<KnownClaim> known_claims_;  // newest version per root id, bounded
    RootClaim root_;
    std::uint64_t seq_ = 0;
    std::uint64_t own_seq_ = 0;         // sequence of beacons this node originates as root
    Duration distance_ = 0;
    Duration feasible_ = 0;             // smallest distance held at seq_ (loop freedom)
    std::uint16_t depth_ = 0;
    std::optional<NodeId> parent_;
    Time last_seq_at_ = 0;              // when seq_ last advanced (root liveness)
    Time next_beacon_at_ = 0;
    Time decide_at_ = kNever;           // pending choice among offers for a new sequence
    // Per-neighbour state in a small vector: a handful of entries scanned linearly beats a
    // hash table on the hottest path (every beacon).
    std::vector<std::pair<NodeId, TreeNeighborState>> offers_;
    const TreeNeighborState* find_offer(NodeId id) const;
    void adopt_from(Time now, NodeId id);
    struct DeadRoot {
        std::uint64_t seq;
        Time declared_at;
    };
    std::unordered_map<NodeId, DeadRoot> dead_roots_;  // roots presumed dead, with last seq
    void want_relay(BeaconRelay r) { relay_ = std::max(relay_, r); }
    // A new sequence is refreshed to every neighbour when it enters a new block of
    // `beacon_refresh` sequences: the same sequences at every node, so neighbours' offers
    // meet at equal sequence numbers (best_offer compares only those).
    bool refresh_due(std::uint64_t old_seq, std::uint64_t new_seq) const;
    BeaconRelay relay_ = BeaconRelay::none;
    Duration advertised_ = kNever;  // our distance in the last beacon to every neighbour
    std::vector<NodeId> answers_;
    bool changed_ = false;
    std::uint64_t root_changes_ = 0;
    std::uint64_t parent_changes_ = 0;
};

}  // namespace gocast

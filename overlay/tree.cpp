#include "overlay/tree.hpp"

#include <algorithm>
#include <cmath>
#include <utility>

namespace gocast {

namespace {
constexpr std::uint32_t kUnreachable = UINT32_MAX;

std::uint32_t clamp_us(Duration d) {
    return static_cast<std::uint32_t>(std::clamp<Duration>(d, 0, kUnreachable - 1));
}
}  // namespace

bool better_root(const RootClaim& a, const RootClaim& b) {
    if (a.priority != b.priority) return a.priority > b.priority;
    if (a.score != b.score) return a.score < b.score;
    return a.id < b.id;
}

Tree::Tree(const TreeConfig& cfg, NodeId self, Time now) : cfg_(cfg), self_(self) {
    self_claim_ = RootClaim{self, cfg.priority, UINT32_MAX};
    become_root(now);
    root_changes_ = 0;
}

namespace {
constexpr std::size_t kKnownClaimsMax = 64;
}  // namespace

RootClaim Tree::freshest(const RootClaim& c, Time now) {
    for (auto& k : known_claims_) {
        if (k.claim.id != c.id) continue;
        k.seen_at = now;
        if (c.epoch > k.claim.epoch) k.claim = c;
        return k.claim;
    }
    if (known_claims_.size() >= kKnownClaimsMax) {
        auto oldest = std::min_element(known_claims_.begin(), known_claims_.end(),
                                       [](const KnownClaim& a, const KnownClaim& b) { return a.seen_at < b.seen_at; });
        known_claims_.erase(oldest);
    }
    known_claims_.push_back(KnownClaim{c, now});
    return c;
}

BeaconRelay Tree::take_relay() {
    // A clear improvement is news for every neighbour, not only our children: one of them
    // may now prefer us as parent, and waiting for the next refresh at every step would
    // slow an improvement spreading across the tree to one hop per refresh period.
    if (relay_ == BeaconRelay::tree && has_route() && distance_ + switch_margin() < advertised_)
        relay_ = BeaconRelay::all;
    if (relay_ == BeaconRelay::all) advertised_ = has_route() ? distance_ : kNever;
    return std::exchange(relay_, BeaconRelay::none);
}

std::vector<NodeId> Tree::take_answers() { return std::exchange(answers_, {}); }

bool Tree::wants_every_beacon(NodeId id) const {
    const TreeNeighborState* o = find_offer(id);
    if (!o || !o->has_offer || o->root.id != root_.id || o->distance_us == kUnreachable) return true;
    return o->parent == self_ || (o->left_at_seq != 0 && !refresh_due(o->left_at_seq, seq_));
}

bool Tree::refresh_due(std::uint64_t old_seq, std::uint64_t new_seq) const {
    const std::uint64_t every = std::max<std::uint32_t>(cfg_.beacon_refresh, 1);
    return new_seq / every != old_seq / every;
}

bool Tree::take_changed() {
    const bool c = changed_;
    changed_ = false;
    return c;
}

const TreeNeighborState* Tree::find_offer(NodeId id) const {
    for (const auto& [nid, o] : offers_)
        if (nid == id) return &o;
    return nullptr;
}

void Tree::adopt_from(Time now, NodeId id) {
    const TreeNeighborState offer = *find_offer(id);
    adopt(now, id, offer, offer.link_cost);
}

bool Tree::is_child(NodeId id) const {
    const TreeNeighborState* o = find_offer(id);
    return o && o->has_offer && o->parent == self_ && o->root.id == root_.id;
}

std::vector<NodeId> Tree::children() const {
    std::vector<NodeId> out;
    for (const auto& [id, o] : offers_)
        if (o.has_offer && o.parent == self_ && o.root.id == root_.id) out.push_back(id);
    std::sort(out.begin(), out.end());
    return out;
}

BeaconFrame Tree::beacon(std::uint8_t near_degree, std::uint8_t rand_degree) const {
    BeaconFrame b;
    b.root = root_.id;
    b.root_priority = root_.priority;
    b.root_score = root_.score;
    b.root_epoch = root_.epoch;
    b.seq = seq_;
    // A node without a parent has no path to the root: advertise that (a retraction), so
    // neighbours do not take it as their parent and its children look elsewhere.
    b.distance_us = has_route() ? clamp_us(distance_) : kUnreachable;
    b.depth = depth_;
    b.parent = parent_.value_or(NodeId{0});
    b.near_degree = near_degree;
    b.rand_degree = rand_degree;
    return b;
}

void Tree::lose_parent(Time now) {
    set_parent(std::nullopt);
    // Repair locally only toward a neighbour below our feasible distance (loop freedom);
    // otherwise stay detached until the next sequence arrives.
    if (auto alt = best_offer(seq_, clamp_us(feasible_))) adopt_from(now, *alt);
}

void Tree::set_parent(std::optional<NodeId> p) {
    if (p == parent_) return;
    parent_ = p;
    ++parent_changes_;
    changed_ = true;
    want_relay(BeaconRelay::all);
}

void Tree::become_root(Time now) {
    if (root_.id != self_) ++root_changes_;
    self_claim_.epoch = ++own_epoch_;
    root_ = freshest(self_claim_, now);
    set_parent(std::nullopt);
    seq_ = ++own_seq_;
    distance_ = 0;
    feasible_ = 0;
    depth_ = 0;
    last_seq_at_ = now;
    next_beacon_at_ = now + cfg_.beacon_interval;
    claim_refresh_at_ = now + cfg_.claim_refresh_interval;
    decide_at_ = kNever;
    want_relay(BeaconRelay::all);
    changed_ = true;
}

bool Tree::root_is_dead(const RootClaim& c, std::uint64_t seq) const {
    auto it = dead_roots_.find(c.id);
    return it != dead_roots_.end() && seq <= it->second.seq;
}

void Tree::adopt(Time now, NodeId via, const TreeNeighborState& offer, Duration cost) {
    const bool new_root = offer.root.id != root_.id;
    if (new_root) {
        ++root_changes_;
        changed_ = true;
    }
    const bool fresh = new_root || offer.seq > seq_;
    want_relay(new_root || refresh_due(seq_, offer.seq) ? BeaconRelay::all : BeaconRelay::tree);
    root_ = offer.root;
    seq_ = offer.seq;
    distance_ = static_cast<Duration>(offer.distance_us) + cost;
    depth_ = static_cast<std::uint16_t>(std::min<int>(offer.depth + 1, UINT16_MAX));
    if (fresh) {
        feasible_ = distance_;
        last_seq_at_ = now;
    } else {
        feasible_ = std::min(feasible_, distance_);
    }
    set_parent(via);
}

Duration Tree::via_cost(const TreeNeighborState& o) {
    return static_cast<Duration>(o.distance_us) + o.link_cost;
}

bool Tree::clearly_better(Duration offered) const { return offered + switch_margin() < distance_; }

Duration Tree::switch_margin() const {
    return std::max<Duration>(cfg_.parent_switch_min, static_cast<Duration>(distance_ * cfg_.parent_switch_margin));
}

std::optional<NodeId> Tree::best_offer(std::uint64_t seq, std::uint32_t below_distance) const {
    std::optional<NodeId> best;
    Duration best_total = 0;
    for (const auto& [id, o] : offers_) {
        if (!o.has_offer || o.root.id != root_.id || o.seq != seq) continue;
        if (o.distance_us == kUnreachable || o.distance_us >= below_distance) continue;
        if (o.parent == self_) continue;
        const Duration total = via_cost(o);
        if (!best || total < best_total || (total == best_total && id < *best)) {
            best = id;
            best_total = total;
        }
    }
    return best;
}

void Tree::on_beacon(Time now, NodeId from, const BeaconFrame& b, Duration cost) {
    TreeNeighborState* slot = nullptr;
    for (auto& [nid, st] : offers_)
        if (nid == from) slot = &st;
    if (!slot) slot = &offers_.emplace_back(from, TreeNeighborState{}).second;
    TreeNeighborState& o = *slot;
    if (o.has_offer && o.parent == self_ && b.parent != self_) o.left_at_seq = std::max<std::uint64_t>(seq_, 1);
    o.has_offer = true;
    o.root = freshest(RootClaim{b.root, b.root_priority, b.root_score, b.root_epoch}, now);
    if (o.root.id == root_.id) root_ = o.root;  // a newer version of our root's claim
    o.seq = b.seq;
    o.distance_us = b.distance_us;
    o.depth = b.depth;
    o.parent = b.parent;
    o.link_cost = cost;

    if (b.distance_us == kUnreachable && parent_ != from && has_route() &&
        std::find(answers_.begin(), answers_.end(), from) == answers_.end())
        answers_.push_back(from);
    if (b.root == self_ || root_is_dead(o.root, b.seq)) return;
    if (b.root != root_.id) {
        if (better_root(o.root, root_) && b.distance_us != kUnreachable && b.parent != self_) {
            adopt(now, from, o, cost);
        } else if (parent_ == from) {
            // Our parent follows a root we rank lower (it presumed ours dead first): it no
            // longer leads to our root, so look for another way or wait for a fresh beacon.
            lose_parent(now);
        }
        return;
    }
    if (is_root()) return;
    if (b.distance_us == kUnreachable) {
        if (parent_ == from) {
            // Our parent lost its way to the root: repair locally if it is safe.
            lose_parent(now);
        }
        return;
    }
    if (b.seq > seq_) {
        root_ = o.root;  // the root's newest score
        if (!parent_ || parent_ == from) {
            adopt(now, from, o, cost);
            decide_at_ = kNever;
            // A neighbour's offer of this sequence may have come first; it is compared
            // now, or not until that neighbour's next beacon after our parent's.
            const auto best = best_offer(seq_, clamp_us(feasible_));
            if (best && *best != from && clearly_better(via_cost(*find_offer(*best)))) adopt_from(now, *best);
        } else if (decide_at_ == kNever) {
            decide_at_ = now + cfg_.parent_hold;
        }
        return;
    }
    if (b.seq != seq_) return;
    const Duration offered = via_cost(o);
    if (parent_ == from) {
        if (offered != distance_) {
            const bool improved = offered < distance_;
            distance_ = offered;
            feasible_ = std::min(feasible_, distance_);
            if (improved) want_relay(BeaconRelay::tree);
        }
        return;
    }
    if (b.parent == self_ || b.distance_us >= feasible_) return;
    if (!parent_) {
        // Detached: any feasible offer is safe and better than waiting for the next sequence.
        adopt(now, from, o, cost);
        return;
    }
    if (clearly_better(offered)) adopt(now, from, o, cost);
}

void Tree::on_neighbor_down(Time now, NodeId id) {
    const bool was_child = is_child(id);
    std::erase_if(offers_, [&](const auto& kv) { return kv.first == id; });
    if (parent_ != id) {
        if (was_child) changed_ = true;
        return;
    }
    lose_parent(now);
}

void Tree::tick(Time now, double my_centrality_us, std::uint32_t samples) {
    self_claim_.priority = cfg_.priority;
    self_claim_.score = samples >= cfg_.min_centrality_samples
                            ? static_cast<std::uint32_t>(std::clamp(my_centrality_us, 1.0, 4.0e9))
                            : UINT32_MAX;
    // A dead root that comes back restarts its sequence; forget it after a while.
    const Duration forget_after = 10 * static_cast<Duration>(cfg_.root_timeout_beacons) * cfg_.beacon_interval;
    std::erase_if(dead_roots_, [&](const auto& kv) { return now - kv.second.declared_at > forget_after; });

    if (decide_at_ <= now) {
        decide_at_ = kNever;
        // The parent did not bring the new sequence in time: take the best newest offer.
        std::uint64_t newest = seq_;
        for (const auto& [id, o] : offers_)
            if (o.has_offer && o.root.id == root_.id && o.distance_us != kUnreachable) newest = std::max(newest, o.seq);
        if (newest > seq_) {
            if (auto best = best_offer(newest, kUnreachable)) adopt_from(now, *best);
        }
    }

    if (is_root()) {
        // The claim keeps the score it was made with: every node must rank two claims the
        // same way, and a score that drifted while beacons travel would make them disagree
        // and flip between roots.
        if (now >= claim_refresh_at_) {
            claim_refresh_at_ = now + cfg_.claim_refresh_interval;
            const double stated = root_.score, current = self_claim_.score;
            if (self_claim_.score != UINT32_MAX &&
                (root_.score == UINT32_MAX || std::abs(current - stated) > cfg_.claim_refresh_change * stated)) {
                self_claim_.epoch = ++own_epoch_;
                root_ = freshest(self_claim_, now);
            }
        }
        if (now >= next_beacon_at_) {
            want_relay(refresh_due(seq_, own_seq_ + 1) ? BeaconRelay::all : BeaconRelay::tree);
            seq_ = ++own_seq_;
            last_seq_at_ = now;
            next_beacon_at_ = now + cfg_.beacon_interval;
        }
        return;
    }
    const Duration timeout = static_cast<Duration>(cfg_.root_timeout_beacons) * cfg_.beacon_interval;
    if (now - last_seq_at_ > timeout) {
        dead_roots_[root_.id] = DeadRoot{seq_, now};
        become_root(now);
        return;
    }
    // Claim the root on score only with a clear margin (hysteresis), or on priority.
    const bool outranks = self_claim_.priority > root_.priority ||
                          (self_claim_.priority == root_.priority && self_claim_.score != UINT32_MAX &&
                           (root_.score == UINT32_MAX ||
                            self_claim_.score < root_.score * (1.0 - cfg_.root_hysteresis)));
    if (outranks) become_root(now);
}

Time Tree::next_deadline() const {
    Time t = decide_at_;
    if (is_root()) {
        t = std::min(t, next_beacon_at_);
    } else {
        t = std::min(t, last_seq_at_ + static_cast<Duration>(cfg_.root_timeout_beacons) * cfg_.beacon_interval + 1);
    }
    return t;
}

}  // namespace gocast

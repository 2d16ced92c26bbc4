#include "overlay/links.hpp"

#include <algorithm>

namespace gocast {

namespace {
LinkKind from_wire(LinkKindWire k) { return k == LinkKindWire::random ? LinkKind::random : LinkKind::nearby; }
LinkKindWire to_wire(LinkKind k) { return k == LinkKind::random ? LinkKindWire::random : LinkKindWire::nearby; }
std::uint8_t clamp8(std::uint32_t v) { return static_cast<std::uint8_t>(std::min<std::uint32_t>(v, 255)); }
}  // namespace

std::uint32_t Links::count(LinkKind k) const {
    return static_cast<std::uint32_t>(
        std::count_if(neighbors_.begin(), neighbors_.end(), [&](const Neighbor& n) { return n.kind == k; }));
}

std::uint32_t Links::pending_count(LinkKind k) const {
    return static_cast<std::uint32_t>(
        std::count_if(pending_.begin(), pending_.end(), [&](const Pending& p) { return p.kind == k; }));
}

std::vector<Links::Pending>::iterator Links::pending_for(NodeId id) {
    return std::find_if(pending_.begin(), pending_.end(), [&](const Pending& p) { return p.id == id; });
}

void Links::drop_pending(NodeId id) {
    auto it = pending_for(id);
    if (it != pending_.end()) pending_.erase(it);
}

Neighbor* Links::find_mutable(NodeId id) {
    for (std::size_t i = 0; i < ids_.size(); ++i)
        if (ids_[i] == id) return &neighbors_[i];
    return nullptr;
}

const Neighbor* Links::find(NodeId id) const { return const_cast<Links*>(this)->find_mutable(id); }

void Links::erase_at(std::size_t i) {
    neighbors_.erase(neighbors_.begin() + static_cast<std::ptrdiff_t>(i));
    ids_.erase(ids_.begin() + static_cast<std::ptrdiff_t>(i));
}

LinkCloseFrame Links::degree_frame(std::uint8_t reason) const {
    return LinkCloseFrame{reason, clamp8(near_degree()), clamp8(rand_degree())};
}

std::vector<LinkChange> Links::take_changes() {
    std::vector<LinkChange> out;
    out.swap(changes_);
    return out;
}

bool Links::excluded(NodeId id, Time now) const {
    if (id == self_ || find(id)) return true;
    for (const auto& p : pending_)
        if (p.id == id) return true;
    for (const auto& [cid, until] : cooldown_until_)
        if (cid == id) return until > now;
    return false;
}

void Links::cool_down(NodeId id, Time until) {
    for (auto& [cid, t] : cooldown_until_)
        if (cid == id) {
            t = std::max(t, until);
            return;
        }
    cooldown_until_.emplace_back(id, until);
}

void Links::add(Time now, NodeId id, const Endpoint& addr, LinkKind kind, Duration rtt_hint) {
    Neighbor n;
    n.id = id;
    n.address = addr;
    n.kind = kind;
    n.rtt = RttEstimator(probe_cfg_.rtt_ewma_shift);
    if (rtt_hint > 0) n.rtt.add(rtt_hint);
    n.last_heard = now;
    n.last_sent = now;
    n.up_since = now;
    neighbors_.push_back(n);
    ids_.push_back(id);
    changes_.push_back(LinkChange{id, true, kind, DownReason::dropped});
}

void Links::remove(NodeId id, DownReason reason, Time now) {
    const Neighbor* n = find(id);
    if (!n) return;
    const LinkKind kind = n->kind;
    erase_at(static_cast<std::size_t>(n - neighbors_.data()));
    cool_down(id, now + cfg_.drop_cooldown);
    if (drop_outstanding_ == id) drop_outstanding_.reset();
    changes_.push_back(LinkChange{id, false, kind, reason});
}

void Links::request(Time now, NodeId id, const Endpoint& addr, LinkKind kind, bool replace,
                    Duration rtt, Outbox& out) {
    pending_.push_back(Pending{id, kind, now, replace});
    const LinkRequestFrame f{to_wire(kind), replace,
                             static_cast<std::uint32_t>(std::clamp<Duration>(rtt, 0, UINT32_MAX))};
    out.send(addr, FrameType::link_request, encode(f));
}

void Links::on_request(Time now, NodeId from, const Endpoint& addr, const LinkRequestFrame& f,
                       Outbox& out) {
    const LinkKind kind = from_wire(f.kind);
    if (const Neighbor* n = find(from)) {
        // Already linked (our accept may have been lost): confirm the existing kind.
        out.send(addr, FrameType::link_accept,
                 encode(LinkAnswerFrame{to_wire(n->kind), clamp8(near_degree()), clamp8(rand_degree())}));
        return;
    }
    // Crossing requests: both sides asked each other; the lower id's request wins.
    auto crossing = pending_for(from);
    // Outstanding requests of ours count: they may all be accepted.
    const bool room = neighbors_.size() + pending_.size() < hard_cap() && count(kind) <= target(kind);
    if (!room || (crossing != pending_.end() && self_ < from)) {
        out.send(addr, FrameType::link_reject,
                 encode(LinkAnswerFrame{f.kind, clamp8(near_degree()), clamp8(rand_degree())}));
        return;
    }
    if (crossing != pending_.end()) pending_.erase(crossing);
    add(now, from, addr, kind, f.rtt_us);
    out.send(addr, FrameType::link_accept,
             encode(LinkAnswerFrame{f.kind, clamp8(near_degree()), clamp8(rand_degree())}));
}

void Links::on_accept(Time now, NodeId from, const Endpoint& addr, const LinkAnswerFrame& f,
                      Outbox& out) {
    auto it = pending_for(from);
    if (find(from)) {
        if (it != pending_.end()) pending_.erase(it);
        return;
    }
    if (neighbors_.size() >= hard_cap()) {
        // No room left (a late accept, or requests crossed): undo it at once.
        if (it != pending_.end()) pending_.erase(it);
        out.send(addr, FrameType::link_close, encode(degree_frame(static_cast<std::uint8_t>(CloseReason::over_cap))));
        return;
    }
    const LinkKind kind = it != pending_.end() ? it->kind : from_wire(f.kind);
    if (it != pending_.end()) pending_.erase(it);
    add(now, from, addr, kind, 0);
    on_degrees(from, f.near_degree, f.rand_degree);
}

void Links::on_reject(Time now, NodeId from, const LinkAnswerFrame&) {
    auto it = pending_for(from);
    if (it == pending_.end()) return;
    pending_.erase(it);
    // Ask someone else for a while; the candidate was full.
    cool_down(from, now + cfg_.drop_cooldown / 2);
}

void Links::on_close(Time now, NodeId from, const LinkCloseFrame& f) {
    const auto reason = f.reason == static_cast<std::uint8_t>(CloseReason::leaving) ? DownReason::left
                                                                                    : DownReason::dropped;
    remove(from, reason, now);
    drop_pending(from);
}

void Links::on_drop_request(Time now, NodeId from, const LinkCloseFrame&, Outbox& out) {
    const Neighbor* n = find(from);
    if (!n) return;
    const Endpoint addr = n->address;
    if (count(n->kind) > target(n->kind)) {
        remove(from, DownReason::dropped, now);
        out.send(addr, FrameType::link_close, encode(degree_frame(static_cast<std::uint8_t>(CloseReason::shed))));
    } else {
        out.send(addr, FrameType::drop_refuse, encode(degree_frame()));
    }
}

void Links::on_drop_refuse(Time, NodeId from, const LinkCloseFrame& f) {
    if (drop_outstanding_ == from) drop_outstanding_.reset();
    on_degrees(from, f.near_degree, f.rand_degree);
}

void Links::on_degrees(NodeId from, std::uint8_t near, std::uint8_t rand) {
    if (Neighbor* n = find_mutable(from)) {
        n->their_near = near;
        n->their_rand = rand;
    }
}

void Links::on_leave(NodeId from) {
    drop_pending(from);
    const Neighbor* n = find(from);
    if (!n) return;
    const LinkKind kind = n->kind;
    erase_at(static_cast<std::size_t>(n - neighbors_.data()));
    if (drop_outstanding_ == from) drop_outstanding_.reset();
    changes_.push_back(LinkChange{from, false, kind, DownReason::left});
}

void Links::sent_to(NodeId to, Time now) {
    if (Neighbor* n = find_mutable(to)) n->last_sent = now;
}

bool Links::heard(NodeId from, Time now) {
    Neighbor* n = find_mutable(from);
    if (n) n->last_heard = now;
    return n != nullptr;
}

void Links::on_rtt(NodeId id, Duration rtt) {
    if (Neighbor* n = find_mutable(id)) n->rtt.add(rtt);
}

const Neighbor* Links::farthest(LinkKind kind, bool surplus_only, const std::vector<NodeId>& keep) const {
    const Neighbor* worst = nullptr;
    for (const auto& n : neighbors_) {
        if (n.kind != kind) continue;
        if (std::find(keep.begin(), keep.end(), n.id) != keep.end()) continue;
        const std::uint32_t theirs = kind == LinkKind::nearby ? n.their_near : n.their_rand;
        if (surplus_only && theirs <= target(kind)) continue;
        if (!worst || n.rtt.value() > worst->rtt.value()) worst = &n;
    }
    return worst;
}

std::optional<std::pair<NodeId, Duration>> Links::best_candidate(Time now, const RttCache& rtts,
                                                                 const Membership& view) const {
    std::optional<std::pair<NodeId, Duration>> best;
    rtts.for_each_nearest([&](NodeId id, Duration rtt) {
        if (excluded(id, now) || !view.find(id)) return true;
        best = std::make_pair(id, rtt);
        return false;
    });
    return best;
}

void Links::try_add_random(Time now, Rng& rng, const Membership& view, Outbox& out) {
    // A few uniform draws; the view is a uniform-ish sample of the fleet.
    for (int attempt = 0; attempt < 8; ++attempt) {
        auto m = view.random_member(rng);
        if (!m) return;
        if (excluded(m->id, now)) continue;
        request(now, m->id, m->address, LinkKind::random, false, 0, out);
        return;
    }
}

void Links::shed(Time now, LinkKind kind, const std::vector<NodeId>& keep, Outbox& out) {
    if (drop_outstanding_) return;
    // Tree links are never shed: losing one detaches a whole subtree until the next beacon.
    const Neighbor* victim = farthest(kind, /*surplus_only=*/true, keep);
    if (!victim) return;
    drop_outstanding_ = victim->id;
    drop_sent_at_ = now;
    out.send(victim->address, FrameType::drop_request, encode(degree_frame()));
}

void Links::maintain(Time now, Rng& rng, const Membership& view, const RttCache& rtts,
                     const std::vector<NodeId>& keep, Outbox& out) {
    // Silent neighbours are gone.
    std::vector<NodeId> silent;
    for (const auto& n : neighbors_)
        if (now - n.last_heard > cfg_.neighbor_timeout) silent.push_back(n.id);
    for (NodeId id : silent) remove(id, DownReason::timeout, now);

    std::erase_if(pending_, [&](const Pending& p) {
        if (now - p.sent_at <= cfg_.request_timeout) return false;
        cool_down(p.id, now + cfg_.drop_cooldown / 2);
        return true;
    });
    if (drop_outstanding_ && now - drop_sent_at_ > cfg_.request_timeout) drop_outstanding_.reset();
    std::erase_if(cooldown_until_, [&](const auto& kv) { return kv.second <= now; });

    const bool room = neighbors_.size() + pending_.size() < hard_cap();
    // Random links.
    if (rand_degree() + pending_count(LinkKind::random) < cfg_.c_rand) {
        if (room) try_add_random(now, rng, view, out);
    } else if (rand_degree() > cfg_.c_rand) {
        shed(now, LinkKind::random, keep, out);
    }
    // Nearby links.
    const std::uint32_t near = near_degree();
    if (near + pending_count(LinkKind::nearby) < cfg_.c_near) {
        if (!room) return;
        if (auto c = best_candidate(now, rtts, view)) {
            request(now, c->first, view.find(c->first)->address, LinkKind::nearby, false, c->second, out);
        }
        return;
    }
    if (near > cfg_.c_near) {
        shed(now, LinkKind::nearby, keep, out);
        return;
    }
    if (pending_count(LinkKind::nearby) > 0 || !room) return;
    // Adaptation: a clearly closer candidate replaces a farther neighbour that can spare us.
    const Neighbor* far = farthest(LinkKind::nearby, /*surplus_only=*/true, keep);
    if (!far) return;
    auto c = best_candidate(now, rtts, view);
    if (!c) return;
    const double limit = static_cast<double>(far->rtt.value()) / (1.0 + cfg_.near_hysteresis);
    if (static_cast<double>(c->second) < limit)
        request(now, c->first, view.find(c->first)->address, LinkKind::nearby, true, c->second, out);
}

void Links::close_all(Outbox& out, CloseReason reason) {
    for (const auto& n : neighbors_)
        out.send(n.address, FrameType::link_close, encode(degree_frame(static_cast<std::uint8_t>(reason))));
}

void Links::on_link_failed(NodeId id, Time now) {
    if (!find(id)) return;
    remove(id, DownReason::link_failed, now);
}

}  // namespace gocast

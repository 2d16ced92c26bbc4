#pragma once
// Neighbour sets and degree control (DESIGN: Links). Links are symmetric and typed
// (nearby or random); both ends count a link under the same kind. Degree rules:
//  - add while below target (c_near, c_rand);
//  - accept a request only while the kind's degree is at most its target (so a node never
//    goes above target+1 by accepting) and the total stays below the hard cap (target+2);
//  - shed a surplus link only toward a neighbour that advertises a surplus of its own, and
//    only with its consent (drop_request / link_close), so nobody is pushed below target;
//  - nearby adaptation: link to a candidate that is closer than the farthest nearby
//    neighbour by `near_hysteresis`, when that farther neighbour can spare the link.

#include <optional>
#include <unordered_map>
#include <vector>

#include "overlay/membership.hpp"
#include "overlay/overlay_frames.hpp"
#include "overlay/probe.hpp"
#include "peer/config.hpp"
#include "peer/node_types.hpp"
#include "transport/outbox.hpp"
#include "transport/rng.hpp"

namespace gocast {

struct Neighbor {
    NodeId id;
    Endpoint address;
    LinkKind kind = LinkKind::nearby;
    RttEstimator rtt;
    Time last_heard = 0;
    Time last_sent = 0;  // a datagram last left for it (heartbeats skip busy neighbours)
    Time up_since = 0;
    std::uint8_t their_near = 0;
    std::uint8_t their_rand = 0;
};

struct LinkChange {
    NodeId id;
    bool up = false;
    LinkKind kind = LinkKind::nearby;
    DownReason reason = DownReason::dropped;
};

// not_linked: a link frame came from a peer that is not (or no longer) our neighbour; it
// still holds a link to us (our link_close was lost, or it linked before our accept came).
enum class CloseReason : std::uint8_t { shed = 0, leaving = 1, over_cap = 2, not_linked = 3 };

class Links {
public:
    Links(const LinkConfig& cfg, const ProbeConfig& probe_cfg, NodeId self)
        : cfg_(cfg), probe_cfg_(probe_cfg), self_(self) {}

    void on_request(Time now, NodeId from, const Endpoint& addr, const LinkRequestFrame& f,
                    Outbox& out);
    void on_accept(Time now, NodeId from, const Endpoint& addr, const LinkAnswerFrame& f,
                   Outbox& out);
    void on_reject(Time now, NodeId from, const LinkAnswerFrame& f);
    void on_close(Time now, NodeId from, const LinkCloseFrame& f);
    void on_drop_request(Time now, NodeId from, const LinkCloseFrame& f, Outbox& out);
    void on_drop_refuse(Time now, NodeId from, const LinkCloseFrame& f);
    void on_degrees(NodeId from, std::uint8_t near, std::uint8_t rand);
    void on_leave(NodeId from);
    // The neighbour link to `id` failed (transport/hop): drop the neighbour now; maintenance
    // replaces it. The peer is not re-linked for drop_cooldown.
    void on_link_failed(NodeId id, Time now);
    // Refreshes a neighbour's liveness; false when `from` is not a neighbour.
    bool heard(NodeId from, Time now);
    // A datagram left for neighbour `to` (ignored when it is none).
    void sent_to(NodeId to, Time now);
    void on_rtt(NodeId id, Duration rtt);

    // Periodic: timeouts, then at most one add and one shed/adapt step. Links to `keep`
    // (the tree neighbours) are never shed or replaced.
    void maintain(Time now, Rng& rng, const Membership& view, const RttCache& rtts,
                  const std::vector<NodeId>& keep, Outbox& out);
    void close_all(Outbox& out, CloseReason reason);

    const Neighbor* find(NodeId id) const;
    const std::vector<Neighbor>& neighbors() const { return neighbors_; }
    std::uint32_t near_degree() const { return count(LinkKind::nearby); }
    std::uint32_t rand_degree() const { return count(LinkKind::random); }
    std::uint32_t hard_cap() const { return cfg_.c_near + cfg_.c_rand + 2; }
    std::vector<LinkChange> take_changes();
    LinkCloseFrame degree_frame(std::uint8_t reason = 0) const;

private:
    struct Pending {
        NodeId id;
        LinkKind kind;
        Time sent_at;
        bool replace;
    };
    std::vector<Pending>::iterator pending_for(NodeId id);
    void drop_pending(NodeId id);
    std::uint32_t count(LinkKind k) const;
    std::uint32_t pending_count(LinkKind k) const;
    std::uint32_t target(LinkKind k) const { return k == LinkKind::nearby ? cfg_.c_near : cfg_.c_rand; }
    bool excluded(NodeId id, Time now) const;
    void add(Time now, NodeId id, const Endpoint& addr, LinkKind kind, Duration rtt_hint);
    void remove(NodeId id, DownReason reason, Time now);
    void request(Time now, NodeId id, const Endpoint& addr, LinkKind kind, bool replace,
                 Duration rtt, Outbox& out);
    void try_add_random(Time now, Rng& rng, const Membership& view, Outbox& out);
    std::optional<std::pair<NodeId, Duration>> best_candidate(Time now, const RttCache& rtts,
                                                              const Membership& view) const;
    const Neighbor* farthest(LinkKind kind, bool surplus_only,
                             const std::vector<NodeId>& keep = {}) const;
    void shed(Time now, LinkKind kind, const std::vector<NodeId>& keep, Outbox& out);

    LinkConfig cfg_;
    ProbeConfig probe_cfg_;
    NodeId self_;
    std::vector<Neighbor> neighbors_;  // in link order: deterministic iteration
    // neighbors_[i].id, packed: found by id on every packet, and a scan of these ids
    // reads one cache line instead of one per neighbour record.
    std::vector<NodeId> ids_;
    Neighbor* find_mutable(NodeId id);
    void erase_at(std::size_t i);
    std::vector<Pending> pending_;
    std::optional<NodeId> drop_outstanding_;
    Time drop_sent_at_ = 0;
    std::vector<std::pair<NodeId, Time>> cooldown_until_;  // few entries: a vector scans fastest
    void cool_down(NodeId id, Time until);
    std::vector<LinkChange> changes_;
};

}  // namespace gocast

#pragma once
// Partial view of the fleet (DESIGN: Membership): at most `view_capacity` records, each
// with the time this node last heard of the member, directly or through a fresher record
// relayed by others. Records older than `entry_ttl` are dead and removed.

#include <optional>
#include <unordered_map>
#include <vector>

#include "overlay/overlay_frames.hpp"
#include "peer/config.hpp"
#include "transport/rng.hpp"

namespace gocast {

struct Member {
    NodeId id;
    Endpoint address;
    std::uint32_t site = 0;
    Time last_heard = 0;
};

class Membership {
public:
    Membership(const MembershipConfig& cfg, NodeId self) : cfg_(cfg), self_(self) {}

    // Heard directly from the member (a packet arrived from it): its record is fresh.
    void heard_from(NodeId id, const Endpoint& address, std::uint32_t site, Time now);
    // Records relayed by another node; fresher information replaces staler.
    void merge(const std::vector<MemberEntry>& entries, Time now);
    void remove(NodeId id);
    void expire(Time now);

    const Member* find(NodeId id) const;
    std::size_t size() const { return members_.size(); }
    // Up to `count` distinct records chosen uniformly, skipping `exclude`.
    std::vector<MemberEntry> sample(Rng& rng, std::size_t count, Time now,
                                    const std::vector<NodeId>& exclude = {}) const;
    std::optional<Member> random_member(Rng& rng) const;
    const std::vector<NodeId>& ids() const { return order_; }

private:
    void insert(const Member& m);
    MemberEntry to_entry(const Member& m, Time now) const;

    MembershipConfig cfg_;
    NodeId self_;
    std::unordered_map<NodeId, Member> members_;
    std::vector<NodeId> order_;  // insertion order: deterministic iteration and sampling
};

}  // namespace gocast

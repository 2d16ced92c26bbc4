#pragma once
// Partial view of the fleet (DESIGN: Membership): at most `view_capacity` records, each
// with the time this node last heard of the member, directly or through a fresher record
// relayed by others. Records older than `entry_ttl` are dead and removed.

#include <optional>
#include <unordered_map>
#include <vector>

#include "overlay/overlay_frames.hpp"
#include "peer/config.hpp"
#include "transport/flat_id_map.hpp"
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
    // Heard directly from a member whose site we may not know: refresh, or insert with
    // site 0 until a membership frame tells us (one lookup).
    void refresh(NodeId id, const Endpoint& address, Time now);
    // A packet arrived from a member already known: refresh it (one lookup; hot path).
    void touch(NodeId id, const Endpoint& address, Time now);
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
    const std::vector<Member>& members() const { return members_; }

private:
    void insert(const Member& m);
    MemberEntry to_entry(const Member& m, Time now) const;

    MembershipConfig cfg_;
    NodeId self_;
    // Records in a vector (removal swaps in the last one) plus an index: scans touch
    // contiguous memory, and the order depends only on the inputs, never on hashing.
    std::vector<Member> members_;
    FlatIdMap<std::uint32_t> index_;
    static constexpr std::size_t kEvictWindow = 16;
    std::size_t evict_cursor_ = 0;
};

}  // namespace gocast

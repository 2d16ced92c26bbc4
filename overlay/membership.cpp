#include "overlay/membership.hpp"

#include <algorithm>

namespace gocast {

void Membership::heard_from(NodeId id, const Endpoint& address, std::uint32_t site, Time now) {
    if (id == self_ || id.value == 0) return;
    auto it = members_.find(id);
    if (it != members_.end()) {
        it->second.address = address;
        it->second.site = site;
        it->second.last_heard = now;
        return;
    }
    insert(Member{id, address, site, now});
}

void Membership::merge(const std::vector<MemberEntry>& entries, Time now) {
    for (const auto& e : entries) {
        if (e.id == self_ || e.id.value == 0 || e.address.port == 0) continue;
        const Duration age = static_cast<Duration>(e.age_ms) * kMillisecond;
        if (age >= cfg_.entry_ttl) continue;
        const Time heard = now - age;
        auto it = members_.find(e.id);
        if (it != members_.end()) {
            if (heard > it->second.last_heard) {
                it->second.last_heard = heard;
                it->second.address = e.address;
                it->second.site = e.site;
            }
            continue;
        }
        insert(Member{e.id, e.address, e.site, heard});
    }
}

void Membership::insert(const Member& m) {
    if (members_.size() >= cfg_.view_capacity) {
        // Full: the stalest record makes room, and only for a fresher one.
        auto oldest = std::min_element(order_.begin(), order_.end(), [&](NodeId a, NodeId b) {
            return members_.at(a).last_heard < members_.at(b).last_heard;
        });
        if (members_.at(*oldest).last_heard >= m.last_heard) return;
        remove(*oldest);
    }
    members_.emplace(m.id, m);
    order_.push_back(m.id);
}

void Membership::remove(NodeId id) {
    if (members_.erase(id) == 0) return;
    order_.erase(std::find(order_.begin(), order_.end(), id));
}

void Membership::expire(Time now) {
    std::vector<NodeId> dead;
    for (NodeId id : order_)
        if (now - members_.at(id).last_heard > cfg_.entry_ttl) dead.push_back(id);
    for (NodeId id : dead) remove(id);
}

const Member* Membership::find(NodeId id) const {
    auto it = members_.find(id);
    return it == members_.end() ? nullptr : &it->second;
}

MemberEntry Membership::to_entry(const Member& m, Time now) const {
    const Duration age = std::max<Duration>(0, now - m.last_heard);
    return MemberEntry{m.id, m.address, m.site,
                       static_cast<std::uint32_t>(std::min<Duration>(age / kMillisecond, UINT32_MAX))};
}

std::vector<MemberEntry> Membership::sample(Rng& rng, std::size_t count, Time now,
                                            const std::vector<NodeId>& exclude) const {
    std::vector<MemberEntry> out;
    if (order_.empty() || count == 0) return out;
    // Partial Fisher-Yates over indices: O(count) swaps on a scratch copy.
    std::vector<std::uint32_t> idx(order_.size());
    for (std::uint32_t i = 0; i < idx.size(); ++i) idx[i] = i;
    for (std::size_t i = 0; i < idx.size() && out.size() < count; ++i) {
        const std::size_t j = i + rng.below(idx.size() - i);
        std::swap(idx[i], idx[j]);
        const NodeId id = order_[idx[i]];
        if (std::find(exclude.begin(), exclude.end(), id) != exclude.end()) continue;
        out.push_back(to_entry(members_.at(id), now));
    }
    return out;
}

std::optional<Member> Membership::random_member(Rng& rng) const {
    if (order_.empty()) return std::nullopt;
    return members_.at(order_[rng.below(order_.size())]);
}

}  // namespace gocast

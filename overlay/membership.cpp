#include "overlay/membership.hpp"

#include <algorithm>

namespace gocast {

void Membership::heard_from(NodeId id, const Endpoint& address, std::uint32_t site, Time now) {
    if (id == self_ || id.value == 0) return;
    if (const std::uint32_t* pos = index_.find(id)) {
        Member& m = members_[*pos];
        m.address = address;
        m.site = site;
        m.last_heard = now;
        return;
    }
    insert(Member{id, address, site, now});
}

void Membership::refresh(NodeId id, const Endpoint& address, Time now) {
    if (id == self_ || id.value == 0) return;
    const std::uint32_t* pos = index_.find(id);
    if (!pos) {
        insert(Member{id, address, 0, now});
        return;
    }
    Member& m = members_[*pos];
    m.address = address;
    m.last_heard = now;
}

void Membership::touch(NodeId id, const Endpoint& address, Time now) {
    const std::uint32_t* pos = index_.find(id);
    if (!pos) return;
    Member& m = members_[*pos];
    m.address = address;
    m.last_heard = now;
}

void Membership::merge(const std::vector<MemberEntry>& entries, Time now) {
    for (const auto& e : entries) {
        if (e.id == self_ || e.id.value == 0 || e.address.port == 0) continue;
        const Duration age = static_cast<Duration>(e.age_ms) * kMillisecond;
        if (age >= cfg_.entry_ttl) continue;
        const Time heard = now - age;
        if (const std::uint32_t* pos = index_.find(e.id)) {
            Member& m = members_[*pos];
            if (heard > m.last_heard) {
                m.last_heard = heard;
                m.address = e.address;
                m.site = e.site;
            }
            continue;
        }
        insert(Member{e.id, e.address, e.site, heard});
    }
}

void Membership::insert(const Member& m) {
    if (members_.size() >= cfg_.view_capacity) {
        // Full: the stalest record of a rotating window makes room, and only for a fresher
        // one. A window, not the whole view, because a full view takes an insert attempt on
        // nearly every merged entry; over successive inserts every record gets inspected.
        const std::size_t n = members_.size();
        std::size_t oldest = evict_cursor_ % n;
        Time oldest_heard = members_[oldest].last_heard;
        for (std::size_t k = 1, i = oldest; k < kEvictWindow && k < n; ++k) {
            i = i + 1 == n ? 0 : i + 1;  // (evict_cursor_ + k) % n without a division
            if (members_[i].last_heard < oldest_heard) {
                oldest = i;
                oldest_heard = members_[i].last_heard;
            }
        }
        evict_cursor_ = (evict_cursor_ + kEvictWindow) % n;
        if (members_[oldest].last_heard >= m.last_heard) return;
        remove(members_[oldest].id);
    }
    index_.put(m.id, static_cast<std::uint32_t>(members_.size()));
    members_.push_back(m);
}

void Membership::remove(NodeId id) {
    const std::uint32_t* found = index_.find(id);
    if (!found) return;
    const std::uint32_t pos = *found;
    index_.erase(id);
    if (pos + 1 != members_.size()) {
        members_[pos] = members_.back();
        index_.put(members_[pos].id, pos);
    }
    members_.pop_back();
}

void Membership::expire(Time now) {
    for (std::size_t i = members_.size(); i-- > 0;)
        if (now - members_[i].last_heard > cfg_.entry_ttl) remove(members_[i].id);
}

const Member* Membership::find(NodeId id) const {
    const std::uint32_t* pos = index_.find(id);
    return pos ? &members_[*pos] : nullptr;
}

MemberEntry Membership::to_entry(const Member& m, Time now) const {
    const Duration age = std::max<Duration>(0, now - m.last_heard);
    return MemberEntry{m.id, m.address, m.site,
                       static_cast<std::uint32_t>(std::min<Duration>(age / kMillisecond, UINT32_MAX))};
}

std::vector<MemberEntry> Membership::sample(Rng& rng, std::size_t count, Time now,
                                            const std::vector<NodeId>& exclude) const {
    std::vector<MemberEntry> out;
    if (members_.empty() || count == 0) return out;
    const std::size_t n = members_.size();
    if (count * 4 < n) {
        // Small sample of a large view: draw indices, rejecting repeats (cheap, no scratch
        // array of the whole view). Bounded tries so a view full of excluded ids ends.
        std::vector<std::uint32_t> taken;
        taken.reserve(4 * count + 8);
        out.reserve(count);
        for (std::size_t tries = 0; out.size() < count && tries < 4 * count + 8; ++tries) {
            const auto i = static_cast<std::uint32_t>(rng.below(n));
            if (std::find(taken.begin(), taken.end(), i) != taken.end()) continue;
            taken.push_back(i);
            const Member& m = members_[i];
            if (std::find(exclude.begin(), exclude.end(), m.id) != exclude.end()) continue;
            out.push_back(to_entry(m, now));
        }
        return out;
    }
    // Partial Fisher-Yates over indices.
    out.reserve(std::min(count, n));
    std::vector<std::uint32_t> idx(n);
    for (std::uint32_t i = 0; i < n; ++i) idx[i] = i;
    for (std::size_t i = 0; i < n && out.size() < count; ++i) {
        const std::size_t j = i + rng.below(n - i);
        std::swap(idx[i], idx[j]);
        const Member& m = members_[idx[i]];
        if (std::find(exclude.begin(), exclude.end(), m.id) != exclude.end()) continue;
        out.push_back(to_entry(m, now));
    }
    return out;
}

std::optional<Member> Membership::random_member(Rng& rng) const {
    if (members_.empty()) return std::nullopt;
    return members_[rng.below(members_.size())];
}

}  // namespace gocast

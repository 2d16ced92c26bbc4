#include "overlay/probe.hpp"

#include <algorithm>

namespace gocast {

void RttEstimator::add(Duration sample) {
    if (sample < 1) sample = 1;
    if (samples_++ == 0) {
        value_ = sample;
        return;
    }
    value_ += (sample - value_) / (Duration{1} << shift_);
    if (value_ < 1) value_ = 1;
}

void CentralityEstimator::add(Duration rtt) {
    ring_.push_back(rtt);
    sum_ += rtt;
    while (ring_.size() > window_) {
        sum_ -= ring_.front();
        ring_.pop_front();
    }
}

double CentralityEstimator::mean() const {
    return ring_.empty() ? 0.0 : static_cast<double>(sum_) / static_cast<double>(ring_.size());
}

std::uint32_t PingTracker::start(NodeId target, PingPurpose purpose, Time now) {
    std::uint32_t nonce = next_nonce_++;
    if (next_nonce_ == 0) next_nonce_ = 1;
    const PendingPing p{target, purpose, now};
    // A nonce still outstanding after 2^32 pings is replaced, as a map would overwrite it.
    for (auto& o : pending_) {
        if (o.nonce == nonce) {
            o.ping = p;
            return nonce;
        }
    }
    pending_.push_back(Outstanding{nonce, p});
    return nonce;
}

std::optional<PendingPing> PingTracker::finish(std::uint32_t nonce, NodeId from) {
    auto it = std::find_if(pending_.begin(), pending_.end(),
                           [&](const Outstanding& o) { return o.nonce == nonce; });
    if (it == pending_.end() || it->ping.target != from) return std::nullopt;
    const PendingPing p = it->ping;
    pending_.erase(it);
    return p;
}

std::vector<PendingPing> PingTracker::expire(Time now, Duration timeout) {
    std::vector<PendingPing> out;
    std::erase_if(pending_, [&](const Outstanding& o) {
        if (now - o.ping.sent_at <= timeout) return false;
        out.push_back(o.ping);
        return true;
    });
    // Callers act on these in id order (then in the order sent).
    std::stable_sort(out.begin(), out.end(),
                     [](const PendingPing& a, const PendingPing& b) { return a.target < b.target; });
    return out;
}

bool PingTracker::outstanding_to(NodeId target) const {
    return std::any_of(pending_.begin(), pending_.end(),
                       [&](const Outstanding& o) { return o.ping.target == target; });
}

void RttCache::put(NodeId id, Duration rtt, Time) {
    if (id.value == 0) return;  // reserved: never a peer
    const std::pair<Duration, NodeId> item{rtt, id};
    if (Duration* old = rtt_of_.find(id)) {
        // A new sample for a known peer: move its entry to its new place in one shift of
        // the entries between, rather than closing its gap and opening another.
        const auto from = std::lower_bound(by_rtt_.begin(), by_rtt_.end(), std::pair{*old, id});
        const auto to = std::lower_bound(by_rtt_.begin(), by_rtt_.end(), item);
        if (to > from) {
            std::rotate(from, from + 1, to);
            *(to - 1) = item;
        } else {
            std::rotate(to, from, from + 1);
            *to = item;
        }
        *old = rtt;
        return;
    }
    if (by_rtt_.size() >= capacity_) {
        if (capacity_ == 0 || item >= by_rtt_.back()) return;
        rtt_of_.erase(by_rtt_.back().second);
        by_rtt_.pop_back();
    }
    by_rtt_.insert(std::lower_bound(by_rtt_.begin(), by_rtt_.end(), item), item);
    rtt_of_.put(id, rtt);
}

std::optional<Duration> RttCache::get(NodeId id) const {
    const Duration* rtt = rtt_of_.find(id);
    if (!rtt) return std::nullopt;
    return *rtt;
}

void RttCache::erase(NodeId id) {
    const Duration* rtt = rtt_of_.find(id);
    if (!rtt) return;
    const std::pair<Duration, NodeId> item{*rtt, id};
    rtt_of_.erase(id);
    auto pos = std::lower_bound(by_rtt_.begin(), by_rtt_.end(), item);
    if (pos != by_rtt_.end() && *pos == item) by_rtt_.erase(pos);
}

}  // namespace gocast

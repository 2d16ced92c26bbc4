#include "transport/hop/hop_nack.hpp"

namespace gocast {

void GapTracker::add(Time now, std::uint64_t seq) { gaps_.try_emplace(seq, Gap{now + cfg_.nack_delay, 0}); }

void GapTracker::forget_through(std::uint64_t seq) {
    gaps_.erase(gaps_.begin(), gaps_.upper_bound(seq));
}

std::vector<std::uint64_t> GapTracker::take_due(Time now, Duration retry, std::size_t max) {
    std::vector<std::uint64_t> out;
    for (auto& [seq, g] : gaps_) {
        if (out.size() >= max) break;
        if (g.due > now) continue;
        out.push_back(seq);
        ++g.nacks;
        g.due = now + retry;
    }
    return out;
}

bool GapTracker::exhausted(Time now) const {
    for (const auto& [seq, g] : gaps_)
        if (g.nacks >= cfg_.max_nacks && g.due <= now) return true;
    return false;
}

Time GapTracker::next_deadline() const {
    Time t = kNever;
    for (const auto& [seq, g] : gaps_) t = std::min(t, g.due);
    return t;
}

}  // namespace gocast

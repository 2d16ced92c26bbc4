#include "bench/hop/link_shaper.hpp"

#include <algorithm>

namespace gocast::bench {

bool LinkShaper::push(Time now, Bytes bytes) {
    const double wire = static_cast<double>(bytes.size() + spec_.wire_overhead);
    const double queued =
        static_cast<double>(std::max<Duration>(0, free_at_ - now)) * spec_.capacity / 1e6;
    if (queued + wire > static_cast<double>(spec_.buffer)) {
        ++stats_.dropped_full;
        return false;
    }
    free_at_ = std::max(now, free_at_) + static_cast<Duration>(wire * 1e6 / spec_.capacity);
    // A lost datagram has still used the link, as in the simulator's channel.
    if (spec_.loss > 0.0 && rng_.chance(spec_.loss)) {
        ++stats_.dropped_loss;
        return false;
    }
    ++stats_.passed;
    held_.push_back(Held{free_at_ + spec_.delay, std::move(bytes)});
    return true;
}

std::optional<Bytes> LinkShaper::pop_due(Time now) {
    if (held_.empty() || held_.front().due > now) return std::nullopt;
    Bytes out = std::move(held_.front().bytes);
    held_.pop_front();
    return out;
}

}  // namespace gocast::bench

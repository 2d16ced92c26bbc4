#include "dissemination/recent_log.hpp"

namespace gocast {

void RecentLog::record(ArrivalRecord r) {
    if (ring_.size() < capacity_) {
        ring_.push_back(std::move(r));
        return;
    }
    ring_[next_] = std::move(r);
    next_ = (next_ + 1) % capacity_;
}

std::vector<ArrivalRecord> RecentLog::records() const {
    std::vector<ArrivalRecord> out;
    out.reserve(ring_.size());
    for (std::size_t i = 0; i < ring_.size(); ++i) out.push_back(ring_[(next_ + i) % ring_.size()]);
    return out;
}

std::optional<ArrivalRecord> RecentLog::find(const MsgId& id) const {
    for (const auto& r : ring_)
        if (r.id == id) return r;
    return std::nullopt;
}

}  // namespace gocast

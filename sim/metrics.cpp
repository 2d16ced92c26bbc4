#include "sim/metrics.hpp"

namespace gocast::sim {

std::uint32_t Metrics::add_message(MsgId id, std::uint32_t origin, Time published,
                                   std::uint32_t live_at_publish) {
    MessageRecord m;
    m.seq = static_cast<std::uint32_t>(messages_.size());
    m.id = id;
    m.origin = origin;
    m.published = published;
    m.live_at_publish = live_at_publish;
    m.delivered_at.assign(peers_, false);
    index_.emplace(id, m.seq);
    messages_.push_back(std::move(m));
    return messages_.back().seq;
}

const MessageRecord* Metrics::find(const MsgId& id) const {
    const auto it = index_.find(id);
    return it == index_.end() ? nullptr : &messages_[it->second];
}

void Metrics::on_delivered(std::uint32_t peer, const Delivered& d, Time now, Duration direct) {
    const auto it = index_.find(d.message.id);
    if (it == index_.end()) {
        ++unknown_deliveries_;
        return;
    }
    MessageRecord& m = messages_[it->second];
    if (m.delivered_at[peer]) {
        ++duplicate_deliveries_;
        return;
    }
    m.delivered_at[peer] = true;
    if (peer == m.origin) {
        m.origin_delivered = true;
        return;
    }
    deliveries_.push_back(DeliveryRecord{m.seq, peer, now, direct, d.path, d.hops});
}

}  // namespace gocast::sim

#include "dissemination/store.hpp"

namespace gocast {

bool MessageStore::insert(Time now, std::shared_ptr<const Message> msg) {
    const MsgId id = msg->id;
    auto [entry, inserted] = entries_.try_emplace(id);
    if (!inserted || !entry) return false;
    payload_bytes_ += cost(*msg);
    ++payload_count_;
    *entry = Entry{now, std::move(msg)};
    by_age_.emplace_back(now, id);
    expire(now);
    return true;
}

std::shared_ptr<const Message> MessageStore::get(const MsgId& id) const {
    const Entry* e = entries_.find(id);
    return e ? e->message : nullptr;
}

std::vector<std::pair<MsgId, Time>> MessageStore::recent(Time since, std::size_t max) const {
    std::vector<std::pair<MsgId, Time>> out;
    for (std::size_t i = by_age_.size(); i > payload_cursor_ && out.size() < max; --i) {
        const auto& [t, id] = by_age_[i - 1];
        if (t < since) break;
        const Entry* e = entries_.find(id);
        if (e && e->message) out.emplace_back(id, t);
    }
    return out;
}

void MessageStore::release_payload(Entry& e) {
    if (!e.message) return;
    payload_bytes_ -= cost(*e.message);
    --payload_count_;
    e.message.reset();
}

void MessageStore::expire(Time now) {
    // Payloads: past `retain`, or over the byte bound (oldest first).
    while (payload_cursor_ < by_age_.size()) {
        const auto& [t, id] = by_age_[payload_cursor_];
        const bool too_old = now - t > cfg_.retain;
        const bool over = payload_bytes_ > cfg_.store_max_bytes;
        if (!too_old && !over) break;
        Entry* e = entries_.find(id);
        if (e && e->message) {
            if (!too_old) {
                ++evicted_;
                e->evicted_early = true;
            }
            release_payload(*e);
        }
        ++payload_cursor_;
    }
    // Ids: past `seen_ttl`, or over the count bound.
    while (!by_age_.empty()) {
        const auto& [t, id] = by_age_.front();
        const bool too_old = now - t > cfg_.seen_ttl;
        const bool over = entries_.size() > cfg_.store_max_messages;
        if (!too_old && !over) break;
        if (Entry* e = entries_.find(id)) {
            if (!too_old && !e->evicted_early) ++evicted_;
            release_payload(*e);
            entries_.erase(id);
        }
        by_age_.pop_front();
        if (payload_cursor_ > 0) --payload_cursor_;
    }
}

}  // namespace gocast

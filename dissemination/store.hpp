#pragma once
// Seen message ids and recent payloads (DESIGN: Gossip). Ids are remembered `seen_ttl` to
// suppress duplicates; payloads are kept `retain` so neighbours can pull them. Both are
// also bounded by count and bytes: past a bound the oldest payloads (then ids) go first.

#include <deque>
#include <memory>

#include "dissemination/message.hpp"
#include "peer/config.hpp"
#include "transport/flat_map.hpp"

namespace gocast {

class MessageStore {
public:
    explicit MessageStore(const DisseminationConfig& cfg) : cfg_(cfg) {}

    bool seen(const MsgId& id) const { return entries_.find(id) != nullptr; }
    // Records a first receipt; false if the id was already seen (nothing changes).
    bool insert(Time now, std::shared_ptr<const Message> msg);
    // The payload if still retained.
    std::shared_ptr<const Message> get(const MsgId& id) const;
    // Ids first received at or after `since` whose payload is still held, with their receipt
    // time, newest first, at most `max`.
    std::vector<std::pair<MsgId, Time>> recent(Time since, std::size_t max) const;
    void expire(Time now);

    std::size_t ids() const { return entries_.size(); }
    std::size_t payloads() const { return payload_count_; }
    std::uint64_t payload_bytes() const { return payload_bytes_; }
    // Messages that lost their payload or id to a count or byte bound before their time.
    std::uint64_t evicted() const { return evicted_; }

private:
    struct Entry {
        Time received = 0;
        std::shared_ptr<const Message> message;  // null once the payload is released
        bool evicted_early = false;               // counted once in evicted_
    };
    void release_payload(Entry& e);
    static std::uint64_t cost(const Message& m) { return m.payload.size() + m.topic.size() + 64; }

    struct MsgIdKeys {
        static bool is_empty(const MsgId& id) { return id.origin.value == 0; }  // no message has origin 0
        static std::uint64_t hash(const MsgId& id) {
            return (id.origin.value ^ (id.seq * 0xC2B2AE3D27D4EB4Full)) * 0x9E3779B97F4A7C15ull;
        }
    };
    DisseminationConfig cfg_;
    // Looked up for every summary id and data frame; never iterated (by_age_ keeps the order).
    FlatMap<MsgId, Entry, MsgIdKeys> entries_;
    std::deque<std::pair<Time, MsgId>> by_age_;  // receipt order
    std::size_t payload_cursor_ = 0;             // by_age_ index of the oldest retained payload
    std::size_t payload_count_ = 0;
    std::uint64_t payload_bytes_ = 0;
    std::uint64_t evicted_ = 0;
};

}  // namespace gocast

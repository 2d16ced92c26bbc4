#include "sim/event_queue.hpp"

#include <utility>

namespace gocast::sim {

EventQueue::EventQueue() : ring_(kBuckets) {}

void EventQueue::place(const SimEvent& e) {
    const std::uint64_t b = bucket_of(e.time);
    if (b <= cursor_) {
        current_.push(e);
    } else if (b < cursor_ + kBuckets) {
        ring_[b % kBuckets].push_back(e);
        ++in_ring_;
    } else {
        overflow_.push(e);
    }
}

std::uint64_t EventQueue::push(SimEvent e) {
    e.seq = next_seq_++;
    place(e);
    return e.seq;
}

std::uint64_t EventQueue::push_datagram(Time at, std::uint32_t to_peer, Endpoint from,
                                        Bytes bytes) {
    std::uint32_t slot;
    if (free_slots_.empty()) {
        slot = static_cast<std::uint32_t>(slab_.size());
        slab_.push_back(std::move(bytes));
    } else {
        slot = free_slots_.back();
        free_slots_.pop_back();
        slab_[slot] = std::move(bytes);
    }
    SimEvent e;
    e.time = at;
    e.kind = EventKind::datagram;
    e.peer = to_peer;
    e.aux = from.ip;
    e.aux16 = from.port;
    e.arg = slot;
    return push(e);
}

void EventQueue::pull_overflow() {
    while (!overflow_.empty() && bucket_of(overflow_.top().time) < cursor_ + kBuckets) {
        place(overflow_.pop());
    }
}

void EventQueue::advance() {
    // current_ is empty: every remaining event is in a later bucket.
    while (current_.empty()) {
        if (in_ring_ == 0) {
            // Nothing within reach: jump straight to the earliest overflow bucket.
            cursor_ = bucket_of(overflow_.top().time);
            pull_overflow();  // that bucket goes to current_, the next ones to the ring
            continue;
        }
        ++cursor_;
        pull_overflow();
        std::vector<SimEvent>& bucket = ring_[cursor_ % kBuckets];
        if (bucket.empty()) continue;
        in_ring_ -= bucket.size();
        current_.assign_swap(bucket);
        if (bucket.capacity() > kKeptCapacity) std::vector<SimEvent>().swap(bucket);
    }
}

Bytes EventQueue::take_payload(std::uint32_t slot) {
    Bytes out = std::move(slab_[slot]);
    slab_[slot] = Bytes{};  // a moved-from vector is valid but unspecified; make it empty
    free_slots_.push_back(slot);
    return out;
}

}  // namespace gocast::sim

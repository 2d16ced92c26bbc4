#include "sim/event_queue.hpp"

#include <utility>

namespace gocast::sim {

std::uint64_t EventQueue::push(SimEvent e) {
    e.seq = next_seq_++;
    heap_.push_back(e);
    sift_up(heap_.size() - 1);
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

SimEvent EventQueue::pop() {
    const SimEvent top = heap_.front();
    heap_.front() = heap_.back();
    heap_.pop_back();
    if (!heap_.empty()) sift_down(0);
    return top;
}

Bytes EventQueue::take_payload(std::uint32_t slot) {
    Bytes out = std::move(slab_[slot]);
    slab_[slot] = Bytes{};  // a moved-from vector is valid but unspecified; make it empty
    free_slots_.push_back(slot);
    return out;
}

// Hand-written sifts rather than std::push_heap/pop_heap: the hole technique moves each
// entry once per level instead of swapping it, and the heap is 4-ary (see the header).
void EventQueue::sift_up(std::size_t i) {
    const SimEvent moving = heap_[i];
    while (i > 0) {
        const std::size_t parent = (i - 1) / kArity;
        if (!later(heap_[parent], moving)) break;
        heap_[i] = heap_[parent];
        i = parent;
    }
    heap_[i] = moving;
}

void EventQueue::sift_down(std::size_t i) {
    const std::size_t n = heap_.size();
    const SimEvent moving = heap_[i];
    for (;;) {
        const std::size_t first = kArity * i + 1;
        if (first >= n) break;
        // The earliest of up to four children.
        std::size_t best = first;
        const std::size_t last = first + kArity < n ? first + kArity : n;
        for (std::size_t c = first + 1; c < last; ++c) {
            if (later(heap_[best], heap_[c])) best = c;
        }
        if (!later(moving, heap_[best])) break;
        heap_[i] = heap_[best];
        i = best;
    }
    heap_[i] = moving;
}

}  // namespace gocast::sim

#pragma once
// A 4-ary min-heap of SimEvents on (time, seq), the building block of EventQueue.
//
// 4-ary: half the levels of a binary heap, and the four children of a node lie in two
// adjacent cache lines. Hand-written sifts (the hole technique) move each entry once per
// level instead of swapping it.

#include <cstdint>
#include <utility>
#include <vector>

#include "transport/types.hpp"

namespace gocast::sim {

enum class EventKind : std::uint8_t {
    start_peer = 0,  // peer: who starts now (seeds chosen at that moment)
    datagram = 1,    // peer: receiver; aux: sender endpoint ip; arg: payload slot
    timer = 2,       // peer: whose timer; arg: generation it was scheduled with
    publish = 3,     // scenario publication (next one is chained from the handler)
    kill = 4,        // scenario failure of a fraction of live peers
    sample = 5,      // periodic metrics sample (next one is chained from the handler)
};

struct SimEvent {
    Time time = 0;
    std::uint64_t seq = 0;  // assigned by the queue; breaks ties between equal times
    std::uint32_t arg = 0;  // 32 bits keep the entry at 32 bytes, two per cache line
    std::uint32_t peer = 0;
    std::uint32_t aux = 0;
    std::uint16_t aux16 = 0;  // datagram: sender endpoint port
    EventKind kind = EventKind::sample;
};
static_assert(sizeof(SimEvent) <= 32, "keep heap entries small: they are moved on every sift");

class EventHeap {
public:
    bool empty() const { return items_.empty(); }
    std::size_t size() const { return items_.size(); }
    const SimEvent& top() const { return items_.front(); }

    void push(const SimEvent& e) {
        items_.push_back(e);
        sift_up(items_.size() - 1);
    }
    SimEvent pop() {
        const SimEvent top = items_.front();
        items_.front() = items_.back();
        items_.pop_back();
        if (!items_.empty()) sift_down(0);
        return top;
    }
    // Replaces an empty heap by `events` in any order (heapified in linear time); `events`
    // gets the old storage back (empty), so a small one is reused without allocating.
    void assign_swap(std::vector<SimEvent>& events) {
        items_.swap(events);
        events.clear();
        for (std::size_t i = items_.size() / kArity + 1; i-- > 0;) {
            if (i < items_.size()) sift_down(i);
        }
    }

    // (time, seq) compared as one 128-bit key: branch-free, same order as comparing time
    // then seq (flipping the sign bit maps signed time onto unsigned order).
    static unsigned __int128 key(const SimEvent& e) {
        const std::uint64_t t = static_cast<std::uint64_t>(e.time) ^ (std::uint64_t{1} << 63);
        return (static_cast<unsigned __int128>(t) << 64) | e.seq;
    }
    static bool later(const SimEvent& a, const SimEvent& b) { return key(a) > key(b); }

private:
    static constexpr std::size_t kArity = 4;

    void sift_up(std::size_t i) {
        const SimEvent moving = items_[i];
        while (i > 0) {
            const std::size_t parent = (i - 1) / kArity;
            if (!later(items_[parent], moving)) break;
            items_[i] = items_[parent];
            i = parent;
        }
        items_[i] = moving;
    }
    void sift_down(std::size_t i) {
        const std::size_t n = items_.size();
        const SimEvent moving = items_[i];
        for (;;) {
            const std::size_t first = kArity * i + 1;
            if (first >= n) break;
            std::size_t best = first;  // the earliest of up to four children
            const std::size_t last = first + kArity < n ? first + kArity : n;
            for (std::size_t c = first + 1; c < last; ++c) {
                if (later(items_[best], items_[c])) best = c;
            }
            if (!later(moving, items_[best])) break;
            items_[i] = items_[best];
            i = best;
        }
        items_[i] = moving;
    }

    std::vector<SimEvent> items_;
};

}  // namespace gocast::sim

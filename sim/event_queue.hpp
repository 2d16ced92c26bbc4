#pragma once
// The simulator's engine: a priority queue of small plain events ordered by (time, insertion
// sequence). Two events at the same microsecond run in the order they were scheduled, which
// is what makes a run a pure function of its seed.
//
// Layout (a calendar queue): time is cut into buckets of about a millisecond. Events of
// the current bucket (and any earlier time) sit in a small heap; events of the next
// kBuckets - 1 buckets are appended, unsorted, to one vector per bucket (a ring); later ones
// wait in an overflow heap and move into the ring as it advances. When the small heap
// runs dry the next non-empty bucket is heapified into it. Appends are sequential writes and
// the small heap (about a millisecond of events) stays in cache, where one heap over every
// pending event (10^5 at 32,768 peers) missed the cache on most levels of every sift. The
// order is exactly the (time, seq) order of a single heap: a bucket holds a disjoint,
// later time range than everything before it.
//
// Why the datagram bytes live outside the events: events are moved on every sift, so they
// are kept at 32 bytes; a datagram's bytes are moved once into a slab slot and the event
// only carries the slot index. Slots are recycled through a free list, so a long run does
// not grow the slab beyond the peak number of datagrams in flight.

#include <cstdint>
#include <vector>

#include "sim/event_heap.hpp"
#include "transport/types.hpp"

namespace gocast::sim {

class EventQueue {
  public:
    EventQueue();

    // Schedules `e` (its seq is overwritten) and returns the sequence number it got. Any
    // time is accepted, even one before events already popped (it then runs next).
    std::uint64_t push(SimEvent e);
    // Moves `bytes` into a slab slot and schedules a datagram event referring to it.
    std::uint64_t push_datagram(Time at, std::uint32_t to_peer, Endpoint from, Bytes bytes);

    bool empty() const { return size() == 0; }
    std::size_t size() const { return current_.size() + in_ring_ + overflow_.size(); }
    // Time of the earliest event; only valid when !empty().
    Time top_time() {
        settle();
        return current_.top().time;
    }
    // Removes and returns the earliest event; only valid when !empty(). For a datagram the
    // caller must then call take_payload(event.arg) exactly once (or release_payload) to
    // free the slot.
    SimEvent pop() {
        settle();
        return current_.pop();
    }

    Bytes take_payload(std::uint32_t slot);
    void release_payload(std::uint32_t slot) { (void)take_payload(slot); }

    std::uint64_t scheduled_total() const { return next_seq_; }
    std::size_t payloads_in_flight() const { return slab_.size() - free_slots_.size(); }

  private:
    // 1.024 ms buckets and a ring of 2,048 of them (2.1 s): datagrams and nearly all timers
    // (a peer has one pending, its earliest deadline) land in the ring; the few events
    // scheduled further ahead use the overflow heap. A bucket keeps the storage it gets
    // back only up to kKeptCapacity events, so the ring's idle capacity stays bounded
    // (2,048 x 128 x 32 bytes = 8 MiB at most).
    static constexpr int kBucketShift = 10;
    static constexpr std::uint64_t kBuckets = 2048;
    static constexpr std::size_t kKeptCapacity = 128;
    static std::uint64_t bucket_of(Time t) {
        return t <= 0 ? 0 : static_cast<std::uint64_t>(t) >> kBucketShift;
    }
    // Makes current_ hold the earliest event, advancing the ring as needed (!empty()).
    void settle() {
        if (current_.empty()) advance();
    }
    void advance();
    // Moves overflow events that came within the ring's reach into it.
    void pull_overflow();
    void place(const SimEvent& e);

    EventHeap current_;              // buckets <= cursor_
    std::uint64_t cursor_ = 0;       // bucket of current_
    std::vector<std::vector<SimEvent>> ring_;  // bucket b at b % kBuckets, cursor_ < b < cursor_ + kBuckets
    std::size_t in_ring_ = 0;
    EventHeap overflow_;             // buckets >= cursor_ + kBuckets
    std::uint64_t next_seq_ = 0;
    std::vector<Bytes> slab_;
    std::vector<std::uint32_t> free_slots_;
};

}  // namespace gocast::sim

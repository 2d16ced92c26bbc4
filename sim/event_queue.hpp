#pragma once
// The simulator's engine: a priority queue of small plain events ordered by (time, insertion
// sequence). Two events at the same microsecond run in the order they were scheduled, which
// is what makes a run a pure function of its seed.
//
// Why the datagram bytes live outside the heap: heap entries are moved on every sift, so they
// are kept at 32 bytes (two per cache line); a datagram's bytes are moved once into a slab
// slot and the event only carries the slot index. Slots are recycled through a free list, so
// a long run does not grow the slab beyond the peak number of datagrams in flight.
//
// The heap is 4-ary: half the levels of a binary heap, and the four children of a node lie
// in two adjacent cache lines, so a sift touches far fewer lines once the queue outgrows the
// cache (32,768 peers keep about 10^5 events pending).

#include <cstdint>
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
    std::uint32_t arg = 0;  // 32 bits keep the entry at 32 bytes (see the file comment)
    std::uint32_t peer = 0;
    std::uint32_t aux = 0;
    std::uint16_t aux16 = 0;  // datagram: sender endpoint port
    EventKind kind = EventKind::sample;
};
static_assert(sizeof(SimEvent) <= 32, "keep heap entries small: they are moved on every sift");

class EventQueue {
  public:
    // Schedules `e` (its seq is overwritten) and returns the sequence number it got.
    std::uint64_t push(SimEvent e);
    // Moves `bytes` into a slab slot and schedules a datagram event referring to it.
    std::uint64_t push_datagram(Time at, std::uint32_t to_peer, Endpoint from, Bytes bytes);

    bool empty() const { return heap_.empty(); }
    std::size_t size() const { return heap_.size(); }
    // Time of the earliest event; only valid when !empty().
    Time top_time() const { return heap_.front().time; }
    // Removes and returns the earliest event. For a datagram the caller must then call
    // take_payload(event.arg) exactly once (or release_payload) to free the slot.
    SimEvent pop();

    Bytes take_payload(std::uint32_t slot);
    void release_payload(std::uint32_t slot) { (void)take_payload(slot); }

    std::uint64_t scheduled_total() const { return next_seq_; }
    std::size_t payloads_in_flight() const { return slab_.size() - free_slots_.size(); }

  private:
    // (time, seq) compared as one 128-bit key: branch-free, same order as comparing time
    // then seq (flipping the sign bit maps signed time onto unsigned order).
    static unsigned __int128 key(const SimEvent& e) {
        const std::uint64_t t = static_cast<std::uint64_t>(e.time) ^ (std::uint64_t{1} << 63);
        return (static_cast<unsigned __int128>(t) << 64) | e.seq;
    }
    static bool later(const SimEvent& a, const SimEvent& b) { return key(a) > key(b); }
    void sift_up(std::size_t i);
    void sift_down(std::size_t i);

    static constexpr std::size_t kArity = 4;
    std::vector<SimEvent> heap_;  // 4-ary min-heap on (time, seq)
    std::uint64_t next_seq_ = 0;
    std::vector<Bytes> slab_;
    std::vector<std::uint32_t> free_slots_;
};

}  // namespace gocast::sim

#pragma once
// Sender-side emulation of one direction of a link for real processes on one machine
// (there is no tc/netem here): each datagram waits for the link to be free (capacity,
// bytes per second), then for the propagation delay; a drop-tail buffer bounds what
// waits, and a seeded coin drops datagrams at random. The same channel model as
// LinkWorld's, so real and simulated runs are comparable. No sockets or clocks: the caller
// pushes datagrams with the current time and pops the ones that are due.

#include <cstdint>
#include <deque>
#include <optional>

#include "transport/rng.hpp"
#include "transport/types.hpp"

namespace gocast::bench {

struct ShaperSpec {
    Duration delay = 10 * kMillisecond;  // one-way propagation
    double capacity = 1.25e6;            // bytes per second
    std::size_t buffer = 64 * 1024;      // drop-tail, bytes waiting for the link
    double loss = 0.0;                   // independent random loss, [0, 1)
    std::size_t wire_overhead = 0;       // header bytes each datagram also pays
};

struct ShaperStats {
    std::uint64_t passed = 0;
    std::uint64_t dropped_loss = 0;
    std::uint64_t dropped_full = 0;
};

class LinkShaper {
  public:
    LinkShaper(const ShaperSpec& spec, std::uint64_t seed) : spec_(spec), rng_(seed) {}

    // Takes one datagram; false when it is dropped (full buffer or random loss).
    bool push(Time now, Bytes bytes);
    // The next datagram whose time has come, in push order.
    std::optional<Bytes> pop_due(Time now);
    // When the next held datagram is due; kNever when none is held.
    Time next_due() const { return held_.empty() ? kNever : held_.front().due; }
    const ShaperStats& stats() const { return stats_; }

  private:
    struct Held {
        Time due;
        Bytes bytes;
    };
    ShaperSpec spec_;
    Rng rng_;
    Time free_at_ = 0;       // when the link finishes serialising what it holds
    std::deque<Held> held_;  // due times never decrease: FIFO link, constant delay
    ShaperStats stats_;
};

}  // namespace gocast::bench

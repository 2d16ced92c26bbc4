#pragma once
// The receiving half of a Hop link: which of the neighbour's segments arrived, hand-up of
// every new segment at once (no waiting for earlier ones), the gaps to NACK, and when to
// acknowledge. The window is bounded: a segment more than `window_segments` beyond the
// cumulative ack is dropped and counted, so a peer cannot make us track unbounded state.

#include <cstdint>
#include <deque>
#include <vector>

#include "transport/hop/hop_frames.hpp"
#include "transport/hop/hop_nack.hpp"
#include "transport/hop/neighbor_link.hpp"
#include "transport/hop/reassembly.hpp"

namespace gocast {

// Sequence bookkeeping shared by the Hop and TCP-like receivers: cumulative ack, highest
// arrival, and a bitmap of arrivals above the cumulative ack.
class ReceiveWindow {
public:
    explicit ReceiveWindow(std::uint32_t window) : window_(window) {}

    enum class Verdict : std::uint8_t { fresh, duplicate, out_of_window };
    Verdict classify(std::uint64_t seq) const;
    // Records an arrival classified fresh; returns true when seq is the new highest.
    bool mark(Time now, std::uint64_t seq);
    // The sender no longer holds anything below `low`: move the cumulative ack up to low - 1.
    void skip_below(std::uint64_t low);
    void reset(std::uint64_t cum);
    bool received(std::uint64_t seq) const;

    std::uint64_t cum() const { return cum_; }
    std::uint64_t high() const { return high_; }
    Time high_at() const { return high_at_; }
    std::uint64_t limit() const { return cum_ + window_; }

private:
    void advance();
    std::uint32_t window_;
    std::uint64_t cum_ = 0;
    std::uint64_t high_ = 0;
    Time high_at_ = 0;
    std::deque<std::uint8_t> bits_;  // bits_[i]: seq cum_ + 1 + i arrived
};

class HopReceiver {
public:
    explicit HopReceiver(const HopConfig& cfg) : cfg_(cfg), win_(cfg.window_segments), gaps_(cfg), parts_(cfg) {}

    // A new session of the neighbour: forget everything about the old one.
    void reset();
    // Everything a link frame says to the receiving half; complete frame runs go to `runs`.
    void on_frame(Time now, const LinkFrameView& f, std::vector<Bytes>& runs, LinkStats& stats);

    // Ack fields for the next frame we send.
    void fill_ack(Time now, LinkHeader& h) const;
    bool ack_due(Time now) const { return ack_pending_ && ack_due_ <= now; }
    void on_ack_sent();

    std::vector<std::uint64_t> take_nacks(Time now, Duration retry, std::size_t max) {
        return gaps_.take_due(now, retry, max);
    }
    bool exhausted(Time now) const { return gaps_.exhausted(now); }
    // Some gap is due for a NACK now.
    bool nacks_due(Time now) const { return gaps_.size() != 0 && gaps_.next_deadline() <= now; }
    void expire(Time now) { parts_.expire(now); }
    Time next_deadline() const;

    const ReceiveWindow& window() const { return win_; }
    std::size_t gaps() const { return gaps_.size(); }

private:
    void on_segment(Time now, const SegmentView& s, std::vector<Bytes>& runs, LinkStats& stats);
    void learn_high(Time now, std::uint64_t seq);
    // An ack goes out by now + within at the latest (earlier if other traffic leaves first).
    void want_ack(Time now, Duration within);

    HopConfig cfg_;
    bool fresh_ = true;
    ReceiveWindow win_;
    std::uint64_t known_high_ = 0;  // highest seq known to exist (arrived or announced)
    GapTracker gaps_;
    Reassembly parts_;
    bool ack_pending_ = false;
    Time ack_due_ = kNever;
    std::uint32_t unacked_ = 0;
};

}  // namespace gocast

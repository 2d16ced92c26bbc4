#pragma once
// The sending half of a Hop link: the send queue, the retransmit buffer (every segment sent
// and not yet cumulatively acknowledged), retransmissions asked for by NACKs, tail-loss
// probes, and the RTT estimate. NACKs are checked against what was actually sent: a NACK for
// a sequence number never sent is counted and ignored, one for a segment already
// acknowledged is stale and ignored.

#include <cstdint>
#include <deque>
#include <optional>
#include <span>
#include <utility>
#include <vector>

#include "transport/hop/hop_frames.hpp"
#include "transport/hop/neighbor_link.hpp"
#include "transport/hop/rate_regulator.hpp"
#include "transport/hop/send_queue.hpp"

namespace gocast {

// Smoothed RTT as in RFC 6298 (gains 1/8 and 1/4).
class RttEstimate {
public:
    explicit RttEstimate(Duration initial) : srtt_(initial), var_(initial / 2) {}
    void sample(Duration rtt);
    Duration srtt() const { return srtt_; }
    Duration var() const { return var_; }
    bool measured() const { return measured_; }

private:
    Duration srtt_;
    Duration var_;
    bool measured_ = false;
};

class HopSender {
public:
    explicit HopSender(const HopConfig& cfg) : cfg_(cfg), queue_(cfg), rtt_(cfg.initial_rtt) {}

    Admit push(FrameType type, std::span<const std::byte> body, bool lazy = false) {
        return queue_.push(type, body, lazy);
    }

    // Ack fields of a frame from the neighbour (only for our current session).
    void on_ack(Time now, const LinkHeader& h, RateRegulator& reg, LinkStats& stats);
    void on_nacks(Time now, std::span<const std::uint64_t> nacks, RateRegulator& reg, LinkStats& stats);

    bool has_work() const;
    // Appends to `out` the segments that fit in `budget` bytes: retransmissions first, then
    // new segments. Bodies stay valid until the next call that changes the buffer. Returns
    // the number of new segments.
    std::size_t fill(Time now, std::size_t budget, std::vector<SegmentOut>& out, LinkStats& stats);

    void on_timeout(Time now);
    Time next_deadline() const;
    bool exhausted() const { return probes_unanswered_ > cfg_.max_nacks; }

    void fill_header(LinkHeader& h) const {
        h.send_low = acked_ + 1;
        h.sent_high = next_seq_ - 1;
    }
    const RttEstimate& rtt() const { return rtt_; }
    // The smallest RTT sample since the last call, if any (then forgotten).
    std::optional<Duration> take_min_rtt_sample() {
        if (min_sample_ == kNever) return std::nullopt;
        return std::exchange(min_sample_, kNever);
    }
    std::size_t in_flight() const { return inflight_.size(); }
    std::size_t queued_bytes() const { return queue_.bytes(); }

private:
    struct Sent {
        SegmentKind kind = SegmentKind::frames;
        Bytes body;
        Time sent_at = 0;
        Time last_sent = 0;
        bool retransmitted = false;
        bool queued = false;   // waiting in retx_
        bool nacked = false;   // reported missing at least once
    };
    Sent* find(std::uint64_t seq);
    // Waits for an ack before probing: longer while every unacknowledged segment is lazy.
    Duration probe_interval() const;
    void queue_retransmit(std::uint64_t seq, Sent& s);

    HopConfig cfg_;
    SendQueue queue_;
    std::deque<Sent> inflight_;   // seqs acked_ + 1 .. next_seq_ - 1
    std::uint64_t acked_ = 0;
    std::uint64_t next_seq_ = 1;
    std::deque<std::uint64_t> retx_;
    RttEstimate rtt_;
    Duration min_sample_ = kNever;  // since the last take_min_rtt_sample()
    Time next_probe_ = kNever;
    std::size_t prompt_inflight_ = 0;  // unacknowledged segments that are not lazy_frames
    std::uint32_t probes_unanswered_ = 0;
};

}  // namespace gocast

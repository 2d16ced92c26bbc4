#pragma once
// Pacing of one link's sending (docs/PROTOCOL.md "Hop links: rate regulator").
//
// A token bucket paces datagrams at `rate` bytes per second, `burst_bytes` deep. The rate
// changes once per epoch (max(srtt, epoch_min)):
//   - congestion signal: the smallest RTT sample of the epoch is above the link's minimum
//     RTT by more than queue_delay_target (a queue builds at the bottleneck), or more than
//     loss_tolerance of the segments sent in the epoch were reported missing:
//     rate = max(min_rate, rate * decrease_factor);
//   - otherwise, if the sender had data held back by the pacer during the epoch:
//     rate = min(max_rate, rate * (1 + increase_gain));
//   - otherwise (application-limited) the rate stays.
// Random loss below the tolerance is repaired by NACKs and does not slow the link: on a lossy
// wide-area path, loss is mostly not congestion, and AFDP's per-NACK back-off (+10 ms per
// NACK, -1 ms per packet) settles where loss is ~9% whatever the capacity.

#include <cstdint>

#include "transport/hop/hop_config.hpp"

namespace gocast {

class RateRegulator {
public:
    explicit RateRegulator(const HopConfig& cfg);

    // Refills the bucket to `now`; true when a datagram may leave now.
    bool can_send(Time now);
    // The bucket pays for a datagram that left (it may go into debt by one datagram).
    void on_sent(Time now, std::size_t bytes, bool carries_new_segment);
    // When can_send() becomes true again, if the bucket is in debt.
    Time next_send_time() const;
    // The sender had segments ready but can_send() said no.
    void note_limited() { limited_ = true; }

    void on_rtt_sample(Time now, Duration rtt);
    void on_missing(std::uint64_t segments) { epoch_missing_ += segments; }
    // Ends the epoch when due and applies the law above.
    void tick(Time now, Duration srtt);

    double rate() const { return rate_; }
    Duration min_rtt() const { return min_rtt_; }
    std::uint64_t decreases() const { return decreases_; }

private:
    HopConfig cfg_;
    double rate_;
    double tokens_;
    Time refilled_at_ = 0;
    bool started_ = false;

    Time epoch_start_ = 0;
    std::uint64_t epoch_sent_ = 0;
    std::uint64_t epoch_missing_ = 0;
    Duration epoch_min_rtt_ = kNever;
    bool limited_ = false;

    Duration min_rtt_ = kNever;
    Time min_rtt_at_ = 0;
    std::uint64_t decreases_ = 0;
};

}  // namespace gocast

#include "transport/hop/rate_regulator.hpp"

#include <algorithm>
#include <cmath>

namespace gocast {

namespace {
// An epoch with fewer new segments says nothing reliable about the loss rate.
constexpr std::uint64_t kMinSegmentsForLossSignal = 8;
}  // namespace

RateRegulator::RateRegulator(const HopConfig& cfg)
    : cfg_(cfg), rate_(cfg.initial_rate), tokens_(static_cast<double>(cfg.burst_bytes)) {}

bool RateRegulator::can_send(Time now) {
    if (!started_) {
        started_ = true;
        refilled_at_ = now;
        epoch_start_ = now;
    }
    if (now > refilled_at_) {
        tokens_ = std::min(static_cast<double>(cfg_.burst_bytes),
                           tokens_ + rate_ * static_cast<double>(now - refilled_at_) / 1e6);
        refilled_at_ = now;
    }
    return tokens_ > 0.0;
}

void RateRegulator::on_sent(Time now, std::size_t bytes, bool carries_new_segment) {
    can_send(now);
    tokens_ -= static_cast<double>(bytes);
    if (carries_new_segment) ++epoch_sent_;
}

Time RateRegulator::next_send_time() const {
    if (tokens_ > 0.0) return refilled_at_;
    // Whole microseconds, rounded up, and at least one past the refill instant.
    const double wait_us = std::ceil((-tokens_ + 1.0) * 1e6 / rate_);
    return refilled_at_ + std::max<Duration>(1, static_cast<Duration>(wait_us));
}

void RateRegulator::on_rtt_sample(Time now, Duration rtt) {
    if (rtt <= 0) rtt = 1;
    epoch_min_rtt_ = std::min(epoch_min_rtt_, rtt);
    if (rtt <= min_rtt_ || now - min_rtt_at_ > cfg_.min_rtt_window) {
        min_rtt_ = rtt;
        min_rtt_at_ = now;
    }
}

void RateRegulator::tick(Time now, Duration srtt) {
    if (!started_ || now - epoch_start_ < std::max(srtt, cfg_.epoch_min)) return;
    const bool queue_building =
        epoch_min_rtt_ != kNever && min_rtt_ != kNever && epoch_min_rtt_ > min_rtt_ + cfg_.queue_delay_target;
    const bool heavy_loss = epoch_sent_ >= kMinSegmentsForLossSignal &&
                            static_cast<double>(epoch_missing_) >
                                cfg_.loss_tolerance * static_cast<double>(epoch_sent_);
    if (queue_building || heavy_loss) {
        rate_ = std::max(cfg_.min_rate, rate_ * cfg_.decrease_factor);
        ++decreases_;
    } else if (limited_) {
        rate_ = std::min(cfg_.max_rate, rate_ * (1.0 + cfg_.increase_gain));
    }
    epoch_start_ = now;
    epoch_sent_ = 0;
    epoch_missing_ = 0;
    epoch_min_rtt_ = kNever;
    limited_ = false;
}

}  // namespace gocast

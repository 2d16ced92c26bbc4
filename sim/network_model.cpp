#include "sim/network_model.hpp"

#include <cmath>

namespace gocast::sim {

Endpoint endpoint_of(std::uint32_t peer) {
    return Endpoint{kBaseIp + peer, kSimPort};
}

std::optional<std::uint32_t> peer_of(Endpoint ep, std::size_t peers) {
    if (ep.port != kSimPort || ep.ip < kBaseIp) return std::nullopt;
    const std::uint64_t index = ep.ip - kBaseIp;
    if (index >= peers) return std::nullopt;
    return static_cast<std::uint32_t>(index);
}

NetworkModel::NetworkModel(const std::vector<datasets::LatencyMatrix>& slices,
                           const datasets::Placement& placement, Duration slice_period, double loss,
                           double jitter, std::uint64_t rng_seed)
    : slices_(slices),
      placement_(placement),
      slice_period_(slice_period > 0 ? slice_period : 1),
      loss_(loss),
      jitter_(jitter),
      rng_(rng_seed),
      running_(placement.host_of_peer.size(), 0) {}

std::size_t NetworkModel::slice_at(Time t) const {
    if (slices_.size() <= 1 || t <= 0) return 0;
    return static_cast<std::size_t>(t / slice_period_) % slices_.size();
}

Duration NetworkModel::base_delay(std::uint32_t a, std::uint32_t b, Time at) const {
    // RTT in ms -> one-way in us: * 1000 / 2.
    const datasets::LatencyMatrix& m = slices_[slice_at(at)];
    return static_cast<Duration>(std::llround(placement_.rtt(m, a, b) * 500.0));
}

double NetworkModel::base_delay_ms(std::uint32_t a, std::uint32_t b, Time at) const {
    return static_cast<double>(base_delay(a, b, at)) / static_cast<double>(kMillisecond);
}

std::optional<Time> NetworkModel::route(std::uint32_t from, std::uint32_t to, Time now) {
    ++counters_.datagrams_sent;
    if (loss_ > 0.0 && rng_.chance(loss_)) {
        ++counters_.dropped_loss;
        return std::nullopt;
    }
    Duration delay = base_delay(from, to, now);
    if (jitter_ > 0.0 && delay > 0) {
        const auto extra_max = static_cast<std::int64_t>(jitter_ * static_cast<double>(delay));
        delay += rng_.between(0, extra_max);
    }
    return now + delay;
}

bool NetworkModel::arrive(std::uint32_t to, std::size_t bytes) {
    if (!running(to)) {
        ++counters_.dropped_dead;
        return false;
    }
    ++counters_.datagrams_delivered;
    counters_.bytes_delivered += bytes;
    return true;
}

}  // namespace gocast::sim

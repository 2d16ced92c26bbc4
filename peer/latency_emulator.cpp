#include "peer/latency_emulator.hpp"

#include <cmath>
#include <stdexcept>
#include <string>

namespace gocast {

namespace {

// Half an RTT in ms as integer microseconds.
Duration half_rtt(double rtt_ms) { return static_cast<Duration>(std::llround(rtt_ms * 500.0)); }

}  // namespace

LatencyEmulator::LatencyEmulator(datasets::LatencyMatrix m, EmulationSettings settings)
    : matrix_(std::move(m)), settings_(settings), rng_(settings.seed) {
    if (matrix_.n == 0) throw std::invalid_argument("latency emulation: empty matrix");
    if (settings_.self_host >= matrix_.n) {
        throw std::invalid_argument("latency emulation: host " +
                                    std::to_string(settings_.self_host) + " not in a matrix of " +
                                    std::to_string(matrix_.n) + " hosts");
    }
    if (!(settings_.loss >= 0.0 && settings_.loss < 1.0)) {
        throw std::invalid_argument("latency emulation: loss must be in [0, 1)");
    }
}

std::uint32_t LatencyEmulator::host_of(const Endpoint& to) const {
    // Ports below the base wrap around, so any port maps to some host.
    const std::int64_t offset = std::int64_t{to.port} - std::int64_t{settings_.base_port};
    const auto n = static_cast<std::int64_t>(matrix_.n);
    return static_cast<std::uint32_t>(((offset % n) + n) % n);
}

Duration LatencyEmulator::one_way_delay(const Endpoint& to) const {
    const std::uint32_t h = host_of(to);
    if (h == settings_.self_host) return half_rtt(settings_.intra_host_rtt_ms);
    return half_rtt(matrix_.rtt(settings_.self_host, h));
}

void LatencyEmulator::push(Time now, Transmit t) {
    if (settings_.loss > 0.0 && rng_.chance(settings_.loss)) {
        ++dropped_;
        return;
    }
    ++delayed_;
    const Time due = now + one_way_delay(t.to);
    queue_.push(Held{due, next_order_++, std::move(t)});
}

std::optional<Transmit> LatencyEmulator::pop_due(Time now) {
    if (queue_.empty() || queue_.top().due > now) return std::nullopt;
    // priority_queue::top is const; the element is removed right after, so moving the
    // payload out through a const_cast is safe and saves a copy per datagram.
    Transmit t = std::move(const_cast<Held&>(queue_.top()).transmit);
    queue_.pop();
    return t;
}

std::optional<Time> LatencyEmulator::next_due() const {
    if (queue_.empty()) return std::nullopt;
    return queue_.top().due;
}

}  // namespace gocast

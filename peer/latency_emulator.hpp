#pragma once
// User-space WAN emulation for real peers on one machine (there is no tc/netem here).
// Every outgoing datagram is held for half the dataset RTT between this peer's host and
// the receiver's host, or dropped with the configured probability. The receiver's host is
// read from its UDP port: a local cluster puts peer i on port base_port + i and on host
// i mod hosts, which is what gocast-sim's "sequential" placement does too, so a real
// cluster and a simulation of it see the same latencies.
//
// No sockets or clocks: the host pushes datagrams with the current time and pops those
// that are due; next_due() tells it when to wake up.

#include <cstdint>
#include <optional>
#include <queue>
#include <vector>

#include "datasets/latency_matrix.hpp"
#include "peer/node_types.hpp"
#include "transport/rng.hpp"
#include "transport/types.hpp"

namespace gocast {

struct EmulationSettings {
    std::uint32_t self_host = 0;   // this peer's row in the matrix
    std::uint16_t base_port = 0;   // UDP port of the peer on host 0
    double loss = 0.0;             // probability that one datagram is dropped, [0, 1)
    double intra_host_rtt_ms = 0.2;  // two peers on one host (same as the simulator's sites)
    std::uint64_t seed = 1;        // loss decisions
};

class LatencyEmulator {
public:
    // m.n must be > 0 and settings.self_host < m.n (checked by the caller's validation;
    // violated preconditions throw std::invalid_argument).
    LatencyEmulator(datasets::LatencyMatrix m, EmulationSettings settings);

    std::uint32_t host_of(const Endpoint& to) const;
    Duration one_way_delay(const Endpoint& to) const;

    // Queues `t` to leave at now + one_way_delay(t.to), or drops it (counted).
    void push(Time now, Transmit t);
    // The earliest queued datagram whose time has come, in due order (FIFO among equals).
    std::optional<Transmit> pop_due(Time now);
    std::optional<Time> next_due() const;

    std::uint64_t dropped() const { return dropped_; }
    std::uint64_t delayed() const { return delayed_; }
    std::size_t queued() const { return queue_.size(); }
    std::size_t hosts() const { return matrix_.n; }

private:
    struct Held {
        Time due;
        std::uint64_t order;
        Transmit transmit;
    };
    struct Later {
        bool operator()(const Held& a, const Held& b) const {
            return a.due != b.due ? a.due > b.due : a.order > b.order;
        }
    };

    datasets::LatencyMatrix matrix_;
    EmulationSettings settings_;
    Rng rng_;
    std::priority_queue<Held, std::vector<Held>, Later> queue_;
    std::uint64_t next_order_ = 0;
    std::uint64_t dropped_ = 0;
    std::uint64_t delayed_ = 0;
};

}  // namespace gocast

#pragma once
// The simulated network (STYLE rule 11: faults live here, not in protocol code). It maps
// virtual endpoints to peers, gives each datagram a delivery time from the dataset, and
// applies loss, jitter and kills.
//
// Delay contract: the base one-way delay from peer a to peer b at time t is
// Placement::rtt(slice(t), a, b) / 2 rounded to whole microseconds, where slice(t) is the
// latency matrix in force at t (a single matrix unless time slices are replayed). A datagram
// takes the delay in force when it is sent. Jitter adds a uniform extra in
// [0, jitter * base]; it can reorder datagrams, as a real network does.

#include <cstdint>
#include <optional>
#include <vector>

#include "datasets/latency_matrix.hpp"
#include "datasets/placement.hpp"
#include "transport/rng.hpp"
#include "transport/types.hpp"

namespace gocast::sim {

// Virtual addresses: peer i is 127.0.0.(i+1) and up, port 7000. Nothing is ever sent.
constexpr std::uint32_t kBaseIp = (127u << 24) + 1;
constexpr std::uint16_t kSimPort = 7000;
Endpoint endpoint_of(std::uint32_t peer);
// The peer behind `ep` when it is one of the `peers` simulated endpoints.
std::optional<std::uint32_t> peer_of(Endpoint ep, std::size_t peers);

struct NetworkCounters {
    std::uint64_t datagrams_sent = 0;       // handed to the network by live peers
    std::uint64_t datagrams_delivered = 0;  // reached a live, running peer
    std::uint64_t bytes_delivered = 0;
    std::uint64_t dropped_loss = 0;     // random loss
    std::uint64_t dropped_dead = 0;     // receiver killed or not started yet
    std::uint64_t dropped_unknown = 0;  // destination is no simulated endpoint
};

class NetworkModel {
  public:
    // `slices` (at least one, all of the same size) and `placement` must outlive the model;
    // slice k holds during [k * slice_period, (k + 1) * slice_period), cycling. `rng_seed`
    // seeds the loss/jitter generator only, so changing loss does not change other random
    // choices of the run.
    NetworkModel(const std::vector<datasets::LatencyMatrix>& slices,
                 const datasets::Placement& placement, Duration slice_period, double loss,
                 double jitter, std::uint64_t rng_seed);

    std::size_t peers() const { return running_.size(); }
    std::size_t slice_at(Time t) const;

    // True one-way latency a -> b at time `at`, without jitter, in microseconds.
    Duration base_delay(std::uint32_t a, std::uint32_t b, Time at) const;
    // Base delay in milliseconds, for reports.
    double base_delay_ms(std::uint32_t a, std::uint32_t b, Time at) const;

    // Decides the fate of one datagram sent now: its delivery time, or nothing when lost.
    // Draws from the network generator only when loss or jitter is enabled.
    std::optional<Time> route(std::uint32_t from, std::uint32_t to, Time now);
    // Accounts for a datagram addressed to no simulated endpoint (it is dropped).
    void drop_unknown() {
        ++counters_.datagrams_sent;
        ++counters_.dropped_unknown;
    }
    // Accounts for a datagram that reached its receiver's time slot: delivered when the
    // receiver runs, dropped otherwise. Returns whether the receiver gets it.
    bool arrive(std::uint32_t to, std::size_t bytes);

    // A peer receives only while running: started and not killed.
    void set_running(std::uint32_t peer, bool running) { running_[peer] = running; }
    bool running(std::uint32_t peer) const { return running_[peer] != 0; }

    NetworkCounters& counters() { return counters_; }
    const NetworkCounters& counters() const { return counters_; }

  private:
    const std::vector<datasets::LatencyMatrix>& slices_;
    const datasets::Placement& placement_;
    Duration slice_period_;
    double loss_;
    double jitter_;
    Rng rng_;
    std::vector<std::uint8_t> running_;
    NetworkCounters counters_;
};

}  // namespace gocast::sim

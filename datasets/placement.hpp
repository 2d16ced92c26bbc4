#pragma once
// Maps simulated peers onto dataset hosts. With more peers than hosts several peers share
// a host; a host stands for a site (one LAN) and peers on it see a small intra-site RTT.

#include <cstdint>
#include <vector>

#include "datasets/latency_matrix.hpp"

namespace gocast::datasets {

struct Placement {
    std::vector<std::uint32_t> host_of_peer;  // size = peers
    double intra_site_rtt_ms = 0.2;
    // RTT between two peers: intra-site value when they share a host, else the matrix entry.
    double rtt(const LatencyMatrix& m, std::size_t a, std::size_t b) const;
};

// peers <= hosts: distinct hosts drawn without replacement (all hosts in order when equal).
// peers > hosts: every host gets floor or ceil(peers / hosts) peers, assignment shuffled.
Placement place_peers(std::size_t peers, std::size_t hosts, std::uint64_t seed,
                      double intra_site_rtt_ms = 0.2);

// Peer i on host i mod hosts: how gocast-cluster places real peers under emulated latency
// (peer/latency_emulator), so a simulation can reproduce a real cluster's latencies.
Placement place_peers_sequential(std::size_t peers, std::size_t hosts,
                                 double intra_site_rtt_ms = 0.2);

}  // namespace gocast::datasets

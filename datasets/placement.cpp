// Peer-to-host mapping for the simulator (placement.hpp). Uses gocast::Rng only, so the
// mapping is a pure function of (peers, hosts, seed).

#include "datasets/placement.hpp"

#include <cmath>
#include <cstdint>
#include <limits>
#include <numeric>
#include <stdexcept>
#include <string>
#include <utility>

#include "transport/rng.hpp"

namespace gocast::datasets {

namespace {

// Fisher-Yates over the first `count` positions: afterwards v[0..count) is a uniform
// random selection (in random order) of the elements of v.
void partial_shuffle(std::vector<std::uint32_t>& v, std::size_t count, Rng& rng) {
    for (std::size_t i = 0; i < count && i + 1 < v.size(); ++i) {
        const std::size_t j = i + rng.below(v.size() - i);
        std::swap(v[i], v[j]);
    }
}

}  // namespace

double Placement::rtt(const LatencyMatrix& m, std::size_t a, std::size_t b) const {
    if (a == b) return 0.0;
    const std::uint32_t ha = host_of_peer.at(a);
    const std::uint32_t hb = host_of_peer.at(b);
    if (ha == hb) return intra_site_rtt_ms;
    return m.rtt(ha, hb);
}

Placement place_peers(std::size_t peers, std::size_t hosts, std::uint64_t seed,
                      double intra_site_rtt_ms) {
    if (peers > 0 && hosts == 0) throw std::invalid_argument("place_peers: no hosts");
    if (hosts > std::numeric_limits<std::uint32_t>::max()) {
        throw std::invalid_argument("place_peers: host index does not fit 32 bits");
    }
    if (!std::isfinite(intra_site_rtt_ms) || intra_site_rtt_ms < 0) {
        throw std::invalid_argument("place_peers: intra_site_rtt_ms must be finite and >= 0");
    }
    Placement p;
    p.intra_site_rtt_ms = intra_site_rtt_ms;
    if (peers == 0) return p;

    std::vector<std::uint32_t> all_hosts(hosts);
    std::iota(all_hosts.begin(), all_hosts.end(), std::uint32_t{0});
    Rng rng(seed);
    if (peers == hosts) {
        p.host_of_peer = std::move(all_hosts);
        return p;
    }
    if (peers < hosts) {
        partial_shuffle(all_hosts, peers, rng);
        all_hosts.resize(peers);
        p.host_of_peer = std::move(all_hosts);
        return p;
    }
    // peers > hosts: every host gets floor(peers / hosts) peers; a random set of
    // peers % hosts hosts gets one more. Then the order of peers is shuffled so that peer
    // numbering says nothing about location.
    const std::size_t base = peers / hosts;
    const std::size_t extra = peers % hosts;
    partial_shuffle(all_hosts, extra, rng);
    p.host_of_peer.reserve(peers);
    for (std::size_t h = 0; h < hosts; ++h) {
        p.host_of_peer.insert(p.host_of_peer.end(), base, static_cast<std::uint32_t>(h));
    }
    for (std::size_t e = 0; e < extra; ++e) p.host_of_peer.push_back(all_hosts[e]);
    partial_shuffle(p.host_of_peer, p.host_of_peer.size(), rng);
    return p;
}

Placement place_peers_sequential(std::size_t peers, std::size_t hosts, double intra_site_rtt_ms) {
    Placement p = place_peers(0, hosts, 0, intra_site_rtt_ms);  // same argument checks
    if (peers > 0 && hosts == 0) throw std::invalid_argument("place_peers: no hosts");
    p.host_of_peer.resize(peers);
    for (std::size_t i = 0; i < peers; ++i) {
        p.host_of_peer[i] = static_cast<std::uint32_t>(i % hosts);
    }
    return p;
}

}  // namespace gocast::datasets

// Where a node's neighbour RTTs come from: the link's own acknowledgements when it carries
// traffic, pings when it is idle or takes no samples.
#include <doctest/doctest.h>

#include "tests/proto/mini_net.hpp"

using namespace gocast;
using gocast::testing::count_frames_sent;
using gocast::testing::MiniNet;
using gocast::testing::two_clusters;
using gocast::testing::tree_spans;

namespace {
// Only neighbour pings: no candidate probes, and a centrality window that fills at once
// and is never refreshed by pings of its own.
Config neighbor_pings_only(LinkTransport transport) {
    Config c = Config::wan();
    c.links.transport = transport;
    c.links.c_near = 3;
    c.links.c_rand = 1;
    c.probe.candidate_probe_interval = 3600 * kSecond;
    c.probe.centrality_window = 4;
    c.tree.min_centrality_samples = 2;
    c.probe.centrality_refresh_interval = 3600 * kSecond;
    REQUIRE(c.validate().empty());
    return c;
}

// Runs 60 s, publishing `rate` messages a second from rotating nodes; returns node 0's
// pings in that time and checks every measured neighbour RTT against the true one.
std::uint64_t pings_in_a_minute(LinkTransport transport, int rate, std::size_t& degree) {
    MiniNet net(8, neighbor_pings_only(transport), two_clusters);
    std::uint64_t pings = 0;
    count_frames_sent(net, 0, FrameType::ping, &pings);
    net.start_all();
    net.run_for(30 * kSecond);
    REQUIRE(tree_spans(net));
    const std::size_t links_before = net.node(0).snapshot().neighbors.size();
    pings = 0;
    for (int s = 0; s < 60; ++s) {
        for (int k = 0; k < rate; ++k) {
            net.publish(static_cast<std::size_t>(s * rate + k) % net.size());
            net.run_for(kSecond / rate);
        }
        if (rate == 0) net.run_for(kSecond);
    }
    const Snapshot s = net.node(0).snapshot();
    degree = s.neighbors.size();
    CHECK(degree == links_before);  // the same links all along: no link-up pings counted
    for (const NeighborInfo& n : s.neighbors) {
        const std::size_t peer = static_cast<std::size_t>(n.id.value - 1000);
        const Duration truth = 2 * two_clusters(0, peer);
        INFO("neighbour " << peer << ": " << n.rtt << " us, true " << truth << " us");
        CHECK(n.rtt == doctest::Approx(static_cast<double>(truth)).epsilon(0.02));
    }
    return pings;
}
}  // namespace

TEST_CASE("proto: a Hop link carrying traffic measures its neighbour; the node stops pinging it") {
    // Neighbour pings go every 5 s: 12 rounds in the minute. Pinging every neighbour
    // costs degree x 12 pings; with Hop links carrying messages and summaries, the acks
    // measured every link, and only one nearby neighbour a round is pinged for its nearby
    // suggestions.
    std::size_t degree = 0;
    const std::uint64_t busy = pings_in_a_minute(LinkTransport::hop, 2, degree);
    INFO("Hop links with traffic: " << busy << " pings in 60 s, degree " << degree);
    CHECK(degree >= 3);
    CHECK(busy >= 11);
    CHECK(busy <= 14);
}

TEST_CASE("proto: without link samples every neighbour is pinged each round") {
    // 12 rounds of 5 s +-10% jitter in the minute: 11 to 14 pings per neighbour.
    std::size_t degree = 0;
    const std::uint64_t datagram = pings_in_a_minute(LinkTransport::datagram, 2, degree);
    INFO("datagram links: " << datagram << " pings in 60 s, degree " << degree);
    CHECK(degree >= 3);
    CHECK(datagram >= 11 * degree);
    CHECK(datagram <= 14 * degree);
    // Idle Hop links carry unsequenced beacons and, now and then, a sequenced one that
    // proves the link still works: links measured that way are not pinged, the others are,
    // and every neighbour's RTT stays right either way (checked in pings_in_a_minute).
    const std::uint64_t idle = pings_in_a_minute(LinkTransport::hop, 0, degree);
    INFO("idle Hop links: " << idle << " pings in 60 s, degree " << degree);
    CHECK(idle >= 11);
    CHECK(idle <= 14 * degree);
}

// Who hears a node's tree beacons: children and neighbours without a route every
// sequence, everyone every beacon_refresh sequences, and quiet neighbours a heartbeat, so
// links stay up and the tree stays whole with a fraction of the beacons.
#include <doctest/doctest.h>

#include <variant>

#include "tests/proto/mini_net.hpp"
#include "transport/packet.hpp"

using namespace gocast;
using gocast::testing::MiniNet;
using gocast::testing::two_clusters;
using gocast::testing::tree_spans;

namespace {

struct QuietMinute {
    std::uint64_t beacons = 0;
    std::size_t neighbor_timeouts = 0;
    bool spans = false;
};

// Twelve peers, settled for 40 s, then a minute without publications. On plain datagrams
// every beacon is a frame of its own, countable on the wire.
QuietMinute quiet_minute(std::uint32_t beacon_refresh, LinkTransport transport = LinkTransport::datagram) {
    Config c = Config::wan();
    c.links.transport = transport;
    c.links.c_near = 3;
    c.links.c_rand = 1;
    c.tree.beacon_refresh = beacon_refresh;
    REQUIRE(c.validate().empty());
    MiniNet net(12, c, two_clusters);
    QuietMinute out;
    net.drop_if = [&out](std::size_t, std::size_t, const Bytes& b) {
        const DecodeResult d = decode_packet(b);
        if (d.packet)
            for_each_frame(*d.packet, [&](const FrameView& f) {
                if (f.type == static_cast<std::uint8_t>(FrameType::beacon)) ++out.beacons;
            });
        return false;
    };
    net.start_all();
    net.run_for(40 * kSecond);
    REQUIRE(tree_spans(net));
    out.beacons = 0;
    for (std::size_t i = 0; i < net.size(); ++i) net.events(i).clear();
    net.run_for(60 * kSecond);
    for (std::size_t i = 0; i < net.size(); ++i)
        for (const Event& e : net.events(i))
            if (const auto* down = std::get_if<NeighborDown>(&e);
                down && (down->reason == DownReason::timeout || down->reason == DownReason::link_failed))
                ++out.neighbor_timeouts;
    out.spans = tree_spans(net);
    return out;
}

}  // namespace

TEST_CASE("proto: between refreshes beacons go down the tree only, and quiet links still hear a heartbeat") {
    const QuietMinute every = quiet_minute(1);
    const QuietMinute thinned = quiet_minute(4);
    INFO("beacons in a quiet minute: " << every.beacons << " (refresh 1), " << thinned.beacons << " (refresh 4)");
    CHECK(every.spans);
    CHECK(thinned.spans);
    // Nobody timed out a neighbour or failed a link: heartbeats filled the gaps between
    // refreshes.
    CHECK(every.neighbor_timeouts == 0);
    CHECK(thinned.neighbor_timeouts == 0);
    // Every second all links (refresh 1) against the tree links plus a beacon every 2-4 s
    // on the others.
    CHECK(thinned.beacons < every.beacons * 3 / 4);
    CHECK(thinned.beacons > every.beacons / 4);

    // On Hop links, where a beacon travels unacknowledged, the same.
    const QuietMinute hop = quiet_minute(4, LinkTransport::hop);
    CHECK(hop.spans);
    CHECK(hop.neighbor_timeouts == 0);
}

TEST_CASE("proto: the children of a killed interior node rejoin the tree within a few beacons") {
    Config c = Config::for_tests();  // beacons every 300 ms, neighbours time out after 2 s
    c.links.c_near = 3;
    c.links.c_rand = 1;
    MiniNet net(16, c, two_clusters);
    net.start_all();
    net.run_for(30 * kSecond);
    REQUIRE(tree_spans(net));
    // The node with the most children that is not the root.
    std::size_t victim = net.size();
    std::size_t most = 0;
    for (std::size_t i = 0; i < net.size(); ++i) {
        const Snapshot s = net.node(i).snapshot();
        if (s.root == s.id) continue;
        std::size_t children = 0;
        for (std::size_t j = 0; j < net.size(); ++j)
            if (net.node(j).snapshot().parent == s.id) ++children;
        if (children > most) {
            most = children;
            victim = i;
        }
    }
    REQUIRE(victim < net.size());
    REQUIRE(most >= 1);
    net.kill(victim);
    // Found dead after neighbor_timeout (2 s) at a maintenance tick (200 ms); then the
    // orphans take an answer or the next sequence (300 ms).
    net.run_for(3500 * kMillisecond);
    CHECK(tree_spans(net));
    const MsgId id = net.publish((victim + 1) % net.size());
    net.run_for(2 * kSecond);
    for (std::size_t i = 0; i < net.size(); ++i)
        if (net.alive(i)) CHECK(net.deliveries(i, id) == 1);
}

// Nodes over neighbour links (transport/hop): every link transport delivers exactly once
// under loss, Hop repairs losses locally, and a failed Hop link makes the overlay drop the
// neighbour.
#include <doctest/doctest.h>

#include "tests/proto/mini_net.hpp"
#include "overlay/links.hpp"
#include "overlay/overlay_frames.hpp"
#include "peer/node.hpp"
#include "transport/hop/hop_frames.hpp"
#include "transport/packet.hpp"

using namespace gocast;
using gocast::testing::MiniNet;
using gocast::testing::two_clusters;
using gocast::testing::tree_spans;

namespace {
Config with_links(LinkTransport t) {
    Config c = Config::for_tests();
    c.links.c_near = 3;
    c.links.c_rand = 1;
    c.links.transport = t;
    return c;
}
}  // namespace

TEST_CASE("proto: every link transport delivers exactly once with 10% loss") {
    for (const LinkTransport t : {LinkTransport::hop, LinkTransport::tcp, LinkTransport::datagram}) {
        CAPTURE(to_string(t));
        MiniNet net(8, with_links(t), two_clusters);
        net.start_all();
        net.run_for(15 * kSecond);
        net.drop_probability = 0.1;
        std::vector<MsgId> ids;
        for (int k = 0; k < 20; ++k) {
            ids.push_back(net.publish(static_cast<std::size_t>(k) % 8));
            net.run_for(100 * kMillisecond);
        }
        net.run_for(10 * kSecond);
        for (std::size_t i = 0; i < 8; ++i)
            for (const MsgId& id : ids) CHECK(net.deliveries(i, id) == 1);
        Counters total;
        for (std::size_t i = 0; i < 8; ++i) {
            const Counters c = net.node(i).snapshot().counters;
            total.link_datagrams_sent += c.link_datagrams_sent;
            total.link_retransmits += c.link_retransmits;
        }
        if (t == LinkTransport::datagram) {
            CHECK(total.link_datagrams_sent == 0);
        } else {
            CHECK(total.link_datagrams_sent > 0);
            CHECK(total.link_retransmits > 0);  // losses were repaired on the link
        }
    }
}

TEST_CASE("proto: a Hop link whose acks never come back fails and the neighbour is dropped") {
    MiniNet net(3, with_links(LinkTransport::hop), two_clusters);
    net.start_all();
    net.run_for(10 * kSecond);
    REQUIRE(tree_spans(net));
    const NodeId id1 = net.node(1).id();
    const auto linked = [&] {
        for (const auto& n : net.node(0).snapshot().neighbors)
            if (n.id == id1) return true;
        return false;
    };
    REQUIRE(linked());
    // Node 1 still pings node 0 (plain datagrams keep it alive), but none of its Hop link
    // frames (acks, NACKs, data) reach node 0 any more.
    net.drop_if = [](std::size_t from, std::size_t to, const Bytes& b) {
        return from == 1 && to == 0 && b.size() > kPacketHeaderBytes &&
               b[kPacketHeaderBytes] == static_cast<std::byte>(FrameType::hop_link);
    };
    // Node 1's sequenced beacons never reach node 0, so nothing acknowledges them: node 1's
    // probes go unanswered and it fails the link and closes it. Node 0 may get there first:
    // its own sequenced beacon (one per hop.liveness_interval at the latest) is never acked
    // either. Either way the pair is unlinked while the cut lasts.
    bool unlinked_seen = false;
    for (int i = 0; i < 20 && !unlinked_seen; ++i) {
        net.run_for(kSecond);
        unlinked_seen = !linked();
    }
    CHECK(unlinked_seen);
    const auto failures = net.node(0).snapshot().counters.link_failures + net.node(1).snapshot().counters.link_failures;
    CHECK(failures >= 1);
    bool down = false;
    for (const Event& e : net.events(0))
        if (const auto* d = std::get_if<NeighborDown>(&e); d && d->id == id1 &&
                                                          (d->reason == DownReason::link_failed || d->reason == DownReason::dropped))
            down = true;
    CHECK(down);
}

TEST_CASE("proto: link frames from a peer that is not a neighbour are answered by link_close(not_linked), once per interval") {
    const Config cfg = with_links(LinkTransport::hop);
    Node node(cfg, NodeId{7}, 1);
    node.handle_start(0, {});
    while (node.poll_transmit()) {
    }
    // A Hop link frame from peer 99, as a peer with a half-open link to us would send it.
    LinkHeader h;
    h.session = 5;
    h.send_low = 1;
    h.sent_high = 1;
    Bytes run;
    append_frame(run, FrameType::beacon, Bytes(8, std::byte{1}));
    const SegmentOut seg[] = {{1, SegmentKind::frames, run}};
    Bytes packet;
    write_packet_header(packet, NodeId{99});
    append_frame(packet, FrameType::hop_link, encode_link_frame(h, {}, seg));
    const Endpoint from{0x7f000001, 4099};

    const auto closes_to_sender = [&] {
        int n = 0;
        while (auto t = node.poll_transmit()) {
            if (!(t->to == from)) continue;
            const auto view = decode_packet(t->bytes).packet;
            REQUIRE(view.has_value());
            for_each_frame(*view, [&](const FrameView& f) {
                if (f.type != static_cast<std::uint8_t>(FrameType::link_close)) return;
                const auto c = decode_link_close(f.body);
                REQUIRE(c);
                CHECK(c->reason == static_cast<std::uint8_t>(CloseReason::not_linked));
                ++n;
            });
        }
        return n;
    };
    node.handle_datagram(kMillisecond, from, packet);
    CHECK(closes_to_sender() == 1);
    node.handle_datagram(2 * kMillisecond, from, packet);  // within the interval: no answer
    CHECK(closes_to_sender() == 0);
    node.handle_datagram(kMillisecond + cfg.links.not_linked_notice_interval, from, packet);
    CHECK(closes_to_sender() == 1);
    CHECK(node.snapshot().counters.dropped_not_neighbor == 3);
}

// overlay/links: degree control driven directly with frames and an Outbox. The frames a
// Links object sends are decoded back from the Outbox to check the handshake: accept and
// reject thresholds, the hard cap with requests outstanding, drop consent, neighbour
// timeout, candidate choice in maintain(), and crossing requests.

#include "overlay/links.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <vector>

#include "overlay/membership.hpp"
#include "overlay/overlay_frames.hpp"
#include "overlay/probe.hpp"
#include "tests/unit/sent_frames.hpp"
#include "transport/outbox.hpp"
#include "transport/rng.hpp"

using namespace gocast;
using gocast::unit::drain;
using gocast::unit::of_type;
using gocast::unit::SentFrame;

namespace {

Endpoint addr(NodeId id) {
    return Endpoint{static_cast<std::uint32_t>(0x0a000000 + id.value), 7000};
}

LinkConfig degrees(std::uint32_t c_near, std::uint32_t c_rand) {
    LinkConfig c;
    c.c_near = c_near;
    c.c_rand = c_rand;
    return c;
}

// One node's Links with everything maintain() needs.
struct Side {
    Side(NodeId self, const LinkConfig& cfg)
        : self(self),
          links(cfg, ProbeConfig{}, self),
          out(self, 65000),
          view(MembershipConfig{}, self) {}

    void request_from(Time now, NodeId from, LinkKindWire kind, std::uint32_t rtt_us = 0) {
        links.on_request(now, from, addr(from), LinkRequestFrame{kind, false, rtt_us}, out);
    }
    void know(NodeId id, Time now, Duration rtt = 0) {
        view.heard_from(id, addr(id), 0, now);
        if (rtt > 0) rtts.put(id, rtt, now);
    }
    void maintain(Time now, const std::vector<NodeId>& keep = {}) {
        links.maintain(now, rng, view, rtts, keep, out);
    }

    NodeId self;
    Links links;
    Outbox out;
    Membership view;
    RttCache rtts{64};
    Rng rng{1};
};

NodeId to_node(const Endpoint& ep) {
    return NodeId{ep.ip - 0x0a000000};
}

LinkAnswerFrame answer(const SentFrame& f) {
    const auto a = decode_link_answer(f.body);
    REQUIRE(a.has_value());
    return *a;
}

LinkCloseFrame close_body(const SentFrame& f) {
    const auto c = decode_link_close(f.body);
    REQUIRE(c.has_value());
    return *c;
}

LinkRequestFrame request_body(const SentFrame& f) {
    const auto r = decode_link_request(f.body);
    REQUIRE(r.has_value());
    return *r;
}

// Hands one frame sent by `from` to `to`, as the node's frame dispatch would.
void deliver(Side& to, const Side& from, Time now, const SentFrame& f) {
    switch (f.type) {
        case FrameType::link_request:
            to.links.on_request(now, from.self, addr(from.self), request_body(f), to.out);
            break;
        case FrameType::link_accept:
            to.links.on_accept(now, from.self, addr(from.self), answer(f), to.out);
            break;
        case FrameType::link_reject:
            to.links.on_reject(now, from.self, answer(f));
            break;
        case FrameType::link_close:
            to.links.on_close(now, from.self, close_body(f));
            break;
        case FrameType::drop_request:
            to.links.on_drop_request(now, from.self, close_body(f), to.out);
            break;
        case FrameType::drop_refuse:
            to.links.on_drop_refuse(now, from.self, close_body(f));
            break;
        default:
            FAIL("unexpected frame type " << static_cast<int>(f.type));
    }
}

}  // namespace

TEST_CASE("unit: links: requests are accepted up to target+1 per kind and rejected above") {
    // c_near 2, c_rand 1: hard cap 5.
    Side s(NodeId{100}, degrees(2, 1));
    const Time t = kSecond;
    CHECK(s.links.hard_cap() == 5);
    struct Step {
        std::uint64_t from;
        LinkKindWire kind;
        FrameType expect;
        std::uint8_t near_after, rand_after;
    };
    const std::vector<Step> steps = {
        {1, LinkKindWire::nearby, FrameType::link_accept, 1, 0},
        {2, LinkKindWire::nearby, FrameType::link_accept, 2, 0},
        {3, LinkKindWire::nearby, FrameType::link_accept, 3, 0},  // degree 2 <= target: ok
        {4, LinkKindWire::nearby, FrameType::link_reject, 3, 0},  // degree 3 > target
        {5, LinkKindWire::random, FrameType::link_accept, 3, 1},
        {6, LinkKindWire::random, FrameType::link_accept, 3, 2},  // total reaches the cap
        {7, LinkKindWire::random, FrameType::link_reject, 3, 2},
        {8, LinkKindWire::nearby, FrameType::link_reject, 3, 2},
    };
    for (const Step& st : steps) {
        CAPTURE(st.from);
        s.request_from(t, NodeId{st.from}, st.kind);
        const auto sent = drain(s.out);
        REQUIRE(sent.size() == 1);
        CHECK(sent[0].type == st.expect);
        CHECK(sent[0].to == addr(NodeId{st.from}));
        const LinkAnswerFrame a = answer(sent[0]);
        CHECK(a.kind == st.kind);
        CHECK(a.near_degree == st.near_after);
        CHECK(a.rand_degree == st.rand_after);
        CHECK(s.links.near_degree() == st.near_after);
        CHECK(s.links.rand_degree() == st.rand_after);
    }
    CHECK(s.links.neighbors().size() == s.links.hard_cap());
    const auto changes = s.links.take_changes();
    REQUIRE(changes.size() == 5);
    CHECK(changes[0].id == NodeId{1});
    CHECK(changes[0].up);
    CHECK(changes[0].kind == LinkKind::nearby);
    CHECK(changes[4].id == NodeId{6});
    CHECK(changes[4].kind == LinkKind::random);
    CHECK(s.links.take_changes().empty());
}

TEST_CASE("unit: links: a repeated request from a neighbour is confirmed with its kind") {
    Side s(NodeId{100}, degrees(2, 1));
    s.request_from(kSecond, NodeId{1}, LinkKindWire::random);
    drain(s.out);
    s.links.take_changes();
    // Our accept was lost; the peer asks again, even under the other kind.
    s.request_from(2 * kSecond, NodeId{1}, LinkKindWire::nearby);
    const auto sent = drain(s.out);
    REQUIRE(sent.size() == 1);
    CHECK(sent[0].type == FrameType::link_accept);
    CHECK(answer(sent[0]).kind == LinkKindWire::random);
    CHECK(s.links.neighbors().size() == 1);
    CHECK(s.links.take_changes().empty());
}

TEST_CASE("unit: links: the hard cap holds with our own requests outstanding") {
    Side s(NodeId{100}, degrees(2, 1));
    const Time t = kSecond;
    for (std::uint64_t i = 1; i <= 6; ++i)
        s.know(NodeId{i}, t, static_cast<Duration>(i) * 10 * kMillisecond);
    // Two rounds of maintenance: one random and two nearby requests outstanding.
    s.maintain(t);
    s.maintain(t + 10 * kMillisecond);
    s.maintain(t + 20 * kMillisecond);  // enough requests for the targets: nothing new
    const auto requests = of_type(drain(s.out), FrameType::link_request);
    REQUIRE(requests.size() == 3);
    int random = 0;
    for (const auto& r : requests) random += request_body(r).kind == LinkKindWire::random;
    CHECK(random == 1);

    // Incoming requests fill only the room the outstanding ones leave: 5 - 3 = 2.
    const Time t2 = t + 25 * kMillisecond;
    s.request_from(t2, NodeId{50}, LinkKindWire::nearby);
    s.request_from(t2, NodeId{51}, LinkKindWire::nearby);
    s.request_from(t2, NodeId{52}, LinkKindWire::nearby);  // near 2 <= target, but no room
    s.request_from(t2, NodeId{53}, LinkKindWire::random);
    const auto answers = drain(s.out);
    REQUIRE(answers.size() == 4);
    CHECK(answers[0].type == FrameType::link_accept);
    CHECK(answers[1].type == FrameType::link_accept);
    CHECK(answers[2].type == FrameType::link_reject);
    CHECK(answers[3].type == FrameType::link_reject);

    // All outstanding requests are accepted: exactly the cap, never more.
    for (const auto& r : requests) {
        const NodeId id = to_node(r.to);
        const LinkKindWire kind = request_body(r).kind;
        s.links.on_accept(t + 30 * kMillisecond, id, addr(id), LinkAnswerFrame{kind, 2, 1}, s.out);
        CHECK(s.links.neighbors().size() <= s.links.hard_cap());
    }
    CHECK(s.links.neighbors().size() == s.links.hard_cap());
    CHECK(drain(s.out).empty());

    // A late accept beyond the cap is undone at once.
    s.links.on_accept(t + 40 * kMillisecond, NodeId{60}, addr(NodeId{60}),
                      LinkAnswerFrame{LinkKindWire::nearby, 2, 1}, s.out);
    CHECK(s.links.neighbors().size() == s.links.hard_cap());
    CHECK(s.links.find(NodeId{60}) == nullptr);
    const auto closes = drain(s.out);
    REQUIRE(closes.size() == 1);
    CHECK(closes[0].type == FrameType::link_close);
    CHECK(closes[0].to == addr(NodeId{60}));
    CHECK(close_body(closes[0]).reason == static_cast<std::uint8_t>(CloseReason::over_cap));

    // And further requests are refused.
    s.request_from(t + 50 * kMillisecond, NodeId{61}, LinkKindWire::nearby);
    const auto last = drain(s.out);
    REQUIRE(last.size() == 1);
    CHECK(last[0].type == FrameType::link_reject);
    CHECK(s.links.neighbors().size() == s.links.hard_cap());
}

TEST_CASE("unit: links: drop_request is granted only from a surplus of that kind") {
    Side s(NodeId{100}, degrees(2, 1));
    const Time t = kSecond;
    for (std::uint64_t i : {1, 2, 3}) s.request_from(t, NodeId{i}, LinkKindWire::nearby);
    s.request_from(t, NodeId{5}, LinkKindWire::random);
    drain(s.out);
    s.links.take_changes();
    REQUIRE(s.links.near_degree() == 3);
    REQUIRE(s.links.rand_degree() == 1);

    // Random degree is at target: refuse, and say what our degrees are.
    s.links.on_drop_request(t, NodeId{5}, LinkCloseFrame{0, 3, 2}, s.out);
    auto sent = drain(s.out);
    REQUIRE(sent.size() == 1);
    CHECK(sent[0].type == FrameType::drop_refuse);
    CHECK(sent[0].to == addr(NodeId{5}));
    CHECK(close_body(sent[0]).near_degree == 3);
    CHECK(close_body(sent[0]).rand_degree == 1);
    CHECK(s.links.find(NodeId{5}) != nullptr);

    // Nearby degree has a surplus: grant, closing the link.
    s.links.on_drop_request(t, NodeId{2}, LinkCloseFrame{0, 3, 1}, s.out);
    sent = drain(s.out);
    REQUIRE(sent.size() == 1);
    CHECK(sent[0].type == FrameType::link_close);
    CHECK(sent[0].to == addr(NodeId{2}));
    CHECK(close_body(sent[0]).reason == static_cast<std::uint8_t>(CloseReason::shed));
    CHECK(close_body(sent[0]).near_degree == 2);
    CHECK(s.links.find(NodeId{2}) == nullptr);
    const auto changes = s.links.take_changes();
    REQUIRE(changes.size() == 1);
    CHECK_FALSE(changes[0].up);
    CHECK(changes[0].reason == DownReason::dropped);

    // Now at target: the next one is refused.
    s.links.on_drop_request(t, NodeId{1}, LinkCloseFrame{0, 3, 1}, s.out);
    sent = drain(s.out);
    REQUIRE(sent.size() == 1);
    CHECK(sent[0].type == FrameType::drop_refuse);
    CHECK(s.links.near_degree() == 2);

    // From a non-neighbour: ignored.
    s.links.on_drop_request(t, NodeId{77}, LinkCloseFrame{0, 3, 1}, s.out);
    CHECK(drain(s.out).empty());
}

TEST_CASE("unit: links: a surplus link is shed only toward a neighbour with a surplus") {
    Side s(NodeId{100}, degrees(2, 0));
    const Time t = kSecond;
    s.request_from(t, NodeId{1}, LinkKindWire::nearby, 10000);
    s.request_from(t, NodeId{2}, LinkKindWire::nearby, 90000);  // farthest, but no surplus
    s.request_from(t, NodeId{3}, LinkKindWire::nearby, 20000);
    drain(s.out);
    s.links.on_degrees(NodeId{1}, 3, 0);
    s.links.on_degrees(NodeId{2}, 2, 0);
    s.links.on_degrees(NodeId{3}, 3, 0);

    s.maintain(t + 10 * kMillisecond);
    auto sent = drain(s.out);
    REQUIRE(sent.size() == 1);
    CHECK(sent[0].type == FrameType::drop_request);
    CHECK(sent[0].to == addr(NodeId{3}));  // the farthest of those that can spare a link
    // One drop at a time.
    s.maintain(t + 20 * kMillisecond);
    CHECK(drain(s.out).empty());

    // Refused: the next attempt spares the tree link in `keep`.
    s.links.on_drop_refuse(t + 30 * kMillisecond, NodeId{3}, LinkCloseFrame{0, 2, 0});
    s.links.on_degrees(NodeId{3}, 3, 0);
    s.maintain(t + 40 * kMillisecond, {NodeId{3}});
    sent = drain(s.out);
    REQUIRE(sent.size() == 1);
    CHECK(sent[0].type == FrameType::drop_request);
    CHECK(sent[0].to == addr(NodeId{1}));

    // Nobody with a surplus: nobody is asked.
    Side t2(NodeId{100}, degrees(2, 0));
    for (std::uint64_t i : {1, 2, 3}) t2.request_from(t, NodeId{i}, LinkKindWire::nearby, 10000);
    drain(t2.out);
    for (std::uint64_t i : {1, 2, 3}) t2.links.on_degrees(NodeId{i}, 2, 0);
    t2.maintain(t + 10 * kMillisecond);
    CHECK(drain(t2.out).empty());
    CHECK(t2.links.near_degree() == 3);
}

TEST_CASE("unit: links: a neighbour silent for neighbor_timeout is removed with reason timeout") {
    LinkConfig cfg = degrees(2, 1);
    cfg.neighbor_timeout = 5 * kSecond;
    Side s(NodeId{100}, cfg);
    s.request_from(kSecond, NodeId{1}, LinkKindWire::nearby);
    s.request_from(kSecond, NodeId{2}, LinkKindWire::random);
    drain(s.out);
    s.links.take_changes();

    CHECK(s.links.heard(NodeId{1}, 3 * kSecond));
    CHECK_FALSE(s.links.heard(NodeId{9}, 3 * kSecond));

    s.maintain(6 * kSecond);  // node 2 silent exactly the timeout: still up
    CHECK(s.links.find(NodeId{2}) != nullptr);
    CHECK(s.links.take_changes().empty());

    s.maintain(6 * kSecond + 1);
    CHECK(s.links.find(NodeId{2}) == nullptr);
    CHECK(s.links.find(NodeId{1}) != nullptr);
    const auto changes = s.links.take_changes();
    REQUIRE(changes.size() == 1);
    CHECK(changes[0].id == NodeId{2});
    CHECK_FALSE(changes[0].up);
    CHECK(changes[0].kind == LinkKind::random);
    CHECK(changes[0].reason == DownReason::timeout);

    s.maintain(8 * kSecond + 1);
    CHECK(s.links.neighbors().empty());
    const auto later = s.links.take_changes();
    REQUIRE(later.size() == 1);
    CHECK(later[0].reason == DownReason::timeout);
}

TEST_CASE("unit: links: maintain asks the nearest eligible candidate while below target") {
    Side s(NodeId{100}, degrees(3, 0));
    const Time t = kSecond;
    s.request_from(t, NodeId{1}, LinkKindWire::nearby);  // already a neighbour
    drain(s.out);
    for (std::uint64_t i = 1; i <= 5; ++i) s.know(NodeId{i}, t);
    s.rtts.put(NodeId{1}, 1 * kMillisecond, t);
    s.rtts.put(NodeId{3}, 30 * kMillisecond, t);
    s.rtts.put(NodeId{4}, 10 * kMillisecond, t);
    s.rtts.put(NodeId{5}, 20 * kMillisecond, t);
    s.rtts.put(NodeId{9}, 5 * kMillisecond, t);  // measured, but no longer in the view

    s.maintain(t);
    auto sent = drain(s.out);
    REQUIRE(sent.size() == 1);
    CHECK(sent[0].type == FrameType::link_request);
    CHECK(sent[0].to == addr(NodeId{4}));
    const LinkRequestFrame r = request_body(sent[0]);
    CHECK(r.kind == LinkKindWire::nearby);
    CHECK_FALSE(r.replace);
    CHECK(r.rtt_us == 10000);

    // The pending one is not asked twice: the next nearest is.
    s.maintain(t + 100 * kMillisecond);
    sent = drain(s.out);
    REQUIRE(sent.size() == 1);
    CHECK(sent[0].to == addr(NodeId{5}));

    // Enough requests outstanding for the target: nothing more.
    s.maintain(t + 200 * kMillisecond);
    CHECK(drain(s.out).empty());

    // A rejection frees a slot, and the rejecting peer is left alone for a while.
    s.links.on_reject(t + 300 * kMillisecond, NodeId{4},
                      LinkAnswerFrame{LinkKindWire::nearby, 3, 1});
    s.maintain(t + 400 * kMillisecond);
    sent = drain(s.out);
    REQUIRE(sent.size() == 1);
    CHECK(sent[0].to == addr(NodeId{3}));
}

TEST_CASE("unit: links: maintain replaces a far neighbour only by a clearly closer candidate") {
    LinkConfig cfg = degrees(2, 0);
    cfg.near_hysteresis = 0.2;
    Side s(NodeId{100}, cfg);
    const Time t = kSecond;
    s.request_from(t, NodeId{1}, LinkKindWire::nearby, 10000);
    s.request_from(t, NodeId{2}, LinkKindWire::nearby, 100000);
    drain(s.out);
    s.links.on_degrees(NodeId{1}, 2, 0);
    s.links.on_degrees(NodeId{2}, 3, 0);  // node 2 can spare the link
    s.know(NodeId{1}, t);
    s.know(NodeId{2}, t);

    s.know(NodeId{7}, t, 90 * kMillisecond);  // closer, but not by 20%
    s.maintain(t);
    CHECK(drain(s.out).empty());

    s.know(NodeId{8}, t, 50 * kMillisecond);
    s.maintain(t + 10 * kMillisecond);
    const auto sent = drain(s.out);
    REQUIRE(sent.size() == 1);
    CHECK(sent[0].type == FrameType::link_request);
    CHECK(sent[0].to == addr(NodeId{8}));
    CHECK(request_body(sent[0]).replace);
    CHECK(request_body(sent[0]).kind == LinkKindWire::nearby);
}

TEST_CASE("unit: links: close and leave remove the neighbour with the right reason") {
    Side s(NodeId{100}, degrees(3, 0));
    const Time t = kSecond;
    for (std::uint64_t i : {1, 2, 3}) s.request_from(t, NodeId{i}, LinkKindWire::nearby);
    drain(s.out);
    s.links.take_changes();

    s.links.on_close(t, NodeId{1},
                     LinkCloseFrame{static_cast<std::uint8_t>(CloseReason::leaving), 0, 0});
    s.links.on_close(t, NodeId{2},
                     LinkCloseFrame{static_cast<std::uint8_t>(CloseReason::shed), 0, 0});
    s.links.on_leave(NodeId{3});
    const auto changes = s.links.take_changes();
    REQUIRE(changes.size() == 3);
    CHECK(changes[0].reason == DownReason::left);
    CHECK(changes[1].reason == DownReason::dropped);
    CHECK(changes[2].reason == DownReason::left);
    CHECK(s.links.neighbors().empty());

    // A peer that just closed on us is not asked again at once, even if it is nearest.
    s.know(NodeId{2}, t, kMillisecond);
    s.know(NodeId{4}, t, 40 * kMillisecond);
    s.maintain(t + kMillisecond);
    const auto requests = of_type(drain(s.out), FrameType::link_request);
    REQUIRE(requests.size() == 1);
    CHECK(requests[0].to == addr(NodeId{4}));

    // close_all tells every neighbour.
    Side c(NodeId{100}, degrees(3, 1));
    for (std::uint64_t i : {5, 6}) c.request_from(t, NodeId{i}, LinkKindWire::nearby);
    drain(c.out);
    c.links.close_all(c.out, CloseReason::leaving);
    const auto closes = drain(c.out);
    REQUIRE(closes.size() == 2);
    for (const auto& f : closes) {
        CHECK(f.type == FrameType::link_close);
        CHECK(close_body(f).reason == static_cast<std::uint8_t>(CloseReason::leaving));
    }
}

TEST_CASE("unit: links: crossing requests are resolved by id and give one link") {
    Side a(NodeId{100}, degrees(2, 0));
    Side b(NodeId{200}, degrees(2, 0));
    const Time t = kSecond;
    a.know(b.self, t, 10 * kMillisecond);
    b.know(a.self, t, 10 * kMillisecond);
    a.maintain(t);
    b.maintain(t);
    const auto from_a = drain(a.out);
    const auto from_b = drain(b.out);
    REQUIRE(from_a.size() == 1);
    REQUIRE(from_b.size() == 1);
    CHECK(from_a[0].type == FrameType::link_request);
    CHECK(from_b[0].type == FrameType::link_request);

    // Both requests cross in flight. The lower id's request wins: A refuses B's request,
    // B accepts A's.
    deliver(a, b, t + kMillisecond, from_b[0]);
    deliver(b, a, t + kMillisecond, from_a[0]);
    const auto answer_a = drain(a.out);
    const auto answer_b = drain(b.out);
    REQUIRE(answer_a.size() == 1);
    REQUIRE(answer_b.size() == 1);
    CHECK(answer_a[0].type == FrameType::link_reject);
    CHECK(answer_b[0].type == FrameType::link_accept);
    CHECK(b.links.find(a.self) != nullptr);

    deliver(b, a, t + 2 * kMillisecond, answer_a[0]);
    deliver(a, b, t + 2 * kMillisecond, answer_b[0]);
    CHECK(drain(a.out).empty());
    CHECK(drain(b.out).empty());
    REQUIRE(a.links.neighbors().size() == 1);
    REQUIRE(b.links.neighbors().size() == 1);
    CHECK(a.links.find(b.self)->kind == LinkKind::nearby);
    CHECK(b.links.find(a.self)->kind == LinkKind::nearby);
    CHECK(a.links.take_changes().size() == 1);
    CHECK(b.links.take_changes().size() == 1);
}

// The Hop link state machine: hand-up without waiting, lazy NACKs, duplicates, loss
// patterns, link failure, hostile input, and the RTT samples the node reads.
#include <doctest/doctest.h>

#include <set>

#include "link_pair.hpp"
#include "transport/codec.hpp"
#include "transport/hop/hop_link.hpp"
#include "transport/rng.hpp"

using namespace gocast;
using gocast::test::Fate;
using gocast::test::LinkPair;
using gocast::test::text;
using gocast::test::Wire;

namespace {

HopConfig test_cfg() {
    HopConfig c;
    c.max_nacks = 6;
    return c;
}

LinkPair hop_pair(const HopConfig& c = test_cfg(), Duration delay = 10 * kMillisecond) {
    return LinkPair(std::make_unique<HopLink>(c, 11), std::make_unique<HopLink>(c, 22), delay);
}

const HopLink& hop(NeighborLink& l) { return static_cast<const HopLink&>(l); }

std::vector<std::string> numbered(int n) {
    std::vector<std::string> out;
    for (int i = 0; i < n; ++i) out.push_back("msg-" + std::to_string(i));
    return out;
}

void send_all(NeighborLink& l, const std::vector<std::string>& msgs) {
    for (const auto& m : msgs) REQUIRE(l.send(FrameType::data, text(m)));
}

std::multiset<std::string> as_set(const std::vector<std::string>& v) { return {v.begin(), v.end()}; }

}  // namespace

TEST_CASE("hop: lossless link delivers everything once, in order, with no NACK") {
    auto p = hop_pair();
    const auto msgs = numbered(50);
    send_all(p.a(), msgs);
    p.run_until(2 * kSecond);
    CHECK(p.bodies(1) == msgs);
    CHECK(p.a().stats().retransmits == 0);
    CHECK(p.b().stats().nacks_sent == 0);
    CHECK(hop(p.a()).sender().in_flight() == 0);  // cumulative acks freed the buffer
    CHECK_FALSE(p.a().failed());
    CHECK_FALSE(p.b().failed());
}

TEST_CASE("hop: small frames are packed into one datagram within the payload limit") {
    HopConfig c = test_cfg();
    auto p = hop_pair(c);
    p.filter = [&](const Wire& w) {
        CHECK(w.bytes->size() <= c.max_datagram_payload);
        return Fate{};
    };
    send_all(p.a(), numbered(40));  // 40 frames of ~8 bytes: one segment
    p.run_until(kSecond);
    CHECK(p.a().stats().segments_sent == 1);
    CHECK(p.bodies(1).size() == 40);
}

TEST_CASE("hop: reordering within the NACK delay causes no NACK; later datagrams are handed up first") {
    HopConfig c = test_cfg();
    c.max_datagram_payload = 250;  // one 150-byte frame per datagram
    auto p = hop_pair(c);
    p.filter = [](const Wire& w) {
        // The first datagram a -> b is overtaken by the second (arrives 2 ms later).
        if (w.from == 0 && w.index == 0) return Fate{1, 3 * kMillisecond};
        return Fate{};
    };
    const std::string first(150, 'x'), second(150, 'y');
    p.a().send(FrameType::data, text(first));
    p.pump();
    p.advance(1 * kMillisecond);
    p.a().send(FrameType::data, text(second));
    p.run_until(kSecond);
    REQUIRE(p.bodies(1).size() == 2);
    CHECK(p.bodies(1)[0] == second);  // handed up as soon as it arrived
    CHECK(p.bodies(1)[1] == first);
    CHECK(p.b().stats().nacks_sent == 0);
    CHECK(p.a().stats().retransmits == 0);
}

TEST_CASE("hop: a duplicated datagram is handed up once and counted") {
    auto p = hop_pair();
    p.filter = [](const Wire& w) { return w.from == 0 ? Fate{2, 0} : Fate{}; };
    send_all(p.a(), numbered(5));
    p.run_until(kSecond);
    CHECK(p.bodies(1) == numbered(5));
    CHECK(p.b().stats().duplicates >= 1);
}

TEST_CASE("hop: one lost datagram is NACKed and retransmitted; later ones are not held back") {
    HopConfig c = test_cfg();
    c.max_datagram_payload = 250;
    auto p = hop_pair(c);
    const std::string big(150, 'a');
    p.filter = [](const Wire& w) {
        const auto seqs = gocast::test::segment_seqs(*w.bytes);
        const bool first_copy_of_2 = w.from == 0 && seqs.size() == 1 && seqs[0] == 2 && w.index == 1;
        return first_copy_of_2 ? Fate{0, 0} : Fate{};
    };
    std::vector<std::string> msgs;
    for (int i = 0; i < 5; ++i) msgs.push_back(std::string(150, static_cast<char>('a' + i)));
    send_all(p.a(), msgs);
    p.run_until(2 * kSecond);
    const auto got = p.bodies(1);
    CHECK(as_set(got) == as_set(msgs));
    REQUIRE(got.size() == 5);
    CHECK(got.back() == msgs[1]);  // the lost one came last: nobody waited for it
    CHECK(p.b().stats().nacks_sent >= 1);
    CHECK(p.a().stats().retransmits == 1);
    CHECK(hop(p.a()).sender().in_flight() == 0);
}

TEST_CASE("hop: bursts and random loss both ways: exactly-once delivery of everything") {
    for (const double loss : {0.05, 0.2, 0.4}) {
        CAPTURE(loss);
        HopConfig c = test_cfg();
        c.max_nacks = 20;
        c.max_datagram_payload = 300;
        auto p = hop_pair(c);
        Rng rng(7);
        p.filter = [&](const Wire& w) {
            // A burst of 6 lost datagrams early on, then independent loss.
            if (w.from == 0 && w.index >= 3 && w.index < 9) return Fate{0, 0};
            return rng.chance(loss) ? Fate{0, 0} : Fate{};
        };
        std::vector<std::string> msgs;
        for (int i = 0; i < 300; ++i) msgs.push_back(std::to_string(i) + std::string(100, 'z'));
        send_all(p.a(), msgs);
        p.run_until(30 * kSecond);
        CHECK(as_set(p.bodies(1)) == as_set(msgs));
        CHECK(p.bodies(1).size() == msgs.size());
        CHECK_FALSE(p.a().failed());
        CHECK_FALSE(p.b().failed());
        CHECK(hop(p.a()).sender().in_flight() == 0);
    }
}

TEST_CASE("hop: a tail loss is found by the probe") {
    auto p = hop_pair();
    p.filter = [](const Wire& w) { return w.from == 0 && w.index == 0 ? Fate{0, 0} : Fate{}; };
    p.a().send(FrameType::data, text("only"));
    p.run_until(5 * kSecond);
    CHECK(p.bodies(1) == std::vector<std::string>{"only"});
    CHECK(p.a().stats().retransmits >= 1);
}

TEST_CASE("hop: superseded frames travel unsequenced, carry acks, and are never resent") {
    auto p = hop_pair();
    // b's first frames go sequenced (nothing has proved the link yet).
    p.b().send(FrameType::data, text("hello"));
    p.run_until(kSecond);
    REQUIRE(p.bodies(0) == std::vector<std::string>{"hello"});

    // a pushes data; b's beacon, queued before b's ack is due, carries that ack.
    p.a().send(FrameType::data, text("d1"));
    p.run_until(p.now() + 11 * kMillisecond);  // d1 arrived at b, its ack is pending
    REQUIRE(p.bodies(1) == std::vector<std::string>{"d1"});
    const auto b_sent = p.sent_datagrams[1];
    REQUIRE(p.b().send_superseded(FrameType::beacon, text("beacon-1")));
    p.run_until(p.now() + kSecond);
    CHECK(p.sent_datagrams[1] == b_sent + 1);  // the beacon, no standalone ack
    CHECK(p.bodies(0) == std::vector<std::string>{"hello", "beacon-1"});
    CHECK(p.b().stats().unsequenced_sent == 1);
    CHECK(p.a().stats().unsequenced_received == 1);
    CHECK(hop(p.a()).sender().in_flight() == 0);  // acked by the beacon's header
    CHECK_FALSE(hop(p.a()).receiver().ack_due(p.now() + kSecond));  // nothing for a to ack

    // A lost superseded frame is not recovered: the next one replaces it.
    const auto lost_index = p.sent_datagrams[1];
    p.filter = [lost_index](const Wire& w) { return w.from == 1 && w.index == lost_index ? Fate{0, 0} : Fate{}; };
    REQUIRE(p.b().send_superseded(FrameType::beacon, text("beacon-2")));
    p.run_until(p.now() + 2 * kSecond);
    CHECK(p.bodies(0) == std::vector<std::string>{"hello", "beacon-1"});
    CHECK(p.b().stats().retransmits == 0);
    CHECK(p.a().stats().nacks_sent == 0);
    CHECK_FALSE(p.a().failed());
    CHECK_FALSE(p.b().failed());
}

TEST_CASE("hop: an idle link sends a superseded frame sequenced once per liveness interval") {
    HopConfig c = test_cfg();
    c.liveness_interval = kSecond;
    auto p = hop_pair(c);
    // Beacons every 250 ms for 10 s, nothing else.
    int beacons = 0;
    for (Time t = 0; t < 10 * kSecond; t += 250 * kMillisecond) {
        p.advance(t);
        REQUIRE(p.b().send_superseded(FrameType::beacon, text("b" + std::to_string(beacons++))));
        p.pump();
    }
    p.run_until(11 * kSecond);
    CHECK(p.bodies(0).size() == static_cast<std::size_t>(beacons));  // every one arrived
    const auto sequenced = p.b().stats().segments_sent;
    CHECK(sequenced >= 8);   // about one per second of the 10
    CHECK(sequenced <= 11);
    CHECK(p.b().stats().unsequenced_sent + sequenced == static_cast<std::uint64_t>(beacons));

    // Cut b -> a: b's next sequenced beacon is never acknowledged, so b's probes go
    // unanswered and the link fails although b only ever sends beacons.
    p.filter = [](const Wire& w) { return w.from == 1 ? Fate{0, 0} : Fate{}; };
    for (Time t = 11 * kSecond; t < 30 * kSecond && !p.b().failed(); t += 250 * kMillisecond) {
        p.advance(t);
        p.b().send_superseded(FrameType::beacon, text("late"));
        p.pump();
    }
    CHECK(p.b().failed());
}

TEST_CASE("hop: a lazy segment's ack waits for the neighbour's own traffic") {
    auto p = hop_pair();
    p.b().send(FrameType::data, text("hello"));  // the link is proved; a acks it
    p.run_until(kSecond);
    const auto a_sent = p.sent_datagrams[0];
    const auto b_sent = p.sent_datagrams[1];
    const auto a_ack_only = p.a().stats().ack_only_sent;

    REQUIRE(p.a().send_lazy(FrameType::summary, text("ids-1")));
    p.run_until(p.now() + 100 * kMillisecond);
    REQUIRE(p.bodies(1) == std::vector<std::string>{"ids-1"});
    CHECK(p.sent_datagrams[1] == b_sent);  // within lazy_ack_delay: no standalone ack yet
    CHECK(hop(p.a()).sender().in_flight() == 1);

    // b's own summary leaves and carries the ack.
    REQUIRE(p.b().send_lazy(FrameType::summary, text("ids-2")));
    p.run_until(p.now() + 50 * kMillisecond);
    CHECK(p.sent_datagrams[1] == b_sent + 1);
    CHECK(hop(p.a()).sender().in_flight() == 0);
    CHECK(p.a().stats().retransmits == 0);  // no probe fired meanwhile

    // With nothing to ride on, a's lazy ack goes alone after lazy_ack_delay.
    p.run_until(p.now() + test_cfg().lazy_ack_delay + 100 * kMillisecond);
    CHECK(p.sent_datagrams[0] == a_sent + 2);  // ids-1, then a's ack of ids-2
    CHECK(hop(p.b()).sender().in_flight() == 0);
    CHECK(p.a().stats().ack_only_sent == a_ack_only + 1);
    CHECK(p.b().stats().retransmits == 0);
}

TEST_CASE("hop: a lost lazy segment is still recovered, by a probe after the lazy wait") {
    auto p = hop_pair();
    p.b().send(FrameType::data, text("hello"));
    p.run_until(kSecond);
    const auto lost = p.sent_datagrams[0];
    p.filter = [lost](const Wire& w) { return w.from == 0 && w.index == lost ? Fate{0, 0} : Fate{}; };
    const Time sent_at = p.now();
    REQUIRE(p.a().send_lazy(FrameType::summary, text("ids")));
    p.run_until(sent_at + 150 * kMillisecond);
    CHECK(p.bodies(1).empty());  // a prompt segment would have been probed by now
    p.run_until(sent_at + test_cfg().lazy_ack_delay);
    CHECK(p.bodies(1).empty());  // the receiver's ack could still be on its way
    p.run_until(sent_at + 2 * test_cfg().lazy_ack_delay);
    CHECK(p.bodies(1) == std::vector<std::string>{"ids"});
    // The first probe was new to the receiver, which may hold its ack for the lazy wait;
    // the second, a duplicate, is acked at once and the probing ends there.
    CHECK(p.a().stats().retransmits == 2);
    p.run_until(sent_at + 4 * test_cfg().lazy_ack_delay);
    CHECK(p.a().stats().retransmits == 2);
    CHECK_FALSE(p.a().failed());
}

TEST_CASE("hop: a prompt frame packed with lazy ones makes the segment prompt") {
    auto p = hop_pair();
    p.b().send(FrameType::data, text("hello"));
    p.run_until(kSecond);
    const auto b_sent = p.sent_datagrams[1];
    REQUIRE(p.a().send_lazy(FrameType::summary, text("ids")));
    REQUIRE(p.a().send(FrameType::data, text("payload")));
    p.run_until(p.now() + 40 * kMillisecond);
    CHECK(p.bodies(1) == std::vector<std::string>{"ids", "payload"});
    CHECK(p.sent_datagrams[1] == b_sent + 1);  // acked after ack_delay, not lazy_ack_delay
}

TEST_CASE("hop: a neighbour that stops answering fails the link after max_nacks probes") {
    HopConfig c = test_cfg();
    auto p = hop_pair(c);
    send_all(p.a(), numbered(3));
    p.run_until(kSecond);
    CHECK(p.bodies(1).size() == 3);
    p.filter = [](const Wire&) { return Fate{0, 0}; };  // cut both ways
    p.a().send(FrameType::data, text("lost"));
    p.run_until(60 * kSecond);
    CHECK(p.a().failed());
    CHECK(p.a().stats().retransmits == c.max_nacks + 0u);
    CHECK(p.a().stats().failed_unanswered == 1);
    CHECK(p.a().stats().failed_unfilled_gap == 0);
    CHECK_FALSE(p.a().poll_transmit(p.now()));
}

TEST_CASE("hop: a gap that is never filled fails the link at the receiver after max_nacks NACKs") {
    HopConfig c = test_cfg();
    c.max_datagram_payload = 250;
    auto p = hop_pair(c);
    p.filter = [](const Wire& w) {
        const auto seqs = gocast::test::segment_seqs(*w.bytes);
        for (auto s : seqs)
            if (w.from == 0 && s == 2) return Fate{0, 0};  // every copy of seq 2 is lost
        return Fate{};
    };
    for (int i = 0; i < 4; ++i) p.a().send(FrameType::data, text(std::string(150, 'k')));
    p.run_until(60 * kSecond);
    CHECK(p.b().failed());
    CHECK(p.b().stats().nacks_sent >= c.max_nacks);
    CHECK(p.b().stats().failed_unfilled_gap == 1);
    CHECK(p.b().stats().failed_unanswered == 0);
}

TEST_CASE("hop: large frames are fragmented and reassembled; over the limit they are refused") {
    HopConfig c = test_cfg();
    c.max_message_bytes = 64 * 1024;
    auto p = hop_pair(c);
    Rng rng(3);
    p.filter = [&](const Wire&) { return rng.chance(0.1) ? Fate{0, 0} : Fate{}; };
    std::string big(40000, ' ');
    for (auto& ch : big) ch = static_cast<char>('a' + rng.below(26));
    CHECK(p.a().send(FrameType::data, text(big)));
    CHECK(p.a().send(FrameType::data, text("small after big")));
    CHECK_FALSE(p.a().send(FrameType::data, text(std::string(c.max_message_bytes, 'q'))));
    CHECK(p.a().stats().frames_too_large == 1);
    p.run_until(30 * kSecond);
    REQUIRE(p.bodies(1).size() == 2);
    CHECK(as_set(p.bodies(1)) == as_set({big, "small after big"}));
    CHECK(p.b().stats().reassembled == 1);
    CHECK(p.a().stats().segments_sent > 30);
}

TEST_CASE("hop: the send queue drops the newest data frame when full; control has a reserve") {
    HopConfig c = test_cfg();
    c.send_queue_bytes = 4000;
    c.control_reserve_bytes = 1000;
    HopLink l(c, 5);
    const Bytes kb(900, std::byte{1});
    int queued = 0;
    for (int i = 0; i < 10; ++i) queued += l.send(FrameType::data, kb) ? 1 : 0;
    CHECK(queued == 4);
    CHECK(l.stats().frames_dropped_full == 6);
    CHECK(l.send(FrameType::beacon, kb));  // within the control reserve
    CHECK_FALSE(l.send(FrameType::beacon, kb));
}

TEST_CASE("hop: the send queue marks a segment lazy only when every frame in it is") {
    SendQueue q(test_cfg());
    REQUIRE(q.push(FrameType::summary, text("a"), true) == Admit::queued);
    REQUIRE(q.push(FrameType::summary, text("b"), true) == Admit::queued);
    auto s = q.pop(1000);
    REQUIRE(s);
    CHECK(s->kind == SegmentKind::lazy_frames);
    REQUIRE(q.push(FrameType::summary, text("c"), true) == Admit::queued);
    REQUIRE(q.push(FrameType::pull, text("d")) == Admit::queued);
    s = q.pop(1000);
    REQUIRE(s);
    CHECK(s->kind == SegmentKind::frames);
    CHECK(q.empty());
}

TEST_CASE("hop: pacing holds datagrams back to the configured rate") {
    HopConfig c = test_cfg();
    c.initial_rate = 100e3;  // 100 kB/s
    c.burst_bytes = 2000;
    c.max_rate = c.initial_rate;  // no probing upward for this check
    HopLink l(c, 5);
    for (int i = 0; i < 100; ++i) l.send(FrameType::data, Bytes(1000, std::byte{2}));
    std::uint64_t bytes = 0;
    Time now = 0;
    while (now <= kSecond) {
        while (auto d = l.poll_transmit(now)) bytes += d->size();
        now = std::max(now + 1, std::min(l.next_deadline(), now + 10 * kMillisecond));
    }
    CHECK(bytes >= 90'000);
    CHECK(bytes <= 110'000);
}

TEST_CASE("hop: a NACK for a sequence never sent, or an ack beyond it, is counted and ignored") {
    HopLink l(test_cfg(), 77);
    l.send(FrameType::data, text("one"));
    REQUIRE(l.poll_transmit(0));
    LinkHeader h;
    h.session = 99;
    h.peer_session = 77;
    h.send_low = 1;
    const std::uint64_t nacks[] = {1, 1000, 1ull << 40};
    std::vector<Bytes> runs;
    l.on_receive(kMillisecond, encode_link_frame(h, nacks, {}), runs);
    CHECK(l.stats().nacks_bad == 2);
    CHECK(l.stats().nacks_received == 1);
    h.cum_ack = 5;
    h.recv_high = 5;
    l.on_receive(2 * kMillisecond, encode_link_frame(h, {}, {}), runs);
    CHECK(l.stats().acks_bad == 1);
    CHECK(l.sender().in_flight() == 1);
    CHECK(runs.empty());
    // Only the real segment is ever retransmitted.
    std::uint64_t retransmitted = 0;
    for (Time t = 2 * kMillisecond; t < 100 * kMillisecond; t += kMillisecond) {
        l.on_timeout(t);
        while (auto d = l.poll_transmit(t))
            for (auto s : gocast::test::segment_seqs(*d)) retransmitted += s == 1 ? 1 : 100;
    }
    CHECK(retransmitted == 1);
}

TEST_CASE("hop: a segment far beyond the window is dropped, not tracked") {
    HopConfig c = test_cfg();
    c.window_segments = 64;
    HopLink l(c, 1);
    LinkHeader h;
    h.session = 2;
    h.send_low = 1;
    h.sent_high = 1'000'000;
    const Bytes run = [] {
        Bytes b;
        append_frame(b, FrameType::data, text("x"));
        return b;
    }();
    const SegmentOut segs[] = {{1'000'000, SegmentKind::frames, run}};
    std::vector<Bytes> runs;
    l.on_receive(0, encode_link_frame(h, {}, segs), runs);
    CHECK(runs.empty());
    CHECK(l.stats().out_of_window == 1);
    CHECK(l.receiver().gaps() <= 64);
}

TEST_CASE("hop: malformed link frames are counted and change nothing") {
    HopLink l(test_cfg(), 1);
    std::vector<Bytes> runs;
    l.on_receive(0, Bytes{}, runs);
    l.on_receive(0, Bytes(3, std::byte{0xff}), runs);
    LinkHeader h;
    h.session = 0;  // session 0 is reserved
    l.on_receive(0, encode_link_frame(h, {}, {}), runs);
    CHECK(l.stats().malformed == 3);
    CHECK(runs.empty());
}

TEST_CASE("hop: a neighbour that claims to have freed a huge span of sequence numbers is followed at once") {
    // send_low jumps far ahead of everything we received: the window moves there in one
    // step, not one sequence number at a time (which took 2^62 steps: a hang).
    HopLink l(test_cfg(), 1);
    std::vector<Bytes> runs;
    LinkHeader h;
    h.session = 7;
    h.send_low = 1;
    h.sent_high = 2;
    const Bytes one = text("x");
    const SegmentOut first[] = {{1, SegmentKind::frames, one}};
    l.on_receive(0, encode_link_frame(h, {}, first), runs);
    REQUIRE(runs.size() == 1);
    CHECK(l.receiver().window().cum() == 1);
    const std::uint64_t far = std::uint64_t{1} << 62;
    h.send_low = far;
    h.sent_high = far;
    const SegmentOut next[] = {{far, SegmentKind::frames, one}};
    l.on_receive(kMillisecond, encode_link_frame(h, {}, next), runs);
    CHECK(runs.size() == 2);  // the segment at send_low is handed up
    CHECK(l.receiver().window().cum() == far);
    CHECK(l.receiver().gaps() == 0);
    CHECK(l.stats().malformed == 0);
    // Its ack is a valid frame (cum_ack <= recv_high), so the neighbour can read it.
    Time t = kMillisecond;
    std::optional<Bytes> ack;
    for (int i = 0; i < 10 && !ack; ++i) {
        t = std::max(t + 1, l.next_deadline());
        l.on_timeout(t);
        ack = l.poll_transmit(t);
    }
    REQUIRE(ack.has_value());
    const auto decoded = decode_link_frame(*ack);
    REQUIRE(decoded.has_value());
    CHECK(decoded->header.cum_ack == far);
}

TEST_CASE("hop: a new session of the neighbour restarts its sequence space") {
    auto p = hop_pair();
    send_all(p.a(), numbered(3));
    p.run_until(kSecond);
    // b's end is replaced (the neighbour re-created its link): a's stream continues.
    HopLink fresh(test_cfg(), 33);
    p.a().send(FrameType::data, text("after"));
    auto d = p.a().poll_transmit(p.now());
    REQUIRE(d);
    std::vector<Bytes> runs;
    fresh.on_receive(p.now(), *d, runs);
    CHECK(runs.size() == 1);  // starts from what a still holds, no NACK of old seqs
    CHECK(fresh.receiver().gaps() == 0);
}

TEST_CASE("hop: poll_transmit_into appends the same link frame poll_transmit returns, or leaves the buffer alone") {
    HopLink a(test_cfg(), 5);
    HopLink b(test_cfg(), 5);
    const Bytes prefix = text("packet header");
    Bytes out = prefix;
    CHECK_FALSE(a.poll_transmit_into(0, out));  // nothing queued
    CHECK(out == prefix);
    a.send(FrameType::data, text("one"));
    b.send(FrameType::data, text("one"));
    REQUIRE(a.poll_transmit_into(0, out));
    const auto whole = b.poll_transmit(0);  // the same link state gives the same bytes
    REQUIRE(whole);
    REQUIRE(out.size() == prefix.size() + whole->size());
    CHECK(std::equal(prefix.begin(), prefix.end(), out.begin()));
    CHECK(std::equal(whole->begin(), whole->end(), out.begin() + static_cast<std::ptrdiff_t>(prefix.size())));
    CHECK(a.stats().bytes_sent == whole->size());
}

TEST_CASE("hop: a link reports the smallest ack-measured RTT since it was last asked") {
    // b has nothing to send, so each ack waits for its ack delay; the sample is still the
    // path's 20 ms, since the ack says how long it was held.
    auto p = hop_pair(test_cfg(), 10 * kMillisecond);
    CHECK_FALSE(p.a().take_rtt_sample().has_value());
    for (int round = 0; round < 3; ++round) {
        REQUIRE(p.a().send(FrameType::summary, text("summary")));
        p.advance(p.now() + 200 * kMillisecond);
        REQUIRE(hop(p.a()).sender().in_flight() == 0);  // acknowledged
    }
    const auto rtt = p.a().take_rtt_sample();
    REQUIRE(rtt.has_value());
    CHECK(*rtt == 20 * kMillisecond);
    CHECK_FALSE(p.a().take_rtt_sample().has_value());  // forgotten once taken
    // A link that takes no samples (plain TCP model) never reports one: the node pings.
    auto tcp = make_neighbor_link(LinkTransport::tcp, test_cfg(), 3);
    CHECK_FALSE(tcp->take_rtt_sample().has_value());
}

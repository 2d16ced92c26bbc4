// The TCP-like comparison link: in-order delivery, recovery by fast retransmit and timeout,
// AIMD window, failure after repeated timeouts.
#include <doctest/doctest.h>

#include "link_pair.hpp"
#include "transport/hop/tcp_link.hpp"
#include "transport/rng.hpp"

using namespace gocast;
using gocast::test::Fate;
using gocast::test::LinkPair;
using gocast::test::text;
using gocast::test::Wire;

namespace {
LinkPair tcp_pair(const HopConfig& c) {
    return LinkPair(std::make_unique<TcpLink>(c, 1), std::make_unique<TcpLink>(c, 2), 10 * kMillisecond);
}
std::vector<std::string> msgs(int n) {
    std::vector<std::string> out;
    for (int i = 0; i < n; ++i) out.push_back(std::to_string(i) + std::string(100, 'p'));
    return out;
}
}  // namespace

TEST_CASE("tcp link: delivers in send order under random loss both ways") {
    HopConfig c;
    c.max_datagram_payload = 300;
    auto p = tcp_pair(c);
    Rng rng(5);
    p.filter = [&](const Wire&) { return rng.chance(0.1) ? Fate{0, 0} : Fate{}; };
    const auto m = msgs(200);
    for (const auto& s : m) REQUIRE(p.a().send(FrameType::data, text(s)));
    p.run_until(120 * kSecond);
    CHECK(p.bodies(1) == m);  // exactly these, exactly this order
    CHECK(p.a().stats().retransmits > 0);
    CHECK_FALSE(p.a().failed());
}

TEST_CASE("tcp link: a loss holds back every later frame until it is repaired") {
    HopConfig c;
    c.max_datagram_payload = 300;
    auto p = tcp_pair(c);
    p.filter = [](const Wire& w) { return w.from == 0 && w.index == 0 ? Fate{0, 0} : Fate{}; };
    const auto m = msgs(6);
    for (const auto& s : m) p.a().send(FrameType::data, text(s));
    p.run_until(10 * kSecond);
    REQUIRE(p.bodies(1) == m);
    // All six were handed up together, when the first one was repaired.
    CHECK(p.got[1].front().first == p.got[1].back().first);
    CHECK(p.got[1].front().first >= 20 * kMillisecond);
}

TEST_CASE("tcp link: the window halves on a fast retransmit and collapses on a timeout") {
    HopConfig c;
    c.max_datagram_payload = 300;
    auto p = tcp_pair(c);
    for (const auto& s : msgs(400)) p.a().send(FrameType::data, text(s));
    p.run_until(300 * kMillisecond);
    const double grown = static_cast<const TcpLink&>(p.a()).cwnd();
    CHECK(grown > c.tcp_initial_window);  // slow start
    p.filter = [](const Wire& w) { return w.from == 1 ? Fate{0, 0} : Fate{}; };  // acks lost
    for (const auto& s : msgs(50)) p.a().send(FrameType::data, text(s));
    p.run_until(p.now() + 2 * kSecond);
    CHECK(static_cast<const TcpLink&>(p.a()).cwnd() < grown);
}

TEST_CASE("tcp link: fails after tcp_max_retries timeouts") {
    HopConfig c;
    c.tcp_max_retries = 3;
    auto p = tcp_pair(c);
    p.a().send(FrameType::data, text("x"));
    p.filter = [](const Wire&) { return Fate{0, 0}; };
    p.run_until(600 * kSecond);
    CHECK(p.a().failed());
}

namespace {
// Two TcpLinks driven by hand, datagram by datagram, so a test can say exactly which
// datagram is lost and when each ack arrives.
struct HandPair {
    explicit HandPair(const HopConfig& c) : a(c, 1), b(c, 2) {}
    TcpLink a;
    TcpLink b;
    Time now = 0;
    std::vector<std::string> got;  // frame bodies handed up at b, in order

    std::vector<Bytes> drain(TcpLink& l) {
        std::vector<Bytes> out;
        while (auto d = l.poll_transmit(now)) out.push_back(std::move(*d));
        return out;
    }
    void to_b(const Bytes& d) {
        std::vector<Bytes> runs;
        b.on_receive(now, d, runs);
        for (const Bytes& r : runs) {
            const auto view = decode_frame_run(NodeId{1}, r);
            REQUIRE(view);
            for_each_frame(*view, [&](const FrameView& f) {
                got.emplace_back(reinterpret_cast<const char*>(f.body.data()), f.body.size());
            });
        }
    }
    void to_a(const Bytes& d) {
        std::vector<Bytes> runs;
        a.on_receive(now, d, runs);
    }
    // New segments (not retransmissions) among datagrams from a.
    std::vector<std::uint64_t> seqs(const std::vector<Bytes>& ds) {
        std::vector<std::uint64_t> out;
        for (const Bytes& d : ds)
            for (auto s : gocast::test::segment_seqs(d)) out.push_back(s);
        return out;
    }
};

HopConfig one_message_per_segment() {
    HopConfig c;
    c.max_datagram_payload = 300;  // a 250-byte message fills a segment on its own
    return c;
}
std::vector<std::string> big_msgs(int n) {
    std::vector<std::string> out;
    for (int i = 0; i < n; ++i) out.push_back(std::to_string(i) + std::string(250, 'q'));
    return out;
}
}  // namespace

TEST_CASE("tcp link: slow start grows by at most one segment per ack, even for a stretch ack") {
    const HopConfig c = one_message_per_segment();
    HandPair p(c);
    for (const auto& s : big_msgs(200)) REQUIRE(p.a.send(FrameType::data, text(s)));
    const auto first = p.drain(p.a);
    REQUIRE(p.seqs(first).size() == c.tcp_initial_window);
    p.now += 10 * kMillisecond;
    for (const Bytes& d : first) p.to_b(d);
    const auto acks = p.drain(p.b);
    REQUIRE(acks.size() == 1);  // one ack covering the whole initial window
    p.now += 10 * kMillisecond;
    const double before = p.a.cwnd();
    p.to_a(acks.front());
    CHECK(p.a.cwnd() <= before + 1.0);
    // The ack freed the whole window; what leaves is that plus at most one for growth.
    CHECK(p.seqs(p.drain(p.a)).size() <= c.tcp_initial_window + 1);

    // Acked one segment at a time, each ack lets out at most two: the freed one and one
    // for growth.
    HandPair q(c);
    for (const auto& s : big_msgs(200)) REQUIRE(q.a.send(FrameType::data, text(s)));
    auto out = q.drain(q.a);
    for (int round = 0; round < 3; ++round) {
        q.now += 10 * kMillisecond;
        std::vector<Bytes> next;
        for (const Bytes& d : out) {
            q.to_b(d);
            for (const Bytes& ack : q.drain(q.b)) {
                const double w = q.a.cwnd();
                q.to_a(ack);
                CHECK(q.a.cwnd() <= w + 1.0);
                auto sent = q.drain(q.a);
                CHECK(q.seqs(sent).size() <= 2);
                for (auto& s : sent) next.push_back(std::move(s));
            }
        }
        out = std::move(next);
    }
    CHECK(q.a.cwnd() > c.tcp_initial_window);
}

TEST_CASE("tcp link: limited transmit sends new data on the first two duplicate acks, then fast retransmit") {
    HopConfig c = one_message_per_segment();
    c.tcp_initial_window = 3;  // too small for three duplicate acks without limited transmit
    HandPair p(c);
    const auto m = big_msgs(20);
    for (const auto& s : m) REQUIRE(p.a.send(FrameType::data, text(s)));
    auto first = p.drain(p.a);
    REQUIRE(p.seqs(first) == std::vector<std::uint64_t>{1, 2, 3});
    p.now += 10 * kMillisecond;
    // Segment 1 is lost; 2 and 3 each draw a duplicate ack.
    p.to_b(first[1]);
    auto dup1 = p.drain(p.b);
    p.to_b(first[2]);
    auto dup2 = p.drain(p.b);
    REQUIRE(dup1.size() == 1);
    REQUIRE(dup2.size() == 1);
    p.now += 10 * kMillisecond;
    p.to_a(dup1.front());
    const auto lt1 = p.drain(p.a);
    CHECK(p.seqs(lt1) == std::vector<std::uint64_t>{4});
    p.to_a(dup2.front());
    const auto lt2 = p.drain(p.a);
    CHECK(p.seqs(lt2) == std::vector<std::uint64_t>{5});
    CHECK(p.a.stats().retransmits == 0);
    // Segment 4 draws the third duplicate ack: fast retransmit of 1, no timeout needed.
    p.now += 10 * kMillisecond;
    p.to_b(lt1.front());
    auto dup3 = p.drain(p.b);
    p.to_b(lt2.front());
    auto dup4 = p.drain(p.b);
    p.now += 10 * kMillisecond;
    p.to_a(dup3.front());
    const auto fr = p.drain(p.a);
    CHECK(p.a.stats().retransmits == 1);
    REQUIRE_FALSE(fr.empty());
    CHECK(p.seqs(fr).front() == 1);
    p.to_a(dup4.front());
    auto more = p.drain(p.a);

    // Recovery completes: with every datagram delivered from here on, b gets all twenty
    // messages in order, with no further retransmission and no timeout.
    std::vector<Bytes> to_b = fr;
    for (auto& d : more) to_b.push_back(std::move(d));
    const Time start = p.now;
    while (!to_b.empty() && p.now < start + 5 * kSecond) {
        p.now += 10 * kMillisecond;
        for (const Bytes& d : to_b) p.to_b(d);
        to_b.clear();
        const auto acks = p.drain(p.b);
        p.now += 10 * kMillisecond;
        for (const Bytes& ack : acks) p.to_a(ack);
        CHECK(p.a.next_deadline() > p.now);  // the retransmission timer never fires
        to_b = p.drain(p.a);
    }
    CHECK(p.got == m);
    CHECK(p.a.stats().retransmits == 1);
}

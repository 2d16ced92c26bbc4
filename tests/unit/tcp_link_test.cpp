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

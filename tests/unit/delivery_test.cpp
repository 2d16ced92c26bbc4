// dissemination/delivery: reliable messages are delivered on arrival; FIFO messages wait for
// their predecessors, are released when the gap fills, and a gap not filled within
// fifo_gap_timeout is skipped.

#include "dissemination/delivery.hpp"

#include <doctest/doctest.h>

#include <memory>
#include <vector>

using namespace gocast;

namespace {

constexpr Duration kGap = 5 * kSecond;

Arrival arrival(std::uint64_t origin, std::uint64_t seq, Service service = Service::fifo) {
    auto m = std::make_shared<Message>();
    m->id = MsgId{NodeId{origin}, seq};
    m->service = service;
    return Arrival{m, NodeId{origin}, 1, 0};
}

std::vector<std::uint64_t> seqs(const std::vector<Arrival>& out) {
    std::vector<std::uint64_t> s;
    for (const auto& a : out) s.push_back(a.message->id.seq);
    return s;
}

}  // namespace

TEST_CASE("unit: delivery: reliable and unreliable messages are delivered immediately") {
    Delivery d(kGap);
    CHECK(seqs(d.accept(0, arrival(1, 5, Service::reliable))) == std::vector<std::uint64_t>{5});
    CHECK(seqs(d.accept(0, arrival(1, 3, Service::reliable))) == std::vector<std::uint64_t>{3});
    CHECK(seqs(d.accept(0, arrival(1, 9, Service::unreliable))) == std::vector<std::uint64_t>{9});
    CHECK(d.held() == 0);
    CHECK(d.next_deadline() == kNever);
}

TEST_CASE("unit: delivery: FIFO holds back out-of-order messages until the gap fills") {
    Delivery d(kGap);
    CHECK(seqs(d.accept(0, arrival(1, 1))) == std::vector<std::uint64_t>{1});
    CHECK(d.accept(10, arrival(1, 3)).empty());
    CHECK(d.accept(20, arrival(1, 4)).empty());
    CHECK(d.held() == 2);
    CHECK(seqs(d.accept(30, arrival(1, 2))) == std::vector<std::uint64_t>{2, 3, 4});
    CHECK(d.held() == 0);
    CHECK(seqs(d.accept(40, arrival(1, 5))) == std::vector<std::uint64_t>{5});
}

TEST_CASE("unit: delivery: FIFO order starts at the first message seen from an origin") {
    Delivery d(kGap);
    // A node joining late does not wait for history it never saw.
    CHECK(seqs(d.accept(0, arrival(1, 7))) == std::vector<std::uint64_t>{7});
    CHECK(d.accept(0, arrival(1, 9)).empty());
    CHECK(seqs(d.accept(0, arrival(1, 8))) == std::vector<std::uint64_t>{8, 9});
}

TEST_CASE("unit: delivery: origins are ordered independently") {
    Delivery d(kGap);
    d.accept(0, arrival(1, 1));
    d.accept(0, arrival(2, 1));
    CHECK(d.accept(0, arrival(1, 3)).empty());
    CHECK(seqs(d.accept(0, arrival(2, 2))) == std::vector<std::uint64_t>{2});
    CHECK(d.held() == 1);
    const auto out = d.accept(0, arrival(1, 2));
    REQUIRE(out.size() == 2);
    CHECK(out[0].message->id.origin == NodeId{1});
    CHECK(seqs(out) == std::vector<std::uint64_t>{2, 3});
}

TEST_CASE("unit: delivery: a gap not filled within fifo_gap_timeout is skipped") {
    Delivery d(kGap);
    d.accept(0, arrival(1, 1));
    const Time t = kSecond;
    CHECK(d.accept(t, arrival(1, 3)).empty());
    CHECK(d.accept(t + 100, arrival(1, 4)).empty());
    CHECK(d.accept(t + 200, arrival(1, 6)).empty());  // a second gap behind the first
    CHECK(d.next_deadline() == t + kGap);

    CHECK(d.expire(t + kGap - 1).empty());
    // Seq 2 is given up; 3 and 4 follow; 6 still waits for 5 on its own clock.
    CHECK(seqs(d.expire(t + kGap)) == std::vector<std::uint64_t>{3, 4});
    CHECK(d.held() == 1);
    CHECK(d.next_deadline() == t + 200 + kGap);
    CHECK(seqs(d.expire(t + 200 + kGap)) == std::vector<std::uint64_t>{6});
    CHECK(d.held() == 0);
    CHECK(d.next_deadline() == kNever);

    // The skipped message arriving late is still delivered rather than lost.
    CHECK(seqs(d.accept(t + 10 * kSecond, arrival(1, 2))) == std::vector<std::uint64_t>{2});
    // And order continues after the last delivered sequence.
    CHECK(seqs(d.accept(t + 10 * kSecond, arrival(1, 7))) == std::vector<std::uint64_t>{7});
}

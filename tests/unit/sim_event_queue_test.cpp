// The simulator's event queue: (time, sequence) order, tie-breaking by insertion order, and
// the datagram payload slab.

#include <doctest/doctest.h>

#include <algorithm>
#include <cstddef>
#include <vector>

#include "sim/event_queue.hpp"
#include "transport/rng.hpp"

using namespace gocast;
using namespace gocast::sim;

namespace {

SimEvent at(Time t, std::uint32_t tag) {
    SimEvent e;
    e.time = t;
    e.kind = EventKind::sample;
    e.peer = tag;
    return e;
}

}  // namespace

TEST_CASE("sim: event queue pops in time order") {
    EventQueue q;
    q.push(at(30, 3));
    q.push(at(10, 1));
    q.push(at(20, 2));
    REQUIRE(q.size() == 3);
    CHECK(q.top_time() == 10);
    CHECK(q.pop().peer == 1);
    CHECK(q.pop().peer == 2);
    CHECK(q.pop().peer == 3);
    CHECK(q.empty());
}

TEST_CASE("sim: event queue breaks time ties by insertion sequence") {
    EventQueue q;
    for (std::uint32_t i = 0; i < 100; ++i) q.push(at(5, i));
    q.push(at(4, 1000));
    CHECK(q.pop().peer == 1000);
    for (std::uint32_t i = 0; i < 100; ++i) {
        const SimEvent e = q.pop();
        CHECK(e.time == 5);
        CHECK(e.peer == i);
    }
}

TEST_CASE("sim: event queue sequence numbers are assigned in push order") {
    EventQueue q;
    CHECK(q.push(at(9, 0)) == 0);
    CHECK(q.push(at(1, 0)) == 1);
    CHECK(q.push(at(5, 0)) == 2);
    CHECK(q.scheduled_total() == 3);
    CHECK(q.pop().seq == 1);
}

TEST_CASE("sim: event queue matches a stable sort under random interleaving") {
    // Reference: every event ever pushed, stably sorted by time, is the pop order provided
    // pops never overtake pushes of earlier times. Pushing only times >= the last popped
    // time (as the simulator does) guarantees that.
    Rng rng(42);
    EventQueue q;
    std::vector<std::pair<Time, std::uint32_t>> pushed;
    std::vector<std::pair<Time, std::uint32_t>> popped;
    Time now = 0;
    std::uint32_t tag = 0;
    for (int step = 0; step < 20000; ++step) {
        if (q.empty() || rng.chance(0.55)) {
            const Time t = now + static_cast<Time>(rng.below(50));  // many equal times
            q.push(at(t, tag));
            pushed.emplace_back(t, tag);
            ++tag;
        } else {
            const SimEvent e = q.pop();
            CHECK(e.time >= now);
            now = e.time;
            popped.emplace_back(e.time, e.peer);
        }
    }
    while (!q.empty()) {
        const SimEvent e = q.pop();
        popped.emplace_back(e.time, e.peer);
    }
    REQUIRE(popped.size() == pushed.size());
    // Within one time, tags (= push order) must be increasing.
    for (std::size_t i = 1; i < popped.size(); ++i) {
        const bool ordered =
            popped[i - 1].first < popped[i].first ||
            (popped[i - 1].first == popped[i].first && popped[i - 1].second < popped[i].second);
        REQUIRE(ordered);
    }
}

TEST_CASE("sim: datagram payload is carried by move and slots are reused") {
    EventQueue q;
    Bytes a{std::byte{1}, std::byte{2}, std::byte{3}};
    const std::byte* a_data = a.data();
    q.push_datagram(100, 7, Endpoint{0x7f000002, 7000}, std::move(a));
    q.push_datagram(50, 8, Endpoint{0x7f000003, 7000}, Bytes{std::byte{9}});
    CHECK(q.payloads_in_flight() == 2);

    const SimEvent first = q.pop();
    CHECK(first.kind == EventKind::datagram);
    CHECK(first.time == 50);
    CHECK(first.peer == 8);
    CHECK(first.aux == 0x7f000003u);
    CHECK(first.aux16 == 7000);
    const Bytes b = q.take_payload(first.arg);
    REQUIRE(b.size() == 1);
    CHECK(b[0] == std::byte{9});
    CHECK(q.payloads_in_flight() == 1);

    // The freed slot is reused by the next datagram.
    q.push_datagram(200, 9, Endpoint{0x7f000004, 7000}, Bytes{std::byte{5}, std::byte{6}});
    const SimEvent second = q.pop();
    CHECK(second.peer == 7);
    const Bytes moved = q.take_payload(second.arg);
    CHECK(moved.data() == a_data);  // the very buffer that was pushed: no copy
    CHECK(moved.size() == 3);
    const SimEvent third = q.pop();
    CHECK(third.arg == first.arg);
    CHECK(q.take_payload(third.arg).size() == 2);
    CHECK(q.payloads_in_flight() == 0);
}

TEST_CASE("sim: datagrams and other events share one order") {
    EventQueue q;
    q.push(at(10, 1));
    q.push_datagram(10, 2, Endpoint{}, Bytes{});
    q.push(at(10, 3));
    CHECK(q.pop().kind == EventKind::sample);
    const SimEvent d = q.pop();
    CHECK(d.kind == EventKind::datagram);
    q.release_payload(d.arg);
    CHECK(q.pop().peer == 3);
}

namespace {

// Pops everything and checks the (time, push order) order against a sorted copy of what
// was pushed. Tags are push order, so (time, tag) is the order a single heap gives.
void check_pops_sorted(EventQueue& q, std::vector<std::pair<Time, std::uint32_t>> pushed,
                       std::vector<std::pair<Time, std::uint32_t>> popped) {
    while (!q.empty()) {
        const Time t = q.top_time();
        const SimEvent e = q.pop();
        CHECK(e.time == t);
        popped.emplace_back(e.time, e.peer);
    }
    std::sort(pushed.begin(), pushed.end());
    REQUIRE(popped.size() == pushed.size());
    CHECK(popped == pushed);
}

}  // namespace

TEST_CASE("sim: event queue orders events far apart and at bucket edges") {
    // Times from microseconds to minutes: the same bucket, neighbouring buckets, the far
    // side of the bucket ring and the overflow beyond it all give one (time, seq) order.
    EventQueue q;
    std::vector<std::pair<Time, std::uint32_t>> pushed;
    const Time times[] = {0,    1,      1023,        1024,        1025,          2048,
                          5000, 999999, 2097151,     2097152,     2097153,       4194304,
                          1024, 0,      60000000,    59999999,    60000000,      3 * kSecond};
    std::uint32_t tag = 0;
    for (const Time t : times) {
        q.push(at(t, tag));
        pushed.emplace_back(t, tag++);
    }
    CHECK(q.size() == pushed.size());
    check_pops_sorted(q, pushed, {});
}

TEST_CASE("sim: event queue takes an event earlier than one already looked at") {
    // top_time() may move the queue's cursor ahead to a far event; a later push of an
    // earlier time (a test injecting an action at now) must still come out first.
    EventQueue q;
    q.push(at(10 * kSecond, 1));
    CHECK(q.top_time() == 10 * kSecond);
    q.push(at(5 * kSecond, 2));
    q.push(at(10 * kSecond, 3));
    q.push(at(5 * kSecond + 1, 4));
    CHECK(q.top_time() == 5 * kSecond);
    CHECK(q.pop().peer == 2);
    CHECK(q.pop().peer == 4);
    CHECK(q.pop().peer == 1);
    CHECK(q.pop().peer == 3);
    CHECK(q.empty());
}

TEST_CASE("sim: event queue matches a sort with simulator-like delays") {
    // Datagram-like delays (up to 0.4 s), timer-like ones (up to 6 s, past the bucket
    // ring) and zero delays, interleaved with pops (one per step, as many pushes on
    // average).
    Rng rng(7);
    EventQueue q;
    std::vector<std::pair<Time, std::uint32_t>> pushed;
    std::vector<std::pair<Time, std::uint32_t>> popped;
    Time now = 0;
    std::uint32_t tag = 0;
    for (int step = 0; step < 200000; ++step) {
        const std::uint64_t burst = q.empty() ? 1 : rng.below(3);
        for (std::uint64_t i = 0; i < burst; ++i) {
            Time delay = 0;
            const std::uint64_t kind = rng.below(10);
            if (kind < 6) delay = static_cast<Time>(rng.below(400 * kMillisecond));
            else if (kind < 9) delay = static_cast<Time>(rng.below(6 * kSecond));
            q.push(at(now + delay, tag));
            pushed.emplace_back(now + delay, tag++);
        }
        const SimEvent e = q.pop();
        REQUIRE(e.time >= now);
        now = e.time;
        popped.emplace_back(e.time, e.peer);
    }
    check_pops_sorted(q, pushed, popped);
}

// Scenario rules of the simulator: identities, join stagger, seed choice, publication
// schedule, payloads, failure counts.

#include <doctest/doctest.h>

#include <algorithm>
#include <array>
#include <set>
#include <vector>

#include "sim/scenario.hpp"

using namespace gocast;
using namespace gocast::sim;

TEST_CASE("sim: node ids are distinct, nonzero and depend on the seed") {
    std::set<std::uint64_t> seen;
    for (std::uint32_t i = 0; i < 20000; ++i) {
        const NodeId id = node_id_for(1, i);
        CHECK(id.value != 0);
        seen.insert(id.value);
    }
    CHECK(seen.size() == 20000);
    CHECK(node_id_for(1, 0) == node_id_for(1, 0));
    CHECK(node_id_for(1, 0) != node_id_for(2, 0));
    CHECK(node_rng_seed(1, 0) != node_rng_seed(1, 1));
    CHECK(node_rng_seed(1, 0) != node_id_for(1, 0).value);
    CHECK(stream_seed(1, Stream::network) != stream_seed(1, Stream::scenario));
    CHECK(stream_seed(1, Stream::scenario) != stream_seed(1, Stream::sampling));
    CHECK(stream_seed(1, Stream::network) != stream_seed(2, Stream::network));
}

TEST_CASE("sim: peers start evenly staggered over the join window") {
    const Duration window = 5 * kSecond;
    CHECK(start_time(0, 100, window) == 0);
    CHECK(start_time(50, 100, window) == window / 2);
    Time prev = -1;
    for (std::size_t i = 0; i < 100; ++i) {
        const Time t = start_time(i, 100, window);
        CHECK(t > prev);
        CHECK(t < window);
        prev = t;
    }
    CHECK(start_time(7, 100, 0) == 0);  // no window: everyone at once, in index order
}

TEST_CASE("sim: choose_uniform draws distinct members of the pool") {
    Rng rng(3);
    const std::vector<std::uint32_t> pool{10, 11, 12, 13, 14, 15};
    for (int round = 0; round < 200; ++round) {
        const auto got = choose_uniform(pool, 3, rng);
        REQUIRE(got.size() == 3);
        std::set<std::uint32_t> distinct(got.begin(), got.end());
        CHECK(distinct.size() == 3);
        for (const auto v : got) CHECK(std::find(pool.begin(), pool.end(), v) != pool.end());
    }
    CHECK(choose_uniform({}, 3, rng).empty());
    const auto all = choose_uniform({4, 5}, 3, rng);
    CHECK(std::set<std::uint32_t>(all.begin(), all.end()) == std::set<std::uint32_t>{4, 5});
}

TEST_CASE("sim: choose_uniform is roughly uniform and deterministic") {
    Rng rng(11);
    std::array<int, 8> hits{};
    for (int round = 0; round < 8000; ++round) {
        for (const auto v : choose_uniform({0, 1, 2, 3, 4, 5, 6, 7}, 2, rng)) ++hits[v];
    }
    for (const int h : hits) {
        CHECK(h > 1700);  // expectation 2000
        CHECK(h < 2300);
    }
    Rng a(9), b(9);
    CHECK(choose_uniform({1, 2, 3, 4, 5}, 2, a) == choose_uniform({1, 2, 3, 4, 5}, 2, b));
}

TEST_CASE("sim: publication times come from the index, without drift") {
    CHECK(publish_time(0, 20 * kSecond, 1.0) == 20 * kSecond);
    CHECK(publish_time(1, 20 * kSecond, 1.0) == 21 * kSecond);
    CHECK(publish_time(1, 0, 3.0) == 333333);
    CHECK(publish_time(2, 0, 3.0) == 666667);
    CHECK(publish_time(3, 0, 3.0) == kSecond);
    CHECK(publish_time(3000, 0, 3.0) == 1000 * kSecond);
    CHECK(publish_time(5, 0, 0.5) == 10 * kSecond);
}

TEST_CASE("sim: payloads have the requested size and differ per message") {
    const Bytes a = make_payload(1, 100);
    const Bytes b = make_payload(2, 100);
    CHECK(a.size() == 100);
    CHECK(a != b);
    CHECK(a == make_payload(1, 100));
    CHECK(make_payload(1, 4).size() == 4);
    CHECK(make_payload(1, 0).empty());
}

TEST_CASE("sim: failure kills round(fraction * live) peers") {
    CHECK(kill_count(0.0, 100) == 0);
    CHECK(kill_count(0.2, 128) == 26);  // 25.6
    CHECK(kill_count(0.2, 100) == 20);
    CHECK(kill_count(0.25, 2) == 1);  // 0.5 rounds away from zero
    CHECK(kill_count(1.0, 17) == 17);
    CHECK(kill_count(0.5, 0) == 0);
}

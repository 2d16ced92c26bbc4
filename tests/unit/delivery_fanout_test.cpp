// peer/delivery_fanout: topic filtering, the bounded per-subscriber queue that drops and
// counts instead of blocking the io thread, and close() ending every stream.

#include "peer/delivery_fanout.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <string>
#include <vector>

using namespace gocast;
using namespace std::chrono_literals;

TEST_CASE("unit: peer: fanout offers lines to matching subscribers only") {
    DeliveryFanout fanout(8);
    const auto all = fanout.subscribe("");
    const auto news = fanout.subscribe("news");
    fanout.push("news", "a\n");
    fanout.push("sport", "b\n");
    CHECK(all->take(0ms) == std::vector<std::string>{"a\n", "b\n"});
    CHECK(news->take(0ms) == std::vector<std::string>{"a\n"});
    fanout.unsubscribe(news);
    CHECK(fanout.subscriber_count() == 1);
    fanout.push("news", "c\n");
    CHECK(news->take(0ms).empty());
}

TEST_CASE("unit: peer: a full subscriber queue drops and counts new lines") {
    DeliveryFanout fanout(2);
    const auto slow = fanout.subscribe("");
    for (int i = 0; i < 5; ++i) fanout.push("t", std::to_string(i));
    CHECK(slow->dropped() == 3);
    CHECK(slow->take(0ms) == std::vector<std::string>{"0", "1"});
    fanout.push("t", "5");
    CHECK(slow->take(0ms) == std::vector<std::string>{"5"});
}

TEST_CASE("unit: peer: closing the fanout ends streams and refuses new ones") {
    DeliveryFanout fanout(4);
    const auto sub = fanout.subscribe("");
    fanout.close();
    CHECK(sub->closed());
    CHECK(sub->take(1s).empty());  // returns at once: closed
    CHECK(fanout.subscribe("") == nullptr);
}

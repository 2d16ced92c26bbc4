// dissemination/store: duplicates are refused; payloads go after `retain`, ids after
// `seen_ttl`; the count and byte bounds evict the oldest first and are counted.

#include "dissemination/store.hpp"

#include <doctest/doctest.h>

#include <memory>
#include <string>

using namespace gocast;

namespace {

std::shared_ptr<const Message> msg(std::uint64_t seq, std::size_t payload = 10,
                                   std::string topic = "") {
    auto m = std::make_shared<Message>();
    m->id = MsgId{NodeId{7}, seq};
    m->topic = std::move(topic);
    m->payload = Bytes(payload, std::byte{0x61});
    return m;
}

DisseminationConfig small_store() {
    DisseminationConfig c;
    c.retain = 10 * kSecond;
    c.seen_ttl = 30 * kSecond;
    return c;
}

}  // namespace

TEST_CASE("unit: store: a first receipt is admitted and a duplicate refused") {
    MessageStore s(small_store());
    CHECK_FALSE(s.seen(MsgId{NodeId{7}, 1}));
    CHECK(s.insert(0, msg(1)));
    CHECK(s.seen(MsgId{NodeId{7}, 1}));
    CHECK_FALSE(s.insert(kMillisecond, msg(1)));
    CHECK_FALSE(s.insert(kMillisecond, msg(1, 500)));  // same id, other content: still a dup
    CHECK(s.ids() == 1);
    CHECK(s.payloads() == 1);
    CHECK(s.payload_bytes() == 10 + 64);  // payload + topic + fixed overhead
    REQUIRE(s.get(MsgId{NodeId{7}, 1}) != nullptr);
    CHECK(s.get(MsgId{NodeId{7}, 1})->payload.size() == 10);
    CHECK(s.get(MsgId{NodeId{7}, 2}) == nullptr);
    CHECK(s.evicted() == 0);
}

TEST_CASE("unit: store: payloads expire after retain and ids after seen_ttl") {
    MessageStore s(small_store());
    s.insert(0, msg(1));
    s.insert(5 * kSecond, msg(2));
    const MsgId first{NodeId{7}, 1};

    s.expire(10 * kSecond);  // exactly retain: kept
    CHECK(s.get(first) != nullptr);
    s.expire(10 * kSecond + 1);
    CHECK(s.get(first) == nullptr);
    CHECK(s.seen(first));  // the id outlives the payload
    CHECK(s.payloads() == 1);
    CHECK(s.get(MsgId{NodeId{7}, 2}) != nullptr);
    // Still a duplicate while the id is remembered.
    CHECK_FALSE(s.insert(20 * kSecond, msg(1)));

    s.expire(30 * kSecond);
    CHECK(s.seen(first));
    s.expire(30 * kSecond + 1);
    CHECK_FALSE(s.seen(first));
    CHECK(s.ids() == 1);
    s.expire(35 * kSecond + 1);
    CHECK(s.ids() == 0);
    CHECK(s.payloads() == 0);
    CHECK(s.payload_bytes() == 0);
    CHECK(s.evicted() == 0);  // ageing out is not eviction
}

TEST_CASE("unit: store: the count bound forgets the oldest ids") {
    DisseminationConfig cfg = small_store();
    cfg.store_max_messages = 16;
    MessageStore s(cfg);
    for (std::uint64_t i = 1; i <= 20; ++i)
        CHECK(s.insert(static_cast<Time>(i) * kMillisecond, msg(i)));
    CHECK(s.ids() == 16);
    CHECK(s.payloads() == 16);
    CHECK(s.evicted() == 4);
    for (std::uint64_t i = 1; i <= 4; ++i) CHECK_FALSE(s.seen(MsgId{NodeId{7}, i}));
    for (std::uint64_t i = 5; i <= 20; ++i) {
        CHECK(s.seen(MsgId{NodeId{7}, i}));
        CHECK(s.get(MsgId{NodeId{7}, i}) != nullptr);
    }
    CHECK(s.payload_bytes() == 16 * (10 + 64));
}

TEST_CASE("unit: store: the byte bound releases the oldest payloads but keeps their ids") {
    DisseminationConfig cfg = small_store();
    cfg.store_max_bytes = 500;  // three messages of 100 + 64 bytes fit, four do not
    MessageStore s(cfg);
    for (std::uint64_t i = 1; i <= 3; ++i) s.insert(static_cast<Time>(i), msg(i, 100));
    CHECK(s.payloads() == 3);
    CHECK(s.payload_bytes() == 3 * 164);
    CHECK(s.evicted() == 0);

    s.insert(4, msg(4, 100));
    CHECK(s.payloads() == 3);
    CHECK(s.payload_bytes() == 3 * 164);
    CHECK(s.evicted() == 1);
    CHECK(s.get(MsgId{NodeId{7}, 1}) == nullptr);
    CHECK(s.seen(MsgId{NodeId{7}, 1}));
    CHECK(s.ids() == 4);

    // One large message pushes out as many old payloads as needed, oldest first.
    s.insert(5, msg(5, 250, "big"));  // 317 bytes: two old payloads must go
    CHECK(s.payload_bytes() <= 500);
    CHECK(s.get(MsgId{NodeId{7}, 5}) != nullptr);
    CHECK(s.get(MsgId{NodeId{7}, 2}) == nullptr);
    CHECK(s.get(MsgId{NodeId{7}, 3}) == nullptr);
    CHECK(s.get(MsgId{NodeId{7}, 4}) != nullptr);
    CHECK(s.evicted() == 3);
    CHECK(s.ids() == 5);
}

TEST_CASE("unit: store: recent lists held ids from a time on, newest first, bounded") {
    MessageStore s(small_store());
    for (std::uint64_t i = 1; i <= 6; ++i) REQUIRE(s.insert(static_cast<Time>(i) * kSecond, msg(i)));
    const auto r = s.recent(3 * kSecond, 10);
    REQUIRE(r.size() == 4);
    CHECK(r.front().first.seq == 6);
    CHECK(r.front().second == 6 * kSecond);
    CHECK(r.back().first.seq == 3);
    CHECK(s.recent(0, 2).size() == 2);
    // Payloads past retain are not offered: nobody could pull them.
    s.expire(14 * kSecond);
    const auto left = s.recent(0, 10);
    REQUIRE(left.size() == 3);
    CHECK(left.back().first.seq == 4);
}

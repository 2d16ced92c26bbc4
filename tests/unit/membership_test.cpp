// overlay/membership: the partial view stays within capacity, lets the stalest record go
// only for a fresher one, keeps the fresher of two records, expires dead ones, never holds
// this node itself, and samples distinct records reproducibly.

#include "overlay/membership.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <set>
#include <vector>

#include "transport/rng.hpp"

using namespace gocast;

namespace {

const NodeId kSelf{1000};

Endpoint addr(std::uint64_t id, std::uint16_t port = 7000) {
    return Endpoint{static_cast<std::uint32_t>(0x0a000000 + id), port};
}

MembershipConfig small_view(std::uint32_t capacity = 4) {
    MembershipConfig c;
    c.view_capacity = capacity;
    c.entry_ttl = 60 * kSecond;
    return c;
}

MemberEntry relayed(std::uint64_t id, std::uint32_t age_ms, std::uint16_t port = 7000) {
    return MemberEntry{NodeId{id}, addr(id, port), 2, age_ms};
}

}  // namespace

TEST_CASE("unit: membership: heard_from inserts and refreshes a record") {
    Membership m(small_view(), kSelf);
    m.heard_from(NodeId{1}, addr(1), 3, 10 * kSecond);
    REQUIRE(m.size() == 1);
    const Member* r = m.find(NodeId{1});
    REQUIRE(r != nullptr);
    CHECK(r->address == addr(1));
    CHECK(r->site == 3);
    CHECK(r->last_heard == 10 * kSecond);

    m.heard_from(NodeId{1}, addr(1, 7001), 4, 11 * kSecond);
    CHECK(m.size() == 1);
    CHECK(m.find(NodeId{1})->address == addr(1, 7001));
    CHECK(m.find(NodeId{1})->site == 4);
    CHECK(m.find(NodeId{1})->last_heard == 11 * kSecond);

    // touch refreshes only what is known.
    m.touch(NodeId{1}, addr(1, 7002), 12 * kSecond);
    CHECK(m.find(NodeId{1})->last_heard == 12 * kSecond);
    CHECK(m.find(NodeId{1})->address == addr(1, 7002));
    m.touch(NodeId{2}, addr(2), 12 * kSecond);
    CHECK(m.find(NodeId{2}) == nullptr);

    m.remove(NodeId{1});
    CHECK(m.size() == 0);
    CHECK(m.find(NodeId{1}) == nullptr);
}

TEST_CASE("unit: membership: self and the null id are never inserted") {
    Membership m(small_view(), kSelf);
    m.heard_from(kSelf, addr(1000), 0, kSecond);
    m.heard_from(NodeId{0}, addr(0), 0, kSecond);
    m.merge({relayed(kSelf.value, 0), relayed(0, 0)}, kSecond);
    CHECK(m.size() == 0);
    CHECK(m.find(kSelf) == nullptr);
    // A relayed record without a usable address is ignored too.
    m.merge({MemberEntry{NodeId{5}, Endpoint{1, 0}, 0, 0}}, kSecond);
    CHECK(m.size() == 0);
}

TEST_CASE("unit: membership: capacity is a hard bound") {
    Membership m(small_view(4), kSelf);
    for (std::uint64_t i = 1; i <= 50; ++i)
        m.heard_from(NodeId{i}, addr(i), 0, static_cast<Time>(i) * kSecond);
    CHECK(m.size() == 4);
    std::vector<MemberEntry> many;
    for (std::uint64_t i = 100; i < 200; ++i) many.push_back(relayed(i, 0));
    m.merge(many, 60 * kSecond);
    CHECK(m.size() == 4);
}

TEST_CASE("unit: membership: the stalest record is evicted only for a fresher one") {
    Membership m(small_view(3), kSelf);
    const Time t0 = 100 * kSecond;
    m.heard_from(NodeId{1}, addr(1), 0, t0 - 30 * kSecond);  // stalest
    m.heard_from(NodeId{2}, addr(2), 0, t0 - 20 * kSecond);
    m.heard_from(NodeId{3}, addr(3), 0, t0 - 10 * kSecond);

    // A relayed record older than every held one does not get in.
    m.merge({relayed(4, 40 * 1000)}, t0);
    CHECK(m.find(NodeId{4}) == nullptr);
    CHECK(m.size() == 3);
    // As old as the stalest: still no.
    m.merge({relayed(4, 30 * 1000)}, t0);
    CHECK(m.find(NodeId{4}) == nullptr);

    // Fresher than the stalest: the stalest goes.
    m.merge({relayed(4, 25 * 1000)}, t0);
    CHECK(m.find(NodeId{4}) != nullptr);
    CHECK(m.find(NodeId{1}) == nullptr);
    CHECK(m.find(NodeId{2}) != nullptr);
    CHECK(m.find(NodeId{3}) != nullptr);
    CHECK(m.size() == 3);

    // Hearing directly is the freshest possible: it evicts the now-stalest, node 4 itself
    // (heard 25 s ago, against 20 s and 10 s for nodes 2 and 3).
    m.heard_from(NodeId{5}, addr(5), 0, t0);
    CHECK(m.find(NodeId{5}) != nullptr);
    CHECK(m.find(NodeId{4}) == nullptr);
    CHECK(m.find(NodeId{2}) != nullptr);
    CHECK(m.size() == 3);
}

TEST_CASE("unit: membership: merge keeps the fresher record") {
    Membership m(small_view(), kSelf);
    const Time t0 = 100 * kSecond;
    m.heard_from(NodeId{7}, addr(7), 1, t0 - 10 * kSecond);

    // Staler news changes nothing, not even the address.
    m.merge({relayed(7, 20 * 1000, 9000)}, t0);
    CHECK(m.find(NodeId{7})->last_heard == t0 - 10 * kSecond);
    CHECK(m.find(NodeId{7})->address == addr(7));
    CHECK(m.find(NodeId{7})->site == 1);

    // Fresher news replaces time, address and site.
    m.merge({relayed(7, 2 * 1000, 9001)}, t0);
    CHECK(m.find(NodeId{7})->last_heard == t0 - 2 * kSecond);
    CHECK(m.find(NodeId{7})->address == addr(7, 9001));
    CHECK(m.find(NodeId{7})->site == 2);

    // Records already as old as entry_ttl are dead on arrival.
    m.merge({relayed(8, 60 * 1000)}, t0);
    CHECK(m.find(NodeId{8}) == nullptr);
    m.merge({relayed(8, 59 * 1000)}, t0);
    CHECK(m.find(NodeId{8}) != nullptr);
}

TEST_CASE("unit: membership: records expire after entry_ttl") {
    Membership m(small_view(8), kSelf);
    m.heard_from(NodeId{1}, addr(1), 0, 10 * kSecond);
    m.heard_from(NodeId{2}, addr(2), 0, 20 * kSecond);
    m.heard_from(NodeId{3}, addr(3), 0, 30 * kSecond);

    m.expire(70 * kSecond);  // node 1 is exactly entry_ttl old: kept
    CHECK(m.size() == 3);
    m.expire(70 * kSecond + 1);
    CHECK(m.size() == 2);
    CHECK(m.find(NodeId{1}) == nullptr);
    // Refreshing keeps a record alive.
    m.heard_from(NodeId{2}, addr(2), 0, 75 * kSecond);
    m.expire(91 * kSecond);
    CHECK(m.find(NodeId{2}) != nullptr);
    CHECK(m.find(NodeId{3}) == nullptr);
    CHECK(m.size() == 1);
}

TEST_CASE("unit: membership: sample returns distinct records and honours exclude") {
    Membership m(small_view(64), kSelf);
    const Time now = 50 * kSecond;
    for (std::uint64_t i = 1; i <= 20; ++i)
        m.heard_from(NodeId{i}, addr(i), 0, now - static_cast<Time>(i) * kMillisecond);
    Rng rng(7);

    for (int round = 0; round < 50; ++round) {
        const auto s = m.sample(rng, 8, now, {NodeId{3}, NodeId{4}, NodeId{5}});
        CHECK(s.size() == 8);
        std::set<std::uint64_t> ids;
        for (const auto& e : s) {
            ids.insert(e.id.value);
            CHECK(e.id != NodeId{3});
            CHECK(e.id != NodeId{4});
            CHECK(e.id != NodeId{5});
            CHECK(e.age_ms == e.id.value);  // heard i ms before now
            CHECK(e.address == addr(e.id.value));
        }
        CHECK(ids.size() == s.size());
    }

    // Asking for more than exist returns each eligible record once.
    const auto all = m.sample(rng, 100, now, {NodeId{1}});
    CHECK(all.size() == 19);
    std::set<std::uint64_t> ids;
    for (const auto& e : all) ids.insert(e.id.value);
    CHECK(ids.size() == 19);
    CHECK(ids.count(1) == 0);

    CHECK(m.sample(rng, 0, now).empty());
    Membership empty(small_view(), kSelf);
    CHECK(empty.sample(rng, 5, now).empty());
    CHECK_FALSE(empty.random_member(rng).has_value());
}

TEST_CASE("unit: membership: sampling is deterministic for the same Rng seed") {
    Membership m(small_view(64), kSelf);
    for (std::uint64_t i = 1; i <= 30; ++i) m.heard_from(NodeId{i}, addr(i), 0, kSecond);
    Rng a(1234), b(1234), c(4321);
    const auto sa = m.sample(a, 10, 2 * kSecond);
    const auto sb = m.sample(b, 10, 2 * kSecond);
    CHECK(sa == sb);
    CHECK(m.random_member(a)->id == m.random_member(b)->id);
    // A different seed gives a different draw (30 choose 10 makes a collision negligible).
    CHECK(m.sample(c, 10, 2 * kSecond) != sb);
}

TEST_CASE("unit: membership: a small sample of a large view is distinct and honours exclude") {
    // count * 4 < view size: the sampler draws indices instead of shuffling the view.
    Membership m(small_view(256), kSelf);
    const Time now = 10 * kSecond;
    for (std::uint64_t i = 1; i <= 200; ++i) m.heard_from(NodeId{i}, addr(i), 0, now);
    const std::vector<NodeId> exclude = {NodeId{1}, NodeId{2}, NodeId{3}, NodeId{4}};
    Rng rng(99);
    std::set<std::uint64_t> ever;
    for (int round = 0; round < 200; ++round) {
        const auto s = m.sample(rng, 10, now, exclude);
        CHECK(s.size() == 10);
        std::set<std::uint64_t> ids;
        for (const auto& e : s) {
            ids.insert(e.id.value);
            ever.insert(e.id.value);
            CHECK(e.id.value > 4);
        }
        CHECK(ids.size() == s.size());
    }
    CHECK(ever.size() > 150);  // 2000 draws over 196 eligible records reach most of them

    Rng a(5), b(5);
    CHECK(m.sample(a, 10, now, exclude) == m.sample(b, 10, now, exclude));

    // Everything excluded: the bounded draw ends with nothing rather than looping.
    std::vector<NodeId> all;
    for (std::uint64_t i = 1; i <= 200; ++i) all.push_back(NodeId{i});
    CHECK(m.sample(rng, 5, now, all).empty());
}

// overlay/probe: EWMA smoothing, the centrality window mean, ping bookkeeping (nonce and
// sender checks, expiry) and the nearest-first RTT cache.

#include "overlay/probe.hpp"
#include "transport/rng.hpp"

#include <doctest/doctest.h>

#include <iterator>
#include <map>
#include <set>
#include <vector>

using namespace gocast;

namespace {

std::vector<std::pair<NodeId, Duration>> listing(const RttCache& c) {
    std::vector<std::pair<NodeId, Duration>> out;
    c.for_each_nearest([&](NodeId id, Duration rtt) {
        out.emplace_back(id, rtt);
        return true;
    });
    return out;
}

}  // namespace

TEST_CASE("unit: probe: the first RTT sample initialises the estimate") {
    RttEstimator e(3);
    CHECK_FALSE(e.has_value());
    CHECK(e.value() == 0);
    e.add(800);
    CHECK(e.has_value());
    CHECK(e.value() == 800);
}

TEST_CASE("unit: probe: EWMA moves by 1/2^shift of the error") {
    RttEstimator e(3);
    e.add(800);
    e.add(1600);  // +800 / 8
    CHECK(e.value() == 900);
    e.add(100);  // -800 / 8
    CHECK(e.value() == 800);
    e.add(800);  // no error, no change
    CHECK(e.value() == 800);

    // A step change is followed geometrically: after many samples it is close to the target.
    for (int i = 0; i < 100; ++i) e.add(10000);
    CHECK(e.value() > 9900);
    CHECK(e.value() <= 10000);

    // One outlier moves the estimate by only an eighth of its error.
    RttEstimator steady(3);
    for (int i = 0; i < 10; ++i) steady.add(1000);
    steady.add(9000);
    CHECK(steady.value() == 2000);

    // Shift 0 means no smoothing.
    RttEstimator raw(0);
    raw.add(500);
    raw.add(70);
    CHECK(raw.value() == 70);
}

TEST_CASE("unit: probe: RTT samples below one microsecond are clamped") {
    RttEstimator e(3);
    e.add(0);
    CHECK(e.value() == 1);
    e.add(-50);
    CHECK(e.value() >= 1);
}

TEST_CASE("unit: probe: centrality is the mean of the last window samples") {
    CentralityEstimator c(3);
    CHECK(c.samples() == 0);
    CHECK(c.mean() == 0.0);
    c.add(10);
    CHECK(c.mean() == doctest::Approx(10.0));
    c.add(20);
    c.add(30);
    CHECK(c.samples() == 3);
    CHECK(c.mean() == doctest::Approx(20.0));
    c.add(40);  // 10 leaves the window
    CHECK(c.samples() == 3);
    CHECK(c.mean() == doctest::Approx(30.0));
    c.add(1000);
    c.add(1000);
    c.add(1000);
    CHECK(c.mean() == doctest::Approx(1000.0));

    CentralityEstimator one(1);
    one.add(5);
    one.add(7);
    CHECK(one.samples() == 1);
    CHECK(one.mean() == doctest::Approx(7.0));
}

TEST_CASE("unit: probe: ping tracker matches nonce and sender") {
    PingTracker t;
    const std::uint32_t n1 = t.start(NodeId{1}, PingPurpose::neighbor, 100);
    const std::uint32_t n2 = t.start(NodeId{2}, PingPurpose::candidate, 200);
    CHECK(n1 != n2);
    CHECK(t.size() == 2);
    CHECK(t.outstanding_to(NodeId{1}));
    CHECK_FALSE(t.outstanding_to(NodeId{3}));

    // A pong from someone else with a valid nonce is not accepted and does not consume it.
    CHECK_FALSE(t.finish(n1, NodeId{2}).has_value());
    CHECK(t.size() == 2);
    // Unknown nonce.
    CHECK_FALSE(t.finish(n1 + n2 + 100, NodeId{1}).has_value());

    const auto p = t.finish(n1, NodeId{1});
    REQUIRE(p.has_value());
    CHECK(p->target == NodeId{1});
    CHECK(p->purpose == PingPurpose::neighbor);
    CHECK(p->sent_at == 100);
    CHECK_FALSE(t.outstanding_to(NodeId{1}));
    // A replayed pong finds nothing.
    CHECK_FALSE(t.finish(n1, NodeId{1}).has_value());
    CHECK(t.size() == 1);
}

TEST_CASE("unit: probe: ping tracker expires unanswered pings") {
    PingTracker t;
    t.start(NodeId{9}, PingPurpose::centrality, 0);
    t.start(NodeId{4}, PingPurpose::neighbor, 0);
    const std::uint32_t late = t.start(NodeId{5}, PingPurpose::candidate, 600);

    CHECK(t.expire(1000, 1000).empty());  // exactly the timeout: not yet
    const auto gone = t.expire(1001, 1000);
    REQUIRE(gone.size() == 2);
    CHECK(gone[0].target == NodeId{4});  // id order, not hash order
    CHECK(gone[1].target == NodeId{9});
    CHECK(gone[1].purpose == PingPurpose::centrality);
    CHECK(t.size() == 1);
    // The younger ping is still answerable.
    CHECK(t.finish(late, NodeId{5}).has_value());
    CHECK(t.size() == 0);
}

TEST_CASE("unit: probe: RTT cache keeps nearest-first order") {
    RttCache c(8);
    c.put(NodeId{1}, 300, 0);
    c.put(NodeId{2}, 100, 0);
    c.put(NodeId{3}, 200, 0);
    c.put(NodeId{4}, 100, 0);  // tie: lower id first
    const auto l = listing(c);
    REQUIRE(l.size() == 4);
    CHECK(l[0] == std::make_pair(NodeId{2}, Duration{100}));
    CHECK(l[1] == std::make_pair(NodeId{4}, Duration{100}));
    CHECK(l[2] == std::make_pair(NodeId{3}, Duration{200}));
    CHECK(l[3] == std::make_pair(NodeId{1}, Duration{300}));

    // A new measurement moves the entry rather than duplicating it.
    c.put(NodeId{1}, 50, 0);
    CHECK(c.size() == 4);
    CHECK(listing(c).front() == std::make_pair(NodeId{1}, Duration{50}));
    CHECK(c.get(NodeId{1}) == Duration{50});
    CHECK_FALSE(c.get(NodeId{77}).has_value());

    // The visitor can stop early.
    int visited = 0;
    c.for_each_nearest([&](NodeId, Duration) { return ++visited < 2; });
    CHECK(visited == 2);
}

TEST_CASE("unit: probe: a full RTT cache evicts the farthest") {
    RttCache c(3);
    c.put(NodeId{1}, 100, 0);
    c.put(NodeId{2}, 200, 0);
    c.put(NodeId{3}, 300, 0);
    // Farther than everything held: not kept.
    c.put(NodeId{4}, 400, 0);
    CHECK(c.size() == 3);
    CHECK_FALSE(c.get(NodeId{4}).has_value());
    // Nearer: the farthest (node 3) makes room.
    c.put(NodeId{5}, 150, 0);
    CHECK(c.size() == 3);
    CHECK_FALSE(c.get(NodeId{3}).has_value());
    const auto l = listing(c);
    REQUIRE(l.size() == 3);
    CHECK(l[0].first == NodeId{1});
    CHECK(l[1].first == NodeId{5});
    CHECK(l[2].first == NodeId{2});
    // Re-measuring a held entry never evicts another.
    c.put(NodeId{2}, 900, 0);
    CHECK(c.size() == 3);
    CHECK(c.get(NodeId{2}) == Duration{900});

    RttCache none(0);
    none.put(NodeId{1}, 1, 0);
    CHECK(none.size() == 0);
}

TEST_CASE("unit: probe: RTT cache erase removes exactly one entry") {
    RttCache c(4);
    c.put(NodeId{1}, 100, 0);
    c.put(NodeId{2}, 100, 0);
    c.put(NodeId{3}, 50, 0);
    c.erase(NodeId{2});
    CHECK(c.size() == 2);
    CHECK_FALSE(c.get(NodeId{2}).has_value());
    const auto l = listing(c);
    REQUIRE(l.size() == 2);
    CHECK(l[0].first == NodeId{3});
    CHECK(l[1].first == NodeId{1});
    c.erase(NodeId{42});  // unknown: nothing happens
    CHECK(c.size() == 2);
    // The freed slot is usable again.
    c.put(NodeId{2}, 10, 0);
    CHECK(listing(c).front().first == NodeId{2});
}

TEST_CASE("unit: probe: RTT cache re-measurements in both directions keep the order exact") {
    // Against a plain model: a sorted set of (rtt, id), the farthest dropped when full.
    RttCache c(16);
    std::set<std::pair<Duration, NodeId>> model;
    std::map<NodeId, Duration> of;
    Rng rng(11);
    for (int step = 0; step < 20000; ++step) {
        const NodeId id{1 + rng.below(40)};
        const auto rtt = static_cast<Duration>(rng.below(50));  // many ties
        if (rng.below(5) == 0) {
            c.erase(id);
            if (auto it = of.find(id); it != of.end()) {
                model.erase({it->second, id});
                of.erase(it);
            }
        } else {
            c.put(id, rtt, 0);
            if (auto it = of.find(id); it != of.end()) {
                model.erase({it->second, id});
                of.erase(it);
            }
            const std::pair<Duration, NodeId> item{rtt, id};
            if (model.size() < 16 || item < *model.rbegin()) {
                if (model.size() >= 16) {
                    of.erase(model.rbegin()->second);
                    model.erase(std::prev(model.end()));
                }
                model.insert(item);
                of[id] = rtt;
            }
        }
        std::vector<std::pair<NodeId, Duration>> want;
        for (const auto& [r, n] : model) want.emplace_back(n, r);
        REQUIRE(listing(c) == want);
    }
}

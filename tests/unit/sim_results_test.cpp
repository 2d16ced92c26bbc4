// Result arithmetic of the simulator: expected deliveries, tallies, delay statistics,
// percentiles, degree and link-latency statistics, traffic rates.

#include <doctest/doctest.h>

#include <cmath>
#include <utility>
#include <vector>

#include "datasets/latency_matrix.hpp"
#include "datasets/placement.hpp"
#include "sim/metrics.hpp"
#include "sim/overlay_stats.hpp"
#include "sim/results.hpp"

using namespace gocast;
using namespace gocast::sim;

namespace {

Delivered delivered(const MsgId& id, ArrivalPath path = ArrivalPath::tree) {
    Delivered d;
    d.message.id = id;
    d.path = path;
    d.hops = 1;
    return d;
}

PeerState live(std::uint32_t p, std::vector<PeerLink> links, std::int64_t parent = -1) {
    PeerState s;
    s.peer = p;
    s.parent = parent;
    s.links = std::move(links);
    s.degree = s.links.size();
    return s;
}

}  // namespace

TEST_CASE("sim: percentiles use the nearest rank") {
    const std::vector<double> v{1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
    CHECK(percentile_sorted(v, 0.5) == 5);
    CHECK(percentile_sorted(v, 0.9) == 9);
    CHECK(percentile_sorted(v, 0.99) == 10);
    CHECK(percentile_sorted(v, 1.0) == 10);
    CHECK(percentile_sorted({7}, 0.5) == 7);
    CHECK(std::isnan(percentile_sorted({}, 0.5)));
}

TEST_CASE("sim: metrics count deliveries once and flag duplicates and strangers") {
    Metrics m(4);
    const MsgId id{NodeId{77}, 1};
    CHECK(m.add_message(id, 0, 1000, 4) == 0);
    REQUIRE(m.find(id) != nullptr);
    CHECK(m.find(id)->origin == 0u);
    CHECK(m.find(MsgId{NodeId{77}, 2}) == nullptr);
    m.on_delivered(0, delivered(id, ArrivalPath::local), 1000, 0);  // the origin itself
    m.on_delivered(1, delivered(id), 6000, 4000);
    m.on_delivered(1, delivered(id), 7000, 4000);  // second time at peer 1
    m.on_delivered(2, delivered(MsgId{NodeId{5}, 9}), 7000, 0);
    CHECK(m.messages()[0].origin_delivered);
    REQUIRE(m.deliveries().size() == 1);  // the origin is not a delivery row
    CHECK(m.deliveries()[0].peer == 1);
    CHECK(m.deliveries()[0].direct == 4000);
    CHECK(m.duplicate_deliveries() == 1);
    CHECK(m.unknown_deliveries() == 1);
}

TEST_CASE("sim: expected deliveries are peers running at publish and alive now") {
    Metrics m(5);
    const MsgId id{NodeId{1}, 1};
    m.add_message(id, 0, 10 * kSecond, 4);
    m.on_delivered(1, delivered(id), 10 * kSecond + 3000, 2000);
    m.on_delivered(3, delivered(id), 10 * kSecond + 9000, 3000);
    std::vector<PeerLife> lives(5);
    lives[0] = {0, kNever};             // origin
    lives[1] = {0, kNever};             // delivered
    lives[2] = {0, kNever};             // missing
    lives[3] = {0, 20 * kSecond};       // died later: neither expected nor missing
    lives[4] = {11 * kSecond, kNever};  // started after publication: not expected
    const auto msgs = message_results(m, lives);
    REQUIRE(msgs.size() == 1);
    CHECK(msgs[0].expected == 2);
    CHECK(msgs[0].delivered_expected == 1);
    CHECK(msgs[0].missing == 1);
    CHECK(msgs[0].delivered == 2);
    CHECK(msgs[0].mean_delay_ms == doctest::Approx(6.0));
    CHECK(msgs[0].max_delay_ms == doctest::Approx(9.0));
    CHECK(msgs[0].mean_direct_ms == doctest::Approx(2.5));

    const DeliveryTally t = tally(msgs);
    CHECK(t.expected == 2);
    CHECK(t.made == 1);
    CHECK(t.ratio() == doctest::Approx(0.5));
    CHECK(t.complete_messages == 0);
    CHECK(tally(msgs, 11 * kSecond).messages == 0);
    CHECK(std::isnan(tally(msgs, 11 * kSecond).ratio()));
}

TEST_CASE("sim: delay statistics and both stretch definitions") {
    std::vector<MessageRecord> msgs(1);
    msgs[0].published = 0;
    // delays 10, 20, 60 ms; direct 5, 10, 10 ms
    const std::vector<DeliveryRecord> d{{0, 1, 10000, 5000, ArrivalPath::tree, 1},
                                        {0, 2, 20000, 10000, ArrivalPath::tree, 2},
                                        {0, 3, 60000, 10000, ArrivalPath::pull, 3}};
    const DelayStats s = delay_stats(d, msgs);
    CHECK(s.count == 3);
    CHECK(s.mean_ms == doctest::Approx(30.0));
    CHECK(s.p50_ms == doctest::Approx(20.0));
    CHECK(s.max_ms == doctest::Approx(60.0));
    CHECK(s.mean_direct_ms == doctest::Approx(25.0 / 3.0));
    CHECK(s.stretch_of_means == doctest::Approx(90.0 / 25.0));
    CHECK(s.mean_stretch == doctest::Approx((2.0 + 2.0 + 6.0) / 3.0));
    CHECK(std::isnan(delay_stats({}, msgs).mean_ms));
}

TEST_CASE("sim: degree statistics") {
    const OverlayView v{live(0, {{1, LinkKind::nearby}, {2, LinkKind::random}}),
                        live(1, {{0, LinkKind::nearby}}), live(2, {{0, LinkKind::random}})};
    const DegreeStats d = degree_stats(v, 2);
    CHECK(d.peers == 3);
    CHECK(d.mean == doctest::Approx(4.0 / 3.0));
    CHECK(d.max == 2);
    CHECK(d.fraction_at_target == doctest::Approx(1.0 / 3.0));
    CHECK(d.histogram.at(1) == 2);
    CHECK(d.histogram.at(2) == 1);
    CHECK(std::isnan(degree_stats({}, 2).mean));
}

TEST_CASE("sim: link latency uses true one-way delays by link kind") {
    std::vector<datasets::LatencyMatrix> m(1);
    m[0].n = 3;
    m[0].rtt_ms = {0, 10, 40, 10, 0, 20, 40, 20, 0};
    datasets::Placement p;
    p.host_of_peer = {0, 1, 2};
    NetworkModel net(m, p, 0, 0.0, 0.0, 1);
    // 0 -(near)- 1, 0 -(random)- 2; 1's parent is 0.
    const OverlayView v{live(0, {{1, LinkKind::nearby}, {2, LinkKind::random}}),
                        live(1, {{0, LinkKind::nearby}}, 0), live(2, {{0, LinkKind::random}})};
    Rng rng(1);
    const LinkLatency l = link_latency(v, net, 0, rng, 1000);
    CHECK(l.overlay_links == 4);
    CHECK(l.overlay_ms == doctest::Approx((5 + 20 + 5 + 20) / 4.0));
    CHECK(l.near_link_ms == doctest::Approx(5.0));
    CHECK(l.random_link_ms == doctest::Approx(20.0));
    CHECK(l.tree_links == 1);
    CHECK(l.tree_ms == doctest::Approx(5.0));
    // Pairs are uniform over {5, 20, 10} ms one-way.
    CHECK(l.random_pair_ms == doctest::Approx(35.0 / 3.0).epsilon(0.05));

    Rng rng2(1);
    const LinkLatency lone = link_latency({live(0, {})}, net, 0, rng2, 1000);
    CHECK(std::isnan(lone.random_pair_ms));
    CHECK(std::isnan(lone.overlay_ms));
    CHECK(std::isnan(lone.tree_ms));
}

TEST_CASE("sim: traffic rates are per second of each peer's lifetime") {
    std::vector<PeerLife> lives{{0, kNever}, {0, 5 * kSecond}, {kNever, kNever}};
    std::vector<Counters> c(3);
    c[0].payload_frames_sent = 100;  // 10 s alive -> 10/s
    c[0].control_frames_sent = 200;
    c[1].payload_frames_sent = 100;  // 5 s alive -> 20/s
    c[2].payload_frames_sent = 999;  // never started: ignored
    Results r;
    traffic_rates(r, lives, c, 10 * kSecond);
    CHECK(r.payload_frames_per_node_s == doctest::Approx(15.0));
    CHECK(r.control_frames_per_node_s == doctest::Approx(10.0));
}

// How often a node wakes itself up, and what keeps its centrality estimate fresh once the
// estimate's own pings stop.
#include <doctest/doctest.h>

#include <memory>

#include "tests/proto/mini_net.hpp"

using namespace gocast;
using gocast::testing::count_frames_sent;
using gocast::testing::MiniNet;
using gocast::testing::tree_spans;

namespace {
// Two clusters, 2 ms inside and 40 ms between, every delay times `*scale`.
MiniNet::Latency scaled_clusters(std::shared_ptr<double> scale) {
    return [scale](std::size_t a, std::size_t b) {
        const Duration base = (a % 2 == b % 2) ? 2 * kMillisecond : 40 * kMillisecond;
        return static_cast<Duration>(static_cast<double>(base) * *scale);
    };
}
}  // namespace

TEST_CASE("proto: periodic chores ride on the maintenance tick, not on wake-ups of their own") {
    // WAN intervals: maintenance 1 s; shuffle, candidate probe and housekeeping 2 s,
    // neighbour pings 5 s, centrality 250 ms until its window is full. Each on its own
    // timer that was about 2.7 wake-ups per second once the window was full, plus one
    // per beacon interval for a heartbeat that had nothing to do.
    Config c = Config::wan();
    c.probe.centrality_window = 16;
    c.tree.min_centrality_samples = 8;
    const auto scale = std::make_shared<double>(1.0);
    MiniNet net(8, c, scaled_clusters(scale));
    net.start_all();
    net.run_for(30 * kSecond);
    REQUIRE(tree_spans(net));
    std::vector<std::uint64_t> before;
    for (std::size_t i = 0; i < net.size(); ++i) before.push_back(net.wakeups(i));
    const Duration span = 60 * kSecond;
    net.run_for(span);
    CHECK(tree_spans(net));
    for (std::size_t i = 0; i < net.size(); ++i) {
        const double per_second = static_cast<double>(net.wakeups(i) - before[i]) / 60.0;
        INFO("node " << i << ": " << per_second << " wake-ups/s");
        CHECK(per_second >= 0.9);  // the tick itself keeps running
        CHECK(per_second < 2.0);  // the tick, and the root's own beacon timer at the root
        // The chores still run: the view stays fresh and the neighbours stay measured.
        const Snapshot s = net.node(i).snapshot();
        CHECK(s.view_size >= 6);
        for (const NeighborInfo& nb : s.neighbors) CHECK(nb.rtt > 0);
    }
}

TEST_CASE("proto: shuffle round trips keep the centrality estimate current without its own pings") {
    Config c = Config::for_tests();
    c.links.c_near = 3;
    c.links.c_rand = 1;
    c.probe.centrality_window = 8;
    c.tree.min_centrality_samples = 4;
    c.probe.centrality_refresh_interval = 3600 * kSecond;  // no refresh pings in this test
    const auto scale = std::make_shared<double>(1.0);
    MiniNet net(8, c, scaled_clusters(scale));
    net.start_all();
    net.run_for(20 * kSecond);  // the window (8 samples at 200 ms) filled long ago
    for (std::size_t i = 0; i < net.size(); ++i) CHECK(net.node(i).snapshot().centrality_samples == 8);
    // Every latency triples: an RTT is now 12 ms inside a cluster, 240 ms across. The
    // window is full, so its own pings wait for centrality_refresh_interval; only the
    // shuffles (every 500 ms, to a uniform member) can move the estimate, and they replace
    // the whole window in about 4 s. A window of only new samples has a mean of
    // (k x 12 ms + (8 - k) x 240 ms) / 8 for some k.
    *scale = 3.0;
    net.run_for(20 * kSecond);
    for (std::size_t i = 0; i < net.size(); ++i) {
        const Snapshot s = net.node(i).snapshot();
        INFO("node " << i << ": mean " << s.centrality << " us");
        CHECK(s.centrality_samples == 8);
        const double sum = 8.0 * s.centrality;
        const double k = (8.0 * 240000.0 - sum) / (240000.0 - 12000.0);
        CHECK(k >= 0.0);
        CHECK(k <= 8.0);
        CHECK(k == doctest::Approx(static_cast<double>(static_cast<long>(k + 0.5))));
    }
}

TEST_CASE("proto: a chore keeps its interval whether it rides on the tick or on a timer of its own") {
    // Shuffles every 2 s: on the 1 s tick by default (every second tick), on their own
    // timer when the tick is slower (3 s) than the chore. Either way about 30 in 60 s.
    for (const Duration tick : {1 * kSecond, 3 * kSecond}) {
        Config c = Config::wan();
        c.links.maintenance_interval = tick;
        REQUIRE(c.validate().empty());
        const auto scale = std::make_shared<double>(1.0);
        MiniNet net(6, c, scaled_clusters(scale));
        std::uint64_t shuffles = 0;
        count_frames_sent(net, 0, FrameType::shuffle, &shuffles);
        net.start_all();
        net.run_for(10 * kSecond);
        shuffles = 0;
        net.run_for(60 * kSecond);
        INFO("maintenance tick " << tick / kMillisecond << " ms: " << shuffles << " shuffles in 60 s");
        CHECK(shuffles >= 26);
        CHECK(shuffles <= 34);
    }
}

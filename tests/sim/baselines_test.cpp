// The baseline protocols of gocast-sim (sim/protocol.hpp) on a small synthetic scenario:
// each runs the production Node under its Config and must show the property that defines
// it, plus the shared guarantees (reach, determinism).

#include <doctest/doctest.h>

#include <cmath>
#include <cstdio>
#include <string>
#include <sys/wait.h>

#include "sim/graph_report.hpp"
#include "sim/report.hpp"
#include "sim/simulation.hpp"
#include "sim_test_util.hpp"

using namespace gocast;
using namespace gocast::sim;
using gocast::sim::testing::scenario;

namespace {

constexpr Protocol kAll[] = {Protocol::gocast, Protocol::push_gossip, Protocol::push_gossip_rounds,
                             Protocol::gossip_random, Protocol::gossip_proximity};

// 48 peers on 64 synthetic hosts, 15 messages (15 s .. 30 s), 45 s in all.
SimConfig small(Protocol p, std::uint64_t seed = 21) {
    SimConfig c = scenario(48, 45 * kSecond, seed);
    c.synthetic_hosts = 64;
    c.publish_start = 15 * kSecond;
    c.publish_stop = 30 * kSecond;
    c.protocol = p;
    return c;
}

Results run(const SimConfig& c) {
    Simulation sim(c);
    sim.run();
    return sim.results();
}

void check_everywhere(const Results& r) {
    REQUIRE(r.messages_published == 15);
    for (const MessageResult& m : r.messages) {
        INFO("message ", m.seq);
        CHECK(m.missing == 0);
    }
    CHECK(r.duplicate_deliveries == 0);
}

}  // namespace

TEST_CASE("baselines: gocast and both gossip-only protocols reach every live peer") {
    for (const Protocol p : {Protocol::gocast, Protocol::gossip_random, Protocol::gossip_proximity}) {
        INFO(to_string(p));
        check_everywhere(run(small(p)));
    }
}

TEST_CASE("baselines: push gossip sends fanout copies per receipt and reaches nearly everyone") {
    for (const Protocol p : {Protocol::push_gossip, Protocol::push_gossip_rounds}) {
        INFO(to_string(p));
        const Results r = run(small(p));
        REQUIRE(r.messages_published == 15);
        // Every holder (origin included) forwards once to 5 members of its view, which
        // here holds all 47 others; nothing else sends a full copy.
        const double holders = static_cast<double>(r.deliveries_total + r.messages_published);
        const double per_holder = static_cast<double>(r.payload_copies_sent) / holders;
        CHECK(per_holder <= 5.0);
        CHECK(per_holder >= 4.9);
        // Without repair a peer misses a message when none of the copies reach it: with
        // fanout 5 about e^-5 = 0.7% of peers per message, so the ratio is high but not 1.
        CHECK(r.all.ratio() >= 0.97);
        CHECK(r.duplicate_deliveries == 0);
        // No overlay at all: no links, no tree.
        CHECK(r.degrees_end.max == 0);
        CHECK(r.links_end.tree_links == 0);
    }
}

TEST_CASE("baselines: gossip-only runs build no tree and deliver only by pulls") {
    for (const Protocol p : {Protocol::gossip_random, Protocol::gossip_proximity}) {
        INFO(to_string(p));
        Simulation sim(small(p));
        sim.run();
        const Results r = sim.results();
        CHECK(r.links_end.tree_links == 0);
        for (std::size_t i = 0; i < sim.peer_count(); ++i) {
            const Snapshot s = sim.node(i).snapshot();
            CHECK_FALSE(s.parent.has_value());
            CHECK(s.counters.pushed == 0);
        }
        for (const DeliveryRecord& d : sim.metrics().deliveries()) CHECK(d.path == ArrivalPath::pull);
        // The overlay is there: degree near the target of 6, all links random or not.
        CHECK(r.degrees_end.mean >= 5.0);
        const LinkLatency& l = r.links_end;
        if (p == Protocol::gossip_random) {
            CHECK(l.overlay_links > 0);
            CHECK(std::isnan(l.near_link_ms));  // no nearby link at all
        } else {
            CHECK(l.near_link_ms < l.random_pair_ms);  // proximity links are short
        }
    }
}

TEST_CASE("baselines: gocast needs about one payload copy per delivery; push gossip five") {
    const Results g = run(small(Protocol::gocast));
    const Results p = run(small(Protocol::push_gossip));
    CHECK(g.payload_copies_per_delivery < 1.5);
    CHECK(p.payload_copies_per_delivery > 4.5);
}

TEST_CASE("baselines: same seed gives an identical summary for every protocol") {
    for (const Protocol p : kAll) {
        INFO(to_string(p));
        SimConfig c = small(p, 9);
        c.duration = 35 * kSecond;
        c.publish_stop = 20 * kSecond;
        c.fail_fraction = 0.1;
        c.fail_at = 18 * kSecond;
        std::string first;
        for (int i = 0; i < 2; ++i) {
            Simulation sim(c);
            sim.run();
            const std::string s = summary_json(sim, sim.results()).dump();
            if (i == 0) first = s;
            else CHECK(s == first);
        }
        CHECK(first.find(std::string("\"protocol\":\"") + to_string(p) + "\"") != std::string::npos);
    }
}

TEST_CASE("graph analysis: bounds ordered, resilience falls with failures, diameter sane") {
    Simulation sim(small(Protocol::gocast));
    sim.run();
    GraphAnalysisOptions o;
    o.failed_fractions = {0.0, 0.5, 0.9};
    o.failure_trials = 5;
    const Results::Graph g = analyze_graph(sim, o);
    const StretchBounds& s = g.stretch;
    CHECK(s.pairs == 48u * 47u);  // every live peer is a source here
    // A tree path is an overlay path and an overlay path is no shorter than the direct one.
    CHECK(s.overlay_sp_stretch >= 1.0);
    CHECK(s.central_tree_stretch >= s.overlay_sp_stretch);
    for (std::size_t i = 0; i < s.overlay_sp_ratios.size(); ++i) CHECK(s.overlay_sp_ratios[i] >= 1.0 - 1e-9);
    REQUIRE(g.resilience.size() == 3);
    CHECK(g.resilience[0].lcc_mean == 1.0);  // the overlay is one component
    CHECK(g.resilience[2].lcc_mean <= g.resilience[0].lcc_mean);
    CHECK(g.hops.exact);
    CHECK(g.hops.unreachable_pairs == 0);
    CHECK(g.hops.diameter >= 2);
    CHECK(g.hops.diameter <= 12);
    CHECK(g.hops.mean_hops >= 1.0);
}

TEST_CASE("gocast-sim: an unknown --protocol exits with status 2 and names the choices") {
    const std::string cmd = std::string(GOCAST_SIM_BIN) + " --protocol flood --quiet 2>&1";
    FILE* p = popen(cmd.c_str(), "r");
    REQUIRE(p != nullptr);
    std::string out;
    char buf[256];
    while (std::fgets(buf, sizeof buf, p) != nullptr) out += buf;
    const int status = pclose(p);
    REQUIRE(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 2);
    CHECK(out.find("invalid value 'flood' for --protocol") != std::string::npos);
    CHECK(out.find("gocast|push-gossip|push-gossip-rounds|gossip-random|gossip-proximity") != std::string::npos);
}

TEST_CASE("gocast: a copy pulled after a failure is pushed on every overlay link, only when enabled") {
    // 20% killed while messages flow: the cut-off pieces of the tree get each message by
    // a pull, and the peer that pulled it hands it on to all its neighbours.
    auto failing = [](bool push_after_pull) {
        SimConfig c = small(Protocol::gocast, 5);
        c.fail_fraction = 0.2;
        c.fail_at = 16 * kSecond;
        c.node_config.dissemination.push_after_pull = push_after_pull;
        return c;
    };
    const Results on = run(failing(true));
    const Results off = run(failing(false));
    for (const Results* r : {&on, &off}) {
        CHECK(r->all.ratio() == 1.0);
        CHECK(r->duplicate_deliveries == 0);
    }
    CHECK(on.repair_pushes > 0);
    CHECK(off.repair_pushes == 0);
    // A few more copies, bounded: only pulled messages are pushed more widely.
    CHECK(on.payload_copies_per_delivery >= off.payload_copies_per_delivery);
    CHECK(on.payload_copies_per_delivery < off.payload_copies_per_delivery + 0.5);
}

TEST_CASE("gocast variants: flood_hops and one summary per round keep exactly-once delivery") {
    const Results plain = run(small(Protocol::gocast));
    SimConfig flood = small(Protocol::gocast);
    flood.node_config.dissemination.flood_hops = 2;
    const Results f = run(flood);
    check_everywhere(f);
    // The origin and its neighbours send a few extra copies per message, not one per peer.
    CHECK(f.payload_copies_per_delivery > plain.payload_copies_per_delivery);
    CHECK(f.payload_copies_per_delivery < plain.payload_copies_per_delivery + 1.0);

    SimConfig one = small(Protocol::gocast);
    one.node_config.dissemination.summary_fanout = 1;  // the paper's one neighbour per round
    one.loss = 0.05;                                   // so that gossip has work to do
    check_everywhere(run(one));
}

// The Simulation driver itself: lifecycle of peers, injected actions, slicing, report files.
// These assert on the simulator's bookkeeping, not on protocol quality.

#include <doctest/doctest.h>

#include <stdexcept>
#include <string>
#include <vector>

#include "sim/report.hpp"
#include "sim/simulation.hpp"
#include "sim_test_util.hpp"

using namespace gocast;
using namespace gocast::sim;
using gocast::sim::testing::read_file;
using gocast::sim::testing::scenario;
using gocast::sim::testing::TempDir;

TEST_CASE("sim: invalid configs are refused before anything runs") {
    SimConfig c = scenario(0, 10 * kSecond);
    CHECK_THROWS_AS(Simulation{c}, std::invalid_argument);
    c = scenario(8, 10 * kSecond);
    c.loss = 1.0;
    CHECK_THROWS_AS(Simulation{c}, std::invalid_argument);
}

TEST_CASE("sim: peers start over the join window with distinct ids and endpoints") {
    SimConfig c = scenario(16, 10 * kSecond);
    c.synthetic_hosts = 16;
    Simulation sim(c);
    CHECK(sim.peer_count() == 16);
    sim.run_until(0);
    CHECK(sim.started(0));
    CHECK_FALSE(sim.started(1));
    sim.run_until(c.join_window);
    for (std::uint32_t p = 0; p < 16; ++p) {
        CHECK(sim.started(p));
        CHECK(sim.alive(p));
        CHECK(sim.node(p).id() == sim.node_id(p));
        CHECK(sim.peer_of(sim.node_id(p)) == p);
        CHECK(sim.endpoint(p).ip == (127u << 24) + p + 1);
    }
    CHECK(sim.live_peers().size() == 16);
    CHECK_FALSE(sim.peer_of(NodeId{12345}).has_value());
}

TEST_CASE("sim: a killed peer stops for good") {
    SimConfig c = scenario(8, 10 * kSecond);
    c.synthetic_hosts = 8;
    Simulation sim(c);
    sim.run_until(6 * kSecond);
    sim.kill(3);
    CHECK_FALSE(sim.alive(3));
    CHECK(sim.started(3));
    CHECK_FALSE(sim.publish_from(3).has_value());
    CHECK(sim.live_peers().size() == 7);
    sim.run();
    const Results r = sim.results();
    CHECK(r.peers_killed == 1);
    CHECK(r.live_peers == 7);
    CHECK(r.tree_end.live_peers == 7);
    for (const PeerState& s : sim.overlay_view()) CHECK(s.peer != 3);
}

TEST_CASE("sim: the scenario kill takes round(fraction * live) peers at fail_at") {
    SimConfig c = scenario(20, 12 * kSecond);
    c.synthetic_hosts = 20;
    c.fail_fraction = 0.25;
    c.fail_at = 8 * kSecond;
    Simulation sim(c);
    sim.run_until(8 * kSecond - 1);
    CHECK(sim.live_peers().size() == 20);
    sim.run_until(8 * kSecond);
    CHECK(sim.live_peers().size() == 15);
    for (std::uint32_t p = 0; p < 20; ++p) {
        if (!sim.alive(p)) CHECK(sim.lives()[p].killed == 8 * kSecond);
    }
}

TEST_CASE("sim: publications follow the schedule and injected ones are recorded") {
    SimConfig c = scenario(8, 30 * kSecond);
    c.synthetic_hosts = 8;
    c.publish_rate = 2.0;
    c.publish_start = 10 * kSecond;
    c.publish_stop = 15 * kSecond;
    Simulation sim(c);
    sim.run_until(20 * kSecond);
    const auto before = sim.metrics().messages().size();
    const auto seq = sim.publish_from(5);
    sim.run();
    const Results r = sim.results();
    // 10 s .. 14.5 s at 2/s is 10 scheduled publications, plus the injected one.
    CHECK(r.messages_published + r.publish_rejected == 11);
    if (seq) {
        CHECK(*seq == before);
        CHECK(sim.metrics().messages()[*seq].origin == 5);
        CHECK(sim.metrics().messages()[*seq].published == 20 * kSecond);
    }
    for (const MessageRecord& m : sim.metrics().messages()) {
        CHECK(m.live_at_publish == 8);
    }
}

TEST_CASE("sim: running in slices gives the same run as running at once") {
    SimConfig c = scenario(32, 40 * kSecond, 5);
    c.jitter = 0.2;
    TempDir whole("slices-whole"), sliced("slices-sliced");
    {
        Simulation sim(c);
        sim.run();
        write_report(sim, sim.results(), whole.str());
    }
    {
        Simulation sim(c);
        for (Time t = 0; t <= c.duration; t += 777 * kMillisecond) sim.run_until(t);
        sim.run_until(c.duration);
        sim.finish();
        write_report(sim, sim.results(), sliced.str());
    }
    for (const char* f : {"summary.json", "deliveries.csv", "traffic.csv", "degrees.csv"}) {
        INFO(f);
        CHECK(read_file(whole.file(f)) == read_file(sliced.file(f)));
    }
}

TEST_CASE("sim: report files are written with their headers") {
    SimConfig c = scenario(12, 25 * kSecond);
    c.synthetic_hosts = 12;
    c.publish_stop = 22 * kSecond;
    TempDir dir("report");
    const std::string out = dir.file("nested/out");
    Simulation sim(c);
    sim.run();
    write_report(sim, sim.results(), out);
    const auto header = [&](const char* f) {
        const std::string text = read_file(out + "/" + f);
        return text.substr(0, text.find('\n'));
    };
    CHECK(header("deliveries.csv") ==
          "msg_seq,origin_peer,publish_us,peer,delay_us,direct_us,path,hops");
    CHECK(header("messages.csv").rfind("msg_seq,origin_peer,publish_us,live_at_publish", 0) == 0);
    CHECK(header("degrees.csv") == "time_s,degree,count");
    CHECK(header("link_latency.csv") ==
          "time_s,overlay_link_ms,tree_link_ms,random_pair_ms,near_link_ms,random_link_ms");
    CHECK(header("traffic.csv").rfind("peer,alive,payload_frames_sent", 0) == 0);
    CHECK(header("tree.csv") == "peer,parent_peer,root,depth");
    const std::string summary = read_file(out + "/summary.json");
    CHECK(summary.find("\"seed\": 1") != std::string::npos);
    // Samples at 0, 5, ..., 25 s: the end sample coincides with the last periodic one.
    CHECK(sim.metrics().samples().size() == 6);
    CHECK(sim.metrics().samples().back().at == 25 * kSecond);
}

TEST_CASE("sim: a directory of latency slices is replayed over time") {
    // tests/fixtures/sim_slices_4hosts: two raw PlanetLab-style slices of 4 hosts; the
    // second has every RTT doubled. Default period: duration / 2 slices = 15 s each.
    SimConfig c = scenario(16, 30 * kSecond);
    c.dataset_path = std::string(GOCAST_FIXTURES_DIR) + "/sim_slices_4hosts";
    c.publish_start = 6 * kSecond;
    c.publish_stop = 24 * kSecond;
    Simulation sim(c);
    REQUIRE(sim.slices().size() == 2);
    CHECK(sim.slice_period() == 15 * kSecond);
    sim.run();
    double early = 0.0, late = 0.0;
    std::size_t n_early = 0, n_late = 0;
    for (const DeliveryRecord& d : sim.metrics().deliveries()) {
        const MessageRecord& m = sim.metrics().messages()[d.msg];
        const double direct = static_cast<double>(d.direct);
        if (m.published < 15 * kSecond) {
            early += direct;
            ++n_early;
        } else {
            late += direct;
            ++n_late;
        }
    }
    if (n_early > 0 && n_late > 0) {
        // Same peers and hosts, doubled RTTs (intra-site pairs excepted): about twice as far.
        CHECK(late / static_cast<double>(n_late) > 1.6 * early / static_cast<double>(n_early));
    }
    const auto summary = summary_json(sim, sim.results());
    CHECK(summary["config"]["slices"] == 2);
    CHECK(summary["config"]["slice_period_s"] == 15.0);
}

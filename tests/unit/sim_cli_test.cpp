// gocast-sim flag parsing: defaults, every flag, and clear errors for bad input.

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "sim/cli.hpp"

using namespace gocast;
using namespace gocast::sim;

namespace {

CliOptions parse(std::vector<std::string> args) {
    return parse_cli(args);
}

std::string error_of(std::vector<std::string> args) {
    try {
        parse_cli(args);
    } catch (const CliError& e) {
        return e.what();
    }
    return "";
}

}  // namespace

TEST_CASE("sim: cli defaults") {
    const CliOptions o = parse({});
    CHECK(o.out_dir == "./sim-out");
    CHECK_FALSE(o.quiet);
    CHECK_FALSE(o.help);
    CHECK(o.sim.nodes == 256);
    CHECK(o.sim.synthetic_hosts == 256);
    CHECK(o.sim.dataset_path.empty());
    CHECK(o.sim.duration == 120 * kSecond);
    CHECK(o.sim.seed == 1);
    CHECK(o.sim.publish_rate == 1.0);
    CHECK(o.sim.publish_start == 20 * kSecond);
    CHECK(o.sim.effective_publish_stop() == 100 * kSecond);
    CHECK(o.sim.sample_interval == 5 * kSecond);
    CHECK(o.sim.target_degree() == 6);
}

TEST_CASE("sim: cli accepts every flag in both spellings") {
    const CliOptions o = parse({"--nodes",
                                "64",
                                "--duration=90",
                                "--publish-rate",
                                "2.5",
                                "--publish-start",
                                "10",
                                "--publish-stop=80",
                                "--fail-fraction",
                                "0.2",
                                "--fail-at",
                                "60",
                                "--loss",
                                "0.01",
                                "--jitter",
                                "0.1",
                                "--c-near",
                                "4",
                                "--c-rand=2",
                                "--seed",
                                "0x10",
                                "--out",
                                "/tmp/x",
                                "--sample-interval",
                                "2.5",
                                "--intra-site-rtt",
                                "0.5",
                                "--hosts",
                                "32",
                                "--join-window",
                                "3",
                                "--placement",
                                "sequential",
                                "--beacon-refresh",
                                "2",
                                "--push-after-pull",
                                "0",
                                "--quiet"});
    CHECK(o.sim.nodes == 64);
    CHECK(o.sim.duration == 90 * kSecond);
    CHECK(o.sim.publish_rate == 2.5);
    CHECK(o.sim.publish_start == 10 * kSecond);
    CHECK(o.sim.effective_publish_stop() == 80 * kSecond);
    CHECK(o.sim.fail_fraction == 0.2);
    CHECK(o.sim.effective_fail_at() == 60 * kSecond);
    CHECK(o.sim.loss == 0.01);
    CHECK(o.sim.jitter == 0.1);
    CHECK(o.sim.effective_node_config().links.c_near == 4);
    CHECK(o.sim.effective_node_config().links.c_rand == 2);
    CHECK(o.sim.seed == 16);
    CHECK(o.out_dir == "/tmp/x");
    CHECK(o.sim.sample_interval == 2500 * kMillisecond);
    CHECK(o.sim.intra_site_rtt_ms == 0.5);
    CHECK(o.sim.synthetic_hosts == 32);
    CHECK(o.sim.join_window == 3 * kSecond);
    CHECK(o.sim.sequential_placement);
    CHECK_FALSE(parse({}).sim.sequential_placement);
    CHECK(o.sim.effective_node_config().tree.beacon_refresh == 2);
    CHECK(parse({}).sim.effective_node_config().tree.beacon_refresh == Config::wan().tree.beacon_refresh);
    CHECK_FALSE(o.sim.effective_node_config().dissemination.push_after_pull);
    CHECK(parse({}).sim.effective_node_config().dissemination.push_after_pull);
    CHECK(o.quiet);
}

TEST_CASE("sim: cli --help short-circuits validation") {
    CHECK(parse({"--help"}).help);
    CHECK(parse({"--loss", "0.5", "--help"}).help);
}

TEST_CASE("sim: cli rejects bad input with a clear message") {
    CHECK(error_of({"--bogus"}).find("unknown option '--bogus'") != std::string::npos);
    CHECK(error_of({"stray"}).find("unexpected argument 'stray'") != std::string::npos);
    CHECK(error_of({"--nodes"}).find("--nodes needs a value") != std::string::npos);
    CHECK(error_of({"--nodes", "12x"}).find("invalid value '12x' for --nodes") !=
          std::string::npos);
    CHECK(error_of({"--nodes", "-3"}).find("--nodes") != std::string::npos);
    CHECK(error_of({"--nodes", "0"}).find("--nodes") != std::string::npos);
    CHECK(error_of({"--duration", "nan"}).find("--duration") != std::string::npos);
    CHECK(error_of({"--duration", "0"}).find("--duration") != std::string::npos);
    CHECK(error_of({"--loss", "1"}).find("--loss") != std::string::npos);
    CHECK(error_of({"--fail-fraction", "1.5"}).find("--fail-fraction") != std::string::npos);
    CHECK(error_of({"--c-near", "65"}).find("--c-near") != std::string::npos);
    CHECK(error_of({"--c-near", "0", "--c-rand", "0"}).find("c_near") != std::string::npos);
    CHECK(error_of({"--quiet=yes"}).find("takes no value") != std::string::npos);
    CHECK(error_of({"--publish-start", "50", "--publish-stop", "40"}).find("publish stop") !=
          std::string::npos);
    CHECK(error_of({"--duration", "30", "--publish-stop", "40"}).find("publish stop") !=
          std::string::npos);
    CHECK(error_of({"--fail-at", "500"}).find("fail-at") != std::string::npos);
    CHECK(error_of({"--slice-period", "0"}).find("--slice-period") != std::string::npos);
    CHECK(error_of({"--dataset", "/nonexistent/file.txt"}).find("does not exist") !=
          std::string::npos);
    CHECK(error_of({"--dataset", std::string(GOCAST_FIXTURES_DIR) + "/sim_8hosts_ms.txt", "--hosts",
                    "8"})
              .find("--hosts") != std::string::npos);
    CHECK(error_of({"--seed", "0xZZ"}).find("--seed") != std::string::npos);
    CHECK(error_of({"--placement", "grid"}).find("random or sequential") != std::string::npos);
    CHECK(error_of({"--beacon-refresh", "0"}).find("--beacon-refresh") != std::string::npos);
    CHECK(error_of({"--push-after-pull", "yes"}).find("0 or 1") != std::string::npos);
}

TEST_CASE("sim: cli usage documents every flag with its default") {
    const std::string u = usage_text();
    for (const char* flag :
         {"--dataset",        "--hosts",         "--nodes",        "--duration",
          "--publish-rate",   "--publish-start", "--publish-stop", "--fail-fraction",
          "--fail-at",        "--loss",          "--jitter",       "--c-near",
          "--c-rand",         "--seed",          "--out",          "--sample-interval",
          "--intra-site-rtt", "--quiet",         "--help",         "--join-window",
          "--slice-period",   "--beacon-refresh", "--push-after-pull"}) {
        CHECK_MESSAGE(u.find(flag) != std::string::npos, flag);
    }
    CHECK(u.find("default") != std::string::npos);
    bool ascii = true;
    for (const char c : u) ascii = ascii && static_cast<unsigned char>(c) < 128;
    CHECK(ascii);
}

TEST_CASE("sim: cli --protocol selects a baseline through the node config") {
    CHECK(parse({}).sim.protocol == Protocol::gocast);
    const CliOptions r = parse({"--protocol", "gossip-random"});
    CHECK(r.sim.protocol == Protocol::gossip_random);
    const Config c = r.sim.effective_node_config();
    CHECK(c.links.c_near == 0);
    CHECK(c.links.c_rand == 6);
    CHECK_FALSE(c.tree.enabled);
    CHECK(c.dissemination.push == PushPolicy::none);
    const Config pg = parse({"--protocol=push-gossip-rounds"}).sim.effective_node_config();
    CHECK(pg.dissemination.push == PushPolicy::random_members);
    CHECK(pg.dissemination.push_in_rounds);
    CHECK(pg.dissemination.push_fanout == 5);
    CHECK(pg.links.c_near + pg.links.c_rand == 0);
    const Config px = parse({"--protocol", "gossip-proximity"}).sim.effective_node_config();
    CHECK(px.links.c_near == 5);
    CHECK(px.links.c_rand == 1);
    CHECK(error_of({"--protocol", "flood"}).find("invalid value 'flood' for --protocol") != std::string::npos);
    CHECK(error_of({"--protocol", ""}).find("--protocol") != std::string::npos);
}

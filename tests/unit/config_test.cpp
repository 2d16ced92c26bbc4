// peer/config: the named presets are valid as shipped, and invalid values are reported in
// plain words naming the offending field.

#include "peer/config.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

using namespace gocast;

namespace {

bool mentions(const std::vector<std::string>& errs, const std::string& text) {
    return std::any_of(errs.begin(), errs.end(), [&](const std::string& e) { return e == text; });
}

std::string joined(const std::vector<std::string>& errs) {
    std::string s;
    for (const auto& e : errs) s += e + "; ";
    return s;
}

}  // namespace

TEST_CASE("unit: config: presets validate clean") {
    for (const Config& c : {Config::wan(), Config::lan(), Config::for_tests()}) {
        const auto errs = c.validate();
        CHECK_MESSAGE(errs.empty(), joined(errs));
    }
}

TEST_CASE("unit: config: presets differ where they should") {
    const Config wan = Config::wan();
    const Config lan = Config::lan();
    const Config tests = Config::for_tests();
    CHECK(wan.links.c_near == 5);  // [paper]
    CHECK(wan.links.c_rand == 1);  // [paper]
    CHECK(lan.tree.beacon_interval < wan.tree.beacon_interval);
    CHECK(lan.dissemination.gossip_interval < wan.dissemination.gossip_interval);
    CHECK(tests.dissemination.retain < wan.dissemination.retain);
    CHECK(tests.tree.beacon_interval == lan.tree.beacon_interval);
}

TEST_CASE("unit: config: invalid values give the expected message") {
    Config view = Config::wan();
    view.membership.view_capacity = 4;
    auto errs = view.validate();
    CHECK(errs.size() == 1);
    CHECK(mentions(errs, "membership.view_capacity must be in [8, 65536]"));

    Config ttl = Config::wan();
    ttl.dissemination.seen_ttl = ttl.dissemination.retain - 1;
    errs = ttl.validate();
    CHECK(errs.size() == 1);
    CHECK(mentions(errs, "dissemination.seen_ttl must be >= dissemination.retain"));

    Config catch_up = Config::wan();
    catch_up.dissemination.catch_up_max_ids = catch_up.dissemination.summary_max_ids + 1;
    errs = catch_up.validate();
    CHECK(errs.size() == 1);
    CHECK(mentions(errs, "dissemination.catch_up_max_ids must be <= dissemination.summary_max_ids"));

    Config degree = Config::wan();
    degree.links.c_near = 0;
    degree.links.c_rand = 0;
    errs = degree.validate();
    CHECK(errs.size() == 1);
    CHECK(mentions(errs, "links.c_near + links.c_rand must be >= 1 and each <= 64"));

    Config heartbeat = Config::wan();
    heartbeat.links.neighbor_timeout = heartbeat.tree.beacon_interval;
    heartbeat.links.heartbeat_interval = heartbeat.links.neighbor_timeout / 4;
    errs = heartbeat.validate();
    CHECK(errs.size() == 1);
    CHECK(mentions(
        errs, "links.neighbor_timeout must exceed tree.beacon_interval (beacons are heartbeats)"));

    Config beat = Config::wan();
    beat.links.heartbeat_interval = beat.links.neighbor_timeout / 2;
    errs = beat.validate();
    CHECK(errs.size() == 1);
    CHECK(mentions(errs, "links.heartbeat_interval must be > 0 and under half of links.neighbor_timeout"));

    Config refresh = Config::wan();
    refresh.tree.beacon_refresh = 0;
    errs = refresh.validate();
    CHECK(errs.size() == 1);
    CHECK(mentions(errs, "tree.beacon_refresh must be in [1, 1000]"));

    Config root = Config::wan();
    root.tree.root_timeout_beacons = 1;
    root.tree.root_hysteresis = 1.0;
    errs = root.validate();
    CHECK(errs.size() == 2);
    CHECK(mentions(errs, "tree.root_timeout_beacons must be >= 2"));
    CHECK(mentions(errs, "tree.root_hysteresis must be in [0, 1)"));

    Config ids = Config::wan();
    ids.dissemination.summary_max_ids = 0;
    errs = ids.validate();
    CHECK(mentions(errs, "dissemination.summary_max_ids must be in [1, 4096]"));
}

TEST_CASE("unit: config: a small datagram limit is reported with the payload it cannot carry") {
    Config c = Config::wan();
    c.transport.max_datagram_bytes = 1000;
    const auto errs = c.validate();
    CHECK(errs.size() == 2);
    CHECK(mentions(errs, "transport.max_datagram_bytes must be in [1200, 65507]"));
    CHECK(mentions(errs,
                   "dissemination.max_payload_bytes must be >= 1 and leave 1024 bytes of headroom "
                   "below transport.max_datagram_bytes"));

    // A payload limit that fits the datagram is fine again.
    c.transport.max_datagram_bytes = 1200;
    c.dissemination.max_payload_bytes = 176;
    CHECK(c.validate().empty());
    c.dissemination.max_payload_bytes = 177;
    CHECK(c.validate().size() == 1);
}

TEST_CASE("unit: config: baseline dissemination settings are checked") {
    Config push = Config::wan();
    push.dissemination.push = PushPolicy::random_members;
    push.links.c_near = 0;
    push.links.c_rand = 0;  // push gossip needs no overlay links
    CHECK(push.validate().empty());
    push.dissemination.push_fanout = 0;
    CHECK(mentions(push.validate(), "dissemination.push_fanout must be in [1, 64]"));

    Config tree_off = Config::wan();
    tree_off.tree.enabled = false;
    CHECK(mentions(tree_off.validate(), "dissemination.push = tree needs tree.enabled"));
    tree_off.dissemination.push = PushPolicy::none;
    CHECK(tree_off.validate().empty());
    tree_off.dissemination.id_gossip = false;
    CHECK(mentions(tree_off.validate(),
                   "dissemination.push = none needs dissemination.id_gossip (nothing would spread a message)"));
}

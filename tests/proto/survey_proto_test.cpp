// Surveys in virtual time: topology and trace answers agree with every node's own state,
// arrival times are causally consistent, lost subtrees and the size bound give partial
// answers, and every survey ends by its timeout.

#include <doctest/doctest.h>

#include <map>
#include <set>

#include "tests/proto/mini_net.hpp"

using namespace gocast;
using gocast::testing::MiniNet;
using gocast::testing::two_clusters;
using gocast::testing::tree_spans;

namespace {

Config small_config() {
    Config c = Config::for_tests();
    c.links.c_near = 3;
    c.links.c_rand = 1;
    return c;
}

std::optional<SurveyResult> run_survey(MiniNet& net, std::size_t at, SurveyKind kind, MsgId msg = {},
                                       std::uint32_t max_entries = UINT32_MAX) {
    const auto id = net.start_survey(at, kind, msg, max_entries);
    REQUIRE(id.has_value());
    const Time started = net.now();
    net.run_for(small_config().survey.timeout + kMillisecond);
    auto r = net.node(at).survey_result(*id);
    if (r) {
        CHECK(r->started_at == started);
        CHECK(r->finished_at - r->started_at <= small_config().survey.timeout);
    }
    return r;
}

}  // namespace

TEST_CASE("proto: a topology survey reports every node as the node sees itself") {
    MiniNet net(12, small_config(), two_clusters);
    net.start_all();
    net.run_for(20 * kSecond);
    REQUIRE(tree_spans(net));
    const auto r = run_survey(net, 5, SurveyKind::topology);
    REQUIRE(r.has_value());
    REQUIRE(r->entries.size() == 12);
    CHECK(r->entries.front().id == net.node(5).id());
    std::set<NodeId> ids;
    for (const SurveyEntry& e : r->entries) {
        ids.insert(e.id);
        const std::size_t i = e.id.value - 1000;
        const Snapshot s = net.node(i).snapshot();
        CHECK(e.root == s.root);
        CHECK(e.parent == s.parent.value_or(NodeId{}));
        CHECK(e.depth == s.depth);
        CHECK(!e.neighbors.empty());  // the set itself may have changed since the survey passed
        for (const SurveyNeighbor& n : e.neighbors) {
            const bool is_parent = s.parent == n.id;
            CHECK((n.role == TreeRole::parent) == is_parent);
        }
        // Every peer's address is filled in by its parent in the survey, except the requester's.
        if (i == 5) CHECK(e.address.ip == 0);
        else CHECK(e.address == MiniNet::address(i));
    }
    CHECK(ids.size() == 12);
}

TEST_CASE("proto: a trace survey shows how one message spread, with causal arrival times") {
    MiniNet net(12, small_config(), two_clusters);
    net.start_all();
    net.run_for(20 * kSecond);
    REQUIRE(tree_spans(net));
    const MsgId msg = net.publish(0);
    net.run_for(2 * kSecond);
    const auto r = run_survey(net, 7, SurveyKind::trace, msg);
    REQUIRE(r.has_value());
    CHECK_FALSE(r->partial);
    REQUIRE(r->entries.size() == 12);
    std::map<NodeId, std::uint64_t> age;
    std::map<NodeId, NodeId> from;
    std::map<NodeId, ArrivalPath> how;
    for (const SurveyEntry& e : r->entries) {
        REQUIRE(e.arrival.has_value());
        age[e.id] = e.arrival->age_us;
        from[e.id] = e.arrival->from;
        const auto path = static_cast<ArrivalPath>(e.arrival->path);
        how[e.id] = path;
        if (e.id == net.node(0).id()) CHECK(path == ArrivalPath::local);
        else CHECK(path != ArrivalPath::local);
    }
    // The origin received it first; everyone else after the neighbour it came from, by at
    // least that link's one-way latency, and by exactly that for a tree push (latencies are
    // symmetric here, so each arrival estimate is exact up to the rounding of RTT halves).
    for (const auto& [id, a] : age) {
        if (id == net.node(0).id()) continue;
        CHECK(a <= age[net.node(0).id()]);
        const std::size_t i = id.value - 1000;
        const std::size_t j = from[id].value - 1000;
        const auto link = static_cast<std::uint64_t>(two_clusters(i, j));
        CHECK(age[from[id]] >= a + link - 2);
        if (how[id] == ArrivalPath::tree) CHECK(age[from[id]] <= a + link + 2);
    }
}

TEST_CASE("proto: a survey that loses a subtree ends by its timeout, marked partial") {
    MiniNet net(12, small_config(), two_clusters);
    net.start_all();
    net.run_for(20 * kSecond);
    REQUIRE(tree_spans(net));
    // Kill a node that has tree children, so a whole subtree goes silent for the survey
    // (the neighbours have not noticed yet: the survey starts at once).
    std::size_t victim = 12;
    std::size_t asker = 0;
    for (std::size_t i = 0; i < 12 && victim == 12; ++i) {
        const Snapshot s = net.node(i).snapshot();
        for (const auto& n : s.neighbors) {
            if (n.is_child && s.parent) {
                victim = i;
                asker = s.parent->value - 1000;
                break;
            }
        }
    }
    REQUIRE(victim < 12);
    net.kill(victim);
    const auto r = run_survey(net, asker, SurveyKind::topology);
    REQUIRE(r.has_value());
    CHECK(r->partial);
    CHECK(r->entries.size() < 12);
    for (const auto& e : r->entries) CHECK(e.id != net.node(victim).id());
}

TEST_CASE("proto: the size bound cuts the answer and marks it partial") {
    MiniNet net(12, small_config(), two_clusters);
    net.start_all();
    net.run_for(20 * kSecond);
    REQUIRE(tree_spans(net));
    const auto r = run_survey(net, 3, SurveyKind::topology, {}, 5);
    REQUIRE(r.has_value());
    CHECK(r->partial);
    CHECK(r->entries.size() == 5);
}

TEST_CASE("proto: surveys beyond max_active are refused at the requester") {
    MiniNet net(4, small_config(), two_clusters);
    net.start_all();
    net.run_for(10 * kSecond);
    for (std::uint32_t i = 0; i < small_config().survey.max_active; ++i)
        CHECK(net.start_survey(1, SurveyKind::topology).has_value());
    CHECK_FALSE(net.start_survey(1, SurveyKind::topology).has_value());
    net.run_for(small_config().survey.timeout + kMillisecond);
    CHECK(net.start_survey(1, SurveyKind::topology).has_value());
}

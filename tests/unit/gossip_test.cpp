// dissemination/gossip: what goes into each neighbour's summary (and what is left out),
// round-robin order, the per-summary bound, ageing out after `retain`, pulling unseen ids
// once, and retrying pulls with the next holder.

#include "dissemination/gossip.hpp"

#include <doctest/doctest.h>

#include <set>
#include <vector>

using namespace gocast;

namespace {

const NodeId kA{1};
const NodeId kB{2};
const NodeId kC{3};

MsgId id(std::uint64_t seq) {
    return MsgId{NodeId{99}, seq};
}

DisseminationConfig cfg_with(std::uint32_t summary_max_ids = 512) {
    DisseminationConfig c;
    c.retain = 30 * kSecond;
    c.pull_retry = 400 * kMillisecond;
    c.summary_max_ids = summary_max_ids;
    return c;
}

Gossip three_neighbours(const DisseminationConfig& cfg) {
    Gossip g(cfg);
    g.on_neighbor_up(kA);
    g.on_neighbor_up(kB);
    g.on_neighbor_up(kC);
    return g;
}

const auto kNothingSeen = [](const MsgId&) { return false; };

}  // namespace

TEST_CASE("unit: gossip: ids a neighbour sent or got on the tree are left out of its summary") {
    Gossip g = three_neighbours(cfg_with());
    // id 1 came from A; id 2 was pushed to B on a tree link; id 3 came from C and was pushed
    // to A.
    g.note_new(id(1), 0, {kA});
    g.note_new(id(2), 0, {kB});
    g.note_new(id(3), 0, {kC, kA});
    CHECK(g.queued_for(kA) == 1);
    CHECK(g.queued_for(kB) == 2);
    CHECK(g.queued_for(kC) == 2);

    const auto sa = g.next_summary(kMillisecond);
    REQUIRE(sa.has_value());
    CHECK(sa->to == kA);
    CHECK(sa->ids == std::vector<MsgId>{id(2)});
    const auto sb = g.next_summary(2 * kMillisecond);
    REQUIRE(sb.has_value());
    CHECK(sb->to == kB);
    CHECK(sb->ids == std::vector<MsgId>{id(1), id(3)});
    const auto sc = g.next_summary(3 * kMillisecond);
    REQUIRE(sc.has_value());
    CHECK(sc->to == kC);
    CHECK(sc->ids == std::vector<MsgId>{id(1), id(2)});

    // Each id goes to each neighbour once.
    CHECK_FALSE(g.next_summary(4 * kMillisecond).has_value());
    CHECK_FALSE(g.has_queued());
}

TEST_CASE("unit: gossip: ids a neighbour summarised to us are not summarised back to it") {
    Gossip g = three_neighbours(cfg_with());
    g.note_new(id(1), 0, {});
    g.note_new(id(2), 0, {});
    g.note_new(id(3), 0, {});
    // B tells us it has 1 and 3 (and 7, which we never had) before our round reaches it.
    const auto pulls = g.on_summary(kMillisecond, kB, {id(1), id(7), id(3)}, [](const MsgId& m) {
        return m.seq != 7;
    });
    CHECK(pulls == std::vector<MsgId>{id(7)});
    CHECK(g.queued_for(kA) == 3);
    CHECK(g.queued_for(kB) == 1);
    CHECK(g.queued_for(kC) == 3);
    std::vector<Summary> sent;
    while (auto s = g.next_summary(2 * kMillisecond)) sent.push_back(*s);
    REQUIRE(sent.size() == 3);
    CHECK(sent[1].to == kB);
    CHECK(sent[1].ids == std::vector<MsgId>{id(2)});
    CHECK_FALSE(g.has_queued());

    // The same with long lists (the sorted path): only what the neighbour listed is dropped.
    Gossip big = three_neighbours(cfg_with(4096));
    std::vector<MsgId> told;
    for (std::uint64_t k = 1; k <= 300; ++k) {
        big.note_new(id(k), 0, {});
        if (k % 3 != 0) told.push_back(id(301 - k));  // reversed, so not in queue order
    }
    std::vector<MsgId> expected;
    for (std::uint64_t k = 1; k <= 300; ++k)
        if ((301 - k) % 3 == 0) expected.push_back(id(k));
    big.on_summary(kMillisecond, kC, told, kNothingSeen);
    CHECK(big.queued_for(kC) == expected.size());
    std::optional<Summary> to_c;
    while (auto s = big.next_summary(2 * kMillisecond))
        if (s->to == kC) to_c = s;
    REQUIRE(to_c.has_value());
    CHECK(to_c->ids == expected);
}

TEST_CASE("unit: gossip: summaries go round-robin and skip neighbours with nothing queued") {
    Gossip g = three_neighbours(cfg_with());
    std::vector<NodeId> order;
    for (std::uint64_t round = 1; round <= 2; ++round) {
        g.note_new(id(round), 0, {});
        for (int i = 0; i < 3; ++i) {
            const auto s = g.next_summary(kMillisecond);
            REQUIRE(s.has_value());
            order.push_back(s->to);
        }
    }
    CHECK(order == std::vector<NodeId>{kA, kB, kC, kA, kB, kC});

    // Only B has something: it is found even though the cursor points at A.
    g.note_new(id(10), 0, {kA, kC});
    const auto s = g.next_summary(kMillisecond);
    REQUIRE(s.has_value());
    CHECK(s->to == kB);
    // The cursor moved past B: the next turn starts at C.
    g.note_new(id(11), 0, {});
    CHECK(g.next_summary(kMillisecond)->to == kC);
    CHECK(g.next_summary(kMillisecond)->to == kA);
    CHECK(g.next_summary(kMillisecond)->to == kB);

    // A neighbour going down leaves the rotation and drops its queue.
    g.note_new(id(12), 0, {});
    g.on_neighbor_down(kC);
    CHECK(g.queued_for(kC) == 0);
    std::set<std::uint64_t> to;
    while (auto x = g.next_summary(kMillisecond)) to.insert(x->to.value);
    CHECK(to == std::set<std::uint64_t>{kA.value, kB.value});
}

TEST_CASE("unit: gossip: a summary holds at most summary_max_ids and the rest waits") {
    Gossip g(cfg_with(3));
    g.on_neighbor_up(kA);
    for (std::uint64_t i = 1; i <= 5; ++i) g.note_new(id(i), 0, {});
    const auto s1 = g.next_summary(kMillisecond);
    REQUIRE(s1.has_value());
    CHECK(s1->ids == std::vector<MsgId>{id(1), id(2), id(3)});
    CHECK(g.queued_for(kA) == 2);
    CHECK(g.has_queued());
    const auto s2 = g.next_summary(2 * kMillisecond);
    REQUIRE(s2.has_value());
    CHECK(s2->ids == std::vector<MsgId>{id(4), id(5)});
    CHECK_FALSE(g.has_queued());
}

TEST_CASE("unit: gossip: ids older than retain are dropped from summaries") {
    Gossip g(cfg_with());
    g.on_neighbor_up(kA);
    g.note_new(id(1), 0, {});
    g.note_new(id(2), 20 * kSecond, {});
    const auto s = g.next_summary(30 * kSecond + 1);
    REQUIRE(s.has_value());
    CHECK(s->ids == std::vector<MsgId>{id(2)});
    CHECK_FALSE(g.has_queued());

    // Exactly retain old is still offered.
    g.note_new(id(3), 40 * kSecond, {});
    const auto edge = g.next_summary(70 * kSecond);
    REQUIRE(edge.has_value());
    CHECK(edge->ids == std::vector<MsgId>{id(3)});

    // Nothing but stale ids: no summary at all.
    g.note_new(id(4), 80 * kSecond, {});
    CHECK_FALSE(g.next_summary(200 * kSecond).has_value());
    CHECK_FALSE(g.has_queued());
}

TEST_CASE("unit: gossip: a summary yields only unseen ids, each pulled once") {
    Gossip g = three_neighbours(cfg_with());
    const std::set<MsgId> have = {id(2)};
    const auto seen = [&](const MsgId& m) { return have.count(m) != 0; };

    const auto first = g.on_summary(0, kA, {id(1), id(2), id(3)}, seen);
    CHECK(first == std::vector<MsgId>{id(1), id(3)});
    CHECK(g.pulls_outstanding() == 2);
    // Another holder announcing the same ids does not cause a second pull now.
    const auto second = g.on_summary(10 * kMillisecond, kB, {id(1), id(3), id(4)}, seen);
    CHECK(second == std::vector<MsgId>{id(4)});
    CHECK(g.pulls_outstanding() == 3);
    // Nor does the same holder repeating itself.
    CHECK(g.on_summary(20 * kMillisecond, kA, {id(1)}, seen).empty());

    // Once received, an id is no longer pulled; its holders are returned, in the order
    // they announced it (the node leaves them out of its pushes and summaries).
    CHECK(g.on_received(id(1)) == std::vector<NodeId>{kA, kB});
    CHECK(g.pulls_outstanding() == 2);
    CHECK(g.on_received(id(1)).empty());
    CHECK(g.on_received(id(2)).empty());  // never pulled
}

TEST_CASE("unit: gossip: an unanswered pull goes to the next holder after pull_retry") {
    Gossip g = three_neighbours(cfg_with());
    CHECK(g.next_retry_deadline() == kNever);
    const auto pulled = g.on_summary(0, kA, {id(1)}, kNothingSeen);
    REQUIRE(pulled.size() == 1);
    g.on_summary(10 * kMillisecond, kB, {id(1)}, kNothingSeen);
    CHECK(g.next_retry_deadline() == 400 * kMillisecond);

    CHECK(g.retry_pulls(399 * kMillisecond).empty());
    const auto r1 = g.retry_pulls(400 * kMillisecond);
    REQUIRE(r1.size() == 1);
    CHECK(r1[0].from == kB);
    CHECK(r1[0].ids == std::vector<MsgId>{id(1)});
    CHECK(g.next_retry_deadline() == 800 * kMillisecond);

    // Still nothing: back to the first holder (a lost answer is retried).
    const auto r2 = g.retry_pulls(800 * kMillisecond);
    REQUIRE(r2.size() == 1);
    CHECK(r2[0].from == kA);

    // Answered: no more retries.
    g.on_received(id(1));
    CHECK(g.retry_pulls(2 * kSecond).empty());
    CHECK(g.pulls_outstanding() == 0);
}

TEST_CASE("unit: gossip: retries are grouped by holder") {
    Gossip g = three_neighbours(cfg_with());
    g.on_summary(0, kA, {id(1), id(2)}, kNothingSeen);
    g.on_summary(0, kB, {id(1), id(2), id(3)}, kNothingSeen);  // id 3 first asked of B
    const auto r = g.retry_pulls(500 * kMillisecond);
    // ids 1 and 2 move on to B; id 3 has only B, so B again.
    REQUIRE(r.size() == 1);
    CHECK(r[0].from == kB);
    CHECK(r[0].ids == std::vector<MsgId>{id(1), id(2), id(3)});
}

TEST_CASE("unit: gossip: a neighbour going down is no longer asked") {
    Gossip g = three_neighbours(cfg_with());
    g.on_summary(0, kA, {id(1)}, kNothingSeen);
    g.on_summary(0, kB, {id(1)}, kNothingSeen);
    g.on_summary(0, kC, {id(1)}, kNothingSeen);
    g.on_neighbor_down(kB);
    std::vector<NodeId> asked;
    for (int i = 1; i <= 4; ++i) {
        const auto r = g.retry_pulls(static_cast<Time>(i) * 400 * kMillisecond);
        REQUIRE(r.size() == 1);
        asked.push_back(r[0].from);
    }
    for (NodeId n : asked) CHECK(n != kB);

    // With every holder gone, the pull is abandoned.
    g.on_neighbor_down(kA);
    g.on_neighbor_down(kC);
    CHECK(g.retry_pulls(10 * kSecond).empty());
    CHECK(g.pulls_outstanding() == 0);
}

TEST_CASE("unit: gossip: a pull is abandoned after retain") {
    Gossip g = three_neighbours(cfg_with());
    g.on_summary(0, kA, {id(1)}, kNothingSeen);
    CHECK(g.retry_pulls(30 * kSecond).size() == 1);
    CHECK(g.retry_pulls(30 * kSecond + 1).empty());
    CHECK(g.pulls_outstanding() == 0);
}

TEST_CASE("unit: gossip: a new neighbour is sent the catch-up ids, oldest first") {
    Gossip g = three_neighbours(cfg_with());
    const NodeId kD{4};
    // (id, receipt time), newest first, as MessageStore::recent gives them.
    g.on_neighbor_up(kD, {{id(9), 9 * kSecond}, {id(8), 8 * kSecond}});
    CHECK(g.queued_for(kD) == 2);
    CHECK(g.queued_for(kA) == 0);
    auto s = g.next_summary(10 * kSecond);
    REQUIRE(s);
    CHECK(s->to == kD);
    CHECK(s->ids == std::vector<MsgId>{id(8), id(9)});
    CHECK_FALSE(g.has_queued());
    // They age out like any queued id: past retain nothing is offered.
    Gossip late = three_neighbours(cfg_with());
    late.on_neighbor_up(kD, {{id(1), 0}});
    CHECK_FALSE(late.next_summary(31 * kSecond));
}

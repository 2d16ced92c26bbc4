// Survey frames and the convergecast state machine (peer/survey) in isolation: round trips,
// decoder refusals, merging answers that arrive in parts, budgets, repeats, deadlines and
// the conversion of arrival ages between clocks. Also the recent-arrivals ring.

#include <doctest/doctest.h>

#include "dissemination/recent_log.hpp"
#include "peer/survey.hpp"

using namespace gocast;

namespace {

SurveyEntry entry(std::uint64_t id, std::optional<std::uint64_t> age = {}) {
    SurveyEntry e;
    e.id = NodeId{id};
    e.site = 3;
    e.root = NodeId{1};
    e.parent = NodeId{id - 1};
    e.depth = 2;
    e.neighbors = {SurveyNeighbor{NodeId{id - 1}, 0, TreeRole::parent, 1500},
                   SurveyNeighbor{NodeId{id + 7}, 1, TreeRole::none, 0}};
    if (age) e.arrival = SurveyArrival{NodeId{id - 1}, 1, 4, *age};
    return e;
}

SurveyConfig config() {
    SurveyConfig c;
    c.timeout = 1000 * kMillisecond;
    c.guard = 10 * kMillisecond;
    return c;
}

std::vector<SurveyReplyFrame> replies(const std::vector<SurveySend>& out, NodeId to) {
    std::vector<SurveyReplyFrame> r;
    for (const auto& s : out) {
        if (s.to != to || s.type != FrameType::survey_reply) continue;
        auto f = decode_survey_reply(s.body);
        REQUIRE(f.has_value());
        r.push_back(*f);
    }
    return r;
}

}  // namespace

TEST_CASE("survey frames: round trip, and refusals of bad input") {
    SurveyRequestFrame q{SurveyId{NodeId{9}, 3}, SurveyKind::trace, MsgId{NodeId{4}, 77}, 800000, 100};
    const auto q2 = decode_survey_request(encode(q));
    REQUIRE(q2.has_value());
    CHECK(q2->id == q.id);
    CHECK(q2->kind == SurveyKind::trace);
    CHECK(q2->message == q.message);
    CHECK(q2->budget_us == 800000);
    CHECK(q2->max_entries == 100);

    SurveyReplyFrame r{SurveyId{NodeId{9}, 3}, 1, 2, true, 777, {entry(5, 1234), entry(6)}};
    const auto r2 = decode_survey_reply(encode(r));
    REQUIRE(r2.has_value());
    CHECK(r2->part == 1);
    CHECK(r2->parts == 2);
    CHECK(r2->partial);
    CHECK(r2->held_us == 777);
    CHECK(r2->entries == r.entries);

    Bytes bad = encode(r);
    bad.pop_back();
    CHECK_FALSE(decode_survey_reply(bad).has_value());  // truncated
    Bytes extra = encode(q);
    extra.push_back(std::byte{0});
    CHECK_FALSE(decode_survey_request(extra).has_value());  // trailing bytes
    SurveyReplyFrame beyond = r;
    beyond.part = 2;  // part must be < parts
    CHECK_FALSE(decode_survey_reply(encode(beyond)).has_value());
}

TEST_CASE("survey: a node forwards, merges parts from its children, and answers its sender") {
    Survey s(config(), NodeId{10});
    std::vector<SurveySend> out;
    const NodeId parent{9};
    SurveyRequestFrame q{SurveyId{NodeId{1}, 1}, SurveyKind::topology, {}, 500000, 1000};
    const std::vector<SurveyTarget> targets{{parent, 20000}, {NodeId{11}, 30000}, {NodeId{12}, 485000}};
    s.on_request(0, parent, q, entry(10), targets, out);
    // Forwarded to child 11 only: not back to the sender, and child 12's link leaves no budget.
    REQUIRE(out.size() == 1);
    CHECK(out[0].to == NodeId{11});
    const auto fwd = decode_survey_request(out[0].body);
    REQUIRE(fwd.has_value());
    CHECK(fwd->budget_us == 500000 - 30000 - 10000);
    CHECK(s.next_deadline() == 500000);
    out.clear();

    // Child 11 answers in two parts; the node answers once both are in.
    s.on_reply(1000, NodeId{11}, Endpoint{0x0a00000b, 7000}, 30000,
               SurveyReplyFrame{q.id, 1, 2, false, 0, {entry(13)}}, out);
    CHECK(out.empty());
    s.on_reply(2000, NodeId{11}, Endpoint{0x0a00000b, 7000}, 30000,
               SurveyReplyFrame{q.id, 0, 2, false, 0, {entry(11)}}, out);
    const auto answer = replies(out, parent);
    REQUIRE(answer.size() == 1);
    CHECK(answer[0].partial);  // child 12 was not asked
    REQUIRE(answer[0].entries.size() == 3);
    CHECK(answer[0].entries[0].id == NodeId{10});
    // The child's own entry gets the address it answered from; the grandchild's stays unknown.
    for (const auto& e : answer[0].entries) {
        if (e.id == NodeId{11}) CHECK(e.address == Endpoint{0x0a00000b, 7000});
        if (e.id == NodeId{13}) CHECK(e.address.ip == 0);
    }
    CHECK(s.active() == 0);
    out.clear();

    // The same survey again (a tree change): answered at once, empty and complete.
    s.on_request(3000, NodeId{11}, q, SurveyEntry{}, targets, out);
    const auto repeat = replies(out, NodeId{11});
    REQUIRE(repeat.size() == 1);
    CHECK(repeat[0].entries.empty());
    CHECK_FALSE(repeat[0].partial);
}

TEST_CASE("survey: the requester keeps a partial result when a child misses the deadline") {
    Survey s(config(), NodeId{1});
    std::vector<SurveySend> out;
    const auto id = s.start(0, SurveyKind::trace, MsgId{NodeId{1}, 5}, 100, entry(2, 7000),
                            {{NodeId{3}, 10000}, {NodeId{4}, 10000}}, out);
    REQUIRE(id.has_value());
    CHECK(out.size() == 2);
    out.clear();
    // Node 3 answers after holding the survey 190 ms (so the link's RTT is 10 ms, although
    // the smoothed figure says 80 ms); its own arrival was 50 ms before it sent.
    s.on_reply(200000, NodeId{3}, Endpoint{1, 2}, 80000, SurveyReplyFrame{*id, 0, 1, false, 190000, {entry(3, 50000)}},
               out);
    CHECK(s.result(*id) == nullptr);
    s.tick(999999, out);
    CHECK(s.result(*id) == nullptr);
    s.tick(1000000, out);
    const SurveyResult* r = s.result(*id);
    REQUIRE(r != nullptr);
    CHECK(r->partial);
    CHECK(r->finished_at == 1000000);
    REQUIRE(r->entries.size() == 2);
    // Own entry: arrived 7 ms before the start. Node 3's: 200 ms - 5 ms - 50 ms after the start.
    CHECK(r->entries[0].arrival->age_us == 1000000 + 7000);
    CHECK(r->entries[1].arrival->age_us == 1000000 - (200000 - 5000 - 50000));
    // A late answer changes nothing.
    s.on_reply(1000001, NodeId{4}, Endpoint{1, 3}, 10000, SurveyReplyFrame{*id, 0, 1, false, 0, {entry(4)}}, out);
    CHECK(s.result(*id)->entries.size() == 2);
}

TEST_CASE("survey: a request's budget is capped at the node's own timeout") {
    Survey s(config(), NodeId{10});
    std::vector<SurveySend> out;
    SurveyRequestFrame q{SurveyId{NodeId{1}, 1}, SurveyKind::topology, {}, 0xFFFFFFFFu, 1000};
    s.on_request(0, NodeId{9}, q, entry(10), {{NodeId{9}, 1000}, {NodeId{11}, 1000}}, out);
    CHECK(s.next_deadline() == config().timeout);
    s.tick(config().timeout, out);
    CHECK(s.active() == 0);
}

TEST_CASE("survey: a large answer is split into parts that each fit part_bytes") {
    SurveyConfig c = config();
    c.part_bytes = 600;
    Survey s(c, NodeId{100});
    std::vector<SurveySend> out;
    SurveyRequestFrame q{SurveyId{NodeId{1}, 1}, SurveyKind::topology, {}, 500000, 1000};
    s.on_request(0, NodeId{99}, q, entry(100), {{NodeId{101}, 1000}}, out);
    out.clear();
    std::vector<SurveyEntry> many;
    for (std::uint64_t i = 0; i < 40; ++i) many.push_back(entry(200 + i));
    s.on_reply(10, NodeId{101}, Endpoint{1, 1}, 1000, SurveyReplyFrame{q.id, 0, 1, false, 0, many}, out);
    const auto parts = replies(out, NodeId{99});
    REQUIRE(parts.size() > 1);
    std::size_t total = 0;
    for (std::size_t i = 0; i < parts.size(); ++i) {
        CHECK(parts[i].part == i);
        CHECK(parts[i].parts == parts.size());
        total += parts[i].entries.size();
    }
    for (const auto& o : out) CHECK(o.body.size() <= 600 + 200);
    CHECK(total == 41);
}

TEST_CASE("recent log: keeps the last N first arrivals, oldest first") {
    RecentLog log(3);
    for (std::uint64_t i = 1; i <= 5; ++i)
        log.record(ArrivalRecord{MsgId{NodeId{1}, i}, "t", Service::reliable, static_cast<Time>(i), NodeId{2}, 1, 0, 0});
    const auto r = log.records();
    REQUIRE(r.size() == 3);
    CHECK(r[0].id.seq == 3);
    CHECK(r[2].id.seq == 5);
    CHECK(log.find(MsgId{NodeId{1}, 4}).has_value());
    CHECK_FALSE(log.find(MsgId{NodeId{1}, 2}).has_value());
}

// The web UI's pure parts: Prometheus text from a Snapshot, the JSON of a survey (merged
// topology and trace), and message id parsing.

#include <doctest/doctest.h>

#include <map>
#include <regex>
#include <set>
#include <sstream>

#include "webui/json_views.hpp"
#include "webui/metrics.hpp"

using namespace gocast;
using namespace gocast::webui;

namespace {

PeerView sample_view() {
    PeerView v;
    Snapshot& s = v.snapshot;
    s.id = NodeId{0xabc};
    s.now = 12 * kSecond;
    s.root = NodeId{0x1};
    s.parent = NodeId{0x1};
    s.depth = 1;
    s.near_degree = 1;
    s.rand_degree = 1;
    NeighborInfo a;
    a.id = NodeId{0x1};
    a.kind = LinkKind::nearby;
    a.rtt = 2500;
    a.is_parent = true;
    NeighborInfo b;
    b.id = NodeId{0x2};
    b.kind = LinkKind::random;
    b.rtt = 0;
    s.neighbors = {a, b};
    s.counters.delivered = 42;
    s.counters.duplicates = 3;
    s.counters.gossip_bytes_sent = 1234;
    s.counters.dropped_malformed = 7;
    s.counters.link_ack_only_sent = 5;
    s.recent.push_back(ArrivalRecord{MsgId{NodeId{0x1}, 5}, "news", Service::reliable, 10 * kSecond, NodeId{0x1}, 1, 1, 9});
    s.recent.push_back(ArrivalRecord{MsgId{NodeId{0x2}, 1}, "news", Service::fifo, 11 * kSecond, NodeId{0x2}, 2, 1, 3});
    v.address = Endpoint{0x7f000001, 7000};
    return v;
}

}  // namespace

TEST_CASE("metrics: Prometheus text exposition is well formed and carries the counters") {
    const std::string text = prometheus_text(sample_view());
    const std::regex sample_line(R"(^(gocast_[a-z_]+)(\{[a-z_]+="[^"]*"(,[a-z_]+="[^"]*")*\})? (-?[0-9.e+-]+)$)");
    std::map<std::string, std::string> type_of;
    std::set<std::string> helped;
    std::map<std::string, std::string> value;
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line)) {
        if (line.rfind("# HELP ", 0) == 0) {
            helped.insert(line.substr(7, line.find(' ', 7) - 7));
            continue;
        }
        if (line.rfind("# TYPE ", 0) == 0) {
            const auto name = line.substr(7, line.find(' ', 7) - 7);
            const auto type = line.substr(line.rfind(' ') + 1);
            CHECK_MESSAGE(helped.count(name) == 1, "TYPE before HELP for ", name);
            CHECK(type_of.emplace(name, type).second);  // one TYPE per family
            CHECK((type == "counter" || type == "gauge"));
            if (type == "counter") CHECK(name.size() > 6);
            if (type == "counter") CHECK(name.substr(name.size() - 6) == "_total");
            continue;
        }
        std::smatch m;
        REQUIRE_MESSAGE(std::regex_match(line, m, sample_line), "bad line: ", line);
        CHECK_MESSAGE(type_of.count(m[1]) == 1, "sample before its TYPE: ", line);
        value[m[1].str() + m[2].str()] = m[4];
    }
    CHECK(value["gocast_messages_delivered_total"] == "42");
    CHECK(value["gocast_duplicates_total"] == "3");
    CHECK(value["gocast_gossip_bytes_sent_total"] == "1234");
    CHECK(value["gocast_dropped_total{reason=\"malformed\"}"] == "7");
    CHECK(value["gocast_link_ack_only_total"] == "5");
    CHECK(value["gocast_link_rtt_seconds{neighbor=\"0000000000000001\",kind=\"nearby\",tree=\"parent\"}"] == "0.0025");
    CHECK(value["gocast_degree{kind=\"random\"}"] == "1");
    CHECK(value["gocast_uptime_seconds"] == "12");
}

TEST_CASE("json views: messages newest first, neighbours with kind, tree role and RTT") {
    const PeerView v = sample_view();
    const auto msgs = messages_view(v, 10);
    REQUIRE(msgs.size() == 2);
    CHECK(msgs[0]["id"] == "0000000000000002:1");
    CHECK(msgs[0]["path"] == "pull");
    CHECK(msgs[0]["age_us"] == 1 * kSecond);
    CHECK(messages_view(v, 1).size() == 1);
    const auto nb = neighbors_view(v);
    REQUIRE(nb.size() == 2);
    CHECK(nb[0]["tree"] == "parent");
    CHECK(nb[1]["kind"] == "random");
    const auto st = status_view(v);
    CHECK(st["degrees"]["total"] == 2);
    CHECK(st["is_root"] == false);
    CHECK(st["address"] == "127.0.0.1:7000");
}

TEST_CASE("json views: a trace survey gives arrival offsets from the first arrival") {
    SurveyResult r;
    r.kind = SurveyKind::trace;
    r.message = MsgId{NodeId{0x1}, 5};
    r.started_at = 100;
    r.finished_at = 700;
    SurveyEntry self;
    self.id = NodeId{0x1};
    self.arrival = SurveyArrival{NodeId{0x1}, 0, 0, 90000};  // the origin, first
    SurveyEntry other;
    other.id = NodeId{0x2};
    other.address = Endpoint{0x7f000001, 7001};
    other.parent = NodeId{0x1};
    other.arrival = SurveyArrival{NodeId{0x1}, 1, 1, 60000};  // 30 ms later
    SurveyEntry missed;
    missed.id = NodeId{0x3};
    SurveyEntry early;  // estimated 2 ms before the peer it got the message from
    early.id = NodeId{0x4};
    early.arrival = SurveyArrival{NodeId{0x2}, 1, 2, 62000};
    r.entries = {self, other, missed, early};
    const auto j = survey_view(r, Endpoint{0x7f000001, 7000},
                               [](NodeId id) -> std::optional<PeerPlace> {
                                   if (id.value != 0x2) return std::nullopt;
                                   return PeerPlace{"eu-1-2", 48.1, 11.5};
                               });
    CHECK(j["duration_us"] == 600);
    CHECK(j["peers"][0]["address"] == "127.0.0.1:7000");  // requester filled in
    CHECK(j["peers"][0]["arrival"]["at_us"] == 0);
    CHECK(j["peers"][0]["arrival"]["path"] == "local");
    CHECK(j["peers"][1]["arrival"]["at_us"] == 30000);
    CHECK(j["peers"][1]["parent"] == "0000000000000001");
    CHECK(j["peers"][1]["lat"] == 48.1);
    CHECK_FALSE(j["peers"][2].contains("arrival"));
    CHECK(j["peers"][2]["address"].is_null());
    CHECK(j["peers"][1]["arrival"]["clamped"] == false);
    CHECK(j["peers"][3]["arrival"]["at_us"] == 30000);  // raised to its sender's time
    CHECK(j["peers"][3]["arrival"]["clamped"] == true);
    CHECK(j["reached"] == 3);
}

TEST_CASE("json views: message ids parse strictly") {
    const auto id = parse_msg_id("00000000000000ff:42");
    REQUIRE(id.has_value());
    CHECK(id->origin.value == 0xff);
    CHECK(id->seq == 42);
    for (const char* bad : {"", "ff:42", "00000000000000ff:", "00000000000000ff:-1", "00000000000000ff:4x",
                            "0000000000000000:1", "00000000000000ff:0", "00000000000000fg:1",
                            "00000000000000ff:99999999999999999999999"})
        CHECK_MESSAGE(!parse_msg_id(bad).has_value(), bad);
}

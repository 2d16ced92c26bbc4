// The web API of a running local cluster (five gocast-peer processes on 127.0.0.1): JSON
// shapes of every endpoint, a whole-overlay topology and a message trace by survey, the
// Prometheus text of /metrics, the token on POST /api/publish (401 without it, 403 on a
// peer with none configured), and 4xx for bad requests. Every wait is bounded; only PIDs
// started here are signalled.

#include <doctest/doctest.h>
#include <httplib.h>

#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>

#include "tests/integration/peer_process.hpp"

namespace {

using namespace gocast::testing;
using nlohmann::json;

constexpr int kPeers = 5;
constexpr std::uint16_t kApiOffset = 1000;
constexpr auto kConvergeLimit = 20s;
constexpr auto kTopologyLimit = 20s;

json get_json(httplib::Client& c, const std::string& path, int want_status = 200) {
    const auto r = c.Get(path);
    REQUIRE_MESSAGE(r, "GET ", path, " failed: ", httplib::to_string(r.error()));
    CHECK_MESSAGE(r->status == want_status, "GET ", path, " -> ", r->status, " ", r->body);
    CHECK(r->get_header_value("Content-Type") == "application/json");
    const auto j = json::parse(r->body, nullptr, false);
    REQUIRE_FALSE(j.is_discarded());
    return j;
}

bool is_id(const json& v) {
    return v.is_string() && v.get<std::string>().size() == 16;
}

// Polls /api/topology until it lists every peer with one root and a spanning tree.
json wait_full_topology(httplib::Client& c) {
    const auto deadline = Clock::now() + kTopologyLimit;
    json t;
    while (Clock::now() < deadline) {
        t = get_json(c, "/api/topology");
        std::set<std::string> roots;
        std::size_t tree_links = 0;
        for (const auto& p : t["peers"]) {
            roots.insert(p["root"].get<std::string>());
            if (!p["parent"].is_null()) ++tree_links;
        }
        if (!t["partial"].get<bool>() && t["count"] == kPeers && roots.size() == 1 && tree_links == kPeers - 1)
            return t;
        std::this_thread::sleep_for(kPollPeriod);
    }
    FAIL("topology never covered the cluster: ", t.dump());
    return t;
}

}  // namespace

TEST_CASE("integration: web api: JSON shapes, topology and trace surveys, metrics, auth, bad requests") {
    ScratchDir tmp("gocast-webui-api");
    Cluster cluster = start_cluster(tmp, kPeers, kApiOffset);
    REQUIRE(!cluster.children.pids.empty());
    std::vector<std::optional<PeerStatus>> status;
    REQUIRE(wait_converged(cluster.dirs, kConvergeLimit, status));
    httplib::Client api(("127.0.0.1"), cluster.base + kApiOffset + 2);
    api.set_connection_timeout(2, 0);
    api.set_read_timeout(10, 0);

    // --- per-peer views ---
    const json s = get_json(api, "/api/status");
    CHECK(is_id(s["id"]));
    CHECK(s["address"] == local(cluster.base + 2));
    CHECK(s["api"] == local(cluster.base + kApiOffset + 2));
    CHECK(s["site"].is_number_unsigned());
    CHECK(s["uptime_s"].get<double>() > 0.0);
    CHECK(is_id(s["root"]));
    CHECK((s["parent"].is_null() || is_id(s["parent"])));
    CHECK(s["depth"].is_number_unsigned());
    CHECK(s["degrees"]["total"].get<int>() >= 1);
    CHECK(s["counters"]["packets_received"].get<std::uint64_t>() > 0);
    CHECK(s["publish_enabled"] == true);
    CHECK(s["mode"] == "peer");

    const json nb = get_json(api, "/api/neighbors");
    REQUIRE(nb.is_array());
    REQUIRE(nb.size() == s["degrees"]["total"].get<std::size_t>());
    for (const auto& n : nb) {
        CHECK(is_id(n["id"]));
        CHECK((n["kind"] == "nearby" || n["kind"] == "random"));
        CHECK((n["tree"] == "parent" || n["tree"] == "child" || n["tree"] == "none"));
        CHECK(n["rtt_us"].is_number_integer());
        CHECK(n["address"].get<std::string>().rfind("127.0.0.1:", 0) == 0);
    }
    const json members = get_json(api, "/api/members");
    REQUIRE(members.is_array());
    CHECK(members.size() >= 1);
    for (const auto& m : members) CHECK(is_id(m["id"]));
    const json tree = get_json(api, "/api/tree");
    CHECK(tree["root"] == s["root"]);
    CHECK(tree["children"].is_array());

    // --- whole overlay by survey, from one peer ---
    const json topo = wait_full_topology(api);
    std::set<std::string> ids;
    for (const auto& p : topo["peers"]) {
        ids.insert(p["id"].get<std::string>());
        CHECK(p["address"].get<std::string>().rfind("127.0.0.1:", 0) == 0);
        CHECK(p["neighbors"].is_array());
    }
    std::set<std::string> expected;
    for (const auto& st : status) expected.insert(st->id);
    CHECK(ids == expected);
    CHECK(topo["peers"][0]["id"] == s["id"]);  // the asked peer comes first

    // --- auth on publish ---
    const std::string path = "/api/publish?topic=webui";
    auto r = api.Post(path, "no token", "text/plain");
    REQUIRE(r);
    CHECK(r->status == 401);
    CHECK(r->body.find("token") != std::string::npos);
    httplib::Client wrong("127.0.0.1", cluster.base + kApiOffset + 2);
    wrong.set_bearer_token_auth("not-the-token-0123456789");
    r = wrong.Post(path, "wrong token", "text/plain");
    REQUIRE(r);
    CHECK(r->status == 401);
    api.set_bearer_token_auth(kTestToken.c_str());
    r = api.Post(path, "traced", "text/plain");
    REQUIRE(r);
    REQUIRE(r->status == 200);
    const std::string msg = json::parse(r->body)["id"].get<std::string>();

    // --- message list and trace ---
    const auto deadline = Clock::now() + 10s;
    json trace;
    while (Clock::now() < deadline) {
        trace = get_json(api, "/api/trace?id=" + msg);
        if (trace["reached"] == kPeers) break;
        std::this_thread::sleep_for(kPollPeriod);
    }
    CHECK(trace["message"] == msg);
    CHECK(trace["reached"] == kPeers);
    std::size_t locals = 0;
    for (const auto& p : trace["peers"]) {
        REQUIRE(p.contains("arrival"));
        const auto& a = p["arrival"];
        CHECK((a["path"] == "local" || a["path"] == "tree" || a["path"] == "pull" || a["path"] == "other"));
        CHECK(a["at_us"].get<std::int64_t>() >= 0);
        if (a["path"] == "local") {
            ++locals;
            CHECK(p["id"] == s["id"]);
        }
    }
    CHECK(locals == 1);
    const json messages = get_json(api, "/api/messages?limit=5");
    REQUIRE(messages.is_array());
    REQUIRE(!messages.empty());
    CHECK(messages[0]["id"] == msg);  // newest first
    CHECK(messages[0]["path"] == "local");
    CHECK(messages[0]["topic"] == "webui");

    // --- metrics ---
    const auto m = api.Get("/metrics");
    REQUIRE(m);
    CHECK(m->status == 200);
    CHECK(m->get_header_value("Content-Type").rfind("text/plain; version=0.0.4", 0) == 0);
    std::istringstream lines(m->body);
    std::string line;
    std::set<std::string> families;
    while (std::getline(lines, line)) {
        if (line.rfind("# TYPE ", 0) == 0) families.insert(line.substr(7, line.find(' ', 7) - 7));
        if (line.empty() || line[0] == '#') continue;
        CHECK(line.rfind("gocast_", 0) == 0);
    }
    for (const char* f : {"gocast_messages_delivered_total", "gocast_duplicates_total", "gocast_gossip_bytes_sent_total",
                          "gocast_link_rtt_seconds", "gocast_degree", "gocast_dropped_total"})
        CHECK_MESSAGE(families.count(f) == 1, f);
    CHECK(m->body.find("gocast_messages_delivered_total 1\n") != std::string::npos);

    // --- bad requests ---
    CHECK(get_json(api, "/api/trace?id=nonsense", 400).contains("error"));
    CHECK(get_json(api, "/api/trace", 400).contains("error"));
    CHECK(get_json(api, "/api/messages?limit=0", 400).contains("error"));
    CHECK(get_json(api, "/api/topology?max=abc", 400).contains("error"));
    CHECK(get_json(api, "/api/nothing-here", 404).contains("error"));
    const auto page = api.Get("/");
    REQUIRE(page);
    CHECK(page->status == 200);
    CHECK(page->body.find("cytoscape.min.js") != std::string::npos);

    stop_cluster(cluster);
}

TEST_CASE("integration: web api: a peer without api_token refuses publishing with 403") {
    ScratchDir tmp("gocast-webui-notoken");
    std::uint16_t port = 0;
    Children children;
    auto rng = make_rng();
    std::uniform_int_distribution<int> pick(kPortLow, kPortHigh - 1);
    for (int attempt = 0; attempt < kStartAttempts && children.pids.empty(); ++attempt) {
        port = static_cast<std::uint16_t>(pick(rng));
        if (BoundUdp(port).fd < 0 || BoundTcp(port + 1).fd < 0) continue;
        std::filesystem::create_directories(tmp.path() / "p");
        const pid_t pid = spawn_peer({"--preset", "test", "--listen", local(port), "--api", local(port + 1),
                                      "--data-dir", (tmp.path() / "p").string()},
                                     tmp.path() / "p.log");
        REQUIRE(pid > 0);
        children.pids.push_back(pid);
        std::this_thread::sleep_for(kStartupGrace);
        int st = 0;
        if (::waitpid(pid, &st, WNOHANG) == pid) children.pids.clear();
    }
    REQUIRE(!children.pids.empty());
    httplib::Client api("127.0.0.1", port + 1);
    api.set_bearer_token_auth(kTestToken.c_str());
    // On a loaded machine (a sanitizer build, a parallel build) the API may start listening
    // after the startup grace: wait for it, bounded, before asking.
    const auto ready_by = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (!api.Get("/api/status") && std::chrono::steady_clock::now() < ready_by)
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    const auto r = api.Post("/api/publish?topic=t", "x", "text/plain");
    REQUIRE(r);
    CHECK(r->status == 403);
    CHECK(r->body.find("api_token") != std::string::npos);
    CHECK(get_json(api, "/api/status")["publish_enabled"] == false);
    // The gocast client explains the refusal and exits 1.
    const auto [code, out] = run_to_exit(GOCAST_CLIENT_BIN, {"publish", "--api", local(port + 1), "t", "x"}, tmp.path());
    CHECK(code == 1);
    CHECK(out.find("api_token") != std::string::npos);
    for (const pid_t p : children.pids) ::kill(p, SIGTERM);
    std::vector<pid_t> pids;
    pids.swap(children.pids);
    for (const pid_t p : pids) CHECK(reap(p) == 0);
}

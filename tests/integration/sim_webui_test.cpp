// gocast-sim --webui: after a short simulated run the same web API answers for the
// simulated overlay on 127.0.0.1 (page, status, whole topology with positions, trace of a
// simulated message, metrics), and SIGTERM stops it with exit code 0. The report is
// written before serving starts. Every wait is bounded; only the PID started here is
// signalled.

#include <doctest/doctest.h>
#include <httplib.h>

#include <nlohmann/json.hpp>
#include <string>

#include "tests/integration/peer_process.hpp"

namespace {

using namespace gocast::testing;
using nlohmann::json;

constexpr int kNodes = 48;
constexpr auto kServeLimit = 60s;  // the run itself takes well under a second of CPU

}  // namespace

TEST_CASE("integration: gocast-sim --webui serves the simulated overlay until SIGTERM") {
    ScratchDir tmp("gocast-sim-webui");
    auto rng = make_rng();
    std::uniform_int_distribution<int> pick(kPortLow, kPortHigh - 1);
    std::uint16_t port = 0;
    for (int i = 0; i < kStartAttempts && port == 0; ++i) {
        const auto p = static_cast<std::uint16_t>(pick(rng));
        if (BoundTcp(p).fd >= 0) port = p;
    }
    REQUIRE(port != 0);
    Children children;
    const auto out = tmp.path() / "report";
    const pid_t pid = spawn_process(GOCAST_SIM_BIN,
                                    {"--nodes", std::to_string(kNodes), "--duration", "45", "--publish-start", "30", "--publish-stop", "40",
                                     "--quiet", "--out", out.string(), "--webui", std::to_string(port)},
                                    tmp.path() / "sim.log");
    REQUIRE(pid > 0);
    children.pids.push_back(pid);

    httplib::Client api("127.0.0.1", port);
    api.set_connection_timeout(1, 0);
    api.set_read_timeout(5, 0);
    std::string status_body;
    const auto deadline = Clock::now() + kServeLimit;
    while (Clock::now() < deadline && status_body.empty()) {
        if (auto r = api.Get("/api/status"); r && r->status == 200) {
            status_body = r->body;
            break;
        }
        REQUIRE_MESSAGE(!wait_exit(pid, 0s).has_value(), read_file(tmp.path() / "sim.log"));
        std::this_thread::sleep_for(kPollPeriod);
    }
    REQUIRE_MESSAGE(!status_body.empty(), read_file(tmp.path() / "sim.log"));
    CHECK(std::filesystem::exists(out / "summary.json"));
    const json s = json::parse(status_body);
    CHECK(s["mode"] == "sim");
    CHECK(s["sim"]["peers"] == kNodes);
    CHECK(s["is_root"] == true);  // the page shows the root's view

    const auto topo_r = api.Get("/api/topology");
    REQUIRE(topo_r);
    const json topo = json::parse(topo_r->body);
    CHECK(topo["count"] == kNodes);
    CHECK(topo["partial"] == false);
    CHECK(topo["peers"][0].contains("lat"));  // the synthetic dataset has positions
    std::size_t roots = 0;
    for (const auto& p : topo["peers"]) roots += p["parent"].is_null() ? 1 : 0;
    CHECK(roots == 1);

    const json msgs = json::parse(api.Get("/api/messages?limit=1")->body);
    REQUIRE(msgs.size() == 1);
    const json trace = json::parse(api.Get("/api/trace?id=" + msgs[0]["id"].get<std::string>())->body);
    CHECK(trace["reached"] == kNodes);
    CHECK(api.Get("/metrics")->body.find("gocast_messages_delivered_total") != std::string::npos);
    CHECK(api.Get("/")->status == 200);

    ::kill(pid, SIGTERM);
    children.pids.clear();
    CHECK(reap(pid) == 0);
}

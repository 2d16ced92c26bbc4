// The client API of real gocast-peer processes on 127.0.0.1: four peers, a subscribe
// stream on each, five fifo messages published over POST /api/publish on one of them, and
// every stream must carry every message exactly once, in order. Also the API's refusals (413, 400)
// and the gocast client's exit codes. Every wait is bounded; only PIDs started here are
// signalled.

#include <doctest/doctest.h>
#include <httplib.h>

#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "tests/integration/peer_process.hpp"
#include "tests/integration/subscribe_stream.hpp"

namespace {

using namespace gocast::testing;

constexpr int kPeers = 4;
constexpr int kMessages = 5;
constexpr std::uint16_t kApiOffset = 1000;  // peer i's API port is base + 1000 + i
constexpr auto kConvergeLimit = 20s;
constexpr auto kSubscribeLimit = 5s;
constexpr auto kDeliveryLimit = 10s;
constexpr std::size_t kTestMaxPayload = 60 * 1024;  // Config::for_tests() max_payload_bytes
const std::string kTopic = "api-test";

httplib::Result publish(httplib::Client& client, const std::string& topic,
                        const std::string& service, const std::string& body) {
    client.set_bearer_token_auth(kTestToken.c_str());
    return client.Post(
        httplib::append_query_params("/api/publish", {{"topic", topic}, {"service", service}}),
        body, "application/octet-stream");
}

}  // namespace

TEST_CASE("integration: api: every subscriber gets every published message exactly once") {
    const ScratchDir tmp("api");
    // Declared before the cluster so that, on a failed check, the peers are killed first
    // (ending the streams) and then the reader threads are joined.
    std::vector<std::unique_ptr<SubscribeStream>> streams;
    Cluster cluster = start_cluster(tmp, kPeers, kApiOffset);
    REQUIRE_MESSAGE(!cluster.children.pids.empty(), "could not start ", kPeers,
                    " peers on free ports");
    std::vector<std::optional<PeerStatus>> status;
    REQUIRE(wait_converged(cluster.dirs, kConvergeLimit, status));
    const auto api_port = [&](int i) {
        return static_cast<std::uint16_t>(cluster.base + kApiOffset + i);
    };

    // GET /api/status agrees with status.json.
    httplib::Client api0("127.0.0.1", api_port(0));
    api0.set_read_timeout(5, 0);
    {
        const auto r = api0.Get("/api/status");
        REQUIRE(r);
        CHECK(r->status == 200);
        const auto j = nlohmann::json::parse(r->body, nullptr, false);
        REQUIRE(j.is_object());
        CHECK(j.value("id", "") == status[0]->id);
        CHECK(j.value("listen", "") == local(cluster.base));
        CHECK(j.contains("counters"));
        CHECK(j.contains("neighbors"));
    }

    for (int i = 0; i < kPeers; ++i) {
        streams.push_back(std::make_unique<SubscribeStream>(api_port(i), kTopic));
    }
    const auto subscribe_deadline = Clock::now() + kSubscribeLimit;
    const auto all_ready = [&] {
        for (const auto& s : streams) {
            if (!s->ready()) return false;
        }
        return true;
    };
    while (!all_ready() && Clock::now() < subscribe_deadline) std::this_thread::sleep_for(10ms);
    REQUIRE(all_ready());
    for (const auto& s : streams) CHECK(s->status() == 200);

    std::vector<std::string> ids;
    for (int m = 0; m < kMessages; ++m) {
        const auto r = publish(api0, kTopic, "fifo", "message " + std::to_string(m));
        REQUIRE(r);
        REQUIRE(r->status == 200);
        const auto j = nlohmann::json::parse(r->body, nullptr, false);
        REQUIRE(j.is_object());
        ids.push_back(j.value("id", ""));
        CHECK(ids.back().rfind(status[0]->id + ":", 0) == 0);
    }

    const auto delivery_deadline = Clock::now() + kDeliveryLimit;
    const auto all_delivered = [&] {
        for (const auto& s : streams) {
            for (const auto& id : ids) {
                if (!s->arrival(id)) return false;
            }
        }
        return true;
    };
    while (!all_delivered() && Clock::now() < delivery_deadline) {
        std::this_thread::sleep_for(kPollPeriod);
    }
    CHECK(all_delivered());
    std::this_thread::sleep_for(kPollPeriod);  // room for a duplicate to show up
    for (int i = 0; i < kPeers; ++i) {
        const auto lines = streams[i]->lines();
        for (const auto& line : lines) CHECK(line.value("topic", "") == kTopic);
        // fifo: in publication order, each exactly once.
        std::vector<std::string> order;
        for (const auto& line : lines) order.push_back(line.value("id", ""));
        CHECK_MESSAGE(order == ids, "peer ", i, " stream out of order or with duplicates");
    }

    // Refusals: a payload over max_payload_bytes, an unknown service, no topic.
    {
        const auto r = publish(api0, kTopic, "reliable", std::string(kTestMaxPayload + 1, 'x'));
        REQUIRE(r);
        CHECK(r->status == 413);
        const auto j = nlohmann::json::parse(r->body, nullptr, false);
        CHECK(j.is_object());
        CHECK(j.value("error", "").find("max_payload_bytes") != std::string::npos);
    }
    {
        const auto r = publish(api0, kTopic, "total", "x");
        REQUIRE(r);
        CHECK(r->status == 400);
        CHECK(r->body.find("unknown service") != std::string::npos);
    }
    {
        const auto r = publish(api0, "", "reliable", "x");
        REQUIRE(r);
        CHECK(r->status == 400);
    }

    // The gocast client against peer 1.
    {
        const auto [code, out] =
            run_to_exit(GOCAST_CLIENT_BIN, {"status", "--api", local(api_port(1))}, tmp.path());
        CHECK(code == 0);
        CHECK(out.find("\"id\":\"" + status[1]->id + "\"") != std::string::npos);
    }
    {
        const auto [code, out] = run_to_exit(
            GOCAST_CLIENT_BIN, {"publish", "--api", local(api_port(1)), "--token", kTestToken, "other", "hi"}, tmp.path());
        CHECK(code == 0);
        CHECK(out.find("\"id\":\"" + status[1]->id + ":1\"") != std::string::npos);
    }

    stop_cluster(cluster);
}

TEST_CASE("integration: api: gocast exits 2 on bad usage and 1 when the peer is unreachable") {
    const ScratchDir tmp("api");
    const auto usage = run_to_exit(GOCAST_CLIENT_BIN, {"frobnicate"}, tmp.path());
    CHECK(usage.first == 2);
    CHECK(usage.second.find("usage: gocast") != std::string::npos);
    CHECK(run_to_exit(GOCAST_CLIENT_BIN, {"publish", "only-topic"}, tmp.path()).first == 2);
    CHECK(run_to_exit(GOCAST_CLIENT_BIN, {"status", "--api", "nowhere"}, tmp.path()).first == 2);
    CHECK(run_to_exit(GOCAST_CLIENT_BIN, {"subscribe", "--count", "0"}, tmp.path()).first == 2);

    // A port we bound and closed again: nothing listens there.
    std::uint16_t port = 0;
    {
        const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
        REQUIRE(fd >= 0);
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        socklen_t len = sizeof a;
        REQUIRE(::bind(fd, reinterpret_cast<const sockaddr*>(&a), sizeof a) == 0);
        REQUIRE(::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len) == 0);
        port = ntohs(a.sin_port);
        ::close(fd);
    }
    const auto [code, out] =
        run_to_exit(GOCAST_CLIENT_BIN, {"status", "--api", local(port)}, tmp.path());
    CHECK(code == 1);
    CHECK(out.find("cannot reach") != std::string::npos);
}

TEST_CASE("integration: api: an API port already in use exits with code 2") {
    const ScratchDir tmp("api");
    auto rng = make_rng();
    std::uniform_int_distribution<int> pick(kPortLow, kPortHigh - 1);
    std::unique_ptr<BoundTcp> holder;
    std::uint16_t udp_port = 0;
    std::uint16_t tcp_port = 0;
    for (int attempt = 0; attempt < 50 && !holder; ++attempt) {
        udp_port = static_cast<std::uint16_t>(pick(rng));
        tcp_port = static_cast<std::uint16_t>(pick(rng));
        if (BoundUdp(udp_port).fd < 0) continue;
        holder = std::make_unique<BoundTcp>(tcp_port);
        if (holder->fd < 0 || ::listen(holder->fd, 1) != 0) holder.reset();
    }
    REQUIRE(holder != nullptr);
    const auto [code, out] = run_to_exit(GOCAST_PEER_BIN,
                                         {"--listen", local(udp_port), "--api", local(tcp_port),
                                          "--data-dir", (tmp.path() / "data").string()},
                                         tmp.path());
    CHECK(code == kExitBadSetup);
    CHECK(out.find("cannot bind API " + local(tcp_port)) != std::string::npos);
}

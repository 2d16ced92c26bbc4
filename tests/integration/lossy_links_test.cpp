// Hop links repair loss between real peers: six gocast-peer processes on 127.0.0.1 with
// --links hop and --emulate-loss 0.05 (every outgoing datagram dropped with probability
// 5%, in user space). Twenty messages published round-robin reach every subscriber exactly
// once, and the peers' link counters show retransmissions, so the losses were met by the
// links and not only by gossip. Every wait is bounded; only PIDs started here are signalled.

#include <doctest/doctest.h>
#include <httplib.h>

#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "tests/integration/peer_process.hpp"
#include "tests/integration/subscribe_stream.hpp"

namespace {

using namespace gocast::testing;

constexpr int kPeers = 6;
constexpr int kMessages = 20;
constexpr std::uint16_t kApiOffset = 1000;
constexpr auto kConvergeLimit = 20s;
constexpr auto kSubscribeLimit = 5s;
constexpr auto kDeliveryLimit = 15s;
constexpr auto kDuplicateWindow = 1s;  // room for a duplicate to show up
constexpr auto kPublishGap = 50ms;
const std::string kTopic = "lossy-links";

std::uint16_t api_port(const Cluster& c, int i) {
    return static_cast<std::uint16_t>(c.base + kApiOffset + i);
}

std::optional<nlohmann::json> api_status(const Cluster& c, int i) {
    httplib::Client client("127.0.0.1", api_port(c, i));
    client.set_read_timeout(5, 0);
    const auto r = client.Get("/api/status");
    if (!r || r->status != 200) return std::nullopt;
    auto j = nlohmann::json::parse(r->body, nullptr, false);
    if (!j.is_object()) return std::nullopt;
    return j;
}

}  // namespace

TEST_CASE("integration: links: Hop over 5% datagram loss delivers every message exactly once") {
    const ScratchDir tmp("lossy");
    // Declared before the cluster: on a failed check the peers are killed first (ending
    // the streams), then the reader threads are joined.
    std::vector<std::unique_ptr<SubscribeStream>> streams;
    Cluster cluster =
        start_cluster(tmp, kPeers, kApiOffset, {"--links", "hop", "--emulate-loss", "0.05"});
    REQUIRE_MESSAGE(!cluster.children.pids.empty(), "could not start ", kPeers,
                    " peers on free ports");
    std::vector<std::optional<PeerStatus>> status;
    REQUIRE(wait_converged(cluster.dirs, kConvergeLimit, status));

    for (int i = 0; i < kPeers; ++i) {
        streams.push_back(std::make_unique<SubscribeStream>(api_port(cluster, i), kTopic));
    }
    const auto all_ready = [&] {
        for (const auto& s : streams) {
            if (!s->ready()) return false;
        }
        return true;
    };
    const auto subscribe_deadline = Clock::now() + kSubscribeLimit;
    while (!all_ready() && Clock::now() < subscribe_deadline) std::this_thread::sleep_for(10ms);
    REQUIRE(all_ready());

    std::vector<std::unique_ptr<httplib::Client>> publishers;
    for (int i = 0; i < kPeers; ++i) {
        auto c = std::make_unique<httplib::Client>("127.0.0.1", api_port(cluster, i));
        c->set_read_timeout(5, 0);
        c->set_bearer_token_auth(kTestToken.c_str());
        publishers.push_back(std::move(c));
    }
    std::vector<std::string> ids;
    for (int m = 0; m < kMessages; ++m) {
        // The API call runs over TCP on loopback; only the peers' datagrams are dropped.
        const auto r = publishers[m % kPeers]->Post(
            "/api/publish?topic=" + kTopic + "&service=reliable", "message " + std::to_string(m),
            "application/octet-stream");
        REQUIRE(r);
        REQUIRE(r->status == 200);
        const auto j = nlohmann::json::parse(r->body, nullptr, false);
        REQUIRE(j.is_object());
        ids.push_back(j.value("id", ""));
        std::this_thread::sleep_for(kPublishGap);
    }

    const auto all_delivered = [&] {
        for (const auto& s : streams) {
            for (const auto& id : ids) {
                if (!s->arrival(id)) return false;
            }
        }
        return true;
    };
    const auto delivery_deadline = Clock::now() + kDeliveryLimit;
    while (!all_delivered() && Clock::now() < delivery_deadline) {
        std::this_thread::sleep_for(kPollPeriod);
    }
    CHECK(all_delivered());
    std::this_thread::sleep_for(kDuplicateWindow);
    for (int i = 0; i < kPeers; ++i) {
        const auto counts = streams[i]->id_counts();
        for (const auto& id : ids) {
            const auto it = counts.find(id);
            CHECK_MESSAGE(it != counts.end(), "peer ", i, " never delivered ", id);
            if (it != counts.end()) CHECK_MESSAGE(it->second == 1, "peer ", i, " delivered ", id, " ", it->second, " times");
        }
    }

    // The links saw the loss and repaired it: retransmissions on NACKs or tail probes.
    double retransmits = 0, nacks = 0;
    for (int i = 0; i < kPeers; ++i) {
        const auto s = api_status(cluster, i);
        REQUIRE(s);
        retransmits += (*s)["counters"].value("link_retransmits", 0.0);
        nacks += (*s)["counters"].value("link_nacks_sent", 0.0);
    }
    MESSAGE("link retransmits ", retransmits, ", NACKs ", nacks);
    // Retransmissions answer NACKs or tail probes; which of the two found a loss depends on
    // what followed it, so only their sum is a property of the run.
    CHECK(retransmits > 0);

    stop_cluster(cluster);
}

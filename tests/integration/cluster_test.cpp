// Real clusters on 127.0.0.1: sixteen gocast-peer processes deliver every message exactly
// once to every subscriber; after a quarter of them are SIGKILLed, messages still reach
// every survivor within 5 s, the tree re-forms over the survivors, and a killed peer
// restarted on its data directory rejoins with the same id; garbage datagrams are counted
// and dropped without harm. Every wait is bounded; only PIDs started here are signalled.

#include <doctest/doctest.h>
#include <httplib.h>

#include <algorithm>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "tests/integration/peer_process.hpp"
#include "tests/integration/subscribe_stream.hpp"
#include "transport/frame_type.hpp"
#include "transport/packet.hpp"

namespace {

using namespace gocast::testing;

constexpr int kPeers = 16;
constexpr std::uint16_t kApiOffset = 1000;
constexpr auto kConvergeLimit = 30s;
constexpr auto kSubscribeLimit = 5s;
constexpr auto kDeliveryLimit = 10s;
// The property under test: after the kill, every survivor has each new message within this.
constexpr auto kSurvivorDeliveryLimit = 5s;
constexpr auto kTreeLimit = 20s;
constexpr auto kRejoinLimit = 20s;
// Extra time given to duplicates to show up after everything has arrived once.
constexpr auto kDuplicateWindow = 1s;
const std::string kTopic = "cluster-test";

std::uint16_t api_port(const Cluster& c, int i) {
    return static_cast<std::uint16_t>(c.base + kApiOffset + i);
}

// Publishes through peer i; returns the message id ("" on failure, with a check failed).
std::string publish_via(const Cluster& c, int i, const std::string& body) {
    httplib::Client client("127.0.0.1", api_port(c, i));
    client.set_read_timeout(5, 0);
    client.set_bearer_token_auth(kTestToken.c_str());
    const auto r = client.Post("/api/publish?topic=" + kTopic + "&service=reliable", body,
                               "text/plain");
    CHECK_MESSAGE(r, "publish via peer ", i, " failed");
    if (!r) return "";
    CHECK(r->status == 200);
    const auto j = nlohmann::json::parse(r->body, nullptr, false);
    return j.is_object() ? j.value("id", "") : "";
}

using Streams = std::vector<std::unique_ptr<SubscribeStream>>;

void subscribe_all(const Cluster& c, const std::vector<int>& peers, Streams& streams) {
    for (const int i : peers) streams.push_back(std::make_unique<SubscribeStream>(api_port(c, i), kTopic));
    const auto deadline = Clock::now() + kSubscribeLimit;
    const auto all_ready = [&] {
        return std::all_of(streams.begin(), streams.end(), [](const auto& s) { return s->ready(); });
    };
    while (!all_ready() && Clock::now() < deadline) std::this_thread::sleep_for(10ms);
    REQUIRE(all_ready());
    for (const auto& s : streams) CHECK(s->status() == 200);
}

// Waits until every stream has every id (bounded); true when they all have.
bool wait_all_delivered(const Streams& streams, const std::vector<std::string>& ids,
                        Clock::duration limit) {
    const auto deadline = Clock::now() + limit;
    for (;;) {
        bool all = true;
        for (const auto& s : streams) {
            for (const auto& id : ids) all = all && s->arrival(id).has_value();
        }
        if (all) return true;
        if (Clock::now() >= deadline) return false;
        std::this_thread::sleep_for(20ms);
    }
}

// Kills peer i at once (SIGKILL) and forgets its PID.
void kill_peer(Cluster& c, pid_t pid) {
    ::kill(pid, SIGKILL);
    int status = 0;
    ::waitpid(pid, &status, 0);
    std::erase(c.children.pids, pid);
}

// True when the survivors' status files describe one tree: a common live root, and from
// every survivor the parent chain reaches it through survivors without a cycle.
bool tree_over(const Cluster& c, const std::vector<int>& survivors) {
    std::map<std::string, std::string> parent_of;
    std::set<std::string> roots;
    for (const int i : survivors) {
        const auto s = read_status(c.dirs[i]);
        if (!s) return false;
        parent_of[s->id] = s->parent;
        roots.insert(s->root);
    }
    if (roots.size() != 1 || !parent_of.count(*roots.begin())) return false;
    const std::string root = *roots.begin();
    for (const auto& [id, parent] : parent_of) {
        std::string at = id;
        for (std::size_t steps = 0; at != root; ++steps) {
            if (steps > parent_of.size()) return false;  // a cycle
            const auto it = parent_of.find(at);
            if (it == parent_of.end() || it->second.empty()) return false;  // dead or detached
            at = it->second;
        }
    }
    return true;
}

void stop_peers(Cluster& c) {
    for (const pid_t p : c.children.pids) ::kill(p, SIGTERM);
    std::vector<pid_t> pids;
    pids.swap(c.children.pids);
    for (const pid_t p : pids) CHECK_MESSAGE(reap(p) == 0, "a peer did not leave cleanly");
}

}  // namespace

TEST_CASE("integration: cluster: sixteen peers deliver every message exactly once") {
    const ScratchDir tmp("cluster16");
    Streams streams;  // before the cluster: on a failed check peers die first, ending them
    Cluster cluster = start_cluster(tmp, kPeers, kApiOffset);
    REQUIRE_MESSAGE(!cluster.children.pids.empty(), "could not start ", kPeers, " peers");
    std::vector<std::optional<PeerStatus>> status;
    REQUIRE(wait_converged(cluster.dirs, kConvergeLimit, status));
    std::vector<int> all(kPeers);
    std::iota(all.begin(), all.end(), 0);
    subscribe_all(cluster, all, streams);

    std::vector<std::string> ids;
    for (int m = 0; m < 2 * kPeers; ++m) {
        ids.push_back(publish_via(cluster, m % kPeers, "message " + std::to_string(m)));
    }
    CHECK(std::set<std::string>(ids.begin(), ids.end()).size() == ids.size());
    CHECK(wait_all_delivered(streams, ids, kDeliveryLimit));
    std::this_thread::sleep_for(kDuplicateWindow);
    for (int i = 0; i < kPeers; ++i) {
        auto counts = streams[i]->id_counts();
        for (const auto& id : ids) {
            CHECK_MESSAGE(counts[id] == 1, "peer ", i, " got ", id, " ", counts[id], " times");
        }
        CHECK(counts.size() == ids.size());
    }
    stop_peers(cluster);
}

TEST_CASE("integration: cluster: a quarter killed, survivors still deliver and the tree re-forms") {
    const ScratchDir tmp("cluster-kill");
    Streams streams;
    Cluster cluster = start_cluster(tmp, kPeers, kApiOffset);
    REQUIRE_MESSAGE(!cluster.children.pids.empty(), "could not start ", kPeers, " peers");
    REQUIRE(cluster.children.pids.size() == kPeers);
    std::vector<std::optional<PeerStatus>> status;
    REQUIRE(wait_converged(cluster.dirs, kConvergeLimit, status));
    const std::vector<pid_t> pid_of = cluster.children.pids;

    // Victims: the root (unless it is peer 0, everyone's seed, kept so a restart can join)
    // and then every fourth peer, up to a quarter of the cluster.
    std::vector<int> victims;
    for (int i = 1; i < kPeers; ++i) {
        if (status[i]->id == status[i]->root) victims.push_back(i);
    }
    for (int i = 3; i < kPeers && static_cast<int>(victims.size()) < kPeers / 4; i += 4) {
        if (std::find(victims.begin(), victims.end(), i) == victims.end()) victims.push_back(i);
    }
    REQUIRE(victims.size() == kPeers / 4);
    std::vector<int> survivors;
    for (int i = 0; i < kPeers; ++i) {
        if (std::find(victims.begin(), victims.end(), i) == victims.end()) survivors.push_back(i);
    }
    subscribe_all(cluster, survivors, streams);

    for (const int v : victims) kill_peer(cluster, pid_of[v]);
    const std::string old_root = status[0]->root;

    // Published right after the kill, before anyone has noticed it.
    std::vector<std::string> ids;
    std::vector<Clock::time_point> published_at;
    for (int m = 0; m < 8; ++m) {
        const int via = survivors[static_cast<std::size_t>(m * 5) % survivors.size()];
        published_at.push_back(Clock::now());
        ids.push_back(publish_via(cluster, via, "after kill " + std::to_string(m)));
        std::this_thread::sleep_for(100ms);
    }
    CHECK(wait_all_delivered(streams, ids, kSurvivorDeliveryLimit + 1s));
    for (std::size_t s = 0; s < streams.size(); ++s) {
        for (std::size_t m = 0; m < ids.size(); ++m) {
            const auto at = streams[s]->arrival(ids[m]);
            CHECK_MESSAGE(at.has_value(), "survivor ", survivors[s], " never got ", ids[m]);
            if (at) {
                CHECK_MESSAGE(*at - published_at[m] <= kSurvivorDeliveryLimit, "survivor ",
                              survivors[s], " got ", ids[m], " after ",
                              std::chrono::duration_cast<std::chrono::milliseconds>(
                                  *at - published_at[m]).count(), " ms");
            }
        }
        for (const auto& [id, n] : streams[s]->id_counts()) CHECK_MESSAGE(n == 1, id, " x", n);
    }

    const auto tree_deadline = Clock::now() + kTreeLimit;
    while (!tree_over(cluster, survivors) && Clock::now() < tree_deadline) {
        std::this_thread::sleep_for(kPollPeriod);
    }
    REQUIRE_MESSAGE(tree_over(cluster, survivors), "no single tree over the survivors");
    const auto new_status = read_status(cluster.dirs[0]);
    REQUIRE(new_status);
    MESSAGE("killed peers ", victims[0], ",", victims[1], ",", victims[2], ",", victims[3],
            "; root before ", old_root, ", after ", new_status->root);
    if (std::find(victims.begin(), victims.end(), 0) == victims.end() &&
        old_root != status[0]->id) {
        CHECK(new_status->root != old_root);  // the old root was killed
    }

    // The killed peer restarts on its data directory: same id, back in the tree.
    const int back = victims.back();
    const pid_t pid = spawn_peer(cluster_peer_args(cluster, back),
                                 cluster.dirs[back].string() + "-restart.log");
    REQUIRE(pid > 0);
    cluster.children.pids.push_back(pid);
    survivors.push_back(back);
    const auto rejoin_deadline = Clock::now() + kRejoinLimit;
    bool rejoined = false;
    while (!rejoined && Clock::now() < rejoin_deadline) {
        std::this_thread::sleep_for(kPollPeriod);
        const auto s = read_status(cluster.dirs[back]);
        rejoined = s && s->id == status[back]->id && s->neighbors >= 1 &&
                   tree_over(cluster, survivors);
    }
    CHECK_MESSAGE(rejoined, "restarted peer ", back, ": ",
                  read_file(cluster.dirs[back] / "status.json"));
    stop_peers(cluster);
}

TEST_CASE("integration: cluster: garbage datagrams are counted and dropped, the peer goes on") {
    const ScratchDir tmp("garbage");
    Streams streams;
    Cluster cluster = start_cluster(tmp, 3, kApiOffset);
    REQUIRE_MESSAGE(!cluster.children.pids.empty(), "could not start 3 peers");
    std::vector<std::optional<PeerStatus>> status;
    REQUIRE(wait_converged(cluster.dirs, kConvergeLimit, status));

    const int fd = ::socket(AF_INET, SOCK_DGRAM, 0);
    REQUIRE(fd >= 0);
    sockaddr_in to{};
    to.sin_family = AF_INET;
    to.sin_port = htons(cluster.base + 1);
    to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    const auto send = [&](const gocast::Bytes& b) {
        ::sendto(fd, b.data(), b.size(), 0, reinterpret_cast<const sockaddr*>(&to), sizeof to);
    };
    auto rng = make_rng();
    std::uniform_int_distribution<int> byte(0, 255);
    std::uniform_int_distribution<int> size(0, 1500);
    int malformed = 0;
    for (int k = 0; k < 300; ++k) {  // random bytes of random sizes
        gocast::Bytes b(static_cast<std::size_t>(size(rng)));
        for (auto& x : b) x = std::byte(byte(rng));
        send(b);
        ++malformed;
        // Paced, so the kernel's receive buffer (not the peer) does not drop a burst on a
        // loaded machine: this test is about what the peer does with what it receives.
        if (k % 10 == 9) std::this_thread::sleep_for(5ms);
    }
    send(gocast::Bytes(65507, std::byte{0xff}));  // the largest datagram
    ++malformed;
    {
        // A valid header and a frame whose length runs past the end.
        gocast::Bytes b;
        gocast::write_packet_header(b, gocast::NodeId{42});
        b.push_back(std::byte{1});
        b.push_back(std::byte{0x7f});
        b.push_back(std::byte{0});
        send(b);
        ++malformed;
    }
    {
        // Well-formed packet with an unknown frame type: skipped, counted separately.
        gocast::Bytes b;
        gocast::write_packet_header(b, gocast::NodeId{43});
        b.push_back(std::byte{0xee});
        b.push_back(std::byte{1});
        b.push_back(std::byte{0});
        send(b);
    }
    ::close(fd);

    // The peer is still alive, counted the drops, and still delivers.
    std::optional<PeerStatus> s;
    const auto deadline = Clock::now() + 5s;
    do {
        std::this_thread::sleep_for(kPollPeriod);
        s = read_status(cluster.dirs[1]);
    } while ((!s || s->counters.value("dropped_malformed", 0) < malformed - 10) &&
             Clock::now() < deadline);
    REQUIRE(s);
    // Loopback UDP can still drop a few under heavy load, and a random datagram could by
    // chance parse: allow a margin of 10.
    CHECK(s->counters.value("dropped_malformed", 0) >= malformed - 10);
    CHECK(s->counters.value("dropped_malformed", 0) <= malformed + 1);
    int status_code = 0;
    CHECK(::waitpid(cluster.children.pids[1], &status_code, WNOHANG) == 0);

    subscribe_all(cluster, {0, 1, 2}, streams);
    const std::vector<std::string> ids{publish_via(cluster, 0, "after garbage")};
    CHECK(wait_all_delivered(streams, ids, kDeliveryLimit));
    stop_cluster(cluster);
}

#include <doctest/doctest.h>

#include "tests/proto/mini_net.hpp"
#include "transport/packet.hpp"

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
}  // namespace

TEST_CASE("proto: two nodes link, agree on one root and one parent") {
    MiniNet net(2, small_config(), two_clusters);
    net.start_all();
    net.run_for(5 * kSecond);
    const Snapshot a = net.node(0).snapshot();
    const Snapshot b = net.node(1).snapshot();
    CHECK(a.neighbors.size() == 1);
    CHECK(b.neighbors.size() == 1);
    CHECK(a.root == b.root);
    CHECK(tree_spans(net));
}

TEST_CASE("proto: twelve nodes deliver every message exactly once") {
    MiniNet net(12, small_config(), two_clusters);
    net.start_all();
    net.run_for(20 * kSecond);
    CHECK(tree_spans(net));
    std::vector<MsgId> ids;
    for (int k = 0; k < 10; ++k) {
        ids.push_back(net.publish(static_cast<std::size_t>(k) % net.size()));
        net.run_for(200 * kMillisecond);
    }
    net.run_for(5 * kSecond);
    for (std::size_t i = 0; i < net.size(); ++i)
        for (const auto& id : ids) CHECK(net.deliveries(i, id) == 1);
    for (std::size_t i = 0; i < net.size(); ++i) {
        const Snapshot s = net.node(i).snapshot();
        CHECK(s.neighbors.size() <= 3 + 1 + 2);
    }
}

TEST_CASE("proto: gossip repairs what the tree loses") {
    MiniNet net(12, small_config(), two_clusters);
    net.start_all();
    net.run_for(20 * kSecond);
    net.drop_probability = 0.05;
    std::vector<MsgId> ids;
    for (int k = 0; k < 20; ++k) {
        ids.push_back(net.publish(static_cast<std::size_t>(k * 5) % net.size()));
        net.run_for(100 * kMillisecond);
    }
    net.run_for(1 * kSecond);
    net.drop_probability = 0.0;
    net.run_for(10 * kSecond);
    std::uint64_t pulled = 0;
    for (std::size_t i = 0; i < net.size(); ++i) {
        for (const auto& id : ids) CHECK(net.deliveries(i, id) == 1);
        pulled += net.node(i).snapshot().counters.delivered_via_pull;
    }
    CHECK(pulled > 0);
}

TEST_CASE("proto: the tree re-forms after its root is killed") {
    MiniNet net(12, small_config(), two_clusters);
    net.start_all();
    net.run_for(30 * kSecond);
    REQUIRE(tree_spans(net));
    const NodeId old_root = net.node(0).snapshot().root;
    std::size_t root_index = 0;
    for (std::size_t i = 0; i < net.size(); ++i)
        if (net.node(i).id() == old_root) root_index = i;
    net.kill(root_index);
    net.run_for(15 * kSecond);
    CHECK(tree_spans(net));
    const std::size_t src = (root_index + 1) % net.size();
    const MsgId id = net.publish(src);
    net.run_for(3 * kSecond);
    for (std::size_t i = 0; i < net.size(); ++i)
        if (net.alive(i)) CHECK(net.deliveries(i, id) == 1);
}

TEST_CASE("proto: a leaving node is dropped by its neighbours at once") {
    MiniNet net(6, small_config(), two_clusters);
    net.start_all();
    net.run_for(10 * kSecond);
    const auto before = net.node(3).snapshot().neighbors;
    REQUIRE(!before.empty());
    net.leave(3);
    net.run_for(200 * kMillisecond);  // well under any timeout
    for (std::size_t i = 0; i < net.size(); ++i) {
        if (i == 3) continue;
        for (const auto& n : net.node(i).snapshot().neighbors) CHECK(n.id != net.node(3).id());
    }
}

TEST_CASE("proto: garbage datagrams are counted and change nothing") {
    MiniNet net(3, small_config(), two_clusters);
    net.start_all();
    net.run_for(5 * kSecond);
    const auto before = net.node(1).snapshot();
    net.inject(1, MiniNet::address(2), Bytes{});
    net.inject(1, MiniNet::address(2), Bytes(40, std::byte{0xff}));
    Bytes truncated;
    write_packet_header(truncated, NodeId{1002});
    truncated.push_back(std::byte{40});
    truncated.push_back(std::byte{100});  // claims 100 body bytes, has none
    net.inject(1, MiniNet::address(2), truncated);
    Bytes bad_body;
    write_packet_header(bad_body, NodeId{1002});
    append_frame(bad_body, FrameType::beacon, Bytes(3, std::byte{1}));
    append_frame(bad_body, static_cast<FrameType>(200), Bytes(5, std::byte{1}));
    net.inject(1, MiniNet::address(2), bad_body);
    const auto after = net.node(1).snapshot();
    CHECK(after.counters.dropped_malformed == before.counters.dropped_malformed + 4);
    CHECK(after.counters.dropped_unknown_frame == before.counters.dropped_unknown_frame + 1);
    CHECK(after.neighbors.size() == before.neighbors.size());
}

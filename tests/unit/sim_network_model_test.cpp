// The simulated network: virtual endpoints, one-way delay from the dataset, jitter bounds,
// loss determinism, and the running/dead accounting.

#include <doctest/doctest.h>

#include <algorithm>
#include <vector>

#include "datasets/latency_matrix.hpp"
#include "datasets/placement.hpp"
#include "sim/network_model.hpp"

using namespace gocast;
using namespace gocast::sim;

namespace {

// Three hosts; the matrix is deliberately asymmetric between hosts 0 and 1.
datasets::LatencyMatrix three_hosts() {
    datasets::LatencyMatrix m;
    m.n = 3;
    m.rtt_ms = {0.0f,   10.0f,   100.0f,   //
                12.0f,  0.0f,    1.0031f,  //
                100.0f, 1.0031f, 0.0f};
    return m;
}

// Peers 0..3: peers 0 and 3 share host 0; peer 1 on host 1; peer 2 on host 2.
datasets::Placement four_peers() {
    datasets::Placement p;
    p.host_of_peer = {0, 1, 2, 0};
    p.intra_site_rtt_ms = 0.2;
    return p;
}

}  // namespace

TEST_CASE("sim: virtual endpoints map to peers and back") {
    CHECK(endpoint_of(0).ip == (127u << 24) + 1);
    CHECK(endpoint_of(0).port == 7000);
    for (std::uint32_t i : {0u, 1u, 255u, 1023u}) {
        const auto back = peer_of(endpoint_of(i), 1024);
        REQUIRE(back.has_value());
        CHECK(*back == i);
    }
    CHECK_FALSE(peer_of(endpoint_of(1024), 1024).has_value());
    CHECK_FALSE(peer_of(Endpoint{(127u << 24) + 1, 7001}, 1024).has_value());
    CHECK_FALSE(peer_of(Endpoint{(127u << 24), 7000}, 1024).has_value());
    CHECK_FALSE(peer_of(Endpoint{0x0a000001, 7000}, 1024).has_value());
}

TEST_CASE("sim: one-way delay is half the RTT rounded to microseconds") {
    const std::vector<datasets::LatencyMatrix> m{three_hosts()};
    const auto p = four_peers();
    NetworkModel net(m, p, 0, 0.0, 0.0, 1);
    CHECK(net.base_delay(0, 1, 0) == 5000);  // rtt(0,1) = 10 ms
    CHECK(net.base_delay(1, 0, 0) == 6000);  // the reverse direction reads rtt(1,0) = 12 ms
    CHECK(net.base_delay(0, 2, 0) == 50000);
    // 1.0031 ms as float is 1.00310003757... -> 501.55 us -> 502 (rounded, not truncated)
    CHECK(net.base_delay(1, 2, 0) == 502);
    CHECK(net.base_delay(0, 3, 0) == 100);  // same host: intra-site 0.2 ms RTT
    CHECK(net.base_delay(3, 0, 0) == 100);
    CHECK(net.base_delay(2, 2, 0) == 0);
    CHECK(net.base_delay_ms(0, 2, 0) == doctest::Approx(50.0));
}

TEST_CASE("sim: latency slices are replayed in turn, cycling") {
    datasets::LatencyMatrix fast = three_hosts();
    datasets::LatencyMatrix slow = three_hosts();
    for (float& v : slow.rtt_ms) v *= 3.0f;
    const std::vector<datasets::LatencyMatrix> slices{fast, slow};
    const auto p = four_peers();
    NetworkModel net(slices, p, 10 * kSecond, 0.0, 0.0, 1);
    CHECK(net.slice_at(0) == 0);
    CHECK(net.slice_at(10 * kSecond - 1) == 0);
    CHECK(net.slice_at(10 * kSecond) == 1);
    CHECK(net.slice_at(25 * kSecond) == 0);
    CHECK(net.base_delay(0, 1, 5 * kSecond) == 5000);
    CHECK(net.base_delay(0, 1, 15 * kSecond) == 15000);
    CHECK(net.base_delay(0, 3, 15 * kSecond) == 100);  // intra-site RTT does not scale
    // A datagram takes the delay in force when it is sent.
    CHECK(net.route(0, 1, 10 * kSecond - 1) == 10 * kSecond - 1 + 5000);
    CHECK(net.route(0, 1, 10 * kSecond) == 10 * kSecond + 15000);
}

TEST_CASE("sim: route without loss or jitter is the base delay and draws nothing") {
    const std::vector<datasets::LatencyMatrix> m{three_hosts()};
    const auto p = four_peers();
    NetworkModel a(m, p, 0, 0.0, 0.0, 1);
    NetworkModel b(m, p, 0, 0.0, 0.0, 999);  // the seed must not matter
    for (Time now = 0; now < 1000; now += 7) {
        CHECK(a.route(0, 2, now) == now + 50000);
        CHECK(b.route(0, 2, now) == now + 50000);
    }
    CHECK(a.counters().datagrams_sent == b.counters().datagrams_sent);
    CHECK(a.counters().dropped_loss == 0);
}

TEST_CASE("sim: jitter stays within [base, base * (1 + jitter)] and varies") {
    const std::vector<datasets::LatencyMatrix> m{three_hosts()};
    const auto p = four_peers();
    NetworkModel net(m, p, 0, 0.0, 0.5, 7);
    Time lo = kNever, hi = 0;
    for (int i = 0; i < 5000; ++i) {
        const auto t = net.route(0, 2, 1000);
        REQUIRE(t.has_value());
        const Duration d = *t - 1000;
        CHECK(d >= 50000);
        CHECK(d <= 75000);
        lo = std::min(lo, d);
        hi = std::max(hi, d);
    }
    CHECK(hi - lo > 20000);  // spread over most of the range
}

TEST_CASE("sim: loss is deterministic per seed and near the configured rate") {
    const std::vector<datasets::LatencyMatrix> m{three_hosts()};
    const auto p = four_peers();
    auto pattern = [&](std::uint64_t seed) {
        NetworkModel net(m, p, 0, 0.1, 0.2, seed);
        std::vector<Time> out;
        for (int i = 0; i < 10000; ++i) {
            const auto t = net.route(static_cast<std::uint32_t>(i % 3), 2, i);
            out.push_back(t ? *t : -1);
        }
        return out;
    };
    const auto a = pattern(5);
    const auto b = pattern(5);
    const auto c = pattern(6);
    CHECK(a == b);
    CHECK(a != c);
    const auto lost = std::count(a.begin(), a.end(), Time{-1});
    CHECK(lost > 850);
    CHECK(lost < 1150);
}

TEST_CASE("sim: datagrams reach only running peers and are counted") {
    const std::vector<datasets::LatencyMatrix> m{three_hosts()};
    const auto p = four_peers();
    NetworkModel net(m, p, 0, 0.0, 0.0, 1);
    CHECK(net.peers() == 4);
    CHECK_FALSE(net.running(1));
    CHECK_FALSE(net.arrive(1, 100));  // not started yet
    net.set_running(1, true);
    CHECK(net.arrive(1, 100));
    net.set_running(1, false);  // killed
    CHECK_FALSE(net.arrive(1, 100));
    net.drop_unknown();
    const NetworkCounters& c = net.counters();
    CHECK(c.datagrams_delivered == 1);
    CHECK(c.bytes_delivered == 100);
    CHECK(c.dropped_dead == 2);
    CHECK(c.dropped_unknown == 1);
    CHECK(c.datagrams_sent == 1);  // only the unknown one went through this model's send side
}

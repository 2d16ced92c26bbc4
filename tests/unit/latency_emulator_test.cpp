// peer/latency_emulator and peer/emulation_setup: datagrams are held for half the dataset
// RTT between the two hosts (receiver's host from its port), released in due order, and
// dropped at the configured rate; bad emulation options are refused with the flag named.

#include "peer/emulation_setup.hpp"
#include "peer/latency_emulator.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "tests/support/scratch_dir.hpp"

using namespace gocast;

namespace {

// Three hosts: 0-1 40 ms, 0-2 100 ms, 1-2 60 ms RTT.
datasets::LatencyMatrix three_hosts() {
    datasets::LatencyMatrix m;
    m.n = 3;
    m.rtt_ms = {0, 40, 100, 40, 0, 60, 100, 60, 0};
    return m;
}

Transmit to_port(std::uint16_t port, std::uint8_t tag) {
    return Transmit{Endpoint{0x7f000001u, port}, Bytes{std::byte{tag}}};
}

std::string error_of(const std::vector<std::string>& args) {
    try {
        const PeerOptions o = load_peer_options(args);
        (void)make_latency_emulator(o, 1);
    } catch (const ConfigError& e) {
        return e.what();
    }
    return "";
}

}  // namespace

TEST_CASE("unit: emulation: the receiver's host comes from its port, wrapping around") {
    const LatencyEmulator e(three_hosts(), EmulationSettings{1, 7000, 0.0, 0.2, 1});
    CHECK(e.host_of(Endpoint{0x7f000001u, 7000}) == 0);
    CHECK(e.host_of(Endpoint{0x7f000001u, 7002}) == 2);
    CHECK(e.host_of(Endpoint{0x7f000001u, 7004}) == 1);  // peer 4 shares host 1
    CHECK(e.host_of(Endpoint{0x7f000001u, 6999}) == 2);  // below the base: wraps
    CHECK(e.one_way_delay(Endpoint{0x7f000001u, 7000}) == 20 * kMillisecond);
    CHECK(e.one_way_delay(Endpoint{0x7f000001u, 7002}) == 30 * kMillisecond);
    CHECK(e.one_way_delay(Endpoint{0x7f000001u, 7004}) == 100);  // same host: 0.2 ms RTT
}

TEST_CASE("unit: emulation: datagrams leave at send time + one-way delay, in due order") {
    LatencyEmulator e(three_hosts(), EmulationSettings{0, 7000, 0.0, 0.2, 1});
    e.push(0, to_port(7002, 1));   // 50 ms
    e.push(0, to_port(7001, 2));   // 20 ms
    e.push(5000, to_port(7001, 3));  // 25 ms
    e.push(5000, to_port(7001, 4));  // 25 ms, after 3
    CHECK(e.queued() == 4);
    CHECK(e.next_due() == 20 * kMillisecond);
    CHECK_FALSE(e.pop_due(20 * kMillisecond - 1).has_value());
    std::vector<int> order;
    for (const Time t : {20 * kMillisecond, 25 * kMillisecond, 50 * kMillisecond}) {
        while (auto d = e.pop_due(t)) order.push_back(static_cast<int>(d->bytes.at(0)));
    }
    CHECK(order == std::vector<int>{2, 3, 4, 1});
    CHECK_FALSE(e.next_due().has_value());
    CHECK(e.delayed() == 4);
    CHECK(e.dropped() == 0);
}

TEST_CASE("unit: emulation: loss drops about the configured share, deterministically") {
    const EmulationSettings s{0, 7000, 0.2, 0.2, 42};
    LatencyEmulator a(three_hosts(), s);
    LatencyEmulator b(three_hosts(), s);
    for (int i = 0; i < 10000; ++i) {
        a.push(i, to_port(7001, 0));
        b.push(i, to_port(7001, 0));
    }
    CHECK(a.dropped() == b.dropped());
    CHECK(a.dropped() + a.delayed() == 10000);
    CHECK(a.dropped() > 1800);
    CHECK(a.dropped() < 2200);
}

TEST_CASE("unit: emulation: options build the emulator or name what is wrong") {
    CHECK(make_latency_emulator(load_peer_options(std::vector<std::string>{}), 1) == nullptr);

    const auto syn = make_latency_emulator(
        load_peer_options(std::vector<std::string>{"--listen", "127.0.0.1:7003",
                                                   "--emulate-latency", "synthetic:16:7",
                                                   "--emulate-host", "3"}),
        1);
    REQUIRE(syn != nullptr);
    CHECK(syn->hosts() == 16);
    CHECK(syn->host_of(Endpoint{0x7f000001u, 7000}) == 0);  // base = 7003 - 3
    CHECK(syn->one_way_delay(Endpoint{0x7f000001u, 7001}) > 0);

    const auto loss_only = make_latency_emulator(
        load_peer_options(std::vector<std::string>{"--emulate-loss", "0.05"}), 1);
    REQUIRE(loss_only != nullptr);
    CHECK(loss_only->one_way_delay(Endpoint{0x7f000001u, 9000}) == 0);

    CHECK(error_of({"--emulate-latency", "synthetic"}).find("needs --emulate-host") !=
          std::string::npos);
    CHECK(error_of({"--emulate-host", "2"}).find("need --emulate-latency") != std::string::npos);
    CHECK(error_of({"--emulate-loss", "1.5"}).find("--emulate-loss: loss") != std::string::npos);
    CHECK(error_of({"--emulate-loss", "x"}).find("expected a number") != std::string::npos);
    CHECK(error_of({"--emulate-latency", "synthetic:4", "--emulate-host", "4"})
              .find("the dataset has 4 hosts") != std::string::npos);
    CHECK(error_of({"--emulate-latency", "synthetic:zero", "--emulate-host", "0"})
              .find("bad host count") != std::string::npos);
    CHECK(error_of({"--emulate-latency", "/nonexistent/m.txt", "--emulate-host", "0"})
              .find("--emulate-latency: /nonexistent/m.txt: cannot open") != std::string::npos);

    const gocast::testing::ScratchDir dir("emulation-test");
    const std::string bad = dir.write("broken.txt", "3\n0 1 2\n1 0\n");
    CHECK(error_of({"--emulate-latency", bad, "--emulate-host", "0"}).find(bad + ":") !=
          std::string::npos);
}

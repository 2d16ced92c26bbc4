// transport/outbox: frames for one destination share a packet until max_datagram_bytes
// would be exceeded, packets never exceed it, and each destination sees its frames in the
// order they were queued.

#include "transport/outbox.hpp"

#include <doctest/doctest.h>

#include <cstdint>
#include <map>
#include <vector>

#include "tests/unit/sent_frames.hpp"

using namespace gocast;
using gocast::unit::decode_valid;
using gocast::unit::drain;

namespace {

const NodeId kSelf{0xabc};
const Endpoint kA{0x0a000001, 7000};
const Endpoint kB{0x0a000002, 7000};
const Endpoint kC{0x0a000002, 7001};  // same host as kB, other port: another destination

// A body whose first byte tags it, so order can be checked after decoding.
Bytes tagged(std::uint8_t tag, std::size_t size) {
    Bytes b(size, std::byte{0xee});
    b[0] = static_cast<std::byte>(tag);
    return b;
}

std::vector<OutPacket> pop_all(Outbox& out) {
    std::vector<OutPacket> packets;
    while (auto p = out.pop()) packets.push_back(std::move(*p));
    return packets;
}

}  // namespace

TEST_CASE("unit: outbox: frames for one destination are packed into one packet") {
    Outbox out(kSelf, 1400);
    out.send(kA, FrameType::ping, tagged(1, 12));
    out.send(kA, FrameType::keepalive, tagged(2, 3));
    out.send(kA, FrameType::beacon, tagged(3, 40));
    CHECK_FALSE(out.empty());
    CHECK_FALSE(out.pop().has_value());  // nothing is ready before flush
    out.flush();
    const auto packets = pop_all(out);
    REQUIRE(packets.size() == 1);
    CHECK(packets[0].to == kA);
    const auto d = decode_valid(packets[0].bytes);
    CHECK(d.sender == kSelf);
    REQUIRE(d.frames.size() == 3);
    CHECK(d.frames[0].first == static_cast<std::uint8_t>(FrameType::ping));
    CHECK(d.frames[1].first == static_cast<std::uint8_t>(FrameType::keepalive));
    CHECK(d.frames[2].first == static_cast<std::uint8_t>(FrameType::beacon));
    CHECK(d.frames[2].second == tagged(3, 40));
    CHECK(out.empty());
}

TEST_CASE("unit: outbox: each destination gets its own packet") {
    Outbox out(kSelf, 1400);
    out.send(kA, FrameType::ping, tagged(1, 4));
    out.send(kB, FrameType::ping, tagged(2, 4));
    out.send(kC, FrameType::ping, tagged(3, 4));
    out.send(kA, FrameType::pong, tagged(4, 4));
    out.flush();
    const auto packets = pop_all(out);
    REQUIRE(packets.size() == 3);
    std::map<Endpoint, std::vector<std::uint8_t>> tags;
    for (const auto& p : packets)
        for (const auto& [type, body] : decode_valid(p.bytes).frames)
            tags[p.to].push_back(std::to_integer<std::uint8_t>(body[0]));
    CHECK(tags[kA] == std::vector<std::uint8_t>{1, 4});
    CHECK(tags[kB] == std::vector<std::uint8_t>{2});
    CHECK(tags[kC] == std::vector<std::uint8_t>{3});
}

TEST_CASE("unit: outbox: a full packet is closed and another started for the same destination") {
    // Header 12 bytes; each 20-byte body costs 22 on the wire, but the outbox reserves the
    // worst-case frame overhead (11), so three fit in 100 bytes and the fourth starts anew.
    const std::size_t max = 100;
    Outbox out(kSelf, max);
    for (std::uint8_t i = 0; i < 7; ++i) out.send(kA, FrameType::summary, tagged(i, 20));
    // Two packets were closed while queueing and are ready before flush.
    int ready_before_flush = 0;
    std::vector<OutPacket> packets;
    while (auto p = out.pop()) {
        ++ready_before_flush;
        packets.push_back(std::move(*p));
    }
    CHECK(ready_before_flush == 2);
    out.flush();
    for (auto& p : pop_all(out)) packets.push_back(std::move(p));
    REQUIRE(packets.size() == 3);

    std::vector<std::uint8_t> order;
    std::vector<std::size_t> per_packet;
    for (const auto& p : packets) {
        CHECK(p.to == kA);
        CHECK(p.bytes.size() <= max);
        const auto d = decode_valid(p.bytes);
        per_packet.push_back(d.frames.size());
        for (const auto& [type, body] : d.frames)
            order.push_back(std::to_integer<std::uint8_t>(body[0]));
    }
    CHECK(per_packet == std::vector<std::size_t>{3, 3, 1});
    CHECK(order == std::vector<std::uint8_t>{0, 1, 2, 3, 4, 5, 6});
}

TEST_CASE("unit: outbox: per-destination order survives interleaving and splitting") {
    const std::size_t max = 120;
    Outbox out(kSelf, max);
    // Uneven sizes so the destinations split at different points.
    for (std::uint8_t i = 0; i < 30; ++i) {
        out.send(kA, FrameType::data, tagged(i, 10 + (i % 7) * 5));
        if (i % 3 != 0) out.send(kB, FrameType::summary, tagged(i, 30));
    }
    const auto frames = drain(out);
    std::vector<std::uint8_t> a, b;
    for (const auto& f : frames) {
        CHECK(f.sender == kSelf);
        (f.to == kA ? a : b).push_back(std::to_integer<std::uint8_t>(f.body[0]));
    }
    std::vector<std::uint8_t> want_a, want_b;
    for (std::uint8_t i = 0; i < 30; ++i) {
        want_a.push_back(i);
        if (i % 3 != 0) want_b.push_back(i);
    }
    CHECK(a == want_a);
    CHECK(b == want_b);
}

TEST_CASE("unit: outbox: no packet exceeds max_datagram_bytes when frames fit") {
    const std::size_t max = 1200;
    Outbox out(kSelf, max);
    for (int i = 0; i < 200; ++i)
        out.send(i % 2 ? kA : kB, FrameType::data, tagged(1, 37 + i % 300));
    out.flush();
    std::size_t frames = 0;
    while (auto p = out.pop()) {
        CHECK(p->bytes.size() <= max);
        frames += decode_valid(p->bytes).frames.size();
    }
    CHECK(frames == 200);
}

TEST_CASE("unit: outbox: counts separate payload frames from control frames") {
    Outbox out(kSelf, 1400);
    out.send(kA, FrameType::data, tagged(1, 100));
    out.send(kA, FrameType::data, tagged(2, 50));
    out.send(kB, FrameType::summary, tagged(3, 7));
    out.send(kB, FrameType::ping, tagged(4, 13));
    const auto& c = out.counts();
    CHECK(c.payload_frames == 2);
    CHECK(c.payload_bytes == 150);
    CHECK(c.control_frames == 2);
    CHECK(c.control_bytes == 20);
}

#pragma once
// Test helper: drains an Outbox and decodes every packet back into its frames, so tests
// assert on what a component sent rather than on raw bytes. Apart from packet_test.cpp this
// is the only place the unit tier depends on the shape of decode_packet; if that API
// changes, adapt it here.

#include <doctest/doctest.h>

#include <cstdint>
#include <vector>

#include "transport/outbox.hpp"
#include "transport/packet.hpp"

namespace gocast::unit {

struct SentFrame {
    Endpoint to;
    NodeId sender;
    FrameType type = FrameType::data;
    Bytes body;  // a copy: the packet bytes do not outlive drain()
};

// One decoded packet with copies of its frames.
struct DecodedPacket {
    NodeId sender;
    std::uint8_t flags = 0;
    std::vector<std::pair<std::uint8_t, Bytes>> frames;  // (raw type, body)
};

// Decodes a packet the code under test produced; such a packet must be valid, so a
// rejection fails the calling test.
inline DecodedPacket decode_valid(std::span<const std::byte> bytes) {
    const DecodeResult r = decode_packet(bytes);
    REQUIRE_MESSAGE(r.packet.has_value(), "packet rejected: " << to_string(r.error));
    DecodedPacket out;
    out.sender = r.packet->sender;
    out.flags = r.packet->flags;
    for_each_frame(*r.packet, [&](const FrameView& f) {
        out.frames.emplace_back(f.type, Bytes(f.body.begin(), f.body.end()));
    });
    return out;
}

// Flushes `out` and returns every frame in send order (packet by packet).
inline std::vector<SentFrame> drain(Outbox& out) {
    out.flush();
    std::vector<SentFrame> frames;
    while (auto p = out.pop()) {
        const DecodedPacket d = decode_valid(p->bytes);
        for (auto& [type, body] : d.frames)
            frames.push_back(SentFrame{p->to, d.sender, static_cast<FrameType>(type), body});
    }
    return frames;
}

// The frames of one type, in order.
inline std::vector<SentFrame> of_type(const std::vector<SentFrame>& frames, FrameType type) {
    std::vector<SentFrame> out;
    for (const auto& f : frames)
        if (f.type == type) out.push_back(f);
    return out;
}

}  // namespace gocast::unit

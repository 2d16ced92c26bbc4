// transport/packet: the header and frame framing round-trip, and every malformed shape is
// rejected with its reason before any frame is handed out.

#include "transport/packet.hpp"

#include <doctest/doctest.h>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "tests/unit/sent_frames.hpp"
#include "transport/codec.hpp"

using namespace gocast;
using gocast::unit::decode_valid;

namespace {

Bytes body_of(std::size_t n, std::uint8_t fill) {
    return Bytes(n, static_cast<std::byte>(fill));
}

Bytes header_only(NodeId sender = NodeId{0x1122334455667788ull}, std::uint8_t flags = 0) {
    Bytes b;
    write_packet_header(b, sender, flags);
    return b;
}

PacketError error_of(const Bytes& b) {
    const DecodeResult r = decode_packet(b);
    REQUIRE_FALSE(r.packet.has_value());
    return r.error;
}

}  // namespace

TEST_CASE("unit: packet: header layout is magic, version, flags, sender") {
    const Bytes b = header_only(NodeId{0x1122334455667788ull}, 0x5a);
    REQUIRE(b.size() == kPacketHeaderBytes);
    Reader r(b);
    CHECK(r.u16() == kPacketMagic);
    CHECK(r.u8() == kProtocolVersion);
    CHECK(r.u8() == 0x5a);
    CHECK(r.node_id() == NodeId{0x1122334455667788ull});
    CHECK(r.at_end());
}

TEST_CASE("unit: packet: frames round-trip in order with their bodies") {
    Bytes b = header_only(NodeId{42}, 3);
    append_frame(b, FrameType::ping, body_of(12, 0x11));
    append_frame(b, FrameType::keepalive, {});                       // empty body is legal
    append_frame(b, FrameType::data, body_of(300, 0x22));            // two-byte length prefix
    append_frame(b, static_cast<FrameType>(200), body_of(1, 0x33));  // unknown: passed on

    const auto d = decode_valid(b);
    CHECK(d.sender == NodeId{42});
    CHECK(d.flags == 3);
    REQUIRE(d.frames.size() == 4);
    CHECK(d.frames[0].first == static_cast<std::uint8_t>(FrameType::ping));
    CHECK(d.frames[0].second == body_of(12, 0x11));
    CHECK(d.frames[1].first == static_cast<std::uint8_t>(FrameType::keepalive));
    CHECK(d.frames[1].second.empty());
    CHECK(d.frames[2].first == static_cast<std::uint8_t>(FrameType::data));
    CHECK(d.frames[2].second == body_of(300, 0x22));
    CHECK(d.frames[3].first == 200);
    CHECK(d.frames[3].second == body_of(1, 0x33));
}

TEST_CASE("unit: packet: input shorter than the header is too_short") {
    CHECK(error_of(Bytes{}) == PacketError::too_short);
    Bytes b = header_only();
    b.pop_back();
    CHECK(error_of(b) == PacketError::too_short);
}

TEST_CASE("unit: packet: wrong magic or version is rejected") {
    Bytes magic = header_only();
    append_frame(magic, FrameType::ping, body_of(4, 1));
    magic[0] = std::byte{0x00};
    CHECK(error_of(magic) == PacketError::bad_magic);

    Bytes swapped = header_only();  // magic written big-endian
    append_frame(swapped, FrameType::ping, body_of(4, 1));
    std::swap(swapped[0], swapped[1]);
    CHECK(error_of(swapped) == PacketError::bad_magic);

    Bytes version = header_only();
    append_frame(version, FrameType::ping, body_of(4, 1));
    version[2] = static_cast<std::byte>(kProtocolVersion + 1);
    CHECK(error_of(version) == PacketError::bad_version);
    version[2] = std::byte{0};
    CHECK(error_of(version) == PacketError::bad_version);
}

TEST_CASE("unit: packet: a header without frames is no_frames") {
    CHECK(error_of(header_only()) == PacketError::no_frames);
}

TEST_CASE("unit: packet: truncated frames are bad_frame and nothing is returned") {
    Bytes full = header_only();
    append_frame(full, FrameType::ping, body_of(4, 1));
    append_frame(full, FrameType::pong, body_of(20, 2));
    // Every cut inside the frames (but past the header) leaves a frame whose declared
    // length does not fit, or a type byte without a length.
    std::size_t first_frame_end = kPacketHeaderBytes + 1 + 1 + 4;
    for (std::size_t cut = kPacketHeaderBytes + 1; cut < full.size(); ++cut) {
        if (cut == first_frame_end) continue;  // a whole first frame: valid by itself
        CAPTURE(cut);
        const Bytes b(full.begin(), full.begin() + static_cast<std::ptrdiff_t>(cut));
        CHECK(error_of(b) == PacketError::bad_frame);
    }
    const Bytes first(full.begin(), full.begin() + static_cast<std::ptrdiff_t>(first_frame_end));
    CHECK(decode_valid(first).frames.size() == 1);
}

TEST_CASE("unit: packet: a frame length that lies or overflows is bad_frame") {
    Bytes lies = header_only();
    lies.push_back(static_cast<std::byte>(FrameType::ping));
    Writer w(lies);
    w.varint(1000);  // far more than follows
    lies.push_back(std::byte{0});
    CHECK(error_of(lies) == PacketError::bad_frame);

    Bytes huge = header_only();
    huge.push_back(static_cast<std::byte>(FrameType::ping));
    Writer hw(huge);
    hw.varint(UINT64_MAX);
    CHECK(error_of(huge) == PacketError::bad_frame);

    Bytes overlong = header_only();
    overlong.push_back(static_cast<std::byte>(FrameType::ping));
    for (int i = 0; i < 10; ++i) overlong.push_back(std::byte{0x80});
    overlong.push_back(std::byte{0x00});
    CHECK(error_of(overlong) == PacketError::bad_frame);
}

TEST_CASE("unit: packet: a valid frame followed by a damaged one rejects the whole packet") {
    Bytes b = header_only();
    append_frame(b, FrameType::ping, body_of(4, 1));
    b.push_back(static_cast<std::byte>(FrameType::pong));  // type without length or body
    CHECK(error_of(b) == PacketError::bad_frame);
}

TEST_CASE("unit: packet: error names are stable") {
    CHECK(std::string(to_string(PacketError::too_short)) == "too_short");
    CHECK(std::string(to_string(PacketError::bad_magic)) == "bad_magic");
    CHECK(std::string(to_string(PacketError::bad_version)) == "bad_version");
    CHECK(std::string(to_string(PacketError::bad_frame)) == "bad_frame");
    CHECK(std::string(to_string(PacketError::no_frames)) == "no_frames");
}

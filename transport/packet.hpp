#pragma once
// Packet = header + frames (docs/PROTOCOL.md).
//   header: magic u16 0x4347 ("GC"), version u8, flags u8, sender NodeId u64
//   frame:  type u8, body length varint, body
// decode_packet validates the header and every frame length before anything is used.

#include <cstdint>
#include <optional>
#include <span>

#include "transport/frame_type.hpp"
#include "transport/types.hpp"

namespace gocast {

constexpr std::uint16_t kPacketMagic = 0x4347;
constexpr std::uint8_t kProtocolVersion = 1;
constexpr std::size_t kPacketHeaderBytes = 12;
constexpr std::size_t kFrameOverheadMax = 1 + 10;

struct FrameView {
    std::uint8_t type = 0;
    std::span<const std::byte> body;
};

// A validated packet: every frame's length was checked by decode_packet. Frames are
// visited in place with for_each_frame (no allocation on the receive path).
struct PacketView {
    NodeId sender;
    std::uint8_t flags = 0;
    std::span<const std::byte> frame_bytes;
    std::size_t frame_count = 0;
};

enum class PacketError { too_short, bad_magic, bad_version, bad_frame, no_frames };
const char* to_string(PacketError e);

// Either a view into `bytes` (valid while they live) or the reason for rejection.
struct DecodeResult {
    std::optional<PacketView> packet;
    PacketError error = PacketError::too_short;
};
DecodeResult decode_packet(std::span<const std::byte> bytes);

// A run of frames (type, length, body)* with every length checked, as found after a packet
// header or inside a link segment (transport/hop); nothing when a length is bad or the run
// is empty.
std::optional<PacketView> decode_frame_run(NodeId sender, std::span<const std::byte> frames);

// Calls f(FrameView) for each frame of a packet that decode_packet accepted.
template <typename F>
void for_each_frame(const PacketView& p, F&& f) {
    std::size_t pos = 0;
    const auto bytes = p.frame_bytes;
    for (std::size_t i = 0; i < p.frame_count; ++i) {
        FrameView v;
        v.type = std::to_integer<std::uint8_t>(bytes[pos++]);
        std::uint64_t len = 0;
        for (int shift = 0;; shift += 7) {
            const auto b = std::to_integer<std::uint8_t>(bytes[pos++]);
            len |= std::uint64_t{b & 0x7fu} << shift;
            if ((b & 0x80) == 0) break;
        }
        v.body = bytes.subspan(pos, len);
        pos += len;
        f(v);
    }
}

void write_packet_header(Bytes& out, NodeId sender, std::uint8_t flags = 0);
void append_frame(Bytes& out, FrameType type, std::span<const std::byte> body);

}  // namespace gocast

#pragma once
// Packet = header + frames (docs/PROTOCOL.md).
//   header: magic u16 0x4347 ("GC"), version u8, flags u8, sender NodeId u64
//   frame:  type u8, body length varint, body
// decode_packet validates the header and every frame length before anything is used.

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

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

struct PacketView {
    NodeId sender;
    std::uint8_t flags = 0;
    std::vector<FrameView> frames;
};

enum class PacketError { too_short, bad_magic, bad_version, bad_frame, no_frames };
const char* to_string(PacketError e);

// Either a view into `bytes` (valid while they live) or the reason for rejection.
struct DecodeResult {
    std::optional<PacketView> packet;
    PacketError error = PacketError::too_short;
};
DecodeResult decode_packet(std::span<const std::byte> bytes);

void write_packet_header(Bytes& out, NodeId sender, std::uint8_t flags = 0);
void append_frame(Bytes& out, FrameType type, std::span<const std::byte> body);

}  // namespace gocast

#include "transport/packet.hpp"

#include "transport/codec.hpp"

namespace gocast {

const char* to_string(PacketError e) {
    switch (e) {
        case PacketError::too_short: return "too_short";
        case PacketError::bad_magic: return "bad_magic";
        case PacketError::bad_version: return "bad_version";
        case PacketError::bad_frame: return "bad_frame";
        case PacketError::no_frames: return "no_frames";
    }
    return "unknown";
}

DecodeResult decode_packet(std::span<const std::byte> bytes) {
    DecodeResult result;
    if (bytes.size() < kPacketHeaderBytes) {
        result.error = PacketError::too_short;
        return result;
    }
    Reader r(bytes);
    if (r.u16() != kPacketMagic) {
        result.error = PacketError::bad_magic;
        return result;
    }
    if (r.u8() != kProtocolVersion) {
        result.error = PacketError::bad_version;
        return result;
    }
    const std::uint8_t flags = r.u8();
    const NodeId sender = r.node_id();
    const auto frames = bytes.subspan(kPacketHeaderBytes);
    if (frames.empty()) {
        result.error = PacketError::no_frames;
        return result;
    }
    result.packet = decode_frame_run(sender, frames);
    if (!result.packet) {
        result.error = PacketError::bad_frame;
        return result;
    }
    result.packet->flags = flags;
    return result;
}

std::optional<PacketView> decode_frame_run(NodeId sender, std::span<const std::byte> frames) {
    PacketView p;
    p.sender = sender;
    p.frame_bytes = frames;
    // Every frame length is checked before any frame is acted on, so a run of frames is
    // either used whole or dropped whole.
    Reader r(frames);
    while (r.ok() && !r.at_end()) {
        r.u8();
        r.blob(frames.size());
        if (!r.ok()) return std::nullopt;
        ++p.frame_count;
    }
    if (p.frame_count == 0) return std::nullopt;
    return p;
}

void write_packet_header(Bytes& out, NodeId sender, std::uint8_t flags) {
    Writer w(out);
    w.u16(kPacketMagic);
    w.u8(kProtocolVersion);
    w.u8(flags);
    w.node_id(sender);
}

void append_frame(Bytes& out, FrameType type, std::span<const std::byte> body) {
    Writer w(out);
    w.u8(static_cast<std::uint8_t>(type));
    w.blob(body);
}

}  // namespace gocast

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
    PacketView p;
    p.flags = r.u8();
    p.sender = r.node_id();
    p.frame_bytes = bytes.subspan(kPacketHeaderBytes);
    // First pass: every frame length is checked before any frame is acted on, so a packet
    // is either used whole or dropped whole.
    while (r.ok() && !r.at_end()) {
        r.u8();
        r.blob(bytes.size());
        if (!r.ok()) {
            result.error = PacketError::bad_frame;
            return result;
        }
        ++p.frame_count;
    }
    if (p.frame_count == 0) {
        result.error = PacketError::no_frames;
        return result;
    }
    result.packet = std::move(p);
    return result;
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

// Fuzz target: decode_packet, then every frame decoder on every frame body.
// Properties beyond "does not crash":
//  - an accepted packet has a valid header, at least one frame, and frame bodies that lie
//    inside the input and tile it exactly (no byte skipped, none read twice);
//  - re-encoding an accepted packet with write_packet_header/append_frame and decoding it
//    again gives the same sender, flags and frames (the encoder and decoder agree).
// Every decoder runs on every body regardless of the frame type: a receiver dispatches on
// an attacker-chosen type byte, so each decoder must survive any body.

#include <algorithm>

#include "fuzz_support.hpp"
#include "transport/codec.hpp"

using namespace gocast;

namespace {

void check_header(std::span<const std::byte> bytes, const PacketView& p) {
    GOCAST_FUZZ_CHECK(bytes.size() >= kPacketHeaderBytes);
    Reader r(bytes);
    GOCAST_FUZZ_CHECK(r.u16() == kPacketMagic);
    GOCAST_FUZZ_CHECK(r.u8() == kProtocolVersion);
    GOCAST_FUZZ_CHECK(r.u8() == p.flags);
    GOCAST_FUZZ_CHECK(r.node_id() == p.sender);
}

// Each frame is type u8 + varint length + body. Re-reading the frames from the raw bytes
// must find the same types and bodies, back to back, ending exactly at the end of input.
void check_frames_tile(std::span<const std::byte> bytes, const std::vector<FrameView>& frames) {
    Reader r(bytes.subspan(kPacketHeaderBytes));
    for (const FrameView& f : frames) {
        const std::size_t frame_start = r.remaining();
        GOCAST_FUZZ_CHECK(r.u8() == f.type);
        GOCAST_FUZZ_CHECK(r.varint() == f.body.size());
        GOCAST_FUZZ_CHECK(frame_start - r.remaining() <= kFrameOverheadMax);
        const std::span<const std::byte> body = r.bytes(f.body.size());
        GOCAST_FUZZ_CHECK(r.ok());
        // An empty span may point anywhere; a non-empty one must be a view into the input.
        if (!body.empty()) GOCAST_FUZZ_CHECK(body.data() == f.body.data());
    }
    GOCAST_FUZZ_CHECK(r.at_end());
}

void check_reencoding(const PacketView& p, const std::vector<FrameView>& frames) {
    Bytes out;
    write_packet_header(out, p.sender, p.flags);
    for (const FrameView& f : frames) append_frame(out, static_cast<FrameType>(f.type), f.body);
    const DecodeResult again = decode_packet(out);
    GOCAST_FUZZ_CHECK(again.packet.has_value());
    GOCAST_FUZZ_CHECK(again.packet->sender == p.sender && again.packet->flags == p.flags);
    const std::vector<FrameView> frames2 = fuzz::frames_of(*again.packet);
    GOCAST_FUZZ_CHECK(frames2.size() == frames.size());
    for (std::size_t i = 0; i < frames.size(); ++i) {
        GOCAST_FUZZ_CHECK(frames2[i].type == frames[i].type);
        GOCAST_FUZZ_CHECK(std::ranges::equal(frames2[i].body, frames[i].body));
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::span<const std::byte> bytes = fuzz::as_span(data, size);
    const DecodeResult decoded = decode_packet(bytes);
    if (!decoded.packet) {
        GOCAST_FUZZ_CHECK(to_string(decoded.error) != nullptr);
        return 0;
    }
    const PacketView& p = *decoded.packet;
    check_header(bytes, p);
    const std::vector<FrameView> frames = fuzz::frames_of(p);
    GOCAST_FUZZ_CHECK(!frames.empty());
    check_frames_tile(bytes, frames);
    check_reencoding(p, frames);
    for (const FrameView& f : frames) {
        fuzz::check_overlay_decoders(f.body);
        fuzz::check_dissemination_decoders(f.body);
    }
    return 0;
}

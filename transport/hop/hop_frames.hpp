#pragma once
// Wire format of a neighbour-link frame (frame types hop_link and tcp_link; docs/PROTOCOL.md
// "Link frames"). One link frame fills one datagram:
//   session u32, peer_session u32, send_low varint, sent_high varint, cum_ack varint,
//   recv_high varint,
//   echo_delay_us varint(u32), nack count varint(<=1024) + delta-coded seqs,
//   segment count varint(<=256) + segments (seq varint, kind u8, body blob).
// A segment body is either a run of frames (kind 0), one fragment of a large frame
// (kind 1: msg varint, index varint, count varint, total varint, chunk = the rest), or an
// unsequenced run of frames (kind 2, seq 0): handed up, never acknowledged, NACKed or resent,
// or a sequenced run of frames whose ack may wait (kind 3).
// Decoders check every count, length and ordering rule and return nothing on any breach.

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "transport/types.hpp"

namespace gocast {

constexpr std::size_t kMaxNacksPerLinkFrame = 1024;
constexpr std::size_t kMaxSegmentsPerLinkFrame = 256;
// Upper bound of the encoded header fields before the NACK list (4 + 4 + 4 * 10 + 5).
constexpr std::size_t kLinkHeaderMaxBytes = 53;

enum class SegmentKind : std::uint8_t {
    frames = 0,       // a run of frames, sequenced
    fragment = 1,     // one fragment of a large frame, sequenced
    unsequenced = 2,  // a run of frames outside the sequence space (seq 0): frames that the
                      // next one supersedes (beacons), so recovering them is wasted work
    lazy_frames = 3,  // a run of frames, sequenced, whose ack may wait (HopConfig::lazy_ack_delay)
};
// Sequenced runs of whole frames (handed up as they are).
constexpr bool is_frame_run(SegmentKind k) { return k == SegmentKind::frames || k == SegmentKind::lazy_frames; }

struct LinkHeader {
    std::uint32_t session = 0;       // the sender's session on this link; never 0
    std::uint32_t peer_session = 0;  // the receiver's session as last heard; 0 = unknown
    std::uint64_t send_low = 1;      // lowest seq the sender still holds for retransmission
    std::uint64_t sent_high = 0;     // highest segment seq the sender has sent (0 = none)
    // The fields below acknowledge the receiver's segments and mean something only when
    // peer_session is the receiver's current session.
    std::uint64_t cum_ack = 0;       // every seq <= cum_ack has arrived
    std::uint64_t recv_high = 0;     // newest seq that arrived (for RTT samples)
    std::uint32_t echo_delay_us = 0; // time between recv_high's arrival and this frame
};

struct SegmentView {
    std::uint64_t seq = 0;  // >= 1; 0 for an unsequenced segment
    SegmentKind kind = SegmentKind::frames;
    std::span<const std::byte> body;
};

struct LinkFrameView {
    LinkHeader header;
    std::vector<std::uint64_t> nacks;  // strictly increasing, each >= 1
    std::vector<SegmentView> segments;
};

// Views point into `body`, which must outlive the result.
std::optional<LinkFrameView> decode_link_frame(std::span<const std::byte> body);
// The same into `out`, whose vectors keep their capacity from one frame to the next (a
// link decodes every datagram it receives); false when malformed, `out` then unspecified.
bool decode_link_frame_into(std::span<const std::byte> body, LinkFrameView& out);

struct SegmentOut {
    std::uint64_t seq = 0;
    SegmentKind kind = SegmentKind::frames;
    std::span<const std::byte> body;
};
// `nacks` strictly increasing; at most kMaxNacksPerLinkFrame nacks and
// kMaxSegmentsPerLinkFrame segments (callers size them).
Bytes encode_link_frame(const LinkHeader& h, std::span<const std::uint64_t> nacks,
                        std::span<const SegmentOut> segments);
// The same, appended to `out` (a packet being built around it).
void encode_link_frame_into(Bytes& out, const LinkHeader& h, std::span<const std::uint64_t> nacks,
                            std::span<const SegmentOut> segments);

// Encoded sizes, for packing a frame up to a byte budget.
std::size_t varint_size(std::uint64_t v);
std::size_t link_header_size(const LinkHeader& h);
std::size_t nack_list_size(std::span<const std::uint64_t> nacks);
std::size_t segment_size(std::uint64_t seq, std::size_t body_bytes);

struct FragmentView {
    std::uint64_t msg = 0;      // per-link fragmented-message number, >= 1
    std::uint32_t index = 0;    // < count
    std::uint32_t count = 0;    // >= 2
    std::uint32_t total = 0;    // whole message length, >= count
    std::span<const std::byte> chunk;  // non-empty
};
std::optional<FragmentView> decode_fragment(std::span<const std::byte> body);
void encode_fragment_header(Bytes& out, std::uint64_t msg, std::uint32_t index, std::uint32_t count,
                            std::uint32_t total);

}  // namespace gocast

#include "transport/hop/hop_frames.hpp"

#include <limits>

#include "transport/codec.hpp"

namespace gocast {

namespace {
constexpr std::uint64_t kU32Max = std::numeric_limits<std::uint32_t>::max();
}  // namespace

std::size_t varint_size(std::uint64_t v) {
    std::size_t n = 1;
    while (v >= 0x80) {
        v >>= 7;
        ++n;
    }
    return n;
}

std::size_t link_header_size(const LinkHeader& h) {
    return 8 + varint_size(h.send_low) + varint_size(h.sent_high) + varint_size(h.cum_ack) +
           varint_size(h.recv_high) + varint_size(h.echo_delay_us);
}

std::size_t nack_list_size(std::span<const std::uint64_t> nacks) {
    std::size_t n = varint_size(nacks.size());
    std::uint64_t prev = 0;
    for (const std::uint64_t s : nacks) {
        n += varint_size(s - prev);
        prev = s;
    }
    return n;
}

std::size_t segment_size(std::uint64_t seq, std::size_t body_bytes) {
    return varint_size(seq) + 1 + varint_size(body_bytes) + body_bytes;
}

std::optional<LinkFrameView> decode_link_frame(std::span<const std::byte> body) {
    LinkFrameView f;
    if (!decode_link_frame_into(body, f)) return std::nullopt;
    return f;
}

bool decode_link_frame_into(std::span<const std::byte> body, LinkFrameView& f) {
    Reader r(body);
    f.nacks.clear();
    f.segments.clear();
    LinkHeader& h = f.header;
    h.session = r.u32();
    h.peer_session = r.u32();
    h.send_low = r.varint();
    h.sent_high = r.varint();
    h.cum_ack = r.varint();
    h.recv_high = r.varint();
    h.echo_delay_us = static_cast<std::uint32_t>(r.varint_max(kU32Max));
    if (!r.ok() || h.session == 0) return false;
    // The sender holds seqs send_low..sent_high; send_low is one past sent_high when it
    // holds none.
    if (h.send_low == 0 || h.send_low - 1 > h.sent_high) return false;
    // A cumulative ack above the newest arrival is self-contradictory.
    if (h.cum_ack > h.recv_high) return false;

    const std::uint64_t nacks = r.varint_max(kMaxNacksPerLinkFrame);
    f.nacks.reserve(nacks);
    std::uint64_t prev = 0;
    for (std::uint64_t i = 0; i < nacks && r.ok(); ++i) {
        const std::uint64_t delta = r.varint();
        // Strictly increasing and never 0; a delta that wraps around is malformed.
        if (delta == 0 || delta > std::numeric_limits<std::uint64_t>::max() - prev) return false;
        prev += delta;
        f.nacks.push_back(prev);
    }

    const std::uint64_t segments = r.varint_max(kMaxSegmentsPerLinkFrame);
    f.segments.reserve(segments);
    for (std::uint64_t i = 0; i < segments && r.ok(); ++i) {
        SegmentView s;
        s.seq = r.varint();
        const std::uint8_t kind = r.u8();
        s.body = r.blob(body.size());
        if (!r.ok() || kind > 3 || s.body.empty()) return false;
        s.kind = static_cast<SegmentKind>(kind);
        const bool in_range = s.seq >= h.send_low && s.seq <= h.sent_high;
        if (s.kind == SegmentKind::unsequenced ? s.seq != 0 : !in_range) return false;
        f.segments.push_back(s);
    }
    return r.at_end();
}

Bytes encode_link_frame(const LinkHeader& h, std::span<const std::uint64_t> nacks,
                        std::span<const SegmentOut> segments) {
    Bytes out;
    encode_link_frame_into(out, h, nacks, segments);
    return out;
}

void encode_link_frame_into(Bytes& out, const LinkHeader& h, std::span<const std::uint64_t> nacks,
                            std::span<const SegmentOut> segments) {
    std::size_t size = kLinkHeaderMaxBytes + nack_list_size(nacks) + 2;
    for (const SegmentOut& s : segments) size += segment_size(s.seq, s.body.size());
    out.reserve(out.size() + size);
    Writer w(out);
    w.u32(h.session);
    w.u32(h.peer_session);
    w.varint(h.send_low);
    w.varint(h.sent_high);
    w.varint(h.cum_ack);
    w.varint(h.recv_high);
    w.varint(h.echo_delay_us);
    w.varint(nacks.size());
    std::uint64_t prev = 0;
    for (const std::uint64_t s : nacks) {
        w.varint(s - prev);
        prev = s;
    }
    w.varint(segments.size());
    for (const SegmentOut& s : segments) {
        w.varint(s.seq);
        w.u8(static_cast<std::uint8_t>(s.kind));
        w.blob(s.body);
    }
}

std::optional<FragmentView> decode_fragment(std::span<const std::byte> body) {
    Reader r(body);
    FragmentView f;
    f.msg = r.varint();
    f.index = static_cast<std::uint32_t>(r.varint_max(kU32Max));
    f.count = static_cast<std::uint32_t>(r.varint_max(kU32Max));
    f.total = static_cast<std::uint32_t>(r.varint_max(kU32Max));
    if (!r.ok() || f.msg == 0 || f.count < 2 || f.index >= f.count || f.total < f.count)
        return std::nullopt;
    f.chunk = r.bytes(r.remaining());
    if (f.chunk.empty() || f.chunk.size() > f.total) return std::nullopt;
    return f;
}

void encode_fragment_header(Bytes& out, std::uint64_t msg, std::uint32_t index, std::uint32_t count,
                            std::uint32_t total) {
    Writer w(out);
    w.varint(msg);
    w.varint(index);
    w.varint(count);
    w.varint(total);
}

}  // namespace gocast

#include "transport/hop/send_queue.hpp"

#include "transport/hop/fragmenter.hpp"
#include "transport/packet.hpp"

namespace gocast {

std::size_t segment_body_max(const HopConfig& cfg) {
    // Header, NACK count and segment count (2 bytes each at most: both are <= 1024), then
    // one segment: seq varint (<= 10), kind, body length varint (<= 3 under 2 MiB).
    const std::size_t overhead = kLinkHeaderMaxBytes + 4 + 10 + 1 + 3;
    return cfg.max_datagram_payload > overhead ? cfg.max_datagram_payload - overhead : 0;
}

SendQueue::SendQueue(const HopConfig& cfg) : cfg_(cfg), body_max_(segment_body_max(cfg)) {}

Admit SendQueue::push(FrameType type, std::span<const std::byte> body, bool lazy) {
    Bytes frame;
    frame.reserve(kFrameOverheadMax + body.size());
    append_frame(frame, type, body);
    if (frame.size() > cfg_.max_message_bytes) return Admit::too_large;
    const std::size_t limit =
        cfg_.send_queue_bytes + (type == FrameType::data ? 0 : cfg_.control_reserve_bytes);
    if (bytes_ + frame.size() > limit) return Admit::dropped_full;
    bytes_ += frame.size();
    if (frame.size() <= body_max_) {
        const std::size_t n = frame.size();
        units_.push_back(Unit{SegmentKind::frames, std::move(frame), n, lazy});
        return Admit::queued;
    }
    const std::size_t chunk = body_max_ - kFragmentHeaderMaxBytes;
    std::size_t left = frame.size();
    for (Bytes& f : split_into_fragments(next_msg_++, frame, chunk)) {
        const std::size_t share = std::min(chunk, left);
        left -= share;
        units_.push_back(Unit{SegmentKind::fragment, std::move(f), share, false});
    }
    return Admit::queued;
}

std::optional<SendQueue::Segment> SendQueue::pop(std::size_t max_body) {
    if (units_.empty() || units_.front().bytes.size() > max_body) return std::nullopt;
    Segment s;
    s.kind = units_.front().kind;
    if (s.kind == SegmentKind::fragment) {
        bytes_ -= units_.front().accounted;
        s.body = std::move(units_.front().bytes);
        units_.pop_front();
        return s;
    }
    // Pack whole frames while they fit; a fragment always travels alone.
    bool lazy = true;
    while (!units_.empty() && units_.front().kind == SegmentKind::frames &&
           s.body.size() + units_.front().bytes.size() <= max_body) {
        Bytes& f = units_.front().bytes;
        lazy = lazy && units_.front().lazy;
        if (s.body.empty())
            s.body = std::move(f);  // the first frame's buffer becomes the segment's: no copy
        else
            s.body.insert(s.body.end(), f.begin(), f.end());
        bytes_ -= units_.front().accounted;
        units_.pop_front();
    }
    if (lazy) s.kind = SegmentKind::lazy_frames;
    return s;
}

}  // namespace gocast

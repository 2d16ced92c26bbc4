#pragma once
// The bounded queue of frames waiting for a neighbour link to send them, and the packing of
// those frames into segments. A frame that fits one segment is queued whole and packed with
// its neighbours; a larger one is split into fragments at once (fragmenter.hpp), each a
// segment of its own.
//
// Drop policy (counted by the caller from push()'s answer): the newest frame is refused when
// it would take the queue beyond `send_queue_bytes`. Control frames (every type but data)
// may use `control_reserve_bytes` more, so beacons and gossip keep flowing when a publisher
// outruns the link; a refused data frame is later repaired by gossip.
//
// A frame pushed as lazy (its repair may wait) makes a lazy_frames segment when everything
// packed with it is lazy too; one prompt frame makes the whole segment prompt.

#include <cstdint>
#include <deque>
#include <optional>
#include <span>

#include "transport/frame_type.hpp"
#include "transport/hop/hop_config.hpp"
#include "transport/hop/hop_frames.hpp"

namespace gocast {

// Largest segment body a link emits when the datagram carries nothing else: the datagram
// budget minus the link header, the two list counts and one segment's own overhead.
std::size_t segment_body_max(const HopConfig& cfg);

enum class Admit : std::uint8_t { queued, dropped_full, too_large };

class SendQueue {
public:
    explicit SendQueue(const HopConfig& cfg);

    Admit push(FrameType type, std::span<const std::byte> body, bool lazy = false);
    bool empty() const { return units_.empty(); }
    std::size_t bytes() const { return bytes_; }

    struct Segment {
        SegmentKind kind = SegmentKind::frames;
        Bytes body;
    };
    // The next segment whose body fits in `max_body`: as many whole frames as fit, packed,
    // or the next fragment. Nothing when the queue is empty or its head does not fit.
    std::optional<Segment> pop(std::size_t max_body);

private:
    struct Unit {
        SegmentKind kind = SegmentKind::frames;
        Bytes bytes;  // one encoded frame (type, length, body), or one fragment body
        std::size_t accounted = 0;  // its share of bytes_: the frame, or the fragment's chunk
        bool lazy = false;
    };
    HopConfig cfg_;
    std::size_t body_max_;
    std::deque<Unit> units_;
    std::size_t bytes_ = 0;
    std::uint64_t next_msg_ = 1;  // fragmented-message numbers, per link
};

}  // namespace gocast

#pragma once
// Collects the frames produced while handling one input and packs those bound for the same
// destination into as few datagrams as fit `max_datagram_bytes`, in the order queued.

#include <cstddef>
#include <optional>
#include <span>
#include <vector>

#include "transport/fifo.hpp"
#include "transport/frame_type.hpp"
#include "transport/types.hpp"

namespace gocast {

struct OutPacket {
    Endpoint to;
    Bytes bytes;
};

class Outbox {
public:
    Outbox(NodeId self, std::size_t max_datagram_bytes);

    void send(const Endpoint& to, FrameType type, std::span<const std::byte> body);
    // Counts a frame that leaves by another way (a neighbour link) in counts().
    void note_frame(FrameType type, std::size_t body_bytes);
    // Closes every open packet; they become available to pop().
    void flush();
    std::optional<OutPacket> pop();
    bool empty() const { return ready_.empty() && open_.empty(); }

    // Frames and body bytes queued so far: data frames (full message copies) and the rest.
    struct FrameCounts {
        std::uint64_t payload_frames = 0, payload_bytes = 0;
        std::uint64_t control_frames = 0, control_bytes = 0;
    };
    const FrameCounts& counts() const { return counts_; }

private:
    // Starts a packet to `to` holding our header (encoded once: it never changes) and room
    // for `body_bytes` more.
    OutPacket start_packet(const Endpoint& to, std::size_t body_bytes) const;

    Bytes header_;
    std::size_t max_datagram_;
    // One open packet per destination. An input produces packets for a handful of
    // destinations, so a linear scan beats hashing here.
    std::vector<OutPacket> open_;
    Fifo<OutPacket> ready_;
    FrameCounts counts_;
};

}  // namespace gocast

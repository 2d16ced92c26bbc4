#pragma once
// The seam between a Node and the link to one overlay neighbour (sans-IO). A link takes
// frames to send, hands back link frame bodies to put on the wire (one per datagram, frame
// type frame_type()), takes the link frame bodies that arrive from the neighbour and hands
// up the frames they carry. Two implementations: HopLink (hop_link.hpp) and TcpLink
// (tcp_link.hpp); plain datagrams need no link object at all.

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "transport/frame_type.hpp"
#include "transport/hop/hop_config.hpp"

namespace gocast {

struct LinkStats {
    // sending
    std::uint64_t frames_queued = 0;
    std::uint64_t frames_dropped_full = 0;   // send queue full (drop-newest policy)
    std::uint64_t frames_too_large = 0;      // over max_message_bytes
    std::uint64_t datagrams_sent = 0;
    std::uint64_t bytes_sent = 0;            // link frame bodies
    std::uint64_t segments_sent = 0;         // new segments (first transmissions)
    std::uint64_t retransmits = 0;           // segments sent again (NACK, probe or timeout)
    std::uint64_t unsequenced_sent = 0;      // frames sent outside the sequence space
    std::uint64_t ack_only_sent = 0;         // datagrams carrying nothing but acks
    std::uint64_t nacks_received = 0;        // sequence numbers NACKed by the neighbour
    std::uint64_t nacks_bad = 0;             // NACKs for sequence numbers never sent
    std::uint64_t nacks_stale = 0;           // NACKs for segments already acknowledged
    std::uint64_t acks_bad = 0;              // cumulative acks beyond what was sent
    // receiving
    std::uint64_t datagrams_received = 0;
    std::uint64_t malformed = 0;             // undecodable link frames or segments
    std::uint64_t segments_received = 0;     // new segments
    std::uint64_t unsequenced_received = 0;  // unsequenced segments
    std::uint64_t duplicates = 0;            // segments received again
    std::uint64_t out_of_window = 0;         // segments too far ahead of the window
    std::uint64_t nacks_sent = 0;            // sequence numbers NACKed
    std::uint64_t reassembled = 0;           // fragmented frames completed
    std::uint64_t reassembly_rejected = 0;
    std::uint64_t session_resets = 0;        // the neighbour started a new session
    // Why the link failed (at most one is 1): our segments went unacknowledged through
    // every probe or retransmission timeout, or a gap from the neighbour stayed unfilled
    // through every NACK.
    std::uint64_t failed_unanswered = 0;
    std::uint64_t failed_unfilled_gap = 0;
};

// Adds every counter of `s` into `into` (totals over several links; the failure fields
// then count failed links).
void accumulate(LinkStats& into, const LinkStats& s);

class NeighborLink {
public:
    virtual ~NeighborLink() = default;

    // Queues one frame. False when refused (queue full or too large; counted in stats).
    virtual bool send(FrameType type, std::span<const std::byte> body) = 0;
    // Queues a frame that the next one of its kind supersedes (a tree beacon): it may travel
    // without recovery, in the next datagram, carrying that datagram's acks. A link without
    // such a mode sends it like any frame.
    virtual bool send_superseded(FrameType type, std::span<const std::byte> body) { return send(type, body); }
    // Queues a frame whose repair may wait (a gossip summary: other neighbours announce the
    // same ids): recovered like any frame, but its ack may wait to ride on other traffic.
    virtual bool send_lazy(FrameType type, std::span<const std::byte> body) { return send(type, body); }
    // One link frame body from the neighbour. Every complete run of frames it carries (as
    // after a packet header: type, length, body...) is appended to `runs`.
    virtual void on_receive(Time now, std::span<const std::byte> body, std::vector<Bytes>& runs) = 0;
    // The next link frame body to send now, if any; call until nothing.
    virtual std::optional<Bytes> poll_transmit(Time now) = 0;
    // The same, appended to `out` (a buffer the caller reuses); false, with `out` as it
    // was, when there is nothing to send.
    virtual bool poll_transmit_into(Time now, Bytes& out) {
        std::optional<Bytes> body = poll_transmit(now);
        if (!body) return false;
        out.insert(out.end(), body->begin(), body->end());
        return true;
    }
    // The smallest round trip the link measured since the last call (its acks echo how long
    // the neighbour held them, so this is the path's RTT, as a ping would measure it), or
    // nothing. A link that measures none returns nothing, and the node pings instead.
    virtual std::optional<Duration> take_rtt_sample() { return std::nullopt; }
    // Earliest time on_timeout() has work; kNever when idle.
    virtual Time next_deadline() const = 0;
    virtual void on_timeout(Time now) = 0;
    // The neighbour stopped answering (NACKs or probes unanswered): replace it.
    virtual bool failed() const = 0;
    virtual const LinkStats& stats() const = 0;
    virtual FrameType frame_type() const = 0;
};

// "hop", "datagram" or "tcp"; nothing for anything else.
std::optional<LinkTransport> parse_link_transport(std::string_view text);

// A link of the given kind; nullptr for LinkTransport::datagram. `session` must not be 0
// and should differ from any earlier session of a link to the same neighbour.
std::unique_ptr<NeighborLink> make_neighbor_link(LinkTransport kind, const HopConfig& cfg,
                                                 std::uint32_t session);

}  // namespace gocast

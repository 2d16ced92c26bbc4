#pragma once
// Every interval and limit of the neighbour links (Hop and the TCP-like comparison link).
// Lives in transport/ so the link code does not depend on the peer; peer/config.hpp embeds
// it as Config::hop and validates it.

#include <cstdint>

#include "transport/types.hpp"

namespace gocast {

// Which link carries frames between overlay neighbours.
enum class LinkTransport : std::uint8_t {
    hop = 0,       // transport/hop: out-of-order delivery, lazy selective NACKs, pacing
    datagram = 1,  // plain datagrams: no link-level recovery, gossip repairs losses
    tcp = 2,       // sans-IO TCP model: in-order delivery, cumulative acks, RTO, AIMD window
};
const char* to_string(LinkTransport t);

struct HopConfig {
    // --- framing ---
    // Largest link frame body (one datagram's payload) the link emits. Small frames are
    // packed into one segment; a frame larger than one segment is fragmented.
    std::uint32_t max_datagram_payload = 1200;
    // Largest message (one inner frame) accepted for sending and for reassembly.
    std::uint32_t max_message_bytes = 1u << 20;
    // Messages being reassembled at once per link; more are refused (counted).
    std::uint32_t max_partial_messages = 8;
    // A partly reassembled message older than this is dropped (its link has recovered
    // nothing for that long, so it is failing anyway).
    Duration reassembly_timeout = 10 * kSecond;

    // --- send queue ---
    // Bytes of frames waiting for the pacer. A data frame that would go beyond it is
    // dropped and counted (newest dropped: the gossip layer repairs it later); control
    // frames (beacon, summary, pull) may use `control_reserve_bytes` more, so the tree
    // survives a publisher that outruns the link.
    std::uint32_t send_queue_bytes = 2u << 20;  // room for two messages of the largest size
    std::uint32_t control_reserve_bytes = 32 * 1024;
    // Segments sent but not yet cumulatively acknowledged; also the receive window. No new
    // segment is sent while this many are outstanding.
    std::uint32_t window_segments = 4096;

    // --- acknowledgement and recovery ---
    Duration ack_delay = 10 * kMillisecond;     // a standalone ack waits this long for data
    // Segments of frames whose repair may wait (gossip summaries: other neighbours announce
    // the same ids; the sequenced liveness beacon) are acked within this instead. Longer
    // than the tree's beacon refresh period (4 x 1 s), the ack nearly always rides on the
    // neighbour's next summary or beacon rather than costing a datagram; the sender's tail
    // probe for them waits as long.
    Duration lazy_ack_delay = 5 * kSecond;
    std::uint32_t ack_every = 16;                // ...or this many received segments
    Duration nack_delay = 5 * kMillisecond;     // a gap waits this long before its first NACK
    Duration nack_retry_min = 20 * kMillisecond; // NACK repeat: max(this, 1.25 * srtt)
    std::uint32_t max_nack_entries = 128;        // sequence numbers per NACK list
    // A gap NACKed this many times without being filled, or this many unanswered probes
    // from the sender side, declares the link failed.
    std::uint32_t max_nacks = 10;
    // Tail probe after max(probe_min, 2 * srtt + ack_delay) without ack progress, doubling
    // per unanswered probe up to probe_max.
    Duration probe_min = 30 * kMillisecond;
    Duration probe_max = kSecond;
    // Superseded frames (tree beacons) travel unsequenced - never acked, NACKed or resent -
    // except when no new sequenced segment has left for this long: then the next one goes
    // sequenced, so an idle link is still acknowledged or probed and a failure is found.
    Duration liveness_interval = 10 * kSecond;
    Duration initial_rtt = 100 * kMillisecond;  // before the first sample

    // --- rate regulator (docs/PROTOCOL.md, "Hop links: rate regulator") ---
    double initial_rate = 1.0e6;   // bytes per second
    double min_rate = 16.0e3;
    double max_rate = 125.0e6;     // 1 Gbit/s
    std::uint32_t burst_bytes = 64 * 1024;  // token bucket depth: a burst leaves unpaced
    Duration epoch_min = 20 * kMillisecond; // decisions at most once per max(srtt, this)
    double decrease_factor = 0.8;  // rate *= this on a congestion signal
    double increase_gain = 0.25;   // rate *= 1 + this per clean, rate-limited epoch
    // Congestion signals: the smallest RTT sample of an epoch exceeds the link's minimum RTT
    // by more than this (a queue is building), or more than `loss_tolerance` of the
    // epoch's new segments were reported missing (random loss below it is repaired, not
    // treated as congestion).
    Duration queue_delay_target = 10 * kMillisecond;
    double loss_tolerance = 0.3;
    Duration min_rtt_window = 10 * kSecond;  // the minimum RTT is forgotten after this

    // --- TCP-like comparison link ---
    Duration tcp_min_rto = 200 * kMillisecond;
    Duration tcp_max_rto = 60 * kSecond;
    std::uint32_t tcp_initial_window = 10;    // segments (RFC 6928)
    std::uint32_t tcp_max_retries = 10;       // consecutive RTOs before the link fails
};

}  // namespace gocast

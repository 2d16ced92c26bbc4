#pragma once
// A sans-IO model of TCP's behaviour behind the NeighborLink interface, the comparison the
// Spread paper makes against Hop: in-order delivery (a missing segment holds back all later
// ones), cumulative acks sent at once for every data segment, fast retransmit on the third
// duplicate ack with NewReno partial-ack recovery and limited transmit (RFC 3042), a
// retransmission timeout (RFC 6298: srtt + 4 rttvar, at least tcp_min_rto, doubled on
// every expiry) and an AIMD congestion window (ack-clocked slow start growing by at most
// one segment per ack, halving on loss, one segment after a timeout). No pacing: the
// window clocks the sending. It reuses the Hop wire format (frame type tcp_link), with no
// NACKs, and the same packing and fragmentation.

#include <deque>
#include <map>

#include "transport/hop/hop_receiver.hpp"
#include "transport/hop/hop_sender.hpp"
#include "transport/hop/neighbor_link.hpp"
#include "transport/hop/reassembly.hpp"
#include "transport/hop/send_queue.hpp"

namespace gocast {

class TcpLink final : public NeighborLink {
public:
    TcpLink(const HopConfig& cfg, std::uint32_t session);

    bool send(FrameType type, std::span<const std::byte> body) override;
    void on_receive(Time now, std::span<const std::byte> body, std::vector<Bytes>& runs) override;
    std::optional<Bytes> poll_transmit(Time now) override;
    Time next_deadline() const override;
    void on_timeout(Time now) override;
    bool failed() const override { return failed_; }
    const LinkStats& stats() const override { return stats_; }
    FrameType frame_type() const override { return FrameType::tcp_link; }

    double cwnd() const { return cwnd_; }
    Duration rto() const { return rto_; }

private:
    struct Sent {
        SegmentKind kind = SegmentKind::frames;
        Bytes body;
        Time sent_at = 0;
        bool retransmitted = false;
    };
    void on_ack(Time now, const LinkHeader& h, bool ack_only);
    void on_segment(Time now, const SegmentView& s, std::vector<Bytes>& runs);
    void deliver(Time now, SegmentKind kind, const Bytes& body, std::vector<Bytes>& runs);
    void retransmit_first();
    void update_rto();
    // Segments that may be in flight now: the window, plus one per duplicate ack before
    // fast retransmit (limited transmit).
    std::uint64_t send_allowance() const;
    std::uint64_t flight() const { return next_seq_ - 1 - acked_; }

    HopConfig cfg_;
    std::uint32_t session_;
    std::uint32_t peer_session_ = 0;
    LinkStats stats_;
    bool failed_ = false;

    // sender
    SendQueue queue_;
    std::deque<Sent> inflight_;  // acked_ + 1 .. next_seq_ - 1
    std::uint64_t acked_ = 0;
    std::uint64_t next_seq_ = 1;
    bool retransmit_pending_ = false;
    double cwnd_;
    double ssthresh_;
    std::uint32_t dupacks_ = 0;
    bool recovery_ = false;
    std::uint64_t recover_ = 0;      // fast recovery ends when this is acknowledged
    std::uint64_t rto_recover_ = 0;  // segments up to this were outstanding at the last timeout
    RttEstimate rtt_;
    Duration rto_;
    Time rto_deadline_ = kNever;
    std::uint32_t retries_ = 0;

    // receiver
    LinkFrameView rx_view_;  // on_receive's decoded frame, reused
    bool fresh_ = true;
    ReceiveWindow win_;
    std::map<std::uint64_t, std::pair<SegmentKind, Bytes>> held_;  // arrived, not yet in order
    std::uint64_t delivered_ = 0;  // every seq <= delivered_ was handed up
    Reassembly parts_;
    bool ack_now_ = false;
};

}  // namespace gocast

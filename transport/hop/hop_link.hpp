#pragma once
// Hop link (DESIGN.md "Hop links", docs/PROTOCOL.md "Link frames"): per-link sequence
// numbers, hand-up of each segment as soon as it arrives, lazy selective NACKs repeated until
// the gap is filled, cumulative acks that free the retransmit buffer, a pacing regulator,
// packing of small frames and fragmentation of large ones, and acks/NACKs piggybacked on
// data whenever data goes the same way. Sans-IO: time comes in, frames go out by polling.

#include "transport/hop/hop_receiver.hpp"
#include "transport/hop/hop_sender.hpp"
#include "transport/hop/neighbor_link.hpp"
#include "transport/hop/rate_regulator.hpp"

namespace gocast {

class HopLink final : public NeighborLink {
public:
    HopLink(const HopConfig& cfg, std::uint32_t session);

    bool send(FrameType type, std::span<const std::byte> body) override;
    bool send_superseded(FrameType type, std::span<const std::byte> body) override;
    bool send_lazy(FrameType type, std::span<const std::byte> body) override;
    void on_receive(Time now, std::span<const std::byte> body, std::vector<Bytes>& runs) override;
    std::optional<Bytes> poll_transmit(Time now) override;
    bool poll_transmit_into(Time now, Bytes& out) override;
    std::optional<Duration> take_rtt_sample() override { return tx_.take_min_rtt_sample(); }
    Time next_deadline() const override;
    void on_timeout(Time now) override;
    bool failed() const override { return failed_; }
    const LinkStats& stats() const override { return stats_; }
    FrameType frame_type() const override { return FrameType::hop_link; }

    // For tests and benchmarks.
    const RateRegulator& regulator() const { return reg_; }
    const HopSender& sender() const { return tx_; }
    const HopReceiver& receiver() const { return rx_; }
    std::uint32_t session() const { return session_; }

private:
    bool admit(FrameType type, std::span<const std::byte> body, bool lazy);
    Duration nack_retry() const;
    std::size_t loose_room() const;
    // Moves waiting superseded frames into loose_run_, or into the sequenced queue when the
    // link needs a sequenced segment to prove it still works.
    void place_loose_frames(Time now);

    HopConfig cfg_;
    std::uint32_t session_;
    std::uint32_t peer_session_ = 0;
    HopSender tx_;
    HopReceiver rx_;
    RateRegulator reg_;
    std::vector<std::uint64_t> nacks_;  // due, not yet sent (a full datagram left them)
    // Superseded frames (send_superseded) waiting for the next datagram, already framed
    // one after another (type, length, body) as the unsequenced segment will carry them,
    // with where each body lies, in case they must go sequenced instead; and the run of
    // the unsequenced segment they become.
    struct LooseFrame {
        FrameType type;
        std::size_t offset;  // of the body in loose_pending_
        std::size_t size;
    };
    std::vector<LooseFrame> loose_;
    Bytes loose_pending_;
    std::size_t loose_bytes_ = 0;
    Bytes loose_run_;
    std::optional<Time> last_sequenced_;  // when a new sequenced segment last left
    std::vector<SegmentOut> segs_;      // poll_transmit's segment list, reused
    LinkFrameView rx_view_;             // on_receive's decoded frame, reused
    LinkStats stats_;
    bool failed_ = false;
};

}  // namespace gocast

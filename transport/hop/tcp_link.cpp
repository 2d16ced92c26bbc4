#include "transport/hop/tcp_link.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace gocast {

namespace {
constexpr std::uint32_t kDupAckThreshold = 3;  // RFC 5681 fast retransmit
}  // namespace

TcpLink::TcpLink(const HopConfig& cfg, std::uint32_t session)
    : cfg_(cfg),
      session_(session == 0 ? 1 : session),
      queue_(cfg),
      cwnd_(cfg.tcp_initial_window),
      ssthresh_(cfg.window_segments),
      rtt_(cfg.initial_rtt),
      rto_(std::max(cfg.tcp_min_rto, 3 * cfg.initial_rtt)),
      win_(cfg.window_segments),
      parts_(cfg) {}

bool TcpLink::send(FrameType type, std::span<const std::byte> body) {
    switch (queue_.push(type, body)) {
        case Admit::queued: ++stats_.frames_queued; return true;
        case Admit::dropped_full: ++stats_.frames_dropped_full; return false;
        case Admit::too_large: ++stats_.frames_too_large; return false;
    }
    return false;
}

void TcpLink::update_rto() {
    rto_ = std::clamp(rtt_.srtt() + 4 * rtt_.var(), cfg_.tcp_min_rto, cfg_.tcp_max_rto);
}

std::uint64_t TcpLink::send_allowance() const {
    const auto window = static_cast<std::uint64_t>(std::floor(cwnd_));
    const bool limited_transmit = !recovery_ && acked_ >= rto_recover_ && dupacks_ < kDupAckThreshold;
    return window + (limited_transmit ? dupacks_ : 0);
}

void TcpLink::retransmit_first() {
    if (!inflight_.empty()) retransmit_pending_ = true;
}

void TcpLink::on_ack(Time now, const LinkHeader& h, bool ack_only) {
    if (h.cum_ack >= next_seq_ || h.recv_high >= next_seq_) {
        ++stats_.acks_bad;
        return;
    }
    if (h.recv_high > acked_) {
        const Sent& s = inflight_[static_cast<std::size_t>(h.recv_high - acked_ - 1)];
        const Duration rtt = now - s.sent_at - static_cast<Duration>(h.echo_delay_us);
        if (!s.retransmitted && rtt > 0) {
            rtt_.sample(rtt);
            update_rto();
        }
    }
    if (h.cum_ack > acked_) {
        const auto newly = static_cast<double>(h.cum_ack - acked_);
        while (acked_ < h.cum_ack) {
            inflight_.pop_front();
            ++acked_;
        }
        dupacks_ = 0;
        retries_ = 0;
        if (recovery_) {
            if (acked_ >= recover_) {
                // RFC 6582 3.2 step 3 option 1: a full ack may leave little in flight; a
                // window of ssthresh would then leave in one burst, so start just above
                // what is still outstanding and let the acks clock the rest out.
                recovery_ = false;
                cwnd_ = std::min(ssthresh_, static_cast<double>(std::max<std::uint64_t>(flight(), 1)) + 1.0);
            } else {
                // NewReno (RFC 6582): a partial ack reveals the next hole; deflate the
                // window by what it acknowledged, so recovery does not keep sending new data.
                retransmit_first();
                cwnd_ = std::max(1.0, cwnd_ - newly + 1.0);
            }
        } else if (acked_ < rto_recover_) {
            // After a timeout every outstanding segment is suspect: resend the next one
            // with each ack while the window grows again from one (slow start).
            retransmit_first();
            cwnd_ += 1.0;
        } else if (cwnd_ < ssthresh_) {
            // Slow start grows by at most one segment per ack (RFC 5681 3.1), not by what
            // the ack covers: a cumulative ack that fills a hole covers many segments, and
            // growing by all of them would release a burst into the bottleneck's buffer.
            cwnd_ += std::min(newly, 1.0);
        } else {
            cwnd_ += newly / cwnd_;  // congestion avoidance: one segment per window
        }
        cwnd_ = std::min(cwnd_, static_cast<double>(cfg_.window_segments));
        rto_deadline_ = inflight_.empty() ? kNever : now + rto_;
        return;
    }
    if (!ack_only || inflight_.empty() || h.cum_ack != acked_) return;
    ++dupacks_;
    // Limited transmit (RFC 3042): the first two duplicate acks each let one new segment
    // out (poll_transmit allows flight up to cwnd + dupacks), so a small window still
    // produces the three duplicate acks fast retransmit needs instead of waiting for a
    // timeout.
    if (recovery_) {
        cwnd_ += 1.0;  // each duplicate ack means a segment left the network
    } else if (dupacks_ == kDupAckThreshold && acked_ >= rto_recover_) {
        // (No fast retransmit while resending after a timeout: duplicate acks are expected
        // then, from segments that did arrive the first time.)
        ssthresh_ = std::max(static_cast<double>(flight()) / 2.0, 2.0);
        cwnd_ = ssthresh_ + kDupAckThreshold;
        recovery_ = true;
        recover_ = next_seq_ - 1;
        retransmit_first();
    }
}

void TcpLink::on_receive(Time now, std::span<const std::byte> body, std::vector<Bytes>& runs) {
    ++stats_.datagrams_received;
    if (!decode_link_frame_into(body, rx_view_)) {
        ++stats_.malformed;
        return;
    }
    const LinkFrameView& f = rx_view_;
    const LinkHeader& h = f.header;
    if (h.session != peer_session_) {
        if (peer_session_ != 0) ++stats_.session_resets;
        peer_session_ = h.session;
        fresh_ = true;
        held_.clear();
        parts_.clear();
    }
    if (h.peer_session == session_) on_ack(now, h, f.segments.empty());
    if (fresh_) {
        fresh_ = false;
        win_.reset(h.send_low - 1);
        delivered_ = h.send_low - 1;
    } else if (h.send_low > win_.cum() + 1) {
        win_.skip_below(h.send_low);
    }
    for (const SegmentView& s : f.segments) on_segment(now, s, runs);
    // In order only: hand up everything now contiguous, nothing beyond a hole.
    while (!held_.empty() && held_.begin()->first <= win_.cum()) {
        auto it = held_.begin();
        if (it->first > delivered_) deliver(now, it->second.first, it->second.second, runs);
        delivered_ = std::max(delivered_, it->first);
        held_.erase(it);
    }
    delivered_ = std::max(delivered_, win_.cum());
}

void TcpLink::on_segment(Time now, const SegmentView& s, std::vector<Bytes>& runs) {
    (void)runs;
    ack_now_ = true;  // every data segment is acknowledged at once (duplicates too)
    switch (win_.classify(s.seq)) {
        case ReceiveWindow::Verdict::duplicate: ++stats_.duplicates; return;
        case ReceiveWindow::Verdict::out_of_window: ++stats_.out_of_window; return;
        case ReceiveWindow::Verdict::fresh: break;
    }
    ++stats_.segments_received;
    win_.mark(now, s.seq);
    held_.emplace(s.seq, std::make_pair(s.kind, Bytes(s.body.begin(), s.body.end())));
}

void TcpLink::deliver(Time now, SegmentKind kind, const Bytes& body, std::vector<Bytes>& runs) {
    if (is_frame_run(kind)) {
        runs.push_back(body);
        return;
    }
    const auto frag = decode_fragment(body);
    if (!frag) {
        ++stats_.malformed;
        return;
    }
    Bytes whole;
    switch (parts_.add(now, *frag, whole)) {
        case Reassembly::Outcome::complete:
            ++stats_.reassembled;
            runs.push_back(std::move(whole));
            break;
        case Reassembly::Outcome::rejected: ++stats_.reassembly_rejected; break;
        default: break;
    }
}

std::optional<Bytes> TcpLink::poll_transmit(Time now) {
    if (failed_) return std::nullopt;
    std::vector<SegmentOut> segs;
    if (retransmit_pending_ && !inflight_.empty()) {
        retransmit_pending_ = false;
        Sent& s = inflight_.front();
        s.retransmitted = true;
        segs.push_back(SegmentOut{acked_ + 1, s.kind, s.body});
        ++stats_.retransmits;
    } else if (!queue_.empty() && flight() < send_allowance() && flight() < cfg_.window_segments) {
        auto seg = queue_.pop(segment_body_max(cfg_));
        if (seg) {
            inflight_.push_back(Sent{seg->kind, std::move(seg->body), now, false});
            segs.push_back(SegmentOut{next_seq_, inflight_.back().kind, inflight_.back().body});
            ++next_seq_;
            ++stats_.segments_sent;
        }
    }
    if (segs.empty() && !ack_now_) return std::nullopt;
    if (!segs.empty() && rto_deadline_ == kNever) rto_deadline_ = now + rto_;

    LinkHeader h;
    h.session = session_;
    h.peer_session = peer_session_;
    h.send_low = acked_ + 1;
    h.sent_high = next_seq_ - 1;
    h.cum_ack = win_.cum();
    h.recv_high = win_.high();
    const Duration echo = win_.high() > 0 ? now - win_.high_at() : 0;
    h.echo_delay_us = static_cast<std::uint32_t>(
        std::clamp<Duration>(echo, 0, std::numeric_limits<std::uint32_t>::max()));
    Bytes out = encode_link_frame(h, {}, segs);
    ack_now_ = false;
    if (segs.empty()) ++stats_.ack_only_sent;
    ++stats_.datagrams_sent;
    stats_.bytes_sent += out.size();
    return out;
}

Time TcpLink::next_deadline() const {
    if (failed_) return kNever;
    Time t = rto_deadline_;
    t = std::min(t, parts_.next_deadline());
    return t;
}

void TcpLink::on_timeout(Time now) {
    if (failed_) return;
    parts_.expire(now);
    if (rto_deadline_ > now) return;
    rto_deadline_ = kNever;
    if (inflight_.empty()) return;
    if (++retries_ > cfg_.tcp_max_retries) {
        failed_ = true;
        stats_.failed_unanswered = 1;
        return;
    }
    ssthresh_ = std::max(static_cast<double>(flight()) / 2.0, 2.0);
    cwnd_ = 1.0;
    dupacks_ = 0;
    recovery_ = false;
    rto_recover_ = next_seq_ - 1;
    rto_ = std::min(2 * rto_, cfg_.tcp_max_rto);
    retransmit_first();
    rto_deadline_ = now + rto_;
}

}  // namespace gocast

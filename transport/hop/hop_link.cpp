#include "transport/hop/hop_link.hpp"

#include <algorithm>

#include "transport/packet.hpp"

namespace gocast {

HopLink::HopLink(const HopConfig& cfg, std::uint32_t session)
    : cfg_(cfg), session_(session == 0 ? 1 : session), tx_(cfg), rx_(cfg), reg_(cfg) {}

Duration HopLink::nack_retry() const {
    return std::max(cfg_.nack_retry_min, tx_.rtt().srtt() + tx_.rtt().srtt() / 4);
}

bool HopLink::send(FrameType type, std::span<const std::byte> body) { return admit(type, body, false); }

bool HopLink::send_lazy(FrameType type, std::span<const std::byte> body) { return admit(type, body, true); }

bool HopLink::admit(FrameType type, std::span<const std::byte> body, bool lazy) {
    switch (tx_.push(type, body, lazy)) {
        case Admit::queued: ++stats_.frames_queued; return true;
        case Admit::dropped_full: ++stats_.frames_dropped_full; return false;
        case Admit::too_large: ++stats_.frames_too_large; return false;
    }
    return false;
}

std::size_t HopLink::loose_room() const {
    // The unsequenced segment shares a datagram with the header and a NACK list; half the
    // payload keeps room for both and for data.
    return cfg_.max_datagram_payload / 2;
}

bool HopLink::send_superseded(FrameType type, std::span<const std::byte> body) {
    const std::size_t need = kFrameOverheadMax + body.size();
    if (need > loose_room()) return send(type, body);  // too big to travel loose
    if (loose_bytes_ + need > loose_room()) {
        // Several superseding frames before one datagram left: the link is stalled or
        // closing; the newest is refused, as a full send queue would.
        ++stats_.frames_dropped_full;
        return false;
    }
    append_frame(loose_pending_, type, body);
    loose_.push_back(LooseFrame{type, loose_pending_.size() - body.size(), body.size()});
    loose_bytes_ += need;
    return true;
}

void HopLink::place_loose_frames(Time now) {
    if (loose_.empty()) return;
    if (!last_sequenced_ || now - *last_sequenced_ >= cfg_.liveness_interval) {
        // Nothing sequenced has left for a while: send these sequenced, so that an idle link
        // is still acknowledged or probed, and a one-way failure found.
        // Their ack may ride on the neighbour's next beacon.
        for (const LooseFrame& f : loose_)
            send_lazy(f.type, std::span<const std::byte>(loose_pending_).subspan(f.offset, f.size));
    } else {
        loose_run_.swap(loose_pending_);  // the frames, framed in order, are the run
        stats_.unsequenced_sent += loose_.size();
    }
    loose_.clear();
    loose_pending_.clear();
    loose_bytes_ = 0;
}

void HopLink::on_receive(Time now, std::span<const std::byte> body, std::vector<Bytes>& runs) {
    ++stats_.datagrams_received;
    if (!decode_link_frame_into(body, rx_view_)) {
        ++stats_.malformed;
        return;
    }
    const LinkFrameView& f = rx_view_;
    if (f.header.session != peer_session_) {
        // The neighbour started a new session (or this is its first frame): its sequence
        // space starts over.
        if (peer_session_ != 0) ++stats_.session_resets;
        peer_session_ = f.header.session;
        rx_.reset();
        nacks_.clear();
    }
    // Acks and NACKs speak of our segments only when they name our current session.
    if (f.header.peer_session == session_) {
        tx_.on_ack(now, f.header, reg_, stats_);
        tx_.on_nacks(now, f.nacks, reg_, stats_);
    }
    rx_.on_frame(now, f, runs, stats_);
}

std::optional<Bytes> HopLink::poll_transmit(Time now) {
    Bytes out;
    if (!poll_transmit_into(now, out)) return std::nullopt;
    return out;
}

bool HopLink::poll_transmit_into(Time now, Bytes& out) {
    if (failed_) return false;
    bool data = tx_.has_work();
    // The common answer - nothing to send - without building anything.
    if (!data && nacks_.empty() && loose_.empty() && !rx_.ack_due(now) && !rx_.nacks_due(now))
        return false;
    place_loose_frames(now);
    data = tx_.has_work();
    reg_.tick(now, tx_.rtt().srtt());
    const bool paced_ok = data && reg_.can_send(now);
    if (data && !paced_ok) reg_.note_limited();
    if (nacks_.empty() && rx_.nacks_due(now)) nacks_ = rx_.take_nacks(now, nack_retry(), cfg_.max_nack_entries);
    // Loose frames leave at once, unpaced: a beacon per second is no load, and a beacon held
    // behind a paced queue would report a stale tree.
    const bool control = !nacks_.empty() || rx_.ack_due(now) || !loose_run_.empty();
    if (!paced_ok && !control) return false;

    LinkHeader h;
    h.session = session_;
    h.peer_session = peer_session_;
    tx_.fill_header(h);
    rx_.fill_ack(now, h);
    // The header's send_low/sent_high must cover the segments we add: they are filled
    // again below once fill() has assigned new sequence numbers.
    std::size_t budget = cfg_.max_datagram_payload;
    const std::size_t fixed = kLinkHeaderMaxBytes + 4;  // header bound + both list counts
    budget = budget > fixed ? budget - fixed : 0;

    std::vector<SegmentOut>& segs = segs_;
    segs.clear();
    if (!loose_run_.empty()) {
        segs.push_back(SegmentOut{0, SegmentKind::unsequenced, loose_run_});
        const std::size_t used = segment_size(0, loose_run_.size());
        budget = budget > used ? budget - used : 0;
    }
    std::size_t n = 0;
    std::size_t nack_bytes = 0;
    while (n < nacks_.size()) {
        const std::uint64_t prev = n == 0 ? 0 : nacks_[n - 1];
        const std::size_t more = varint_size(nacks_[n] - prev);
        if (nack_bytes + more > budget) break;
        nack_bytes += more;
        ++n;
    }
    budget -= nack_bytes;
    const std::span<const std::uint64_t> sent_nacks(nacks_.data(), n);

    std::size_t fresh = 0;
    if (paced_ok) fresh = tx_.fill(now, budget, segs, stats_);
    if (segs.empty() && sent_nacks.empty() && !rx_.ack_due(now)) return false;
    tx_.fill_header(h);

    const std::size_t start = out.size();
    encode_link_frame_into(out, h, sent_nacks, segs);
    const std::size_t size = out.size() - start;
    loose_run_.clear();
    if (fresh > 0) last_sequenced_ = now;
    stats_.nacks_sent += n;
    nacks_.erase(nacks_.begin(), nacks_.begin() + static_cast<std::ptrdiff_t>(n));
    if (segs.empty() && n == 0) ++stats_.ack_only_sent;
    reg_.on_sent(now, size, fresh > 0);
    rx_.on_ack_sent();
    ++stats_.datagrams_sent;
    stats_.bytes_sent += size;
    return true;
}

Time HopLink::next_deadline() const {
    if (failed_) return kNever;
    Time t = std::min(tx_.next_deadline(), rx_.next_deadline());
    if (!nacks_.empty() || !loose_.empty()) t = std::min(t, Time{0});
    if (tx_.has_work()) t = std::min(t, reg_.next_send_time());
    return t;
}

void HopLink::on_timeout(Time now) {
    if (failed_) return;
    // A gap NACKed max_nacks times, or max_nacks tail probes, all unanswered: the
    // neighbour no longer hears us or no longer sends. Checked before NACKing again.
    if (rx_.exhausted(now)) {
        failed_ = true;
        stats_.failed_unfilled_gap = 1;
        return;
    }
    if (tx_.exhausted()) {
        failed_ = true;
        stats_.failed_unanswered = 1;
        return;
    }
    rx_.expire(now);
    tx_.on_timeout(now);
    if (tx_.exhausted()) {
        failed_ = true;
        stats_.failed_unanswered = 1;
    }
}

}  // namespace gocast

#include "transport/hop/hop_link.hpp"

#include <algorithm>

namespace gocast {

HopLink::HopLink(const HopConfig& cfg, std::uint32_t session)
    : cfg_(cfg), session_(session == 0 ? 1 : session), tx_(cfg), rx_(cfg), reg_(cfg) {}

Duration HopLink::nack_retry() const {
    return std::max(cfg_.nack_retry_min, tx_.rtt().srtt() + tx_.rtt().srtt() / 4);
}

bool HopLink::send(FrameType type, std::span<const std::byte> body) {
    switch (tx_.push(type, body)) {
        case Admit::queued: ++stats_.frames_queued; return true;
        case Admit::dropped_full: ++stats_.frames_dropped_full; return false;
        case Admit::too_large: ++stats_.frames_too_large; return false;
    }
    return false;
}

void HopLink::on_receive(Time now, std::span<const std::byte> body, std::vector<Bytes>& runs) {
    ++stats_.datagrams_received;
    const auto f = decode_link_frame(body);
    if (!f) {
        ++stats_.malformed;
        return;
    }
    if (f->header.session != peer_session_) {
        // The neighbour started a new session (or this is its first frame): its sequence
        // space starts over.
        if (peer_session_ != 0) ++stats_.session_resets;
        peer_session_ = f->header.session;
        rx_.reset();
        nacks_.clear();
    }
    // Acks and NACKs speak of our segments only when they name our current session.
    if (f->header.peer_session == session_) {
        tx_.on_ack(now, f->header, reg_, stats_);
        tx_.on_nacks(now, f->nacks, reg_, stats_);
    }
    rx_.on_frame(now, *f, runs, stats_);
}

std::optional<Bytes> HopLink::poll_transmit(Time now) {
    if (failed_) return std::nullopt;
    reg_.tick(now, tx_.rtt().srtt());
    const bool data = tx_.has_work();
    const bool paced_ok = data && reg_.can_send(now);
    if (data && !paced_ok) reg_.note_limited();
    if (nacks_.empty()) nacks_ = rx_.take_nacks(now, nack_retry(), cfg_.max_nack_entries);
    const bool control = !nacks_.empty() || rx_.ack_due(now);
    if (!paced_ok && !control) return std::nullopt;

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
    const std::vector<std::uint64_t> sent_nacks(nacks_.begin(), nacks_.begin() + static_cast<std::ptrdiff_t>(n));
    nacks_.erase(nacks_.begin(), nacks_.begin() + static_cast<std::ptrdiff_t>(n));

    std::vector<SegmentOut> segs;
    std::size_t fresh = 0;
    if (paced_ok) fresh = tx_.fill(now, budget, segs, stats_);
    if (segs.empty() && sent_nacks.empty() && !rx_.ack_due(now)) return std::nullopt;
    tx_.fill_header(h);

    Bytes out = encode_link_frame(h, sent_nacks, segs);
    reg_.on_sent(now, out.size(), fresh > 0);
    rx_.on_ack_sent();
    stats_.nacks_sent += sent_nacks.size();
    ++stats_.datagrams_sent;
    stats_.bytes_sent += out.size();
    return out;
}

Time HopLink::next_deadline() const {
    if (failed_) return kNever;
    Time t = std::min(tx_.next_deadline(), rx_.next_deadline());
    if (!nacks_.empty()) t = std::min(t, Time{0});
    if (tx_.has_work()) t = std::min(t, reg_.next_send_time());
    return t;
}

void HopLink::on_timeout(Time now) {
    if (failed_) return;
    // A gap NACKed max_nacks times, or max_nacks tail probes, all unanswered: the
    // neighbour no longer hears us or no longer sends. Checked before NACKing again.
    if (rx_.exhausted(now) || tx_.exhausted()) {
        failed_ = true;
        return;
    }
    rx_.expire(now);
    tx_.on_timeout(now);
    if (tx_.exhausted()) failed_ = true;
}

}  // namespace gocast

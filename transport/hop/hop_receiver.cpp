#include "transport/hop/hop_receiver.hpp"

#include <algorithm>
#include <limits>

namespace gocast {

// --- ReceiveWindow ---

ReceiveWindow::Verdict ReceiveWindow::classify(std::uint64_t seq) const {
    if (seq <= cum_) return Verdict::duplicate;
    if (seq > limit()) return Verdict::out_of_window;
    return received(seq) ? Verdict::duplicate : Verdict::fresh;
}

bool ReceiveWindow::received(std::uint64_t seq) const {
    if (seq <= cum_) return true;
    const std::uint64_t i = seq - cum_ - 1;
    return i < bits_.size() && bits_[i] != 0;
}

bool ReceiveWindow::mark(Time now, std::uint64_t seq) {
    const std::size_t i = static_cast<std::size_t>(seq - cum_ - 1);
    if (bits_.size() <= i) bits_.resize(i + 1, 0);
    bits_[i] = 1;
    const bool newest = seq > high_;
    if (newest) {
        high_ = seq;
        high_at_ = now;
    }
    advance();
    return newest;
}

void ReceiveWindow::skip_below(std::uint64_t low) {
    if (low <= cum_ + 1) return;
    // In one step: a hostile peer can name any send_low up to 2^64 - 1.
    const std::uint64_t skip = low - 1 - cum_;
    if (skip >= bits_.size())
        bits_.clear();
    else
        bits_.erase(bits_.begin(), bits_.begin() + static_cast<std::ptrdiff_t>(skip));
    cum_ = low - 1;
    // Our acks state cum_ack <= recv_high: the skipped span counts as arrived.
    high_ = std::max(high_, cum_);
    advance();
}

void ReceiveWindow::reset(std::uint64_t cum) {
    cum_ = cum;
    high_ = cum;
    high_at_ = 0;
    bits_.clear();
}

void ReceiveWindow::advance() {
    while (!bits_.empty() && bits_.front() != 0) {
        bits_.pop_front();
        ++cum_;
    }
}

// --- HopReceiver ---

void HopReceiver::reset() {
    fresh_ = true;
    win_.reset(0);
    known_high_ = 0;
    gaps_.clear();
    parts_.clear();
    ack_pending_ = false;
    ack_due_ = kNever;
    unacked_ = 0;
}

void HopReceiver::on_frame(Time now, const LinkFrameView& f, std::vector<Bytes>& runs, LinkStats& stats) {
    const LinkHeader& h = f.header;
    if (fresh_) {
        // First frame of this session: the stream starts at what the sender still holds.
        fresh_ = false;
        win_.reset(h.send_low - 1);
        known_high_ = h.send_low - 1;
    } else if (h.send_low > win_.cum() + 1) {
        // The sender freed segments we never got: only a broken or hostile peer does that.
        // Move on rather than NACK what can never come (that would fail the link).
        win_.skip_below(h.send_low);
    }
    gaps_.forget_through(win_.cum());
    for (const SegmentView& s : f.segments) on_segment(now, s, runs, stats);
    learn_high(now, h.sent_high);
}

void HopReceiver::on_segment(Time now, const SegmentView& s, std::vector<Bytes>& runs, LinkStats& stats) {
    if (s.kind == SegmentKind::unsequenced) {
        ++stats.unsequenced_received;  // nothing to acknowledge or recover
        runs.emplace_back(s.body.begin(), s.body.end());
        return;
    }
    switch (win_.classify(s.seq)) {
        case ReceiveWindow::Verdict::duplicate:
            ++stats.duplicates;
            want_ack(now, cfg_.ack_delay);
            return;
        case ReceiveWindow::Verdict::out_of_window:
            ++stats.out_of_window;
            return;
        case ReceiveWindow::Verdict::fresh: break;
    }
    learn_high(now, s.seq - 1);
    win_.mark(now, s.seq);
    if (s.seq > known_high_) known_high_ = s.seq;
    gaps_.fill(s.seq);
    gaps_.forget_through(win_.cum());
    ++stats.segments_received;
    ++unacked_;
    const Duration wait = s.kind == SegmentKind::lazy_frames ? cfg_.lazy_ack_delay : cfg_.ack_delay;
    want_ack(now, unacked_ >= cfg_.ack_every ? 0 : wait);
    // Hand up at once, whatever is still missing before it.
    if (is_frame_run(s.kind)) {
        runs.emplace_back(s.body.begin(), s.body.end());
        return;
    }
    const auto frag = decode_fragment(s.body);
    if (!frag) {
        ++stats.malformed;
        return;
    }
    Bytes whole;
    switch (parts_.add(now, *frag, whole)) {
        case Reassembly::Outcome::complete:
            ++stats.reassembled;
            runs.push_back(std::move(whole));
            break;
        case Reassembly::Outcome::rejected: ++stats.reassembly_rejected; break;
        case Reassembly::Outcome::partial:
        case Reassembly::Outcome::duplicate: break;
    }
}

void HopReceiver::learn_high(Time now, std::uint64_t seq) {
    // Every seq between what we knew and `seq` that has not arrived is a gap.
    const std::uint64_t top = std::min(seq, win_.limit());
    for (std::uint64_t g = std::max(known_high_, win_.cum()) + 1; g <= top; ++g)
        if (!win_.received(g)) gaps_.add(now, g);
    known_high_ = std::max(known_high_, top);
}

void HopReceiver::want_ack(Time now, Duration within) {
    ack_due_ = ack_pending_ ? std::min(ack_due_, now + within) : now + within;
    ack_pending_ = true;
}

void HopReceiver::fill_ack(Time now, LinkHeader& h) const {
    h.cum_ack = win_.cum();
    h.recv_high = win_.high();
    const Duration echo = win_.high() > 0 ? now - win_.high_at() : 0;
    h.echo_delay_us = static_cast<std::uint32_t>(
        std::clamp<Duration>(echo, 0, std::numeric_limits<std::uint32_t>::max()));
}

void HopReceiver::on_ack_sent() {
    ack_pending_ = false;
    ack_due_ = kNever;
    unacked_ = 0;
}

Time HopReceiver::next_deadline() const {
    Time t = ack_pending_ ? ack_due_ : kNever;
    t = std::min(t, gaps_.next_deadline());
    return std::min(t, parts_.next_deadline());
}

}  // namespace gocast

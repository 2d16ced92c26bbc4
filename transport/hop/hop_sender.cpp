#include "transport/hop/hop_sender.hpp"

#include <algorithm>

namespace gocast {

void RttEstimate::sample(Duration rtt) {
    rtt = std::max<Duration>(1, rtt);
    if (!measured_) {
        srtt_ = rtt;
        var_ = rtt / 2;
        measured_ = true;
        return;
    }
    const Duration err = rtt > srtt_ ? rtt - srtt_ : srtt_ - rtt;
    var_ += (err - var_) / 4;
    srtt_ += (rtt - srtt_) / 8;
}

HopSender::Sent* HopSender::find(std::uint64_t seq) {
    if (seq <= acked_ || seq >= next_seq_) return nullptr;
    return &inflight_[static_cast<std::size_t>(seq - acked_ - 1)];
}

Duration HopSender::probe_interval() const {
    // The first probe goes just after the ack should have come back (2 srtt plus the
    // receiver's ack delay): at one message a second every data segment is a tail, so this is
    // what repairs most losses. Each unanswered probe doubles the wait, up to probe_max, so a
    // short outage does not use up max_nacks probes at once. While every unacknowledged
    // segment is lazy the first probe waits for the lazy ack; later ones need not, since
    // the receiver acks a duplicate at once and the first probe has made the tail one.
    const Duration rtt2 = 2 * rtt_.srtt();
    const bool lazy = prompt_inflight_ == 0;
    if (lazy && probes_unanswered_ == 0) return std::max(cfg_.probe_min, rtt2 + cfg_.lazy_ack_delay);
    Duration d = std::max(cfg_.probe_min, rtt2 + cfg_.ack_delay);
    const Duration cap = std::max(d, cfg_.probe_max);
    const std::uint32_t doublings = lazy ? probes_unanswered_ - 1 : probes_unanswered_;
    for (std::uint32_t i = 0; i < doublings && d < cap; ++i) d *= 2;
    return std::min(d, cap);
}

void HopSender::on_ack(Time now, const LinkHeader& h, RateRegulator& reg, LinkStats& stats) {
    if (h.cum_ack >= next_seq_ || h.recv_high >= next_seq_) {
        ++stats.acks_bad;  // acknowledges what we never sent
        return;
    }
    // RTT from the newest arrival, less the time the receiver held its answer (Karn: never
    // from a retransmitted segment, whose arrival could be either copy).
    if (const Sent* s = find(h.recv_high); s && !s->retransmitted) {
        const Duration rtt = now - s->sent_at - static_cast<Duration>(h.echo_delay_us);
        if (rtt > 0) {
            rtt_.sample(rtt);
            reg.on_rtt_sample(now, rtt);
            min_sample_ = std::min(min_sample_, rtt);
        }
    }
    if (h.cum_ack <= acked_) return;
    while (acked_ < h.cum_ack) {
        if (inflight_.front().kind != SegmentKind::lazy_frames) --prompt_inflight_;
        inflight_.pop_front();
        ++acked_;
    }
    std::erase_if(retx_, [&](std::uint64_t seq) { return seq <= acked_; });
    probes_unanswered_ = 0;
    next_probe_ = inflight_.empty() ? kNever : now + probe_interval();
}

void HopSender::on_nacks(Time now, std::span<const std::uint64_t> nacks, RateRegulator& reg, LinkStats& stats) {
    std::uint64_t first_reports = 0;
    for (const std::uint64_t seq : nacks) {
        if (seq >= next_seq_) {
            ++stats.nacks_bad;
            continue;
        }
        Sent* s = find(seq);
        if (!s) {
            ++stats.nacks_stale;
            continue;
        }
        ++stats.nacks_received;
        if (!s->nacked) {
            s->nacked = true;
            ++first_reports;
        }
        // A copy sent within half an RTT may still be on its way; the receiver NACKs again
        // after its retry interval if it is lost too.
        if (s->retransmitted && now - s->last_sent < rtt_.srtt() / 2) continue;
        queue_retransmit(seq, *s);
    }
    // The peer is answering: it is alive, even if our acks do not advance yet.
    if (!nacks.empty()) probes_unanswered_ = 0;
    reg.on_missing(first_reports);
}

void HopSender::queue_retransmit(std::uint64_t seq, Sent& s) {
    if (s.queued) return;
    s.queued = true;
    retx_.push_back(seq);
}

bool HopSender::has_work() const {
    return !retx_.empty() || (!queue_.empty() && inflight_.size() < cfg_.window_segments);
}

std::size_t HopSender::fill(Time now, std::size_t budget, std::vector<SegmentOut>& out, LinkStats& stats) {
    std::size_t fresh = 0;
    while (!retx_.empty() && out.size() < kMaxSegmentsPerLinkFrame) {
        const std::uint64_t seq = retx_.front();
        Sent* s = find(seq);
        if (!s) {
            retx_.pop_front();
            continue;
        }
        const std::size_t need = segment_size(seq, s->body.size());
        if (need > budget) break;
        retx_.pop_front();
        s->queued = false;
        s->retransmitted = true;
        s->last_sent = now;
        out.push_back(SegmentOut{seq, s->kind, s->body});
        budget -= need;
        ++stats.retransmits;
    }
    if (!retx_.empty()) return fresh;  // finish repairs before adding new data
    while (!queue_.empty() && inflight_.size() < cfg_.window_segments && out.size() < kMaxSegmentsPerLinkFrame) {
        const std::uint64_t seq = next_seq_;
        const std::size_t overhead = segment_size(seq, budget) - budget;
        if (budget <= overhead) break;
        auto seg = queue_.pop(budget - overhead);
        if (!seg) break;
        budget -= segment_size(seq, seg->body.size());
        const bool prompt = seg->kind != SegmentKind::lazy_frames;
        const bool was_empty = inflight_.empty();
        const bool was_lazy = prompt_inflight_ == 0;
        if (prompt) ++prompt_inflight_;
        // The probe deadline follows the most urgent unacknowledged segment.
        if (was_empty)
            next_probe_ = now + probe_interval();
        else if (prompt && was_lazy)
            next_probe_ = std::min(next_probe_, now + probe_interval());
        inflight_.push_back(Sent{seg->kind, std::move(seg->body), now, now, false, false, false});
        ++next_seq_;
        out.push_back(SegmentOut{seq, inflight_.back().kind, inflight_.back().body});
        ++fresh;
        ++stats.segments_sent;
    }
    return fresh;
}

void HopSender::on_timeout(Time now) {
    if (inflight_.empty() || next_probe_ > now) return;
    // Tail-loss probe: send the newest unacknowledged segment again. If it arrives, the
    // receiver acks (and learns of any earlier gap from the header); if nothing answers
    // max_nacks probes in a row, the neighbour is gone.
    ++probes_unanswered_;
    const std::uint64_t seq = next_seq_ - 1;
    queue_retransmit(seq, *find(seq));
    next_probe_ = now + probe_interval();
}

Time HopSender::next_deadline() const { return inflight_.empty() ? kNever : next_probe_; }

}  // namespace gocast

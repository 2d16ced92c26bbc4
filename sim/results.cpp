#include "sim/results.hpp"

#include <algorithm>
#include <cmath>

namespace gocast::sim {

namespace {

double to_ms(Duration d) {
    return static_cast<double>(d) / static_cast<double>(kMillisecond);
}

struct PerMessage {
    std::uint32_t count = 0;
    double delay_sum = 0.0;
    double delay_max = 0.0;
    double direct_sum = 0.0;
};

}  // namespace

std::vector<MessageResult> message_results(const Metrics& metrics,
                                           const std::vector<PeerLife>& lives) {
    const auto& records = metrics.messages();
    std::vector<PerMessage> acc(records.size());
    for (const DeliveryRecord& d : metrics.deliveries()) {
        PerMessage& a = acc[d.msg];
        const double delay = to_ms(d.at - records[d.msg].published);
        ++a.count;
        a.delay_sum += delay;
        a.delay_max = std::max(a.delay_max, delay);
        a.direct_sum += to_ms(d.direct);
    }
    std::vector<MessageResult> out;
    out.reserve(records.size());
    for (const MessageRecord& m : records) {
        MessageResult r;
        r.seq = m.seq;
        r.origin = m.origin;
        r.published = m.published;
        r.live_at_publish = m.live_at_publish;
        const PerMessage& a = acc[m.seq];
        r.delivered = a.count;
        for (std::size_t p = 0; p < lives.size(); ++p) {
            if (p == m.origin || !lives[p].running_at(m.published) || !lives[p].alive_now()) {
                continue;
            }
            ++r.expected;
            if (m.delivered_at[p]) ++r.delivered_expected;
        }
        r.missing = r.expected - r.delivered_expected;
        if (a.count > 0) {
            r.mean_delay_ms = a.delay_sum / a.count;
            r.max_delay_ms = a.delay_max;
            r.mean_direct_ms = a.direct_sum / a.count;
        }
        out.push_back(r);
    }
    return out;
}

DeliveryTally tally(const std::vector<MessageResult>& messages, Time from) {
    DeliveryTally t;
    for (const MessageResult& m : messages) {
        if (m.published < from) continue;
        ++t.messages;
        t.expected += m.expected;
        t.made += m.delivered_expected;
        if (m.missing == 0) ++t.complete_messages;
    }
    return t;
}

double percentile_sorted(const std::vector<double>& sorted, double p) {
    if (sorted.empty()) return kNoData;
    const double rank = std::ceil(p * static_cast<double>(sorted.size()));
    const auto idx = static_cast<std::size_t>(std::max(1.0, rank)) - 1;
    return sorted[std::min(idx, sorted.size() - 1)];
}

DelayStats delay_stats(const std::vector<DeliveryRecord>& deliveries,
                       const std::vector<MessageRecord>& messages) {
    DelayStats s;
    s.count = deliveries.size();
    if (deliveries.empty()) return s;
    std::vector<double> delays;
    delays.reserve(deliveries.size());
    double delay_sum = 0.0, direct_sum = 0.0, ratio_sum = 0.0;
    std::size_t ratios = 0;
    for (const DeliveryRecord& d : deliveries) {
        const double delay = to_ms(d.at - messages[d.msg].published);
        const double direct = to_ms(d.direct);
        delays.push_back(delay);
        delay_sum += delay;
        direct_sum += direct;
        if (d.direct > 0) {
            ratio_sum += delay / direct;
            ++ratios;
        }
    }
    std::sort(delays.begin(), delays.end());
    const auto n = static_cast<double>(deliveries.size());
    s.mean_ms = delay_sum / n;
    s.p50_ms = percentile_sorted(delays, 0.50);
    s.p90_ms = percentile_sorted(delays, 0.90);
    s.p99_ms = percentile_sorted(delays, 0.99);
    s.max_ms = delays.back();
    s.mean_direct_ms = direct_sum / n;
    if (direct_sum > 0.0) s.stretch_of_means = delay_sum / direct_sum;
    if (ratios > 0) s.mean_stretch = ratio_sum / static_cast<double>(ratios);
    return s;
}

void traffic_rates(Results& r, const std::vector<PeerLife>& lives,
                   const std::vector<Counters>& counters, Time now) {
    double pf = 0.0, cf = 0.0, pb = 0.0, cb = 0.0;
    std::size_t n = 0;
    for (std::size_t p = 0; p < lives.size() && p < counters.size(); ++p) {
        if (lives[p].started == kNever) continue;
        const Time until = std::min(lives[p].killed, now);
        if (until <= lives[p].started) continue;
        const double seconds =
            static_cast<double>(until - lives[p].started) / static_cast<double>(kSecond);
        const Counters& c = counters[p];
        pf += static_cast<double>(c.payload_frames_sent) / seconds;
        cf += static_cast<double>(c.control_frames_sent) / seconds;
        pb += static_cast<double>(c.payload_bytes_sent) / seconds;
        cb += static_cast<double>(c.control_bytes_sent) / seconds;
        ++n;
    }
    if (n == 0) return;
    const auto d = static_cast<double>(n);
    r.payload_frames_per_node_s = pf / d;
    r.control_frames_per_node_s = cf / d;
    r.payload_bytes_per_node_s = pb / d;
    r.control_bytes_per_node_s = cb / d;
}

}  // namespace gocast::sim

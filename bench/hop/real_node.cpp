#include "bench/hop/real_node.hpp"

#include <algorithm>
#include <cstring>

#include "transport/packet.hpp"

namespace gocast::bench {

namespace {
// The source tops its queues up this often when saturating, as LinkWorld's source does.
constexpr Duration kSaturateTick = kMillisecond;
constexpr int kSaturateBatch = 64;
}  // namespace

RealNode::RealNode(const RealNodeSpec& spec) : spec_(spec) {
    Rng rng(spec.seed * 1000003 + static_cast<std::uint64_t>(spec.index));
    for (const int n : spec.neighbours) {
        const auto session = static_cast<std::uint32_t>(rng.below(0xfffffffe) + 1);
        peers_.push_back(Peer{n, make_neighbor_link(spec.kind, spec.link, session),
                              LinkShaper(spec.shaper, rng.next())});
    }
    if (spec.index == 0) next_app_ = spec.start;
}

RealNode::Peer* RealNode::find(int node) {
    for (Peer& p : peers_)
        if (p.node == node) return &p;
    return nullptr;
}

void RealNode::pump(Peer& p, Time now) {
    while (auto d = p.link->poll_transmit(now)) p.shaper.push(now, std::move(*d));
}

void RealNode::forward(int except, Time now, std::span<const std::byte> body) {
    for (Peer& p : peers_) {
        if (p.node == except) continue;
        if (!p.link->send(FrameType::data, body)) ++relay_drops_;
        pump(p, now);
    }
}

void RealNode::on_datagram(Time now, int from, std::span<const std::byte> bytes) {
    Peer* p = find(from);
    if (p == nullptr) return;
    std::vector<Bytes> runs;
    p->link->on_receive(now, bytes, runs);
    for (const Bytes& run : runs) {
        const auto view = decode_frame_run(NodeId{1}, run);
        if (!view) continue;
        for_each_frame(*view, [&](const FrameView& f) {
            if (f.type != static_cast<std::uint8_t>(FrameType::data) || f.body.size() < 16) return;
            ++handed_up_;
            std::uint64_t id = 0, sent = 0;
            std::memcpy(&id, f.body.data(), 8);
            std::memcpy(&sent, f.body.data() + 8, 8);
            if (!seen_.insert(id).second) {
                ++duplicates_;
                return;
            }
            deliveries_.push_back(RealDelivery{id, static_cast<Time>(sent), now});
            forward(from, now, f.body);
        });
    }
    pump(*p, now);
}

bool RealNode::offer(Time now) {
    Bytes body(spec_.message_bytes, std::byte{0x5a});
    const std::uint64_t id = published_;
    const auto sent = static_cast<std::uint64_t>(now);
    std::memcpy(body.data(), &id, 8);
    std::memcpy(body.data() + 8, &sent, 8);
    bool all = true;
    for (Peer& p : peers_) all = p.link->send(FrameType::data, body) && all;
    ++published_;
    for (Peer& p : peers_) pump(p, now);
    return all;
}

void RealNode::on_timeout(Time now) {
    for (Peer& p : peers_) {
        if (p.link->next_deadline() <= now) p.link->on_timeout(now);
        pump(p, now);
    }
    if (now < next_app_) return;
    const bool limited = spec_.messages > 0;
    auto more = [&] { return now < spec_.stop && (!limited || published_ < spec_.messages); };
    if (spec_.rate > 0) {
        // Catch up on publications a late wake-up missed, so the offered rate holds.
        const auto tick = static_cast<Duration>(1e6 / spec_.rate);
        while (next_app_ <= now && more()) {
            offer(now);
            next_app_ += tick;
        }
    } else {
        for (int i = 0; i < kSaturateBatch && more() && offer(now); ++i) {
        }
        next_app_ = now + kSaturateTick;
    }
    if (!more()) next_app_ = kNever;
}

Time RealNode::next_deadline() const {
    Time t = next_app_;
    for (const Peer& p : peers_) t = std::min({t, p.link->next_deadline(), p.shaper.next_due()});
    return t;
}

std::optional<std::pair<int, Bytes>> RealNode::poll_send(Time now) {
    for (Peer& p : peers_)
        if (auto d = p.shaper.pop_due(now)) return std::make_pair(p.node, std::move(*d));
    return std::nullopt;
}

LinkStats RealNode::link_stats() const {
    LinkStats t;
    for (const Peer& p : peers_) accumulate(t, p.link->stats());
    return t;
}

ShaperStats RealNode::shaper_stats() const {
    ShaperStats t;
    for (const Peer& p : peers_) {
        t.passed += p.shaper.stats().passed;
        t.dropped_loss += p.shaper.stats().dropped_loss;
        t.dropped_full += p.shaper.stats().dropped_full;
    }
    return t;
}

}  // namespace gocast::bench

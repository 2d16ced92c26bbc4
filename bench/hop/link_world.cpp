#include "bench/hop/link_world.hpp"

#include <algorithm>
#include <cstring>

#include "transport/packet.hpp"

namespace gocast::bench {

void LinkWorld::add_edge(int parent, int child, const std::vector<ChannelSpec>& path) {
    const auto session = [&] { return static_cast<std::uint32_t>(rng_.below(0xfffffffe) + 1); };
    const int a = static_cast<int>(ends_.size());
    const int b = a + 1;
    End pa, cb;
    pa.node = parent;
    pa.peer_end = b;
    cb.node = child;
    cb.peer_end = a;
    for (const ChannelSpec& c : path) {
        pa.path.push_back(static_cast<int>(channels_.size()));
        channels_.push_back(Channel{c, 0});
        cb.path.push_back(static_cast<int>(channels_.size()));
        channels_.push_back(Channel{c, 0});
    }
    pa.link = make_neighbor_link(kind_, cfg_, session());
    cb.link = make_neighbor_link(kind_, cfg_, session());
    ends_.push_back(std::move(pa));
    ends_.push_back(std::move(cb));
    children_[static_cast<std::size_t>(parent)].push_back(a);
}

void LinkWorld::pump(int e, Time now) {
    End& end = ends_[static_cast<std::size_t>(e)];
    while (auto d = end.link->poll_transmit(now)) {
        const std::size_t wire = d->size() + kWireOverhead;
        Time t = now;
        bool lost = false;
        for (const int c : end.path) {
            Channel& ch = channels_[static_cast<std::size_t>(c)];
            // Bytes still queued at the channel when this datagram arrives at it.
            const double queued = std::max(0.0, static_cast<double>(ch.free_at - t)) * ch.spec.capacity / 1e6;
            if (queued + static_cast<double>(wire) > static_cast<double>(ch.spec.buffer)) {
                lost = true;  // drop-tail
                break;
            }
            const Time start = std::max(t, ch.free_at);
            ch.free_at = start + static_cast<Duration>(static_cast<double>(wire) * 1e6 / ch.spec.capacity);
            t = ch.free_at + ch.spec.delay;
            if (ch.spec.loss > 0.0 && rng_.chance(ch.spec.loss)) {
                lost = true;
                break;
            }
        }
        if (!lost) arrivals_.push(Arrival{t, arrival_seq_++, end.peer_end, std::move(*d)});
    }
}

void LinkWorld::forward(int node, int except_end, Time now, std::span<const std::byte> body) {
    for (const int e : children_[static_cast<std::size_t>(node)]) {
        if (e == except_end) continue;
        if (!ends_[static_cast<std::size_t>(e)].link->send(FrameType::data, body)) ++relay_drops_;
        pump(e, now);
    }
}

void LinkWorld::on_runs(int e, Time now, const std::vector<Bytes>& runs) {
    const int node = ends_[static_cast<std::size_t>(e)].node;
    for (const Bytes& run : runs) {
        const auto view = decode_frame_run(NodeId{1}, run);
        if (!view) continue;
        for_each_frame(*view, [&](const FrameView& f) {
            if (f.body.size() < 16) return;
            std::uint64_t id = 0, sent = 0;
            std::memcpy(&id, f.body.data(), 8);
            std::memcpy(&sent, f.body.data() + 8, 8);
            if (!seen_[static_cast<std::size_t>(node)].insert(id).second) return;
            deliveries_.push_back(Delivery{id, node, static_cast<Time>(sent), now});
            forward(node, e, now, f.body);
        });
    }
}

bool LinkWorld::offer(Time now) {
    Bytes body(msg_bytes_, std::byte{0x5a});
    const std::uint64_t id = published_;
    const auto sent = static_cast<std::uint64_t>(now);
    std::memcpy(body.data(), &id, 8);
    std::memcpy(body.data() + 8, &sent, 8);
    bool all = true;
    for (const int e : children_[0]) all = ends_[static_cast<std::size_t>(e)].link->send(FrameType::data, body) && all;
    ++published_;
    for (const int e : children_[0]) pump(e, now);
    return all;
}

void LinkWorld::run(double rate, Duration duration) {
    seen_.assign(children_.size(), {});
    const Duration tick = rate > 0.0 ? static_cast<Duration>(1e6 / rate) : kMillisecond;
    Time next_app = 0;
    Time now = 0;
    int stuck = 0;
    while (now <= duration) {
        Time next = next_app;
        if (!arrivals_.empty()) next = std::min(next, arrivals_.top().at);
        for (const End& end : ends_) next = std::min(next, end.link->next_deadline());
        // A deadline that stays due without anything to do would spin: step past it.
        stuck = next <= now ? stuck + 1 : 0;
        if (stuck > 100) next = now + 1;
        now = std::max(now, next);
        if (now > duration) break;
        if (now >= next_app) {
            if (rate > 0.0) {
                offer(now);
            } else {
                // Saturate: keep the source's queues full; stop at the first refusal.
                for (int i = 0; i < 64 && offer(now); ++i) {
                }
            }
            next_app += tick;
        }
        while (!arrivals_.empty() && arrivals_.top().at <= now) {
            Arrival a = arrivals_.top();
            arrivals_.pop();
            std::vector<Bytes> runs;
            ends_[static_cast<std::size_t>(a.end)].link->on_receive(now, a.bytes, runs);
            on_runs(a.end, now, runs);
            pump(a.end, now);
        }
        for (std::size_t e = 0; e < ends_.size(); ++e) {
            if (ends_[e].link->next_deadline() <= now) ends_[e].link->on_timeout(now);
            pump(static_cast<int>(e), now);
        }
    }
}

LinkStats LinkWorld::total_stats() const {
    LinkStats t;
    for (const End& e : ends_) accumulate(t, e.link->stats());
    return t;
}

}  // namespace gocast::bench

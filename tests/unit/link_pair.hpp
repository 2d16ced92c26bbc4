#pragma once
// Two ends of a neighbour link in virtual time, for the link state machine tests: each
// datagram takes `delay`, and a test-supplied filter may drop, duplicate or delay it. No
// sleeps: time jumps from one event (arrival or link deadline) to the next.

#include <algorithm>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "transport/hop/hop_frames.hpp"
#include "transport/hop/neighbor_link.hpp"
#include "transport/packet.hpp"

namespace gocast::test {

struct Wire {
    int from = 0;          // 0 = a -> b, 1 = b -> a
    std::uint64_t index;   // datagrams sent so far in that direction, from 0
    const Bytes* bytes;
};

// What happens to one datagram: how many copies arrive and after how much extra delay.
struct Fate {
    int copies = 1;
    Duration extra = 0;
};

class LinkPair {
public:
    LinkPair(std::unique_ptr<NeighborLink> a, std::unique_ptr<NeighborLink> b, Duration delay)
        : delay_(delay) {
        ends_[0] = std::move(a);
        ends_[1] = std::move(b);
    }

    NeighborLink& a() { return *ends_[0]; }
    NeighborLink& b() { return *ends_[1]; }
    NeighborLink& end(int i) { return *ends_[i]; }
    Time now() const { return now_; }
    std::function<Fate(const Wire&)> filter;

    // Frame bodies handed up at each end, in hand-up order, and when.
    std::vector<std::pair<Time, Bytes>> got[2];
    std::uint64_t sent_datagrams[2] = {0, 0};

    // Sends whatever the ends have to send now.
    void pump() {
        for (int i = 0; i < 2; ++i) {
            while (auto d = ends_[i]->poll_transmit(now_)) {
                const Wire w{i, sent_datagrams[i]++, &*d};
                const Fate f = filter ? filter(w) : Fate{};
                for (int c = 0; c < f.copies; ++c)
                    in_flight_.emplace(std::make_tuple(now_ + delay_ + f.extra, seq_++), std::make_pair(1 - i, *d));
            }
        }
    }

    // Runs events until `until` (or until nothing is left to do).
    void run_until(Time until) {
        pump();
        for (;;) {
            Time next = std::min(ends_[0]->next_deadline(), ends_[1]->next_deadline());
            if (!in_flight_.empty()) next = std::min(next, std::get<0>(in_flight_.begin()->first));
            if (next == kNever || next > until) break;
            now_ = std::max(now_, next);
            while (!in_flight_.empty() && std::get<0>(in_flight_.begin()->first) <= now_) {
                auto node = in_flight_.extract(in_flight_.begin());
                const int to = node.mapped().first;
                std::vector<Bytes> runs;
                ends_[to]->on_receive(now_, node.mapped().second, runs);
                for (const Bytes& r : runs) collect(to, r);
            }
            for (int i = 0; i < 2; ++i)
                if (ends_[i]->next_deadline() <= now_) ends_[i]->on_timeout(now_);
            pump();
            if (ends_[0]->failed() && ends_[1]->failed()) break;
        }
    }
    void advance(Time t) {
        run_until(t);
        now_ = std::max(now_, t);
    }

    // Bodies received at end i, as strings, in hand-up order.
    std::vector<std::string> bodies(int i) const {
        std::vector<std::string> out;
        for (const auto& [t, b] : got[i]) out.emplace_back(reinterpret_cast<const char*>(b.data()), b.size());
        return out;
    }

private:
    void collect(int to, const Bytes& run) {
        const auto view = decode_frame_run(NodeId{1}, run);
        if (!view) {
            ++bad_runs;
            return;
        }
        for_each_frame(*view, [&](const FrameView& f) { got[to].emplace_back(now_, Bytes(f.body.begin(), f.body.end())); });
    }

public:
    std::uint64_t bad_runs = 0;

private:
    std::unique_ptr<NeighborLink> ends_[2];
    Duration delay_;
    Time now_ = 0;
    std::uint64_t seq_ = 0;
    std::map<std::tuple<Time, std::uint64_t>, std::pair<int, Bytes>> in_flight_;
};

inline Bytes text(const std::string& s) {
    Bytes b(s.size());
    std::transform(s.begin(), s.end(), b.begin(), [](char c) { return static_cast<std::byte>(c); });
    return b;
}

// Segment seqs carried by a link frame (empty when it does not decode).
inline std::vector<std::uint64_t> segment_seqs(const Bytes& frame) {
    std::vector<std::uint64_t> out;
    if (auto f = decode_link_frame(frame))
        for (const auto& s : f->segments) out.push_back(s.seq);
    return out;
}

}  // namespace gocast::test

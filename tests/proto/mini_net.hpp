#pragma once
// A few real Nodes in virtual time with a fixed latency function: the proto test tier.
// No sockets and no sleeps; the same inputs always give the same run.

#include <functional>
#include <map>
#include <memory>
#include <queue>
#include <set>
#include <vector>

#include "peer/node.hpp"
#include "transport/packet.hpp"
#include "transport/rng.hpp"

namespace gocast::testing {

class MiniNet {
public:
    using Latency = std::function<Duration(std::size_t, std::size_t)>;

    MiniNet(std::size_t n, const Config& cfg, Latency one_way, std::uint64_t seed = 7)
        : one_way_(std::move(one_way)) {
        for (std::size_t i = 0; i < n; ++i) {
            nodes_.push_back(std::make_unique<Node>(cfg, NodeId{1000 + i}, seed * 7919 + i));
            alive_.push_back(true);
            delivered_.emplace_back();
        }
    }

    static Endpoint address(std::size_t i) {
        return Endpoint{(127u << 24) | static_cast<std::uint32_t>(i + 1), 7000};
    }
    Node& node(std::size_t i) { return *nodes_[i]; }
    std::size_t size() const { return nodes_.size(); }
    Time now() const { return now_; }
    bool alive(std::size_t i) const { return alive_[i]; }

    // Starts node i with node 0 (or nobody, for node 0) as seed.
    void start(std::size_t i) {
        std::vector<Endpoint> seeds;
        if (i != 0) seeds.push_back(address(0));
        nodes_[i]->handle_start(now_, seeds);
        after_input(i);
    }
    void start_all(Duration stagger = 10 * kMillisecond) {
        for (std::size_t i = 0; i < size(); ++i) {
            start(i);
            run_for(stagger);
        }
    }
    void kill(std::size_t i) { alive_[i] = false; }
    void leave(std::size_t i) {
        nodes_[i]->handle_leave(now_);
        after_input(i);
        alive_[i] = false;
    }
    void inject(std::size_t to, Endpoint from, Bytes bytes) {
        nodes_[to]->handle_datagram(now_, from, bytes);
        after_input(to);
    }
    MsgId publish(std::size_t i, std::string_view topic = "t", std::size_t payload_bytes = 32) {
        Bytes payload(payload_bytes, std::byte{0x5a});
        auto id = nodes_[i]->publish(now_, topic, payload);
        after_input(i);
        return *id;
    }

    std::optional<SurveyId> start_survey(std::size_t i, SurveyKind kind, MsgId message = {},
                                         std::uint32_t max_entries = UINT32_MAX) {
        auto id = nodes_[i]->start_survey(now_, kind, message, max_entries);
        after_input(i);
        return id;
    }

    void run_for(Duration d) { run_until(now_ + d); }
    void run_until(Time end) {
        while (!queue_.empty() && queue_.top().at <= end) {
            Item it = queue_.top();
            queue_.pop();
            now_ = it.at;
            if (!alive_[it.node]) continue;
            if (it.is_timer) {
                if (it.generation != timer_gen_[it.node]) continue;
                ++wakeups_[it.node];
                nodes_[it.node]->handle_timeout(now_);
            } else {
                nodes_[it.node]->handle_datagram(now_, address(it.from), packets_[it.packet]);
                packets_.erase(it.packet);
            }
            after_input(it.node);
        }
        now_ = end;
    }

    // How many times node i delivered message `id` (exactly-once means 1).
    int deliveries(std::size_t i, const MsgId& id) const {
        auto it = delivered_[i].find(id);
        return it == delivered_[i].end() ? 0 : it->second;
    }
    std::vector<Event>& events(std::size_t i) { return events_[i]; }
    // How many times node i was woken by its own timer (handle_timeout calls).
    std::uint64_t wakeups(std::size_t i) const {
        auto it = wakeups_.find(i);
        return it == wakeups_.end() ? 0 : it->second;
    }
    double drop_probability = 0.0;
    // Drops the datagrams it returns true for (from, to, bytes); unset = none.
    std::function<bool(std::size_t, std::size_t, const Bytes&)> drop_if;

private:
    struct Item {
        Time at;
        std::uint64_t seq;
        std::size_t node;
        bool is_timer;
        std::uint64_t generation;
        std::size_t from;
        std::uint64_t packet;
        bool operator>(const Item& o) const { return at != o.at ? at > o.at : seq > o.seq; }
    };

    void after_input(std::size_t i) {
        Node& n = *nodes_[i];
        while (auto t = n.poll_transmit()) {
            const std::size_t to = (t->to.ip & 0xffffff) - 1;
            if (to >= size()) continue;
            if (drop_probability > 0 && rng_.chance(drop_probability)) continue;
            if (drop_if && drop_if(i, to, t->bytes)) continue;
            const std::uint64_t key = next_packet_++;
            packets_[key] = std::move(t->bytes);
            queue_.push(Item{now_ + one_way_(i, to), seq_++, to, false, 0, i, key});
        }
        while (auto e = n.poll_event()) {
            if (auto* d = std::get_if<Delivered>(&*e)) ++delivered_[i][d->message.id];
            events_[i].push_back(std::move(*e));
        }
        if (auto t = n.poll_timeout()) {
            if (*t != timer_at_[i]) {
                timer_at_[i] = *t;
                queue_.push(Item{std::max(*t, now_), seq_++, i, true, ++timer_gen_[i], 0, 0});
            }
        }
    }

    Latency one_way_;
    std::vector<std::unique_ptr<Node>> nodes_;
    std::vector<bool> alive_;
    std::vector<std::map<MsgId, int>> delivered_;
    std::map<std::size_t, std::vector<Event>> events_;
    std::map<std::size_t, std::uint64_t> timer_gen_;
    std::map<std::size_t, Time> timer_at_;
    std::map<std::size_t, std::uint64_t> wakeups_;
    std::priority_queue<Item, std::vector<Item>, std::greater<Item>> queue_;
    std::map<std::uint64_t, Bytes> packets_;
    std::uint64_t next_packet_ = 0;
    std::uint64_t seq_ = 0;
    Time now_ = 0;
    Rng rng_{99};
};

// Two clusters of nodes (even and odd indices): 2 ms one way inside a cluster, 40 ms
// between clusters.
inline Duration two_clusters(std::size_t a, std::size_t b) {
    return (a % 2 == b % 2) ? 2 * kMillisecond : 40 * kMillisecond;
}

// Counts into `*count` the frames of `type` that node `from` sends (drops nothing). Replaces
// any earlier drop_if.
inline void count_frames_sent(MiniNet& net, std::size_t from, FrameType type, std::uint64_t* count) {
    net.drop_if = [from, type, count](std::size_t sender, std::size_t, const Bytes& b) {
        if (sender != from) return false;
        const DecodeResult d = decode_packet(b);
        if (d.packet)
            for_each_frame(*d.packet, [&](const FrameView& f) {
                if (f.type == static_cast<std::uint8_t>(type)) ++*count;
            });
        return false;
    };
}

// Every alive node's parent chain reaches one common root without a cycle.
inline bool tree_spans(MiniNet& net) {
    std::map<NodeId, std::size_t> index;
    for (std::size_t i = 0; i < net.size(); ++i) if (net.alive(i)) index[net.node(i).id()] = i;
    std::optional<NodeId> root;
    for (std::size_t i = 0; i < net.size(); ++i) {
        if (!net.alive(i)) continue;
        std::set<NodeId> seen;
        std::size_t cur = i;
        while (true) {
            const Snapshot s = net.node(cur).snapshot();
            if (!seen.insert(s.id).second) return false;  // cycle
            if (!s.parent) {
                if (s.root != s.id) return false;  // detached
                if (root && *root != s.id) return false;  // two roots
                root = s.id;
                break;
            }
            auto it = index.find(*s.parent);
            if (it == index.end()) return false;  // parent dead
            cur = it->second;
        }
    }
    return true;
}

}  // namespace gocast::testing

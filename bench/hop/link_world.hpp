#pragma once
// A small deterministic network for link-level experiments: nodes joined by directed
// channels with a propagation delay, a capacity (bytes/s), a drop-tail buffer and random
// loss; neighbour links (HopLink or TcpLink) at both ends of each overlay edge; a message
// application on top (one source, relays that forward on first receipt, receivers that
// record delay). Routers (end-to-end mode) forward datagrams along a path of channels with
// no link-level processing. Same seed, same numbers.

#include <cstdint>
#include <memory>
#include <optional>
#include <queue>
#include <set>
#include <vector>

#include "bench/hop/link_experiment.hpp"
#include "transport/hop/neighbor_link.hpp"
#include "transport/rng.hpp"

namespace gocast::bench {

struct ChannelSpec {
    Duration delay = 10 * kMillisecond;  // one-way propagation
    double capacity = 1.25e6;            // bytes per second (10 Mbit/s)
    std::size_t buffer = 64 * 1024;      // drop-tail queue, bytes
    double loss = 0.0;                   // independent random loss
};

struct Delivery {
    std::uint64_t msg = 0;
    int node = 0;
    Time sent = 0;
    Time at = 0;
};

class LinkWorld {
public:
    LinkWorld(LinkTransport kind, const HopConfig& cfg, std::uint64_t seed)
        : kind_(kind), cfg_(cfg), rng_(seed) {}

    int add_node() {
        children_.emplace_back();
        return static_cast<int>(children_.size()) - 1;
    }
    // An overlay edge parent -> child made of `path` channels each way (1 = a direct link;
    // more = routers in between). Returns the index of the parent's end.
    void add_edge(int parent, int child, const std::vector<ChannelSpec>& path);

    // Application: message size in bytes (>= 16).
    void set_message_bytes(std::size_t n) { msg_bytes_ = n; }
    // Source at node 0. rate > 0: that many messages per second; rate == 0: saturate
    // (offer messages every millisecond until the first link refuses one).
    void run(double rate, Duration duration);

    const std::vector<Delivery>& deliveries() const { return deliveries_; }
    std::uint64_t published() const { return published_; }
    std::uint64_t relay_drops() const { return relay_drops_; }
    LinkStats total_stats() const;
    int nodes() const { return static_cast<int>(children_.size()); }

private:
    struct End {
        int node = 0;
        int peer_end = 0;
        std::vector<int> path;  // channels to the peer
        std::unique_ptr<NeighborLink> link;
    };
    struct Channel {
        ChannelSpec spec;
        Time free_at = 0;
    };
    struct Arrival {
        Time at;
        std::uint64_t seq;
        int end;
        Bytes bytes;
        bool operator>(const Arrival& o) const { return at != o.at ? at > o.at : seq > o.seq; }
    };

    void pump(int end, Time now);
    void on_runs(int end, Time now, const std::vector<Bytes>& runs);
    void forward(int node, int except_end, Time now, std::span<const std::byte> body);
    bool offer(Time now);

    LinkTransport kind_;
    HopConfig cfg_;
    Rng rng_;
    std::vector<std::vector<int>> children_;  // node -> ends it sends on (its child edges)
    std::vector<End> ends_;
    std::vector<Channel> channels_;
    std::priority_queue<Arrival, std::vector<Arrival>, std::greater<>> arrivals_;
    std::uint64_t arrival_seq_ = 0;
    std::vector<std::set<std::uint64_t>> seen_;
    std::vector<Delivery> deliveries_;
    std::size_t msg_bytes_ = 1024;
    std::uint64_t published_ = 0;
    std::uint64_t relay_drops_ = 0;
};

}  // namespace gocast::bench

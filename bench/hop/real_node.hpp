#pragma once
// One node of a real-process link experiment (gocast-link-real), without sockets or
// clocks: a neighbour link (Hop or TCP-like) and a LinkShaper per neighbour, and the same
// message application as LinkWorld (node 0 publishes, relays forward on first receipt,
// receivers record each message's delay). The process that owns it moves datagrams
// between it and a UDP socket and passes the time in.

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <vector>

#include "bench/hop/link_shaper.hpp"
#include "transport/hop/neighbor_link.hpp"

namespace gocast::bench {

struct RealNodeSpec {
    int index = 0;                // node 0 is the source
    std::vector<int> neighbours;  // node indices
    LinkTransport kind = LinkTransport::hop;
    HopConfig link;
    ShaperSpec shaper;
    std::size_t message_bytes = 1024;  // >= 16: id and send time
    double rate = 0;             // source messages per second; 0 = keep the links' queues full
    std::uint64_t messages = 0;  // source stops after this many; 0 = no limit
    Time start = 0;              // the source publishes in [start, stop)
    Time stop = 0;
    std::uint64_t seed = 1;
};

struct RealDelivery {
    std::uint64_t msg = 0;
    Time sent = 0;
    Time at = 0;
};

class RealNode {
  public:
    explicit RealNode(const RealNodeSpec& spec);

    // One datagram from neighbour `from` (a node index; others are ignored).
    void on_datagram(Time now, int from, std::span<const std::byte> bytes);
    void on_timeout(Time now);
    // Earliest time on_timeout() or poll_send() has work.
    Time next_deadline() const;
    // A datagram whose emulated link delay is over: (neighbour, bytes). Call until nothing.
    std::optional<std::pair<int, Bytes>> poll_send(Time now);

    const std::vector<RealDelivery>& deliveries() const { return deliveries_; }
    std::uint64_t published() const { return published_; }
    std::uint64_t handed_up() const { return handed_up_; }      // data frames, duplicates too
    std::uint64_t duplicates() const { return duplicates_; }    // data frames seen before
    std::uint64_t relay_drops() const { return relay_drops_; }  // refused by a full link
    LinkStats link_stats() const;
    ShaperStats shaper_stats() const;

  private:
    struct Peer {
        int node = 0;
        std::unique_ptr<NeighborLink> link;
        LinkShaper shaper;
    };
    Peer* find(int node);
    void pump(Peer& p, Time now);
    void forward(int except, Time now, std::span<const std::byte> body);
    bool offer(Time now);

    RealNodeSpec spec_;
    std::vector<Peer> peers_;
    Time next_app_ = kNever;
    std::set<std::uint64_t> seen_;
    std::vector<RealDelivery> deliveries_;
    std::uint64_t published_ = 0;
    std::uint64_t handed_up_ = 0;
    std::uint64_t duplicates_ = 0;
    std::uint64_t relay_drops_ = 0;
};

}  // namespace gocast::bench

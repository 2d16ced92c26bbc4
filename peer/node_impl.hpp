#pragma once
// Internal state of Node, shared by node.cpp (API, timers, snapshot), node_overlay.cpp
// (membership, probing, links, tree frames) and node_dissemination.cpp (data, gossip).

#include <deque>
#include <map>
#include <memory>

#include "dissemination/delivery.hpp"
#include "dissemination/dissemination_frames.hpp"
#include "dissemination/gossip.hpp"
#include "dissemination/recent_log.hpp"
#include "dissemination/store.hpp"
#include "overlay/links.hpp"
#include "overlay/membership.hpp"
#include "overlay/probe.hpp"
#include "overlay/tree.hpp"
#include "peer/neighbor_link_set.hpp"
#include "peer/node.hpp"
#include "peer/survey.hpp"
#include "peer/timer_table.hpp"
#include "transport/fifo.hpp"
#include "transport/hop/neighbor_link.hpp"
#include "transport/outbox.hpp"
#include "transport/packet.hpp"

namespace gocast {

struct Node::Impl {
    Impl(const Config& c, NodeId self, std::uint64_t seed);

    // --- sending ---
    void send(const Endpoint& to, FrameType type, const Bytes& body);
    void send_to_neighbor(NodeId id, FrameType type, const Bytes& body);
    // Encodes `frame` into the reused scratch buffer and queues it: the frames sent most
    // often cost no allocation of their own (they are copied into the packet anyway).
    template <typename F>
    void send_frame(const Endpoint& to, FrameType type, const F& frame) {
        scratch.clear();
        encode_into(scratch, frame);
        outbox.send(to, type, scratch);
    }
    template <typename F>
    void send_frame_to_neighbor(NodeId id, FrameType type, const F& frame) {
        scratch.clear();
        encode_into(scratch, frame);
        send_to_neighbor(id, type, scratch);
    }
    BeaconFrame beacon_frame() const;  // our tree state and degrees
    // Our beacon, encoded once, to each neighbour for which `wanted(neighbour)` holds.
    template <typename Pred>
    void send_beacon_to(Pred&& wanted) {
        bool encoded = false;
        for (const auto& n : links.neighbors()) {
            if (!wanted(n)) continue;
            if (!encoded) {
                scratch.clear();
                encode_into(scratch, beacon_frame());
                encoded = true;
            }
            send_to_neighbor(n.id, FrameType::beacon, scratch);
        }
    }
    // Our beacon to every neighbour (`all`), to those the tree wants to hear every sequence
    // (`tree`), and to each of `answers`; encoded once.
    void send_beacons(BeaconRelay relay, const std::vector<NodeId>& answers);
    // A beacon to each neighbour whose link sent nothing for a heartbeat interval.
    void send_heartbeats(Time now);
    void flush();

    // Counts and refuses a frame body that did not decode, or a link-scoped frame from a
    // peer that is not (or no longer) our neighbour.
    template <typename T>
    bool admit_from_neighbor(const std::optional<T>& frame, NodeId from) {
        if (!frame) {
            ++counters.dropped_malformed;
            return false;
        }
        if (!links.find(from)) {
            ++counters.dropped_not_neighbor;
            return false;
        }
        return true;
    }

    // --- neighbour links (node_links.cpp) ---
    // Hands one accepted frame to its handler (packet frames and frames from link runs).
    void dispatch_frame(Time now, NodeId sender, const Endpoint& from, const FrameView& f, bool via_link);
    void on_link_frame_body(Time now, NodeId sender, const Endpoint& from, FrameType type,
                            std::span<const std::byte> body);
    void open_neighbor_link(NodeId id);
    // Answers link frames from a peer that is not our neighbour with link_close(not_linked).
    void tell_not_linked(Time now, NodeId peer, const Endpoint& addr);
    void close_neighbor_link(NodeId id);
    void flush_neighbor_links(Time now);
    void run_link_timers(Time now);
    Time next_link_deadline() const;
    void add_link_counters(Counters& c) const;

    // --- overlay frames (node_overlay.cpp) ---
    void on_join_request(Time now, NodeId from, const Endpoint& addr, std::span<const std::byte> body);
    void on_entries(Time now, NodeId from, const Endpoint& addr, FrameType type, std::span<const std::byte> body);
    void on_ping(Time now, NodeId from, const Endpoint& addr, std::span<const std::byte> body);
    void on_pong(Time now, NodeId from, const Endpoint& addr, std::span<const std::byte> body);
    void on_link_frame(Time now, NodeId from, const Endpoint& addr, FrameType type, std::span<const std::byte> body);
    void on_beacon(Time now, NodeId from, std::span<const std::byte> body);
    void on_leave(Time now, NodeId from);
    void apply_link_changes(Time now);
    void apply_tree_changes();
    void ping(Time now, NodeId id, const Endpoint& addr, PingPurpose purpose);
    // The neighbour-ping round: each neighbour's RTT from its link's own samples, or a ping
    // where the link measured none; and one nearby neighbour in turn asked for suggestions.
    void measure_neighbors(Time now);
    void shuffle(Time now);
    // An RTT measured to `peer` (pong or shuffle reply): a neighbour's smoothed RTT, or a
    // candidate's entry in the RTT cache.
    void on_measured_rtt(NodeId peer, Duration rtt, Time now);
    void sample_centrality(Time now);
    void probe_candidate(Time now);
    void send_join_requests();
    Duration link_cost(NodeId id) const;

    // --- dissemination (node_dissemination.cpp) ---
    void on_data(Time now, NodeId from, std::span<const std::byte> body);
    void on_summary(Time now, NodeId from, std::span<const std::byte> body);
    void on_pull(Time now, NodeId from, std::span<const std::byte> body);
    void accept_message(Time now, std::shared_ptr<const Message> msg, NodeId from, ArrivalPath path,
                        std::uint16_t hops);
    void push_on_tree(const Bytes& body, std::vector<NodeId>& skip);
    void push_on_all_links(const Bytes& body, std::vector<NodeId>& skip);
    void push_to_random_members(Time now, const Message& msg, NodeId from, std::uint16_t hops);
    void push_round(Time now);
    void send_summary(Time now);
    // Arms the gossip round timer if ids wait and it is not running (it stops when idle).
    void arm_gossip(Time now);
    void retry_pulls(Time now);
    void count_gossip(const Bytes& body);
    void emit_deliveries(std::vector<Arrival> ready);

    // --- surveys (node_survey.cpp) ---
    SurveyEntry survey_entry(Time now, SurveyKind kind, const MsgId& message) const;
    std::vector<SurveyTarget> survey_targets() const;
    void on_survey_request(Time now, NodeId from, std::span<const std::byte> body);
    void on_survey_reply(Time now, NodeId from, const Endpoint& addr, std::span<const std::byte> body);
    void send_survey(std::vector<SurveySend>& out);

    // --- timers (node.cpp) ---
    void run_timers(Time now);
    Duration jittered(Duration base);
    // Periodic chores that need no precision of their own (shuffles, probes, housekeeping)
    // ride on the maintenance tick when their interval is at least the tick's: one wake-up
    // per tick instead of one per chore. Shorter intervals keep a timer of their own.
    void schedule_chore(TimerKind kind, Time at, Duration interval);
    // Due now, or (on a maintenance tick) due before the middle of the next tick.
    bool chore_due(TimerKind kind, Time now, bool tick) const;

    Config cfg;
    NodeId self;
    Rng rng;
    bool started = false;
    bool left = false;
    bool joined = false;
    // Touched by every input: kept next to the flags above, in the same cache lines.
    Time last_now = 0;
    Counters counters;
    std::vector<Endpoint> seeds;
    Duration join_backoff = 0;

    Membership membership;
    PingTracker pings;
    RttCache rtt_cache;
    CentralityEstimator centrality;
    std::deque<MemberEntry> candidates;  // suggested by neighbours, not yet measured
    std::size_t suggestion_turn = 0;     // measure_neighbors' round-robin position
    // The shuffle waiting for its reply: the reply's round trip is a free RTT sample to a
    // uniform member, which is what a centrality sample is.
    struct PendingShuffle {
        NodeId to;
        Time sent_at = 0;
    };
    std::optional<PendingShuffle> pending_shuffle;
    Links links;
    Tree tree;
    MessageStore store;
    Gossip gossip;
    Delivery delivery;
    std::uint64_t next_msg_seq = 1;
    // Push-gossip baseline in rounds: messages first received since the last round, each
    // with the peer it came from and its hop count.
    struct RoundPush {
        std::shared_ptr<const Message> message;
        NodeId from;
        std::uint16_t hops;
    };
    std::vector<RoundPush> round_pushes;
    RecentLog recent;
    Survey survey;

    // One link object per neighbour unless links.transport is datagram.
    NeighborLinkSet nlinks;
    std::vector<Bytes> link_runs;  // on_link_frame_body's scratch
    Bytes link_body;               // flush_neighbor_links' scratch
    std::vector<std::pair<NodeId, Time>> not_linked_told;  // tell_not_linked's memory
    LinkStats closed_link_stats;  // summed over links already closed
    std::uint64_t link_failures = 0;

    Outbox outbox;
    Bytes scratch;  // send_frame's encoding buffer, reused
    Fifo<Transmit> transmits;
    Fifo<Event> events;
    TimerTable timers;  // deadlines the node wakes up for (poll_timeout)
    TimerTable chores;  // deadlines run on a maintenance tick instead (schedule_chore)
};

}  // namespace gocast

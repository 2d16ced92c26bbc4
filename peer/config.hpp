#pragma once
// Every interval, degree and limit of the protocol (STYLE rule 7). Defaults are the wide-area
// values; lan() and for_tests() are named presets. validate() returns a list of problems in
// plain words; an empty list means the config is usable.

#include <cstdint>
#include <string>
#include <vector>

#include "transport/hop/hop_config.hpp"
#include "transport/types.hpp"

namespace gocast {

struct MembershipConfig {
    std::uint32_t view_capacity = 256;      // partial view size (DESIGN: Membership)
    Duration shuffle_interval = 2 * kSecond;
    std::uint32_t shuffle_size = 12;        // entries exchanged per shuffle
    Duration entry_ttl = 60 * kSecond;      // an entry not refreshed for this long is dropped
    Duration join_retry_initial = 1 * kSecond;
    Duration join_retry_max = 30 * kSecond;
};

struct ProbeConfig {
    // Neighbour RTT round: pings only neighbours whose link measured no RTT since the last
    // round, plus one nearby neighbour for candidate suggestions (docs/PROTOCOL.md 5.3).
    Duration neighbor_ping_interval = 5 * kSecond;
    Duration ping_timeout = 3 * kSecond;
    std::uint32_t rtt_ewma_shift = 3;       // new = old + (sample - old) / 2^shift
    Duration centrality_sample_interval = 250 * kMillisecond;  // one uniform view sample
    std::uint32_t centrality_window = 256;  // samples kept for the mean-latency estimate
    // Once the window is full: one centrality ping per this interval, on top of the sample
    // every shuffle's round trip gives (one per shuffle_interval). Together one sample a
    // second, as fresh as the estimate was with a ping per second: slower refreshing kept
    // a poorly placed root (and a tree with longer links) for minutes longer.
    Duration centrality_refresh_interval = 2 * kSecond;
    Duration candidate_probe_interval = 2 * kSecond;  // nearby candidates from neighbours
};

struct LinkConfig {
    std::uint32_t c_near = 5;   // [paper] nearby neighbours
    std::uint32_t c_rand = 1;   // [paper] random neighbours
    double near_hysteresis = 0.2;  // a candidate must be this much closer than the farthest
    Duration maintenance_interval = 1 * kSecond;
    Duration request_timeout = 3 * kSecond;
    Duration neighbor_timeout = 5 * kSecond;  // silence after which a neighbour is down
    // A neighbour whose link carried nothing from us for this long gets our beacon as a
    // heartbeat; links are checked every half interval, so a neighbour hears from us at
    // least every 1.5 intervals. Busy links (summaries, data, acks) never need one.
    Duration heartbeat_interval = 2 * kSecond;
    Duration drop_cooldown = 20 * kSecond;    // do not re-link a peer we just dropped
    // A peer that sends us link frames without being our neighbour is told so by a
    // link_close (not_linked), at most once per this interval, so its half-open link goes
    // at once instead of after its unanswered probes (seconds).
    Duration not_linked_notice_interval = 1 * kSecond;
    std::uint32_t not_linked_memory = 16;  // peers remembered for that (oldest forgotten)
    // What carries beacons, data, summaries and pulls between neighbours (transport/hop).
    // Everything else (joins, shuffles, pings, link control) is always plain datagrams.
    LinkTransport transport = LinkTransport::hop;
};

struct TreeConfig {
    // Off: no root election, no beacons with tree state, no push along a tree (beacons are
    // still sent as neighbour heartbeats). Only the gossip-only baselines turn it off.
    bool enabled = true;
    Duration beacon_interval = 1 * kSecond;   // [paper/patent] root beacon period
    std::uint32_t root_timeout_beacons = 4;   // beacons missed before the root is presumed dead
    // Every this many sequences a node's beacon goes to all its neighbours; the sequences
    // between go only to its children and to neighbours without a route (docs/PROTOCOL.md
    // 5.5). 1 = every beacon to every neighbour.
    std::uint32_t beacon_refresh = 4;
    double root_hysteresis = 0.1;  // a challenger must be this much more central
    std::uint32_t priority = 0;    // operator override: higher wins the root election
    std::uint32_t min_centrality_samples = 192;  // before this a node does not claim on score
    // A root re-states its claim with its current score (a new claim epoch) this often,
    // when the score moved by more than claim_refresh_change, so an early estimate that
    // was too optimistic does not keep it root for good.
    Duration claim_refresh_interval = 30 * kSecond;
    double claim_refresh_change = 0.03;
    Duration parent_hold = 100 * kMillisecond;  // wait this long for the parent's new beacon
    double parent_switch_margin = 0.05;  // a new parent must offer this much less distance
    Duration parent_switch_min = 500 * kMicrosecond;  // ...and at least this much
    Duration unmeasured_link_cost = 200 * kMillisecond;  // one-way cost before any RTT sample
};

// How a node forwards the full message on first receipt.
//  tree:           on every tree link except the one it came from (GoCast);
//  random_members: to `push_fanout` members drawn uniformly from the membership view,
//                  neighbours or not (classic push gossip, a baseline);
//  none:           not at all; only id gossip and pulls spread it (gossip-only baselines).
enum class PushPolicy : std::uint8_t { tree = 0, random_members = 1, none = 2 };
const char* to_string(PushPolicy p);

struct DisseminationConfig {
    PushPolicy push = PushPolicy::tree;
    std::uint32_t push_fanout = 5;  // [paper] fanout of the push-gossip baseline
    // random_members only: forward at the next gossip round (every gossip_interval) rather
    // than at once, as round-based gossip protocols do.
    bool push_in_rounds = false;
    // tree only: a node fewer than this many overlay hops from the origin (the origin is at
    // 0) pushes on every overlay link, not only its tree links; everyone else, and every
    // node receiving such a copy, goes on along the tree. Several entry points into the
    // tree cut the detour through the common ancestor at the cost of a few copies per
    // message (not per node): 0 = plain tree push (default). See docs/EXPERIMENTS.md, 7.
    std::uint32_t flood_hops = 0;
    // Summaries of received ids to neighbours and pulls of missing ones (the repair path).
    bool id_gossip = true;
    // tree only: a copy pulled from the only neighbour that had announced it (the tree did
    // not bring it, and it has not spread around us) is pushed on every overlay link, not
    // only along the tree. After a failure the tree is cut in pieces, and each piece would
    // otherwise wait for a summary and a pull (up to a gossip interval and a round trip)
    // per piece it is nested in (docs/EXPERIMENTS.md, experiment 1).
    bool push_after_pull = true;
    Duration gossip_interval = 100 * kMillisecond;  // [paper]
    // Neighbours (round-robin, those with queued ids) sent a summary per gossip round;
    // 0 = every neighbour with queued ids. The GoCast paper gossips with one neighbour per
    // round; then a subtree cut off by a failure waits up to degree x gossip_interval for
    // a summary, which made GoCast's p99 delay after a 20% failure worse than push
    // gossip's (docs/EXPERIMENTS.md, experiment 1). With 0 it waits one interval, for the
    // same number of summary frames at low message rates.
    std::uint32_t summary_fanout = 0;
    // A new neighbour is sent the ids received in this last stretch (at most
    // catch_up_max_ids): a peer whose neighbours all failed is cut off until it notices
    // (links.neighbor_timeout) and links again, and the messages spread meanwhile reach it
    // only this way - its new neighbours queue ids for it only from then on. 0 = off; ids
    // whose payload is gone (older than `retain`) are never offered.
    Duration catch_up_window = 10 * kSecond;
    std::uint32_t catch_up_max_ids = 64;
    Duration retain = 30 * kSecond;       // payloads kept for pulls
    Duration seen_ttl = 120 * kSecond;    // ids kept to suppress duplicates
    std::uint32_t store_max_messages = 100000;
    std::uint64_t store_max_bytes = 64ull << 20;
    std::uint32_t summary_max_ids = 512;
    Duration pull_retry = 400 * kMillisecond;  // ask another holder if no answer by then
    Duration fifo_gap_timeout = 5 * kSecond;  // FIFO delivery skips a gap not filled by then
    std::uint32_t max_payload_bytes = 60 * 1024;
    std::uint32_t max_topic_bytes = 255;
    // First arrivals remembered for the web UI's message list and traces (Snapshot::recent
    // and survey traces): a ring, the oldest record is overwritten.
    std::uint32_t recent_log_entries = 256;
};

// Overlay surveys (convergecast along the tree: whole-overlay topology and message traces
// for the web UI; docs/PROTOCOL.md "Surveys").
struct SurveyConfig {
    // The requester answers with whatever arrived by then (marked partial). A 1,000-peer
    // overlay on the WAN preset answers well inside it (docs/BENCHMARKS.md).
    Duration timeout = 1500 * kMillisecond;
    // Each level keeps this much of its budget back, so a child's answer reaches its parent
    // before the parent's own deadline despite processing and queueing delays.
    Duration guard = 20 * kMillisecond;
    std::uint32_t max_entries = 4096;      // peers in one answer; beyond it: partial
    std::uint32_t max_active = 4;          // surveys a node takes part in at once
    std::uint32_t results_kept = 8;        // finished results the requester keeps
    std::uint32_t remembered_queries = 64; // ids of answered surveys, to answer repeats empty
    // An answer is sent in frames of about this size; the node lowers it to leave 1024
    // bytes of headroom below transport.max_datagram_bytes.
    std::uint32_t part_bytes = 8192;
};

struct TransportConfig {
    std::uint32_t max_datagram_bytes = 65000;  // upper bound of one encoded packet
};

struct Config {
    MembershipConfig membership;
    ProbeConfig probe;
    LinkConfig links;
    TreeConfig tree;
    DisseminationConfig dissemination;
    TransportConfig transport;
    HopConfig hop;  // neighbour links: Hop and the TCP-like comparison link
    SurveyConfig survey;
    std::uint32_t site = 0;  // peers with the same non-zero site share a LAN

    static Config wan();
    static Config lan();
    static Config for_tests();

    std::vector<std::string> validate() const;

private:
    void validate_hop(std::vector<std::string>& errors) const;
};

}  // namespace gocast

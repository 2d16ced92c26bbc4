#pragma once
// The numbers a run is judged by, computed from the recorded metrics. Tests assert on these;
// the report writes them to summary.json and messages.csv.
//
// Expected deliveries of a message: every peer other than the origin that was running when
// the message was published and is still alive when the results are taken. A peer that died
// later is neither expected nor counted as missing (it may or may not have got the message).

#include <cstdint>
#include <optional>
#include <vector>

#include "peer/node_types.hpp"
#include "sim/graph_analysis.hpp"
#include "sim/metrics.hpp"
#include "sim/network_model.hpp"
#include "sim/overlay_stats.hpp"
#include "sim/tree_check.hpp"

namespace gocast::sim {

// When a peer ran: started at `started` (kNever = not yet), killed at `killed` (kNever = not).
struct PeerLife {
    Time started = kNever;
    Time killed = kNever;
    bool running_at(Time t) const { return started <= t && t < killed; }
    bool alive_now() const { return started != kNever && killed == kNever; }
};

struct MessageResult {
    std::uint32_t seq = 0;
    std::uint32_t origin = 0;
    Time published = 0;
    std::uint32_t live_at_publish = 0;
    std::uint32_t delivered = 0;           // deliveries at peers other than the origin
    std::uint32_t expected = 0;            // see the file comment
    std::uint32_t delivered_expected = 0;  // of those expected, how many delivered
    std::uint32_t missing = 0;             // expected - delivered_expected
    double mean_delay_ms = kNoData;
    double max_delay_ms = kNoData;
    double mean_direct_ms = kNoData;
};

struct DelayStats {
    std::size_t count = 0;  // deliveries at peers other than the origin
    double mean_ms = kNoData;
    double p50_ms = kNoData;
    double p90_ms = kNoData;
    double p99_ms = kNoData;
    double max_ms = kNoData;
    double mean_direct_ms = kNoData;
    double stretch_of_means = kNoData;  // mean delay / mean direct latency
    double mean_stretch = kNoData;      // mean over deliveries of delay / direct (direct > 0)
};

struct DeliveryTally {
    std::size_t messages = 0;
    std::uint64_t expected = 0;
    std::uint64_t made = 0;
    std::size_t complete_messages = 0;  // messages with nothing missing
    double ratio() const {
        return expected == 0 ? kNoData : static_cast<double>(made) / static_cast<double>(expected);
    }
};

struct Results {
    // Run
    Time end_time = 0;
    std::uint64_t events_processed = 0;
    std::uint64_t stale_timers = 0;  // timer events superseded before they fired
    NetworkCounters network;
    std::size_t peers = 0;
    std::size_t peers_started = 0;
    std::size_t peers_killed = 0;
    std::size_t live_peers = 0;

    // Messages
    std::uint64_t messages_published = 0;
    std::uint64_t publish_rejected = 0;  // Node::publish returned nothing
    std::uint64_t publish_skipped = 0;   // no live peer to publish from
    DeliveryTally all;
    std::optional<Time> fail_at;             // set when the scenario kills peers
    DeliveryTally after_failure;             // messages published after fail_at
    std::uint64_t deliveries_total = 0;      // at peers other than the origin
    std::uint64_t duplicate_deliveries = 0;  // same id delivered twice at one peer
    std::uint64_t duplicate_copies = 0;      // sum of Counters::duplicates (redundant copies)
    std::uint64_t repair_pushes = 0;         // sum of Counters::repair_pushes
    std::uint64_t unknown_deliveries = 0;
    DelayStats delay;

    // Overlay at the end
    DegreeStats degrees_end;
    std::size_t max_degree_observed = 0;  // over every sample and the end
    LinkLatency links_end;
    TreeReport tree_end;

    // Traffic: per running peer, frames (bytes) sent per second of its lifetime, averaged.
    double payload_frames_per_node_s = kNoData;
    double control_frames_per_node_s = kNoData;
    double payload_bytes_per_node_s = kNoData;
    double control_bytes_per_node_s = kNoData;

    // Redundancy: full message copies sent by all peers (pushes, pull answers, copies to
    // dead peers included) per delivery made; the ideal is 1.
    std::uint64_t payload_copies_sent = 0;
    double payload_copies_per_delivery = kNoData;

    // Datagrams over the whole run, all peers: every packet sent, and of those the
    // neighbour-link frames, how many carried only acks, segments resent, NACKed sequences.
    struct LinkTotals {
        std::uint64_t packets_sent = 0;
        std::uint64_t link_datagrams = 0;
        std::uint64_t ack_only = 0;
        std::uint64_t retransmits = 0;
        std::uint64_t nacks_sent = 0;
        std::uint64_t failures = 0;
    };
    LinkTotals link_totals;

    // Global-knowledge analyses of the final overlay, only when asked for (gocast-sim
    // --graph-analysis): they cost far more than the run's other metrics on large overlays.
    struct Graph {
        std::vector<ResiliencePoint> resilience;
        HopStats hops;
        StretchBounds stretch;
    };
    std::optional<Graph> graph;

    std::vector<MessageResult> messages;
};

std::vector<MessageResult> message_results(const Metrics& metrics,
                                           const std::vector<PeerLife>& lives);

// Sums over the messages published at or after `from`.
DeliveryTally tally(const std::vector<MessageResult>& messages, Time from = 0);

DelayStats delay_stats(const std::vector<DeliveryRecord>& deliveries,
                       const std::vector<MessageRecord>& messages);

// Nearest-rank percentile of sorted values, p in (0, 1]; NaN when empty.
double percentile_sorted(const std::vector<double>& sorted, double p);

// Fills the traffic means from per-peer counters (index = peer) at time `now`.
void traffic_rates(Results& r, const std::vector<PeerLife>& lives,
                   const std::vector<Counters>& counters, Time now);

}  // namespace gocast::sim

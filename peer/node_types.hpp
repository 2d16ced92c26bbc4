#pragma once
// Plain data crossing the Node boundary: outputs (Transmit, Event) and the Snapshot that the
// web UI, metrics and the simulator's reports read.

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "dissemination/message.hpp"
#include "dissemination/recent_log.hpp"
#include "transport/types.hpp"

namespace gocast {

struct Transmit {
    Endpoint to;
    Bytes bytes;
};

enum class LinkKind : std::uint8_t { nearby = 0, random = 1 };
const char* to_string(LinkKind k);

// How a message first reached this node.
enum class ArrivalPath : std::uint8_t { local = 0, tree = 1, pull = 2, other = 3 };
const char* to_string(ArrivalPath p);

enum class DownReason : std::uint8_t { dropped = 0, timeout = 1, left = 2, rejected = 3, link_failed = 4 };
const char* to_string(DownReason r);

struct Delivered {
    Message message;
    NodeId from;  // neighbour it came from (self when published here)
    ArrivalPath path = ArrivalPath::local;
    std::uint16_t hops = 0;  // overlay hops from the origin
};
struct NeighborUp {
    NodeId id;
    LinkKind kind;
};
struct NeighborDown {
    NodeId id;
    DownReason reason;
};
struct TreeChanged {
    NodeId root;
    std::optional<NodeId> parent;
};
using Event = std::variant<Delivered, NeighborUp, NeighborDown, TreeChanged>;

struct NeighborInfo {
    NodeId id;
    Endpoint address;
    LinkKind kind = LinkKind::nearby;
    Duration rtt = 0;  // smoothed; 0 when not yet measured
    bool is_parent = false;
    bool is_child = false;
    std::uint16_t their_near_degree = 0;  // as last advertised by the neighbour
    std::uint16_t their_rand_degree = 0;
    Time up_since = 0;
};

struct MemberInfo {
    NodeId id;
    Endpoint address;
    std::uint32_t site = 0;
    Duration age = 0;  // since this node last heard of it (directly or relayed)
};

struct Counters {
    std::uint64_t packets_sent = 0;
    std::uint64_t bytes_sent = 0;
    std::uint64_t packets_received = 0;
    std::uint64_t bytes_received = 0;
    std::uint64_t payload_frames_sent = 0;   // full message copies sent (push or pull answer)
    std::uint64_t payload_bytes_sent = 0;
    std::uint64_t control_frames_sent = 0;   // every other frame
    std::uint64_t control_bytes_sent = 0;
    std::uint64_t delivered = 0;
    std::uint64_t duplicates = 0;            // full copies received of an id already seen
    std::uint64_t pushed = 0;                // copies pushed (tree links; all links for a repair push)
    std::uint64_t pulls_sent = 0;
    std::uint64_t gossip_frames_sent = 0;    // summaries and pull requests
    std::uint64_t gossip_bytes_sent = 0;     // their frame bodies
    std::uint64_t pulls_served = 0;
    std::uint64_t delivered_via_pull = 0;
    std::uint64_t repair_pushes = 0;         // pulled messages pushed on every overlay link
    std::uint64_t dropped_malformed = 0;     // undecodable packets or frames
    std::uint64_t dropped_unknown_frame = 0; // skipped frames of unknown type
    std::uint64_t dropped_not_neighbor = 0;  // link-scoped frames from a non-neighbour
    std::uint64_t store_evicted = 0;
    std::uint64_t root_changes = 0;
    std::uint64_t parent_changes = 0;
    // Neighbour links (transport/hop), summed over every link this node had.
    std::uint64_t link_datagrams_sent = 0;
    std::uint64_t link_ack_only_sent = 0;  // link datagrams that carried only acks
    std::uint64_t link_retransmits = 0;
    std::uint64_t link_nacks_sent = 0;
    std::uint64_t link_duplicates = 0;
    std::uint64_t link_queue_drops = 0;     // frames refused by a full send queue
    std::uint64_t link_malformed = 0;
    std::uint64_t link_failures = 0;        // links declared failed (neighbour replaced)
    std::uint64_t link_failures_unanswered = 0;   // ...because our segments went unacked
    std::uint64_t link_failures_unfilled_gap = 0; // ...because a gap outlived every NACK
};

struct Snapshot {
    NodeId id;
    Time now = 0;
    std::uint32_t site = 0;
    bool joined = false;
    NodeId root;
    std::optional<NodeId> parent;
    Duration root_distance = 0;   // estimated one-way latency to the root
    std::uint64_t tree_seq = 0;
    std::uint16_t depth = 0;      // hops to the root
    double centrality = 0.0;      // estimated mean RTT to other members (microseconds)
    std::uint32_t centrality_samples = 0;
    std::uint32_t near_degree = 0;
    std::uint32_t rand_degree = 0;
    std::vector<NeighborInfo> neighbors;
    std::uint32_t view_size = 0;
    std::vector<MemberInfo> members;     // the partial view
    std::vector<ArrivalRecord> recent;   // last first arrivals, oldest first (path: ArrivalPath)
    std::uint32_t stored_messages = 0;
    std::uint64_t stored_bytes = 0;
    Counters counters;
};

}  // namespace gocast

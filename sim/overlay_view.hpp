#pragma once
// The overlay as the metrics see it at one instant: one entry per live peer, built from the
// nodes' snapshots with NodeIds translated to peer indices. Tree checks and degree/latency
// statistics read this instead of Snapshots so they can be tested without running nodes.

#include <cstdint>
#include <vector>

#include "peer/node_types.hpp"

namespace gocast::sim {

struct PeerLink {
    std::uint32_t peer = 0;  // neighbour's peer index
    LinkKind kind = LinkKind::nearby;
};

struct PeerState {
    std::uint32_t peer = 0;
    std::int64_t parent = -1;     // parent's peer index; -1 = no parent
    bool parent_unknown = false;  // the snapshot names a parent that is no simulated peer
    std::int64_t root = -1;       // peer index of the root this peer believes in; -1 = unknown
    std::uint16_t depth = 0;
    std::size_t degree = 0;       // snapshot neighbour count, including any unknown ids
    std::vector<PeerLink> links;  // neighbours that map to simulated peers (live or not)
};

// Live peers only, in ascending peer order.
using OverlayView = std::vector<PeerState>;

}  // namespace gocast::sim

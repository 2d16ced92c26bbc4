#pragma once
// FlatMap keyed by NodeId: node state looked up on every packet (membership index, RTT
// cache). NodeId 0 is reserved as the empty marker.

#include <cstdint>

#include "transport/flat_map.hpp"
#include "transport/types.hpp"

namespace gocast {

struct NodeIdKeys {
    static bool is_empty(NodeId id) { return id.value == 0; }
    static std::uint64_t hash(NodeId id) { return id.value * 0x9E3779B97F4A7C15ull; }
};

template <typename V>
using FlatIdMap = FlatMap<NodeId, V, NodeIdKeys>;

}  // namespace gocast

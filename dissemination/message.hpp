#pragma once
// Message identity and content. A MsgId is unique fleet-wide: the origin's NodeId plus a
// per-origin sequence number that starts at 1 and never repeats within one node lifetime.

#include <compare>
#include <cstdint>
#include <functional>
#include <string>

#include "transport/types.hpp"

namespace gocast {

struct MsgId {
    NodeId origin;
    std::uint64_t seq = 0;
    friend auto operator<=>(const MsgId&, const MsgId&) = default;
};

std::string to_string(const MsgId& id);

// Per-message quality of service, after RMP and Spread.
enum class Service : std::uint8_t {
    unreliable = 0,  // tree push only: no gossip repair
    reliable = 1,    // push + gossip repair; delivered in arrival order
    fifo = 2,        // reliable, delivered in origin sequence order
    total = 3,       // one order at every node: needs the site Ring, not accepted yet
};

bool is_valid_service(std::uint8_t raw);
const char* to_string(Service s);

struct Message {
    MsgId id;
    Service service = Service::reliable;
    Time origin_time = 0;  // origin's clock at publish; informational only
    std::string topic;
    Bytes payload;
};

}  // namespace gocast

template <>
struct std::hash<gocast::MsgId> {
    std::size_t operator()(const gocast::MsgId& id) const noexcept {
        return std::hash<std::uint64_t>{}(id.origin.value * 0x9E3779B97F4A7C15ull ^ id.seq);
    }
};

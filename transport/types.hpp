#pragma once
// Basic value types shared by every layer. Time is integer microseconds (STYLE rule 2).

#include <compare>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace gocast {

using Time = std::int64_t;  // microseconds; the simulator starts at 0
using Duration = std::int64_t;  // microseconds

constexpr Duration kMicrosecond = 1;
constexpr Duration kMillisecond = 1000;
constexpr Duration kSecond = 1000 * kMillisecond;
constexpr Time kNever = INT64_MAX;

struct NodeId {
    std::uint64_t value = 0;
    friend auto operator<=>(const NodeId&, const NodeId&) = default;
};

// IPv4 address and UDP port, both in host byte order.
struct Endpoint {
    std::uint32_t ip = 0;
    std::uint16_t port = 0;
    friend auto operator<=>(const Endpoint&, const Endpoint&) = default;
};

std::string to_string(NodeId id);
std::string to_string(const Endpoint& ep);

using Bytes = std::vector<std::byte>;

}  // namespace gocast

template <>
struct std::hash<gocast::NodeId> {
    std::size_t operator()(const gocast::NodeId& id) const noexcept {
        return std::hash<std::uint64_t>{}(id.value);
    }
};

template <>
struct std::hash<gocast::Endpoint> {
    std::size_t operator()(const gocast::Endpoint& ep) const noexcept {
        return std::hash<std::uint64_t>{}((std::uint64_t{ep.ip} << 16) | ep.port);
    }
};

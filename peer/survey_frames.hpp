#pragma once
// Bodies of the survey frames (docs/PROTOCOL.md "Surveys"): a request travels along tree
// links away from the requester, and every peer answers its sender with its own entry plus
// the merged answers of the peers it forwarded to (convergecast). Decoders return
// std::nullopt on truncated, oversized or out-of-range input.

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "dissemination/message.hpp"
#include "transport/types.hpp"

namespace gocast {

// Bounds a decoder accepts; encoders never produce more.
constexpr std::size_t kMaxSurveyEntriesPerFrame = 1024;
constexpr std::size_t kMaxSurveyNeighbors = 255;
constexpr std::uint16_t kMaxSurveyParts = 4096;

enum class SurveyKind : std::uint8_t {
    topology = 0,  // each peer reports its links and tree position
    trace = 1,     // ...and how one message reached it
};
const char* to_string(SurveyKind k);

// A survey is named by its requester and the requester's sequence number.
struct SurveyId {
    NodeId origin;
    std::uint64_t seq = 0;
    friend auto operator<=>(const SurveyId&, const SurveyId&) = default;
};

enum class TreeRole : std::uint8_t { none = 0, parent = 1, child = 2 };
const char* to_string(TreeRole r);

struct SurveyNeighbor {
    NodeId id;
    std::uint8_t kind = 0;  // LinkKind as a number: 0 nearby, 1 random
    TreeRole role = TreeRole::none;
    std::uint32_t rtt_us = 0;  // smoothed; 0 = not measured yet
    friend bool operator==(const SurveyNeighbor&, const SurveyNeighbor&) = default;
};

// How the traced message first reached the peer.
struct SurveyArrival {
    NodeId from;
    std::uint8_t path = 0;  // ArrivalPath as a number
    std::uint16_t hops = 0;
    // On the wire: microseconds between the arrival and the moment the sender of the frame
    // sent it (each level adds its own wait and half the link RTT; see PROTOCOL.md).
    std::uint64_t age_us = 0;
    friend bool operator==(const SurveyArrival&, const SurveyArrival&) = default;
};

// One peer's contribution.
struct SurveyEntry {
    NodeId id;
    Endpoint address;  // filled in by the peer's parent in the survey (0 = unknown)
    std::uint32_t site = 0;
    NodeId root;
    NodeId parent;  // 0 = none (a root, or not attached)
    std::uint16_t depth = 0;
    std::vector<SurveyNeighbor> neighbors;
    std::optional<SurveyArrival> arrival;  // trace surveys, when the peer has the message
    friend bool operator==(const SurveyEntry&, const SurveyEntry&) = default;
};

struct SurveyRequestFrame {
    SurveyId id;
    SurveyKind kind = SurveyKind::topology;
    MsgId message;             // trace surveys only
    std::uint32_t budget_us = 0;  // the receiver must answer within this
    std::uint32_t max_entries = 0;
};

// A peer's answer, split into parts that each fit in a frame.
struct SurveyReplyFrame {
    SurveyId id;
    std::uint16_t part = 0;   // 0 .. parts-1
    std::uint16_t parts = 1;
    bool partial = false;     // some peer of this subtree did not answer in time, or cut off
    // Microseconds the sender held the survey (request received to this answer sent): the
    // receiver subtracts it from its own ask-to-answer time to get a fresh RTT of the link.
    std::uint64_t held_us = 0;
    std::vector<SurveyEntry> entries;
};

Bytes encode(const SurveyRequestFrame& f);
Bytes encode(const SurveyReplyFrame& f);
std::optional<SurveyRequestFrame> decode_survey_request(std::span<const std::byte> b);
std::optional<SurveyReplyFrame> decode_survey_reply(std::span<const std::byte> b);

// Bytes one entry takes in a reply frame (for splitting answers into parts).
std::size_t encoded_size(const SurveyEntry& e);

}  // namespace gocast

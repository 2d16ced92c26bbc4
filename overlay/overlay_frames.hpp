#pragma once
// Bodies of the membership, probing, link and tree frames, with encoders and decoders.
// Decoders return std::nullopt on truncated, oversized or out-of-range input.

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "transport/types.hpp"

namespace gocast {

constexpr std::size_t kMaxEntriesPerFrame = 64;

// One membership record as carried on the wire. age_ms is how long ago the sender last
// heard (directly or through others) from `id`.
struct MemberEntry {
    NodeId id;
    Endpoint address;
    std::uint32_t site = 0;
    std::uint32_t age_ms = 0;
    friend bool operator==(const MemberEntry&, const MemberEntry&) = default;
};

struct EntriesFrame {  // join_reply, shuffle, shuffle_reply
    std::vector<MemberEntry> entries;
    std::uint32_t sender_site = 0;
};

struct PingFrame {
    std::uint32_t nonce = 0;
    std::uint64_t sent_at = 0;  // sender's clock, echoed untouched
    bool want_nearby = false;   // ask for the responder's nearby neighbours as candidates
};

struct PongFrame {
    std::uint32_t nonce = 0;
    std::uint64_t echoed_sent_at = 0;
    std::uint8_t near_degree = 0;
    std::uint8_t rand_degree = 0;
    std::vector<MemberEntry> nearby;  // responder's nearby neighbours: candidates for us
};

enum class LinkKindWire : std::uint8_t { nearby = 0, random = 1 };

struct LinkRequestFrame {
    LinkKindWire kind = LinkKindWire::nearby;
    bool replace = false;        // requester will shed a farther link if we accept
    std::uint32_t rtt_us = 0;    // requester's measurement, a first estimate for us
};

struct LinkAnswerFrame {  // link_accept, link_reject
    LinkKindWire kind = LinkKindWire::nearby;
    std::uint8_t near_degree = 0;
    std::uint8_t rand_degree = 0;
};

struct LinkCloseFrame {  // link_close, drop_request, drop_refuse, keepalive
    std::uint8_t reason = 0;
    std::uint8_t near_degree = 0;
    std::uint8_t rand_degree = 0;
};

struct BeaconFrame {
    NodeId root;
    std::uint32_t root_priority = 0;
    std::uint32_t root_score = 0;   // estimated mean RTT of the root in microseconds
    std::uint32_t root_epoch = 0;   // version of the root's claim; the newest one counts
    std::uint64_t seq = 0;
    std::uint32_t distance_us = 0;  // sender's estimated one-way latency to the root
    std::uint16_t depth = 0;
    NodeId parent;                  // sender's parent (child registration); 0 = none
    std::uint8_t near_degree = 0;
    std::uint8_t rand_degree = 0;
};

Bytes encode(const EntriesFrame& f);
Bytes encode(const PingFrame& f);
Bytes encode(const PongFrame& f);
Bytes encode(const LinkRequestFrame& f);
Bytes encode(const LinkAnswerFrame& f);
Bytes encode(const LinkCloseFrame& f);
Bytes encode(const BeaconFrame& f);

// Appending encoders for the frames sent most often: the node encodes them into one
// reused buffer instead of a fresh vector per frame.
void encode_into(Bytes& out, const EntriesFrame& f);
void encode_into(Bytes& out, const PingFrame& f);
void encode_into(Bytes& out, const PongFrame& f);
void encode_into(Bytes& out, const BeaconFrame& f);

std::optional<EntriesFrame> decode_entries(std::span<const std::byte> b);
std::optional<PingFrame> decode_ping(std::span<const std::byte> b);
std::optional<PongFrame> decode_pong(std::span<const std::byte> b);
std::optional<LinkRequestFrame> decode_link_request(std::span<const std::byte> b);
std::optional<LinkAnswerFrame> decode_link_answer(std::span<const std::byte> b);
std::optional<LinkCloseFrame> decode_link_close(std::span<const std::byte> b);
std::optional<BeaconFrame> decode_beacon(std::span<const std::byte> b);

}  // namespace gocast

#include "overlay/overlay_frames.hpp"

#include <algorithm>

#include "transport/codec.hpp"

namespace gocast {

namespace {

// Largest encoding of one entry: id 8, endpoint 6, two varint u32 of at most 5 bytes.
constexpr std::size_t kEntryMaxBytes = 24;

void put_entry(Writer& w, const MemberEntry& e) {
    w.node_id(e.id);
    w.endpoint(e.address);
    w.varint(e.site);
    w.varint(e.age_ms);
}

MemberEntry get_entry(Reader& r) {
    MemberEntry e;
    e.id = r.node_id();
    e.address = r.endpoint();
    e.site = static_cast<std::uint32_t>(r.varint_max(UINT32_MAX));
    e.age_ms = static_cast<std::uint32_t>(r.varint_max(UINT32_MAX));
    return e;
}

void put_entries(Writer& w, const std::vector<MemberEntry>& entries) {
    const std::size_t n = std::min(entries.size(), kMaxEntriesPerFrame);
    w.varint(n);
    for (std::size_t i = 0; i < n; ++i) put_entry(w, entries[i]);
}

std::vector<MemberEntry> get_entries(Reader& r) {
    const auto n = r.varint_max(kMaxEntriesPerFrame);
    std::vector<MemberEntry> out;
    if (!r.ok()) return out;
    out.reserve(n);
    for (std::uint64_t i = 0; i < n && r.ok(); ++i) out.push_back(get_entry(r));
    return out;
}

template <typename T>
std::optional<T> finish(const Reader& r, T value) {
    if (!r.ok() || !r.at_end()) return std::nullopt;
    return value;
}

bool valid_kind(std::uint8_t k) { return k <= 1; }

}  // namespace

void encode_into(Bytes& out, const EntriesFrame& f) {
    out.reserve(out.size() + 15 + std::min(f.entries.size(), kMaxEntriesPerFrame) * kEntryMaxBytes);
    Writer w(out);
    w.varint(f.sender_site);
    put_entries(w, f.entries);
}

Bytes encode(const EntriesFrame& f) {
    Bytes out;
    encode_into(out, f);
    return out;
}

std::optional<EntriesFrame> decode_entries(std::span<const std::byte> b) {
    Reader r(b);
    EntriesFrame f;
    f.sender_site = static_cast<std::uint32_t>(r.varint_max(UINT32_MAX));
    f.entries = get_entries(r);
    return finish(r, std::move(f));
}

void encode_into(Bytes& out, const PingFrame& f) {
    out.reserve(out.size() + 13);
    Writer w(out);
    w.u32(f.nonce);
    w.u64(f.sent_at);
    w.u8(f.want_nearby ? 1 : 0);
}

Bytes encode(const PingFrame& f) {
    Bytes out;
    encode_into(out, f);
    return out;
}

std::optional<PingFrame> decode_ping(std::span<const std::byte> b) {
    Reader r(b);
    PingFrame f;
    f.nonce = r.u32();
    f.sent_at = r.u64();
    const auto flags = r.u8();
    if (flags > 1) return std::nullopt;
    f.want_nearby = flags == 1;
    return finish(r, f);
}

void encode_into(Bytes& out, const PongFrame& f) {
    out.reserve(out.size() + 25 + std::min(f.nearby.size(), kMaxEntriesPerFrame) * kEntryMaxBytes);
    Writer w(out);
    w.u32(f.nonce);
    w.u64(f.echoed_sent_at);
    w.u8(f.near_degree);
    w.u8(f.rand_degree);
    put_entries(w, f.nearby);
}

Bytes encode(const PongFrame& f) {
    Bytes out;
    encode_into(out, f);
    return out;
}

std::optional<PongFrame> decode_pong(std::span<const std::byte> b) {
    Reader r(b);
    PongFrame f;
    f.nonce = r.u32();
    f.echoed_sent_at = r.u64();
    f.near_degree = r.u8();
    f.rand_degree = r.u8();
    f.nearby = get_entries(r);
    return finish(r, std::move(f));
}

Bytes encode(const LinkRequestFrame& f) {
    Bytes out;
    out.reserve(7);
    Writer w(out);
    w.u8(static_cast<std::uint8_t>(f.kind));
    w.u8(f.replace ? 1 : 0);
    w.varint(f.rtt_us);
    return out;
}

std::optional<LinkRequestFrame> decode_link_request(std::span<const std::byte> b) {
    Reader r(b);
    LinkRequestFrame f;
    const auto kind = r.u8();
    const auto replace = r.u8();
    f.rtt_us = static_cast<std::uint32_t>(r.varint_max(UINT32_MAX));
    if (!valid_kind(kind) || replace > 1) return std::nullopt;
    f.kind = static_cast<LinkKindWire>(kind);
    f.replace = replace == 1;
    return finish(r, f);
}

Bytes encode(const LinkAnswerFrame& f) {
    Bytes out;
    out.reserve(3);
    Writer w(out);
    w.u8(static_cast<std::uint8_t>(f.kind));
    w.u8(f.near_degree);
    w.u8(f.rand_degree);
    return out;
}

std::optional<LinkAnswerFrame> decode_link_answer(std::span<const std::byte> b) {
    Reader r(b);
    LinkAnswerFrame f;
    const auto kind = r.u8();
    f.near_degree = r.u8();
    f.rand_degree = r.u8();
    if (!valid_kind(kind)) return std::nullopt;
    f.kind = static_cast<LinkKindWire>(kind);
    return finish(r, f);
}

Bytes encode(const LinkCloseFrame& f) {
    Bytes out;
    out.reserve(3);
    Writer w(out);
    w.u8(f.reason);
    w.u8(f.near_degree);
    w.u8(f.rand_degree);
    return out;
}

std::optional<LinkCloseFrame> decode_link_close(std::span<const std::byte> b) {
    Reader r(b);
    LinkCloseFrame f;
    f.reason = r.u8();
    f.near_degree = r.u8();
    f.rand_degree = r.u8();
    return finish(r, f);
}

void encode_into(Bytes& out, const BeaconFrame& f) {
    out.reserve(out.size() + 64);
    Writer w(out);
    w.node_id(f.root);
    w.varint(f.root_priority);
    w.varint(f.root_score);
    w.varint(f.root_epoch);
    w.varint(f.seq);
    w.varint(f.distance_us);
    w.varint(f.depth);
    w.node_id(f.parent);
    w.u8(f.near_degree);
    w.u8(f.rand_degree);
}

Bytes encode(const BeaconFrame& f) {
    Bytes out;
    encode_into(out, f);
    return out;
}

std::optional<BeaconFrame> decode_beacon(std::span<const std::byte> b) {
    Reader r(b);
    BeaconFrame f;
    f.root = r.node_id();
    f.root_priority = static_cast<std::uint32_t>(r.varint_max(UINT32_MAX));
    f.root_score = static_cast<std::uint32_t>(r.varint_max(UINT32_MAX));
    f.root_epoch = static_cast<std::uint32_t>(r.varint_max(UINT32_MAX));
    f.seq = r.varint();
    f.distance_us = static_cast<std::uint32_t>(r.varint_max(UINT32_MAX));
    f.depth = static_cast<std::uint16_t>(r.varint_max(UINT16_MAX));
    f.parent = r.node_id();
    f.near_degree = r.u8();
    f.rand_degree = r.u8();
    return finish(r, f);
}

}  // namespace gocast

// overlay/overlay_frames: every membership, probing, link and tree frame round-trips, and
// the decoders refuse truncated bodies, trailing bytes, oversized counts and bad enums.

#include "overlay/overlay_frames.hpp"

#include <doctest/doctest.h>

#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

#include "transport/codec.hpp"

using namespace gocast;

namespace {

MemberEntry entry(std::uint64_t id, std::uint32_t age_ms = 5) {
    return MemberEntry{NodeId{id}, Endpoint{static_cast<std::uint32_t>(0x0a000000 + id), 7000},
                       static_cast<std::uint32_t>(id % 3), age_ms};
}

// Every strict prefix of a valid body and the body plus one trailing byte must be refused.
template <typename Decode>
void check_rejects_damage(const Bytes& valid, Decode decode) {
    REQUIRE(decode(valid).has_value());
    for (std::size_t cut = 0; cut < valid.size(); ++cut) {
        CAPTURE(cut);
        const Bytes prefix(valid.begin(), valid.begin() + static_cast<std::ptrdiff_t>(cut));
        CHECK_FALSE(decode(prefix).has_value());
    }
    Bytes trailing = valid;
    trailing.push_back(std::byte{0});
    CHECK_FALSE(decode(trailing).has_value());
}

}  // namespace

TEST_CASE("unit: overlay_frames: entries frame round-trips") {
    EntriesFrame f;
    f.sender_site = 7;
    f.entries = {entry(1), entry(UINT64_MAX, UINT32_MAX), entry(99, 0)};
    f.entries[1].site = UINT32_MAX;
    const auto d = decode_entries(encode(f));
    REQUIRE(d.has_value());
    CHECK(d->sender_site == 7);
    CHECK(d->entries == f.entries);

    const auto empty = decode_entries(encode(EntriesFrame{}));
    REQUIRE(empty.has_value());
    CHECK(empty->entries.empty());
    check_rejects_damage(encode(f), [](const Bytes& b) { return decode_entries(b); });
}

TEST_CASE("unit: overlay_frames: entry counts are bounded on both sides") {
    EntriesFrame f;
    for (std::uint64_t i = 1; i <= kMaxEntriesPerFrame + 6; ++i) f.entries.push_back(entry(i));
    // The encoder sends at most the bound.
    const auto d = decode_entries(encode(f));
    REQUIRE(d.has_value());
    CHECK(d->entries.size() == kMaxEntriesPerFrame);
    CHECK(d->entries.back() == entry(kMaxEntriesPerFrame));

    // A count above the bound is refused before anything is read.
    Bytes over;
    Writer w(over);
    w.varint(0);                        // sender_site
    w.varint(kMaxEntriesPerFrame + 1);  // count
    CHECK_FALSE(decode_entries(over).has_value());

    // A count that promises more entries than follow is refused.
    Bytes short_list;
    Writer sw(short_list);
    sw.varint(0);
    sw.varint(3);
    sw.node_id(NodeId{1});
    sw.endpoint(Endpoint{1, 1});
    sw.varint(0);
    sw.varint(0);
    CHECK_FALSE(decode_entries(short_list).has_value());
}

TEST_CASE("unit: overlay_frames: out-of-range entry fields are refused") {
    Bytes b;
    Writer w(b);
    w.varint(0);  // sender_site
    w.varint(1);
    w.node_id(NodeId{5});
    w.endpoint(Endpoint{1, 1});
    w.varint(std::uint64_t{UINT32_MAX} + 1);  // site does not fit 32 bits
    w.varint(0);
    CHECK_FALSE(decode_entries(b).has_value());

    Bytes site;
    Writer sw(site);
    sw.varint(std::uint64_t{UINT32_MAX} + 1);  // sender_site
    sw.varint(0);
    CHECK_FALSE(decode_entries(site).has_value());
}

TEST_CASE("unit: overlay_frames: ping round-trips and refuses a bad flag") {
    const PingFrame f{0xfeedbeef, UINT64_MAX - 3, true};
    const auto d = decode_ping(encode(f));
    REQUIRE(d.has_value());
    CHECK(d->nonce == 0xfeedbeef);
    CHECK(d->sent_at == UINT64_MAX - 3);
    CHECK(d->want_nearby);
    const auto plain = decode_ping(encode(PingFrame{1, 2, false}));
    REQUIRE(plain.has_value());
    CHECK_FALSE(plain->want_nearby);
    check_rejects_damage(encode(f), [](const Bytes& b) { return decode_ping(b); });

    Bytes bad = encode(f);
    bad.back() = std::byte{2};
    CHECK_FALSE(decode_ping(bad).has_value());
}

TEST_CASE("unit: overlay_frames: pong round-trips with its candidate list") {
    PongFrame f;
    f.nonce = 77;
    f.echoed_sent_at = 123456789;
    f.near_degree = 6;
    f.rand_degree = 255;
    f.nearby = {entry(3), entry(4)};
    const auto d = decode_pong(encode(f));
    REQUIRE(d.has_value());
    CHECK(d->nonce == 77);
    CHECK(d->echoed_sent_at == 123456789);
    CHECK(d->near_degree == 6);
    CHECK(d->rand_degree == 255);
    CHECK(d->nearby == f.nearby);
    check_rejects_damage(encode(f), [](const Bytes& b) { return decode_pong(b); });
}

TEST_CASE("unit: overlay_frames: link_request round-trips and refuses bad enums") {
    const LinkRequestFrame f{LinkKindWire::random, true, UINT32_MAX};
    const auto d = decode_link_request(encode(f));
    REQUIRE(d.has_value());
    CHECK(d->kind == LinkKindWire::random);
    CHECK(d->replace);
    CHECK(d->rtt_us == UINT32_MAX);
    const auto n = decode_link_request(encode(LinkRequestFrame{LinkKindWire::nearby, false, 0}));
    REQUIRE(n.has_value());
    CHECK(n->kind == LinkKindWire::nearby);
    CHECK_FALSE(n->replace);
    check_rejects_damage(encode(f), [](const Bytes& b) { return decode_link_request(b); });

    Bytes bad_kind = encode(f);
    bad_kind[0] = std::byte{2};
    CHECK_FALSE(decode_link_request(bad_kind).has_value());
    Bytes bad_replace = encode(f);
    bad_replace[1] = std::byte{2};
    CHECK_FALSE(decode_link_request(bad_replace).has_value());

    Bytes big_rtt;
    Writer w(big_rtt);
    w.u8(0);
    w.u8(0);
    w.varint(std::uint64_t{UINT32_MAX} + 1);
    CHECK_FALSE(decode_link_request(big_rtt).has_value());
}

TEST_CASE("unit: overlay_frames: link answers round-trip and refuse a bad kind") {
    const LinkAnswerFrame f{LinkKindWire::random, 4, 2};
    const auto d = decode_link_answer(encode(f));
    REQUIRE(d.has_value());
    CHECK(d->kind == LinkKindWire::random);
    CHECK(d->near_degree == 4);
    CHECK(d->rand_degree == 2);
    check_rejects_damage(encode(f), [](const Bytes& b) { return decode_link_answer(b); });

    Bytes bad = encode(f);
    bad[0] = std::byte{0xff};
    CHECK_FALSE(decode_link_answer(bad).has_value());
}

TEST_CASE("unit: overlay_frames: link_close family round-trips") {
    const LinkCloseFrame f{3, 7, 1};
    const auto d = decode_link_close(encode(f));
    REQUIRE(d.has_value());
    CHECK(d->reason == 3);
    CHECK(d->near_degree == 7);
    CHECK(d->rand_degree == 1);
    check_rejects_damage(encode(f), [](const Bytes& b) { return decode_link_close(b); });
}

TEST_CASE("unit: overlay_frames: beacon round-trips and refuses out-of-range fields") {
    BeaconFrame f;
    f.root = NodeId{0x1234};
    f.root_priority = UINT32_MAX;
    f.root_score = 4242;
    f.seq = UINT64_MAX;
    f.distance_us = UINT32_MAX;  // "unreachable" must survive the wire
    f.depth = UINT16_MAX;
    f.parent = NodeId{99};
    f.near_degree = 5;
    f.rand_degree = 1;
    const auto d = decode_beacon(encode(f));
    REQUIRE(d.has_value());
    CHECK(d->root == f.root);
    CHECK(d->root_priority == f.root_priority);
    CHECK(d->root_score == f.root_score);
    CHECK(d->seq == f.seq);
    CHECK(d->distance_us == f.distance_us);
    CHECK(d->depth == f.depth);
    CHECK(d->parent == f.parent);
    CHECK(d->near_degree == 5);
    CHECK(d->rand_degree == 1);
    check_rejects_damage(encode(f), [](const Bytes& b) { return decode_beacon(b); });

    // Hand-built beacon with a depth that does not fit 16 bits.
    Bytes deep;
    Writer w(deep);
    w.node_id(NodeId{1});
    w.varint(0);
    w.varint(0);
    w.varint(1);
    w.varint(0);
    w.varint(UINT16_MAX + 1);
    w.node_id(NodeId{0});
    w.u8(0);
    w.u8(0);
    CHECK_FALSE(decode_beacon(deep).has_value());
}

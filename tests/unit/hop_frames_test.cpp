// Wire format of link frames and fragments: round trips and every rejection rule.
#include <doctest/doctest.h>

#include "transport/codec.hpp"
#include "transport/hop/fragmenter.hpp"
#include "transport/hop/hop_frames.hpp"
#include "transport/hop/reassembly.hpp"

using namespace gocast;

namespace {
Bytes raw(std::initializer_list<int> v) {
    Bytes b;
    for (int x : v) b.push_back(static_cast<std::byte>(x));
    return b;
}
}  // namespace

TEST_CASE("link frame: round trip with NACKs and segments") {
    LinkHeader h;
    h.session = 0xdeadbeef;
    h.peer_session = 7;
    h.send_low = 5;
    h.sent_high = 300;
    h.cum_ack = 10;
    h.recv_high = 12;
    h.echo_delay_us = 1234;
    const std::uint64_t nacks[] = {3, 4, 200};
    const Bytes b1 = raw({1, 2, 3}), b2 = raw({9});
    const SegmentOut segs[] = {{5, SegmentKind::frames, b1}, {300, SegmentKind::fragment, b2}};
    const Bytes wire = encode_link_frame(h, nacks, segs);
    CHECK(wire.size() <= kLinkHeaderMaxBytes + nack_list_size(nacks) + 2 + segment_size(5, 3) + segment_size(300, 1));
    const auto f = decode_link_frame(wire);
    REQUIRE(f);
    CHECK(f->header.session == h.session);
    CHECK(f->header.send_low == 5);
    CHECK(f->header.sent_high == 300);
    CHECK(f->header.cum_ack == 10);
    CHECK(f->header.recv_high == 12);
    CHECK(f->header.echo_delay_us == 1234);
    CHECK(f->nacks == std::vector<std::uint64_t>{3, 4, 200});
    REQUIRE(f->segments.size() == 2);
    CHECK(f->segments[1].seq == 300);
    CHECK(f->segments[1].kind == SegmentKind::fragment);
    CHECK(link_header_size(h) <= kLinkHeaderMaxBytes);
}

TEST_CASE("link frame: an unsequenced segment travels beside sequenced ones, even with none held") {
    LinkHeader h;
    h.session = 3;
    h.send_low = 1;
    h.sent_high = 0;  // nothing sequenced sent yet
    const Bytes beacon = raw({7, 7, 7});
    const SegmentOut alone[] = {{0, SegmentKind::unsequenced, beacon}};
    const Bytes wire1 = encode_link_frame(h, {}, alone);  // the views point into it
    auto f = decode_link_frame(wire1);
    REQUIRE(f);
    REQUIRE(f->segments.size() == 1);
    CHECK(f->segments[0].seq == 0);
    CHECK(f->segments[0].kind == SegmentKind::unsequenced);
    CHECK(Bytes(f->segments[0].body.begin(), f->segments[0].body.end()) == beacon);
    h.sent_high = 4;
    const Bytes data = raw({1});
    const SegmentOut mixed[] = {{0, SegmentKind::unsequenced, beacon}, {4, SegmentKind::frames, data}};
    const Bytes wire2 = encode_link_frame(h, {}, mixed);
    f = decode_link_frame(wire2);
    REQUIRE(f);
    REQUIRE(f->segments.size() == 2);
    CHECK(f->segments[1].seq == 4);
}

TEST_CASE("link frame: rejections") {
    LinkHeader h;
    h.session = 1;
    h.send_low = 1;
    h.sent_high = 10;
    const Bytes body = raw({1});
    auto encoded = [&](const LinkHeader& hh, std::span<const SegmentOut> s) { return encode_link_frame(hh, {}, s); };
    // valid baseline
    const SegmentOut ok[] = {{3, SegmentKind::frames, body}};
    CHECK(decode_link_frame(encoded(h, ok)));
    // trailing byte
    Bytes t = encoded(h, ok);
    t.push_back(std::byte{0});
    CHECK_FALSE(decode_link_frame(t));
    // truncated
    t = encoded(h, ok);
    t.pop_back();
    CHECK_FALSE(decode_link_frame(t));
    // segment beyond sent_high or below send_low
    const SegmentOut high[] = {{11, SegmentKind::frames, body}};
    CHECK_FALSE(decode_link_frame(encoded(h, high)));
    LinkHeader h2 = h;
    h2.send_low = 5;
    CHECK_FALSE(decode_link_frame(encoded(h2, ok)));
    // send_low more than one past sent_high, or 0
    h2.send_low = 12;
    CHECK_FALSE(decode_link_frame(encoded(h2, {})));
    h2.send_low = 0;
    CHECK_FALSE(decode_link_frame(encoded(h2, {})));
    // cum_ack above recv_high
    h2 = h;
    h2.cum_ack = 4;
    h2.recv_high = 3;
    CHECK_FALSE(decode_link_frame(encoded(h2, {})));
    // empty segment body, unknown kind
    const SegmentOut empty[] = {{3, SegmentKind::frames, {}}};
    CHECK_FALSE(decode_link_frame(encoded(h, empty)));
    const SegmentOut kind[] = {{3, static_cast<SegmentKind>(4), body}};
    CHECK_FALSE(decode_link_frame(encoded(h, kind)));
    // lazy frames are sequenced like frames
    const SegmentOut lazy[] = {{3, SegmentKind::lazy_frames, body}};
    const Bytes lazy_wire = encoded(h, lazy);
    const auto lazy_frame = decode_link_frame(lazy_wire);
    REQUIRE(lazy_frame);
    CHECK(lazy_frame->segments[0].kind == SegmentKind::lazy_frames);
    const SegmentOut lazy_zero[] = {{0, SegmentKind::lazy_frames, body}};
    CHECK_FALSE(decode_link_frame(encoded(h, lazy_zero)));
    // an unsequenced segment must carry seq 0, and a sequenced one may not
    const SegmentOut loose_seq[] = {{3, SegmentKind::unsequenced, body}};
    CHECK_FALSE(decode_link_frame(encoded(h, loose_seq)));
    const SegmentOut zero_seq[] = {{0, SegmentKind::frames, body}};
    CHECK_FALSE(decode_link_frame(encoded(h, zero_seq)));
    const SegmentOut loose_empty[] = {{0, SegmentKind::unsequenced, {}}};
    CHECK_FALSE(decode_link_frame(encoded(h, loose_empty)));
    // a NACK delta of 0 (not strictly increasing)
    Bytes n;
    {
        Writer w(n);
        w.u32(1);
        w.u32(0);
        w.varint(1);
        w.varint(0);
        w.varint(0);
        w.varint(0);
        w.varint(0);
        w.varint(2);  // two NACKs
        w.varint(5);
        w.varint(0);  // delta 0
        w.varint(0);
    }
    CHECK_FALSE(decode_link_frame(n));
    // too many NACKs announced
    Bytes m;
    {
        Writer w(m);
        w.u32(1);
        w.u32(0);
        w.varint(1);
        w.varint(0);
        w.varint(0);
        w.varint(0);
        w.varint(0);
        w.varint(kMaxNacksPerLinkFrame + 1);
    }
    CHECK_FALSE(decode_link_frame(m));
}

TEST_CASE("fragments: split, decode and reassemble, in any order") {
    Bytes msg(5000);
    for (std::size_t i = 0; i < msg.size(); ++i) msg[i] = static_cast<std::byte>(i * 7);
    auto frags = split_into_fragments(3, msg, 1000);
    REQUIRE(frags.size() == 5);
    HopConfig c;
    Reassembly r(c);
    Bytes out;
    const int order[] = {4, 0, 2, 1, 3};
    for (int k = 0; k < 5; ++k) {
        const auto f = decode_fragment(frags[order[k]]);
        REQUIRE(f);
        const auto outcome = r.add(0, *f, out);
        CHECK(outcome == (k == 4 ? Reassembly::Outcome::complete : Reassembly::Outcome::partial));
        if (k == 1) CHECK(r.add(0, *f, out) == Reassembly::Outcome::duplicate);
    }
    CHECK(out == msg);
    CHECK(r.partial_messages() == 0);
}

TEST_CASE("fragments: limits and contradictions are rejected") {
    HopConfig c;
    c.max_message_bytes = 10000;
    c.max_partial_messages = 2;
    c.reassembly_timeout = kSecond;
    Reassembly r(c);
    Bytes out;
    const Bytes big(20000, std::byte{1});
    auto f = decode_fragment(split_into_fragments(1, big, 5000)[0]);
    REQUIRE(f);
    CHECK(r.add(0, *f, out) == Reassembly::Outcome::rejected);  // total over the limit

    const Bytes m(3000, std::byte{2});
    for (std::uint64_t id = 1; id <= 2; ++id)
        CHECK(r.add(0, *decode_fragment(split_into_fragments(id, m, 1000)[0]), out) == Reassembly::Outcome::partial);
    CHECK(r.add(0, *decode_fragment(split_into_fragments(9, m, 1000)[0]), out) == Reassembly::Outcome::rejected);
    // A fragment that contradicts its message's first fragment drops the message.
    const Bytes other(4000, std::byte{3});
    CHECK(r.add(0, *decode_fragment(split_into_fragments(1, other, 1000)[1]), out) == Reassembly::Outcome::rejected);
    CHECK(r.partial_messages() == 1);
    r.expire(kSecond);
    CHECK(r.partial_messages() == 0);
    // Malformed fragment headers.
    CHECK_FALSE(decode_fragment(raw({1, 0, 1, 5, 9})));   // count < 2
    CHECK_FALSE(decode_fragment(raw({1, 2, 2, 5, 9})));   // index >= count
    CHECK_FALSE(decode_fragment(raw({0, 0, 2, 5, 9})));   // msg 0
    CHECK_FALSE(decode_fragment(raw({1, 0, 2, 5})));      // empty chunk
    CHECK_FALSE(decode_fragment(raw({1, 0, 2, 2, 9, 9, 9})));  // chunk over total
}

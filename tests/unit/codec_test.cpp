// transport/codec: little-endian fixed fields, LEB128 varints at their boundaries, and the
// reader's contract that the first failure makes it bad and every later read returns zero.

#include "transport/codec.hpp"

#include <doctest/doctest.h>

#include <cstdint>
#include <initializer_list>
#include <string>
#include <vector>

using namespace gocast;

namespace {

Bytes bytes_of(std::initializer_list<unsigned> values) {
    Bytes out;
    for (unsigned v : values) out.push_back(static_cast<std::byte>(v));
    return out;
}

Bytes encode_varint(std::uint64_t v) {
    Bytes out;
    Writer w(out);
    w.varint(v);
    return out;
}

}  // namespace

TEST_CASE("unit: codec: fixed-width fields are little-endian and round-trip") {
    Bytes buf;
    Writer w(buf);
    w.u8(0xab);
    w.u16(0x1234);
    w.u32(0xdeadbeef);
    w.u64(0x0102030405060708ull);
    w.node_id(NodeId{UINT64_MAX});
    w.endpoint(Endpoint{0x7f000001, 7000});
    CHECK(w.size() == 1 + 2 + 4 + 8 + 8 + 6);
    // Byte order on the wire: lowest byte first.
    CHECK(buf[1] == std::byte{0x34});
    CHECK(buf[2] == std::byte{0x12});
    CHECK(buf[3] == std::byte{0xef});
    CHECK(buf[6] == std::byte{0xde});
    CHECK(buf[7] == std::byte{0x08});
    CHECK(buf[14] == std::byte{0x01});

    Reader r(buf);
    CHECK(r.u8() == 0xab);
    CHECK(r.u16() == 0x1234);
    CHECK(r.u32() == 0xdeadbeef);
    CHECK(r.u64() == 0x0102030405060708ull);
    CHECK(r.node_id() == NodeId{UINT64_MAX});
    CHECK(r.endpoint() == Endpoint{0x7f000001, 7000});
    CHECK(r.ok());
    CHECK(r.at_end());
    CHECK(r.remaining() == 0);
}

TEST_CASE("unit: codec: varint round-trips at the length boundaries") {
    struct Case {
        std::uint64_t value;
        std::size_t length;
    };
    const std::vector<Case> cases = {
        {0, 1},
        {1, 1},
        {127, 1},
        {128, 2},
        {16383, 2},
        {16384, 3},
        {UINT32_MAX, 5},
        {(std::uint64_t{1} << 63) - 1, 9},
        {std::uint64_t{1} << 63, 10},
        {UINT64_MAX, 10},
    };
    for (const Case& c : cases) {
        CAPTURE(c.value);
        const Bytes b = encode_varint(c.value);
        CHECK(b.size() == c.length);
        Reader r(b);
        CHECK(r.varint() == c.value);
        CHECK(r.ok());
        CHECK(r.at_end());
    }
    CHECK(encode_varint(0) == bytes_of({0x00}));
    CHECK(encode_varint(127) == bytes_of({0x7f}));
    CHECK(encode_varint(128) == bytes_of({0x80, 0x01}));
    CHECK(encode_varint(UINT64_MAX) ==
          bytes_of({0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01}));
}

TEST_CASE("unit: codec: a ten-byte varint carrying more than 64 bits is rejected") {
    // The tenth byte holds bit 63 only; anything above it would overflow.
    const Bytes overflow = bytes_of({0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02});
    Reader r1(overflow);
    CHECK(r1.varint() == 0);
    CHECK_FALSE(r1.ok());

    const Bytes high = bytes_of({0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x7f});
    Reader r2(high);
    CHECK(r2.varint() == 0);
    CHECK_FALSE(r2.ok());

    // Overlong: the tenth byte still says "more follows", an eleventh byte would be needed.
    const Bytes overlong =
        bytes_of({0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00});
    Reader r3(overlong);
    CHECK(r3.varint() == 0);
    CHECK_FALSE(r3.ok());

    // Control: the largest legal ten-byte form still decodes.
    const Bytes max = bytes_of({0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01});
    Reader r4(max);
    CHECK(r4.varint() == (std::uint64_t{1} << 63));
    CHECK(r4.ok());
}

TEST_CASE("unit: codec: a truncated varint makes the reader bad") {
    const Bytes b = bytes_of({0x80, 0x80});
    Reader r(b);
    CHECK(r.varint() == 0);
    CHECK_FALSE(r.ok());

    Reader empty(std::span<const std::byte>{});
    CHECK(empty.varint() == 0);
    CHECK_FALSE(empty.ok());
}

TEST_CASE("unit: codec: reading past the end makes the reader bad and later reads return zero") {
    const Bytes b = bytes_of({0x01, 0x02, 0x03, 0x04, 0x05});
    Reader r(b);
    CHECK(r.u8() == 0x01);
    CHECK(r.remaining() == 4);
    CHECK(r.u64() == 0);  // only 4 bytes left
    CHECK_FALSE(r.ok());
    // Bytes are still there, but a bad reader never returns them.
    CHECK(r.u8() == 0);
    CHECK(r.u16() == 0);
    CHECK(r.u32() == 0);
    CHECK(r.varint() == 0);
    CHECK(r.bytes(1).empty());
    CHECK(r.node_id() == NodeId{0});
    CHECK(r.endpoint() == Endpoint{});
    CHECK(r.remaining() == 0);
    CHECK_FALSE(r.at_end());
}

TEST_CASE("unit: codec: bytes() checks the remaining length first") {
    const Bytes b = bytes_of({1, 2, 3});
    Reader r(b);
    const auto two = r.bytes(2);
    REQUIRE(two.size() == 2);
    CHECK(two[1] == std::byte{2});
    CHECK(r.bytes(2).empty());
    CHECK_FALSE(r.ok());

    // A length near SIZE_MAX must not wrap around the bounds check.
    Reader huge(b);
    CHECK(huge.bytes(SIZE_MAX).empty());
    CHECK_FALSE(huge.ok());
}

TEST_CASE("unit: codec: blob and str enforce their maximum length") {
    Bytes buf;
    Writer w(buf);
    const Bytes ten(10, std::byte{0x5a});
    w.blob(ten);
    CHECK(buf.size() == 11);

    Reader exact(buf);
    const auto got = exact.blob(10);
    CHECK(got.size() == 10);
    CHECK(exact.ok());
    CHECK(exact.at_end());

    Reader too_small(buf);
    CHECK(too_small.blob(9).empty());
    CHECK_FALSE(too_small.ok());

    Bytes sbuf;
    Writer sw(sbuf);
    sw.str("hello");
    Reader s_ok(sbuf);
    CHECK(s_ok.str(5) == "hello");
    CHECK(s_ok.at_end());
    Reader s_bad(sbuf);
    CHECK(s_bad.str(4).empty());
    CHECK_FALSE(s_bad.ok());

    // A length prefix larger than what follows is rejected even when under the maximum.
    const Bytes lying = bytes_of({0x05, 'a', 'b'});
    Reader r(lying);
    CHECK(r.str(255).empty());
    CHECK_FALSE(r.ok());

    // Empty strings are legal.
    Bytes ebuf;
    Writer ew(ebuf);
    ew.str("");
    Reader er(ebuf);
    CHECK(er.str(0).empty());
    CHECK(er.ok());
    CHECK(er.at_end());
}

TEST_CASE("unit: codec: varint_max rejects values above the bound") {
    const Bytes b = encode_varint(300);
    Reader at_bound(b);
    CHECK(at_bound.varint_max(300) == 300);
    CHECK(at_bound.ok());
    Reader over(b);
    CHECK(over.varint_max(299) == 0);
    CHECK_FALSE(over.ok());
}

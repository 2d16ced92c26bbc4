#pragma once
// Bounds-checked little-endian binary writer and reader. The reader never reads past its
// span: every accessor checks the remaining length first, and the first failure makes the
// reader "bad" so later reads return zero values; callers check ok() once at the end.
//
// Everything here is inline: encoding and decoding run for every frame of every packet,
// and out-of-line calls per field (plus zero-filling resizes) were the largest share of the
// simulator's instruction count.

#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>
#include <string>
#include <string_view>

#include "transport/types.hpp"

namespace gocast {

class Writer {
public:
    explicit Writer(Bytes& out) : out_(out) {}

    void u8(std::uint8_t v) { out_.push_back(static_cast<std::byte>(v)); }
    void u16(std::uint16_t v) { fixed(v, 2); }
    void u32(std::uint32_t v) { fixed(v, 4); }
    void u64(std::uint64_t v) { fixed(v, 8); }
    // LEB128, at most 10 bytes.
    void varint(std::uint64_t v) {
        while (v >= 0x80) {
            u8(static_cast<std::uint8_t>(v | 0x80));
            v >>= 7;
        }
        u8(static_cast<std::uint8_t>(v));
    }
    void bytes(std::span<const std::byte> b) { out_.insert(out_.end(), b.begin(), b.end()); }
    // Length-prefixed (varint) byte string.
    void blob(std::span<const std::byte> b) {
        varint(b.size());
        bytes(b);
    }
    void str(std::string_view s) { blob(std::as_bytes(std::span(s.data(), s.size()))); }
    void node_id(NodeId id) { u64(id.value); }
    void endpoint(const Endpoint& ep) {
        u32(ep.ip);
        u16(ep.port);
    }
    std::size_t size() const { return out_.size(); }

private:
    // Byte by byte: push_back's inline fast path beats the out-of-line range insert and
    // the zero-filling resize for these few bytes (encoders reserve their size up front).
    void fixed(std::uint64_t v, std::size_t n) {
        for (std::size_t i = 0; i < n; ++i) out_.push_back(static_cast<std::byte>((v >> (8 * i)) & 0xff));
    }
    Bytes& out_;
};

class Reader {
public:
    explicit Reader(std::span<const std::byte> in) : in_(in) {}

    std::uint8_t u8() { return static_cast<std::uint8_t>(fixed(1)); }
    std::uint16_t u16() { return static_cast<std::uint16_t>(fixed(2)); }
    std::uint32_t u32() { return static_cast<std::uint32_t>(fixed(4)); }
    std::uint64_t u64() { return fixed(8); }
    std::uint64_t varint() {
        std::uint64_t v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (!ok_ || pos_ >= in_.size()) {
                fail();
                return 0;
            }
            const auto b = std::to_integer<std::uint8_t>(in_[pos_++]);
            // The tenth byte may only carry the single top bit of a 64-bit value.
            if (shift == 63 && b > 1) {
                fail();
                return 0;
            }
            v |= std::uint64_t{b & 0x7fu} << shift;
            if ((b & 0x80) == 0) return v;
        }
        fail();
        return 0;
    }
    // A varint that must not exceed `max`; larger values make the reader bad.
    std::uint64_t varint_max(std::uint64_t max) {
        const std::uint64_t v = varint();
        if (v > max) fail();
        return ok_ ? v : 0;
    }
    std::span<const std::byte> bytes(std::size_t n) {
        if (!ok_ || in_.size() - pos_ < n) {
            fail();
            return {};
        }
        auto s = in_.subspan(pos_, n);
        pos_ += n;
        return s;
    }
    std::span<const std::byte> blob(std::size_t max_len) { return bytes(varint_max(max_len)); }
    std::string str(std::size_t max_len) {
        const auto b = blob(max_len);
        return std::string(reinterpret_cast<const char*>(b.data()), b.size());
    }
    NodeId node_id() { return NodeId{u64()}; }
    Endpoint endpoint() {
        Endpoint ep;
        ep.ip = u32();
        ep.port = u16();
        return ep;
    }

    bool ok() const { return ok_; }
    std::size_t remaining() const { return ok_ ? in_.size() - pos_ : 0; }
    bool at_end() const { return ok_ && pos_ == in_.size(); }
    void fail() { ok_ = false; }

private:
    std::uint64_t fixed(std::size_t n) {
        if (!ok_ || in_.size() - pos_ < n) {
            fail();
            return 0;
        }
        std::uint64_t v = 0;
        if constexpr (std::endian::native == std::endian::little) {
            std::memcpy(&v, in_.data() + pos_, n);
        } else {
            const auto* p = reinterpret_cast<const unsigned char*>(in_.data() + pos_);
            for (std::size_t i = n; i-- > 0;) v = (v << 8) | p[i];
        }
        pos_ += n;
        return v;
    }
    std::span<const std::byte> in_;
    std::size_t pos_ = 0;
    bool ok_ = true;
};

}  // namespace gocast

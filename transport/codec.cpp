#include "transport/codec.hpp"

#include <bit>
#include <cstring>

namespace gocast {

void Writer::varint(std::uint64_t v) {
    while (v >= 0x80) {
        u8(static_cast<std::uint8_t>(v | 0x80));
        v >>= 7;
    }
    u8(static_cast<std::uint8_t>(v));
}

std::uint64_t Reader::fixed(int n) {
    if (!ok_ || in_.size() - pos_ < static_cast<std::size_t>(n)) {
        fail();
        return 0;
    }
    std::uint64_t v = 0;
    if constexpr (std::endian::native == std::endian::little) {
        std::memcpy(&v, in_.data() + pos_, static_cast<std::size_t>(n));
    } else {
        const auto* p = reinterpret_cast<const unsigned char*>(in_.data() + pos_);
        for (int i = n - 1; i >= 0; --i) v = (v << 8) | p[i];
    }
    pos_ += n;
    return v;
}

std::uint64_t Reader::varint() {
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

std::span<const std::byte> Reader::bytes(std::size_t n) {
    if (!ok_ || in_.size() - pos_ < n) {
        fail();
        return {};
    }
    auto s = in_.subspan(pos_, n);
    pos_ += n;
    return s;
}

std::string Reader::str(std::size_t max_len) {
    const auto b = blob(max_len);
    return std::string(reinterpret_cast<const char*>(b.data()), b.size());
}

}  // namespace gocast

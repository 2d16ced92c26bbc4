#include "sim/scenario.hpp"

#include <algorithm>
#include <cmath>
#include <utility>

namespace gocast::sim {

namespace {
// Odd constants that separate the derivations below; any distinct values would do.
constexpr std::uint64_t kGolden = 0x9E3779B97F4A7C15ull;
constexpr std::uint64_t kNodeRngSalt = 0xD1B54A32D192ED03ull;
constexpr std::uint64_t kStreamSalt = 0x8CB92BA72F3D8DD7ull;
}  // namespace

std::uint64_t mix64(std::uint64_t x) {
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
    return x ^ (x >> 31);
}

NodeId node_id_for(std::uint64_t seed, std::uint32_t index) {
    const std::uint64_t v = mix64(mix64(seed) + index);
    return NodeId{v != 0 ? v : kGolden};
}

std::uint64_t node_rng_seed(std::uint64_t seed, std::uint32_t index) {
    return mix64(mix64(seed ^ kNodeRngSalt) + index);
}

std::uint64_t stream_seed(std::uint64_t seed, Stream s) {
    return mix64(mix64(seed ^ kStreamSalt) + static_cast<std::uint64_t>(s) * kGolden);
}

Time start_time(std::size_t index, std::size_t peers, Duration window) {
    if (peers == 0) return 0;
    return static_cast<Time>((static_cast<__int128>(window) * static_cast<__int128>(index)) /
                             static_cast<__int128>(peers));
}

std::vector<std::uint32_t> choose_uniform(std::vector<std::uint32_t> pool, std::size_t k,
                                          Rng& rng) {
    const std::size_t take = std::min(k, pool.size());
    // Partial Fisher-Yates: position i receives a uniform pick among the untaken rest.
    for (std::size_t i = 0; i < take; ++i) {
        const std::size_t j = i + static_cast<std::size_t>(rng.below(pool.size() - i));
        std::swap(pool[i], pool[j]);
    }
    pool.resize(take);
    return pool;
}

Time publish_time(std::uint64_t k, Time start, double rate) {
    return start + static_cast<Time>(
                       std::llround(static_cast<double>(k) * static_cast<double>(kSecond) / rate));
}

Bytes make_payload(std::uint64_t msg_seq, std::size_t size) {
    Bytes out(size);
    for (std::size_t i = 0; i < size; ++i) {
        const std::uint8_t v = i < 8 ? static_cast<std::uint8_t>(msg_seq >> (8 * i))
                                     : static_cast<std::uint8_t>('a' + (i % 26));
        out[i] = static_cast<std::byte>(v);
    }
    return out;
}

std::size_t kill_count(double fraction, std::size_t live) {
    if (fraction <= 0.0) return 0;
    const auto n = static_cast<std::size_t>(std::llround(fraction * static_cast<double>(live)));
    return std::min(n, live);
}

}  // namespace gocast::sim

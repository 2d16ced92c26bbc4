#include "transport/hop/fragmenter.hpp"

#include "transport/hop/hop_frames.hpp"

namespace gocast {

std::vector<Bytes> split_into_fragments(std::uint64_t msg, std::span<const std::byte> message,
                                        std::size_t chunk_bytes) {
    const std::size_t count = (message.size() + chunk_bytes - 1) / chunk_bytes;
    std::vector<Bytes> out;
    out.reserve(count);
    for (std::size_t i = 0; i < count; ++i) {
        const std::size_t at = i * chunk_bytes;
        const std::size_t n = std::min(chunk_bytes, message.size() - at);
        Bytes f;
        f.reserve(kFragmentHeaderMaxBytes + n);
        encode_fragment_header(f, msg, static_cast<std::uint32_t>(i), static_cast<std::uint32_t>(count),
                               static_cast<std::uint32_t>(message.size()));
        const auto chunk = message.subspan(at, n);
        f.insert(f.end(), chunk.begin(), chunk.end());
        out.push_back(std::move(f));
    }
    return out;
}

}  // namespace gocast

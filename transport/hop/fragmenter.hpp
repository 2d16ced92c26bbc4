#pragma once
// Splitting a frame that does not fit one segment into fragment bodies (hop_frames.hpp:
// msg, index, count, total, chunk). Every fragment but the last carries `chunk_bytes`.

#include <cstdint>
#include <span>
#include <vector>

#include "transport/types.hpp"

namespace gocast {

// Largest fragment header: msg (10) + index (5) + count (5) + total (5) varints.
constexpr std::size_t kFragmentHeaderMaxBytes = 25;

// `message` must be longer than `chunk_bytes` (so at least 2 fragments) and fit a u32.
std::vector<Bytes> split_into_fragments(std::uint64_t msg, std::span<const std::byte> message,
                                        std::size_t chunk_bytes);

}  // namespace gocast

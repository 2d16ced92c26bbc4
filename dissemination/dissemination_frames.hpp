#pragma once
// Bodies of the data, summary and pull frames with their encoders and decoders.

#include <optional>
#include <span>
#include <vector>

#include "dissemination/message.hpp"

namespace gocast {

constexpr std::size_t kMaxIdsPerFrame = 4096;

struct DataFrame {
    Message message;
    std::uint16_t hops = 0;     // overlay hops travelled so far
    bool pull_answer = false;   // sent because the receiver pulled it
};

struct IdListFrame {  // summary, pull
    std::vector<MsgId> ids;
};

struct DataLimits {
    std::size_t max_topic_bytes = 255;
    std::size_t max_payload_bytes = 64 * 1024;
};

Bytes encode(const DataFrame& f);
Bytes encode(const IdListFrame& f);
void encode_into(Bytes& out, const IdListFrame& f);  // appends (see overlay_frames.hpp)
std::optional<DataFrame> decode_data(std::span<const std::byte> b, const DataLimits& limits);
std::optional<IdListFrame> decode_id_list(std::span<const std::byte> b);

}  // namespace gocast

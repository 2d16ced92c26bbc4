#include "dissemination/dissemination_frames.hpp"

#include "transport/codec.hpp"

namespace gocast {

Bytes encode(const DataFrame& f) {
    Bytes out;
    out.reserve(32 + f.message.topic.size() + f.message.payload.size());
    Writer w(out);
    w.node_id(f.message.id.origin);
    w.varint(f.message.id.seq);
    w.u8(static_cast<std::uint8_t>(f.message.service));
    w.varint(static_cast<std::uint64_t>(f.message.origin_time));
    w.varint(f.hops);
    w.u8(f.pull_answer ? 1 : 0);
    w.str(f.message.topic);
    w.blob(f.message.payload);
    return out;
}

std::optional<DataFrame> decode_data(std::span<const std::byte> b, const DataLimits& limits) {
    Reader r(b);
    DataFrame f;
    f.message.id.origin = r.node_id();
    f.message.id.seq = r.varint();
    const auto service = r.u8();
    f.message.origin_time = static_cast<Time>(r.varint_max(INT64_MAX));
    f.hops = static_cast<std::uint16_t>(r.varint_max(UINT16_MAX));
    const auto flags = r.u8();
    f.message.topic = r.str(limits.max_topic_bytes);
    const auto payload = r.blob(limits.max_payload_bytes);
    if (!r.ok() || !r.at_end() || !is_valid_service(service) || flags > 1 || f.message.id.seq == 0 ||
        f.message.id.origin.value == 0)
        return std::nullopt;
    f.message.service = static_cast<Service>(service);
    f.pull_answer = flags == 1;
    f.message.payload.assign(payload.begin(), payload.end());
    return f;
}

void encode_into(Bytes& out, const IdListFrame& f) {
    Writer w(out);
    const std::size_t n = std::min(f.ids.size(), kMaxIdsPerFrame);
    out.reserve(out.size() + 10 + n * 18);  // varint count, then id 8 + varint seq <= 10 each
    w.varint(n);
    for (std::size_t i = 0; i < n; ++i) {
        w.node_id(f.ids[i].origin);
        w.varint(f.ids[i].seq);
    }
}

Bytes encode(const IdListFrame& f) {
    Bytes out;
    encode_into(out, f);
    return out;
}

std::optional<IdListFrame> decode_id_list(std::span<const std::byte> b) {
    Reader r(b);
    IdListFrame f;
    const auto n = r.varint_max(kMaxIdsPerFrame);
    if (!r.ok()) return std::nullopt;
    f.ids.reserve(n);
    for (std::uint64_t i = 0; i < n && r.ok(); ++i) {
        MsgId id;
        id.origin = r.node_id();
        id.seq = r.varint();
        if (id.seq == 0 || id.origin.value == 0) return std::nullopt;
        f.ids.push_back(id);
    }
    if (!r.ok() || !r.at_end()) return std::nullopt;
    return f;
}

}  // namespace gocast

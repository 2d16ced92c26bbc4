#include "transport/outbox.hpp"

#include <algorithm>

#include "transport/packet.hpp"

namespace gocast {

Outbox::Outbox(NodeId self, std::size_t max_datagram_bytes) : max_datagram_(max_datagram_bytes) {
    write_packet_header(header_, self);
}

OutPacket Outbox::start_packet(const Endpoint& to, std::size_t body_bytes) const {
    OutPacket p{to, {}};
    p.bytes.reserve(header_.size() + body_bytes + kFrameOverheadMax);
    p.bytes.assign(header_.begin(), header_.end());
    return p;
}

void Outbox::note_frame(FrameType type, std::size_t body_bytes) {
    if (type == FrameType::data) {
        ++counts_.payload_frames;
        counts_.payload_bytes += body_bytes;
    } else {
        ++counts_.control_frames;
        counts_.control_bytes += body_bytes;
    }
}

void Outbox::send(const Endpoint& to, FrameType type, std::span<const std::byte> body) {
    note_frame(type, body.size());
    auto it = std::find_if(open_.begin(), open_.end(), [&](const OutPacket& p) { return p.to == to; });
    if (it != open_.end()) {
        OutPacket& p = *it;
        if (p.bytes.size() + body.size() + kFrameOverheadMax <= max_datagram_) {
            append_frame(p.bytes, type, body);
            return;
        }
        // Full: close it and start another for the same destination.
        ready_.push_back(std::move(p));
        p = start_packet(to, body.size());
        append_frame(p.bytes, type, body);
        return;
    }
    OutPacket p = start_packet(to, body.size());
    append_frame(p.bytes, type, body);
    open_.push_back(std::move(p));
}

void Outbox::flush() {
    for (auto& p : open_) ready_.push_back(std::move(p));
    open_.clear();
}

std::optional<OutPacket> Outbox::pop() {
    if (ready_.empty()) return std::nullopt;
    OutPacket p = std::move(ready_.front());
    ready_.pop_front();
    return p;
}

}  // namespace gocast

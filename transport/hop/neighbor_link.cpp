#include "transport/hop/neighbor_link.hpp"

#include "transport/hop/hop_link.hpp"
#include "transport/hop/tcp_link.hpp"

namespace gocast {

void accumulate(LinkStats& into, const LinkStats& s) {
    into.frames_queued += s.frames_queued;
    into.frames_dropped_full += s.frames_dropped_full;
    into.frames_too_large += s.frames_too_large;
    into.datagrams_sent += s.datagrams_sent;
    into.bytes_sent += s.bytes_sent;
    into.segments_sent += s.segments_sent;
    into.retransmits += s.retransmits;
    into.unsequenced_sent += s.unsequenced_sent;
    into.ack_only_sent += s.ack_only_sent;
    into.nacks_received += s.nacks_received;
    into.nacks_bad += s.nacks_bad;
    into.nacks_stale += s.nacks_stale;
    into.acks_bad += s.acks_bad;
    into.datagrams_received += s.datagrams_received;
    into.malformed += s.malformed;
    into.segments_received += s.segments_received;
    into.unsequenced_received += s.unsequenced_received;
    into.duplicates += s.duplicates;
    into.out_of_window += s.out_of_window;
    into.nacks_sent += s.nacks_sent;
    into.reassembled += s.reassembled;
    into.reassembly_rejected += s.reassembly_rejected;
    into.session_resets += s.session_resets;
    into.failed_unanswered += s.failed_unanswered;
    into.failed_unfilled_gap += s.failed_unfilled_gap;
}

const char* to_string(LinkTransport t) {
    switch (t) {
        case LinkTransport::hop: return "hop";
        case LinkTransport::datagram: return "datagram";
        case LinkTransport::tcp: return "tcp";
    }
    return "unknown";
}

std::optional<LinkTransport> parse_link_transport(std::string_view text) {
    if (text == "hop") return LinkTransport::hop;
    if (text == "datagram") return LinkTransport::datagram;
    if (text == "tcp") return LinkTransport::tcp;
    return std::nullopt;
}

std::unique_ptr<NeighborLink> make_neighbor_link(LinkTransport kind, const HopConfig& cfg,
                                                 std::uint32_t session) {
    switch (kind) {
        case LinkTransport::hop: return std::make_unique<HopLink>(cfg, session);
        case LinkTransport::tcp: return std::make_unique<TcpLink>(cfg, session);
        case LinkTransport::datagram: return nullptr;
    }
    return nullptr;
}

}  // namespace gocast

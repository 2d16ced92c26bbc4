// Node: frame dispatch and the neighbour links (transport/hop) that carry beacons, data,
// summaries and pulls between overlay neighbours when links.transport is hop or tcp.
#include <algorithm>

#include "peer/node_impl.hpp"

namespace gocast {

void Node::Impl::dispatch_frame(Time now, NodeId sender, const Endpoint& from, const FrameView& f, bool via_link) {
    const auto type = static_cast<FrameType>(f.type);
    switch (type) {
        case FrameType::join_request: on_join_request(now, sender, from, f.body); break;
        case FrameType::join_reply:
        case FrameType::shuffle:
        case FrameType::shuffle_reply: on_entries(now, sender, from, type, f.body); break;
        case FrameType::leave: on_leave(now, sender); break;
        case FrameType::ping: on_ping(now, sender, from, f.body); break;
        case FrameType::pong: on_pong(now, sender, from, f.body); break;
        case FrameType::link_request:
        case FrameType::link_accept:
        case FrameType::link_reject:
        case FrameType::link_close:
        case FrameType::drop_request:
        case FrameType::drop_refuse:
        case FrameType::keepalive: on_link_frame(now, sender, from, type, f.body); break;
        case FrameType::beacon: on_beacon(now, sender, f.body); break;
        case FrameType::data: on_data(now, sender, f.body); break;
        case FrameType::summary: on_summary(now, sender, f.body); break;
        case FrameType::pull: on_pull(now, sender, f.body); break;
        case FrameType::survey_request: on_survey_request(now, sender, f.body); break;
        case FrameType::survey_reply: on_survey_reply(now, sender, from, f.body); break;
        case FrameType::hop_link:
        case FrameType::tcp_link:
            if (via_link) {
                ++counters.dropped_malformed;  // a link frame never nests in another
                break;
            }
            on_link_frame_body(now, sender, from, type, f.body);
            break;
        default: ++counters.dropped_unknown_frame; break;
    }
}

void Node::Impl::on_link_frame_body(Time now, NodeId sender, const Endpoint& from, FrameType type,
                                    std::span<const std::byte> body) {
    NeighborLink* link = nlinks.find(sender);
    if (!link) {
        // Not (or no longer) a neighbour; or we run plain datagrams and it does not.
        ++counters.dropped_not_neighbor;
        if (!links.find(sender)) tell_not_linked(now, sender, from);
        return;
    }
    if (link->frame_type() != type) {
        ++counters.dropped_malformed;  // the neighbour runs another link transport
        return;
    }
    nlinks.touch(sender);
    // Reused: a link frame never nests in another, so this is not re-entered.
    std::vector<Bytes>& runs = link_runs;
    runs.clear();
    link->on_receive(now, body, runs);
    for (const Bytes& run : runs) {
        const auto view = decode_frame_run(sender, run);
        if (!view) {
            ++counters.dropped_malformed;
            continue;
        }
        for_each_frame(*view, [&](const FrameView& f) { dispatch_frame(now, sender, from, f, /*via_link=*/true); });
    }
}

void Node::Impl::tell_not_linked(Time now, NodeId peer, const Endpoint& addr) {
    // A small bounded memory of whom we told when: a burst of link frames from one peer
    // gets one answer per interval, and a flood from many peers cannot grow state.
    const std::size_t remembered = std::max<std::uint32_t>(1, cfg.links.not_linked_memory);
    auto it = std::find_if(not_linked_told.begin(), not_linked_told.end(),
                           [&](const auto& e) { return e.first == peer; });
    if (it != not_linked_told.end()) {
        if (now - it->second < cfg.links.not_linked_notice_interval) return;
        it->second = now;
    } else {
        if (not_linked_told.size() >= remembered) {
            const auto oldest = std::min_element(not_linked_told.begin(), not_linked_told.end(),
                                                 [](const auto& a, const auto& b) { return a.second < b.second; });
            not_linked_told.erase(oldest);
        }
        not_linked_told.emplace_back(peer, now);
    }
    send(addr, FrameType::link_close, encode(links.degree_frame(static_cast<std::uint8_t>(CloseReason::not_linked))));
}

void Node::Impl::open_neighbor_link(NodeId id) {
    if (cfg.links.transport == LinkTransport::datagram || nlinks.contains(id)) return;
    // A fresh session per link, so a neighbour that re-links with us starts a new sequence
    // space on both sides (0 is reserved).
    const auto session = static_cast<std::uint32_t>(rng.below(0xffffffffull) + 1);
    // A link frame travels alone in a packet: header, type and a 3-byte length around it.
    HopConfig hop = cfg.hop;
    const std::uint32_t room = cfg.transport.max_datagram_bytes - static_cast<std::uint32_t>(kPacketHeaderBytes + 4);
    hop.max_datagram_payload = std::min(hop.max_datagram_payload, room);
    nlinks.add(id, make_neighbor_link(cfg.links.transport, hop, session));
}

void Node::Impl::close_neighbor_link(NodeId id) {
    const std::unique_ptr<NeighborLink> link = nlinks.remove(id);
    if (link) accumulate(closed_link_stats, link->stats());
}

void Node::Impl::flush_neighbor_links(Time now) {
    nlinks.drain_dirty([&](NodeId id, NeighborLink& link) {
        const Neighbor* n = links.find(id);
        if (!n) return;
        Bytes& body = link_body;
        bool sent = false;
        while (true) {
            body.clear();
            if (!link.poll_transmit_into(now, body)) break;
            sent = true;
            // One link frame per datagram: the link sized it to its payload budget.
            Bytes packet;
            packet.reserve(kPacketHeaderBytes + kFrameOverheadMax + body.size());
            write_packet_header(packet, self);
            append_frame(packet, link.frame_type(), body);
            ++counters.packets_sent;
            counters.bytes_sent += packet.size();
            transmits.push_back(Transmit{n->address, std::move(packet)});
        }
        if (sent) links.sent_to(id, now);
    });
}

Time Node::Impl::next_link_deadline() const { return nlinks.earliest(); }

void Node::Impl::run_link_timers(Time now) {
    std::vector<NodeId> failed;
    const auto& slots = nlinks.slots();
    for (std::size_t i = 0; i < slots.size(); ++i) {
        // A dirty link's cached deadline is stale: ask it.
        if (slots[i].deadline > now && !slots[i].dirty) continue;
        NeighborLink& link = nlinks.link_at(i);
        if (link.next_deadline() <= now) {
            link.on_timeout(now);
            nlinks.mark_dirty(i);
        }
        if (link.failed()) failed.push_back(slots[i].id);
    }
    for (const NodeId id : failed) {
        // The neighbour stopped answering on the link: drop it (maintenance links another
        // peer in its place) and tell it, in case only one direction is broken.
        ++link_failures;
        if (const Neighbor* n = links.find(id)) send(n->address, FrameType::link_close, encode(links.degree_frame()));
        links.on_link_failed(id, now);
    }
    if (!failed.empty()) {
        apply_link_changes(now);
        apply_tree_changes();
    }
}

void Node::Impl::add_link_counters(Counters& c) const {
    LinkStats sum = closed_link_stats;
    for (const auto& slot : nlinks.slots()) accumulate(sum, slot.link->stats());
    c.link_datagrams_sent = sum.datagrams_sent;
    c.link_ack_only_sent = sum.ack_only_sent;
    c.link_retransmits = sum.retransmits;
    c.link_nacks_sent = sum.nacks_sent;
    c.link_duplicates = sum.duplicates;
    c.link_queue_drops = sum.frames_dropped_full + sum.frames_too_large;
    c.link_malformed = sum.malformed;
    c.link_failures = link_failures;
    c.link_failures_unanswered = sum.failed_unanswered;
    c.link_failures_unfilled_gap = sum.failed_unfilled_gap;
}

}  // namespace gocast

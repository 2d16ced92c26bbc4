// Node: membership, probing, link and tree frames.
#include <algorithm>

#include "peer/node_impl.hpp"

namespace gocast {

namespace {
constexpr std::size_t kCandidatePoolMax = 64;
}  // namespace

Duration Node::Impl::link_cost(NodeId id) const {
    const Neighbor* n = links.find(id);
    if (!n || !n->rtt.has_value()) return cfg.tree.unmeasured_link_cost;
    return std::max<Duration>(1, n->rtt.value() / 2);
}

void Node::Impl::send_join_requests() {
    const Bytes body = encode(EntriesFrame{{}, cfg.site});
    for (const auto& s : seeds) send(s, FrameType::join_request, body);
}

void Node::Impl::on_join_request(Time now, NodeId from, const Endpoint& addr, std::span<const std::byte> body) {
    const auto f = decode_entries(body);
    if (!f) {
        ++counters.dropped_malformed;
        return;
    }
    EntriesFrame reply{membership.sample(rng, cfg.membership.shuffle_size, now, {from}), cfg.site};
    membership.heard_from(from, addr, f->sender_site, now);
    send_frame(addr, FrameType::join_reply, reply);
}

void Node::Impl::on_entries(Time now, NodeId from, const Endpoint& addr, FrameType type,
                            std::span<const std::byte> body) {
    const auto f = decode_entries(body);
    if (!f) {
        ++counters.dropped_malformed;
        return;
    }
    if (type == FrameType::shuffle) {
        // Answer with as many of ours before merging theirs, so we do not echo them back.
        EntriesFrame reply{membership.sample(rng, f->entries.size() + 1, now, {from}), cfg.site};
        send_frame(addr, FrameType::shuffle_reply, reply);
    }
    if (type == FrameType::shuffle_reply && pending_shuffle && pending_shuffle->to == from) {
        const Duration rtt = now - pending_shuffle->sent_at;
        pending_shuffle.reset();
        if (rtt <= cfg.probe.ping_timeout) {
            on_measured_rtt(from, std::max<Duration>(1, rtt), now);
            centrality.add(std::max<Duration>(1, rtt));
        }
    }
    membership.heard_from(from, addr, f->sender_site, now);
    membership.merge(f->entries, now);
    if (type == FrameType::join_reply) joined = true;
}

void Node::Impl::on_leave(Time now, NodeId from) {
    membership.remove(from);
    rtt_cache.erase(from);
    links.on_leave(from);
    apply_link_changes(now);
}

void Node::Impl::ping(Time now, NodeId id, const Endpoint& addr, PingPurpose purpose) {
    const std::uint32_t nonce = pings.start(id, purpose, now);
    // Only a neighbour's nearby neighbours are likely near us too.
    const bool want_nearby = purpose == PingPurpose::neighbor;
    send_frame(addr, FrameType::ping, PingFrame{nonce, static_cast<std::uint64_t>(now), want_nearby});
}

void Node::Impl::measure_neighbors(Time now) {
    // A link that carried acknowledged traffic since the last round has measured the path
    // already (acks echo how long they were held): a ping would only repeat it. Idle links,
    // and links that take no samples, are pinged as before.
    bool asked = false;
    for (const auto& n : links.neighbors()) {
        NeighborLink* link = nlinks.find(n.id);
        if (link) {
            if (const auto rtt = link->take_rtt_sample()) {
                links.on_rtt(n.id, *rtt);
                continue;
            }
        }
        ping(now, n.id, n.address, PingPurpose::neighbor);
        asked = asked || n.kind == LinkKind::nearby;
    }
    if (asked) return;
    // Pongs to neighbour pings are also where nearby candidates come from: keep one coming
    // per round. A random neighbour's nearby neighbours are near it, not us, so ask only
    // nearby ones, in turn.
    std::vector<const Neighbor*> nearby;
    for (const auto& n : links.neighbors())
        if (n.kind == LinkKind::nearby) nearby.push_back(&n);
    if (nearby.empty()) return;
    const Neighbor& n = *nearby[suggestion_turn++ % nearby.size()];
    ping(now, n.id, n.address, PingPurpose::neighbor);
}

void Node::Impl::on_ping(Time now, NodeId from, const Endpoint& addr, std::span<const std::byte> body) {
    const auto f = decode_ping(body);
    if (!f) {
        ++counters.dropped_malformed;
        return;
    }
    PongFrame pong;
    pong.nonce = f->nonce;
    pong.echoed_sent_at = f->sent_at;
    pong.near_degree = static_cast<std::uint8_t>(links.near_degree());
    pong.rand_degree = static_cast<std::uint8_t>(links.rand_degree());
    // Our nearby neighbours are likely near the asker too: offer them as candidates.
    if (f->want_nearby) {
        pong.nearby.reserve(links.neighbors().size());
        for (const auto& n : links.neighbors()) {
            if (n.kind != LinkKind::nearby || n.id == from) continue;
            pong.nearby.push_back(MemberEntry{n.id, n.address, 0, 0});
        }
    }
    (void)now;
    send_frame(addr, FrameType::pong, pong);
}

void Node::Impl::on_pong(Time now, NodeId from, const Endpoint& addr, std::span<const std::byte> body) {
    const auto f = decode_pong(body);
    if (!f) {
        ++counters.dropped_malformed;
        return;
    }
    const auto p = pings.finish(f->nonce, from);
    if (!p || static_cast<Time>(f->echoed_sent_at) != p->sent_at) return;  // unknown or forged
    const Duration rtt = std::max<Duration>(1, now - p->sent_at);
    membership.refresh(from, addr, now);
    on_measured_rtt(from, rtt, now);
    if (links.find(from)) links.on_degrees(from, f->near_degree, f->rand_degree);
    if (p->purpose == PingPurpose::centrality) centrality.add(rtt);
    for (const auto& e : f->nearby) {
        if (candidates.size() >= kCandidatePoolMax) break;
        if (e.id == self || links.find(e.id) || rtt_cache.get(e.id)) continue;
        if (std::any_of(candidates.begin(), candidates.end(), [&](const MemberEntry& c) { return c.id == e.id; }))
            continue;
        candidates.push_back(e);
    }
}

void Node::Impl::shuffle(Time now) {
    // Shuffle with a uniformly chosen member rather than a neighbour: most neighbours are
    // nearby, and exchanging only with them would fill the view with our own region and
    // bias the centrality estimate (and the random links) toward it.
    std::optional<Endpoint> target;
    NodeId target_id;
    if (auto m = membership.random_member(rng)) {
        target = m->address;
        target_id = m->id;
    }
    if (!target) return;
    EntriesFrame f{membership.sample(rng, cfg.membership.shuffle_size, now, {target_id}), cfg.site};
    send_frame(*target, FrameType::shuffle, f);
    pending_shuffle = PendingShuffle{target_id, now};
}

void Node::Impl::on_measured_rtt(NodeId peer, Duration rtt, Time now) {
    if (links.find(peer))
        links.on_rtt(peer, rtt);
    else
        rtt_cache.put(peer, rtt, now);
}

void Node::Impl::sample_centrality(Time now) {
    // A uniform member, measured: the running mean estimates our mean latency to the fleet.
    auto m = membership.random_member(rng);
    if (!m || pings.outstanding_to(m->id)) return;
    ping(now, m->id, m->address, PingPurpose::centrality);
}

void Node::Impl::probe_candidate(Time now) {
    while (!candidates.empty()) {
        const MemberEntry c = candidates.front();
        candidates.pop_front();
        if (links.find(c.id) || rtt_cache.get(c.id) || pings.outstanding_to(c.id)) continue;
        membership.merge({c}, now);
        ping(now, c.id, c.address, PingPurpose::candidate);
        return;
    }
}

void Node::Impl::on_link_frame(Time now, NodeId from, const Endpoint& addr, FrameType type,
                               std::span<const std::byte> body) {
    switch (type) {
        case FrameType::link_request: {
            const auto f = decode_link_request(body);
            if (!f) break;
            membership.refresh(from, addr, now);
            links.on_request(now, from, addr, *f, outbox);
            return;
        }
        case FrameType::link_accept:
        case FrameType::link_reject: {
            const auto f = decode_link_answer(body);
            if (!f) break;
            if (type == FrameType::link_accept) {
                links.on_accept(now, from, addr, *f, outbox);
                if (const Neighbor* n = links.find(from); n && !n->rtt.has_value()) {
                    if (auto r = rtt_cache.get(from)) links.on_rtt(from, *r);
                }
            } else {
                links.on_reject(now, from, *f);
            }
            return;
        }
        case FrameType::link_close:
        case FrameType::drop_request:
        case FrameType::drop_refuse:
        case FrameType::keepalive: {
            const auto f = decode_link_close(body);
            if (!f) break;
            if (type == FrameType::link_close) links.on_close(now, from, *f);
            if (type == FrameType::drop_request) links.on_drop_request(now, from, *f, outbox);
            if (type == FrameType::drop_refuse) links.on_drop_refuse(now, from, *f);
            if (type == FrameType::keepalive) links.on_degrees(from, f->near_degree, f->rand_degree);
            return;
        }
        default: break;
    }
    ++counters.dropped_malformed;
}

void Node::Impl::on_beacon(Time now, NodeId from, std::span<const std::byte> body) {
    const auto b = decode_beacon(body);
    if (!admit_from_neighbor(b, from)) return;
    links.on_degrees(from, b->near_degree, b->rand_degree);
    if (cfg.tree.enabled) tree.on_beacon(now, from, *b, link_cost(from));
}

void Node::Impl::apply_link_changes(Time now) {
    for (const LinkChange& c : links.take_changes()) {
        if (c.up) {
            const auto& d = cfg.dissemination;
            if (d.id_gossip && d.catch_up_window > 0) {
                gossip.on_neighbor_up(c.id, store.recent(now - d.catch_up_window, d.catch_up_max_ids));
                arm_gossip(now);
            } else {
                gossip.on_neighbor_up(c.id);
            }
            open_neighbor_link(c.id);
            const Neighbor* n = links.find(c.id);
            if (n) {
                // Tell the new neighbour where we stand in the tree and measure the link.
                send_frame_to_neighbor(n->id, FrameType::beacon, beacon_frame());
                ping(now, n->id, n->address, PingPurpose::neighbor);
            }
            rtt_cache.erase(c.id);
            joined = true;
            events.emplace_back(NeighborUp{c.id, c.kind});
        } else {
            close_neighbor_link(c.id);
            gossip.on_neighbor_down(c.id);
            tree.on_neighbor_down(now, c.id);
            std::vector<SurveySend> out;
            survey.on_neighbor_down(now, c.id, out);
            send_survey(out);
            if (c.reason == DownReason::timeout || c.reason == DownReason::left ||
                c.reason == DownReason::link_failed) {
                membership.remove(c.id);
                rtt_cache.erase(c.id);
            }
            events.emplace_back(NeighborDown{c.id, c.reason});
        }
    }
}

void Node::Impl::apply_tree_changes() {
    send_beacons(tree.take_relay(), tree.take_answers());
    if (tree.take_changed()) events.emplace_back(TreeChanged{tree.root().id, tree.parent()});
}

}  // namespace gocast

// Node: publish, push along the tree, gossip summaries and pulls, local delivery.
#include <algorithm>

#include "peer/node_impl.hpp"

namespace gocast {

std::optional<MsgId> Node::publish(Time now, std::string_view topic, std::span<const std::byte> payload,
                                   Service service) {
    Impl& m = *impl_;
    if (!m.started || m.left) return std::nullopt;
    if (topic.size() > m.cfg.dissemination.max_topic_bytes ||
        payload.size() > m.cfg.dissemination.max_payload_bytes || service == Service::total)
        return std::nullopt;
    m.last_now = std::max(m.last_now, now);
    auto msg = std::make_shared<Message>();
    msg->id = MsgId{m.self, m.next_msg_seq++};
    msg->service = service;
    msg->origin_time = now;
    msg->topic.assign(topic);
    msg->payload.assign(payload.begin(), payload.end());
    const MsgId id = msg->id;
    m.accept_message(now, std::move(msg), m.self, ArrivalPath::local, 0);
    m.flush();
    return id;
}

void Node::Impl::accept_message(Time now, std::shared_ptr<const Message> msg, NodeId from, ArrivalPath path,
                                std::uint16_t hops) {
    if (!store.insert(now, msg)) {
        ++counters.duplicates;
        return;
    }
    // Neighbours that announced the id have it: no copy and no summary goes to them.
    std::vector<NodeId> skip = gossip.on_received(msg->id);
    const bool announced_by_few = skip.size() <= 1;
    skip.push_back(from);
    recent.record(ArrivalRecord{msg->id, msg->topic, msg->service, now, from, static_cast<std::uint8_t>(path), hops,
                                static_cast<std::uint32_t>(msg->payload.size())});
    if (path == ArrivalPath::pull) ++counters.delivered_via_pull;

    // Push: along the tree (GoCast) or, in the push-gossip baselines, to random members.
    switch (cfg.dissemination.push) {
        case PushPolicy::tree: {
            const Bytes body =
                encode(DataFrame{*msg, static_cast<std::uint16_t>(std::min<int>(hops + 1, UINT16_MAX)), false});
            // A copy pulled from the only neighbour that announced it: the tree did not
            // bring it and it has not spread around us, so our other neighbours likely lack
            // it too and would otherwise wait for our next summary and their pull.
            const bool repair = path == ArrivalPath::pull && announced_by_few && cfg.dissemination.push_after_pull;
            const bool flood = hops < cfg.dissemination.flood_hops && path != ArrivalPath::pull;
            if (repair) ++counters.repair_pushes;
            if (repair || flood)
                push_on_all_links(body, skip);
            else
                push_on_tree(body, skip);
            break;
        }
        case PushPolicy::random_members:
            if (!cfg.dissemination.push_in_rounds) {
                push_to_random_members(now, *msg, from, hops);
            } else {
                round_pushes.push_back(RoundPush{msg, from, hops});
                if (timers.get(TimerKind::push_round) == kNever)
                    timers.set(TimerKind::push_round, now + cfg.dissemination.gossip_interval);
            }
            break;
        case PushPolicy::none: break;
    }

    if (msg->service != Service::unreliable && cfg.dissemination.id_gossip) {
        gossip.note_new(msg->id, now, skip);
        arm_gossip(now);
    }
    emit_deliveries(delivery.accept(now, Arrival{std::move(msg), from, static_cast<std::uint8_t>(path), hops}));
}

namespace {

// Whether `id` is among the first `count` entries of `ids`.
bool among_first(const std::vector<NodeId>& ids, std::size_t count, NodeId id) {
    const auto end = ids.begin() + static_cast<std::ptrdiff_t>(count);
    return std::find(ids.begin(), end, id) != end;
}

}  // namespace

// Both push functions send to neighbours not already in `skip` (the sender and those known
// to hold the message) and add those they sent to.
void Node::Impl::push_on_tree(const Bytes& body, std::vector<NodeId>& skip) {
    const std::size_t excluded = skip.size();
    auto push_to = [&](NodeId id) {
        if (among_first(skip, excluded, id)) return;
        send_to_neighbor(id, FrameType::data, body);
        ++counters.pushed;
        skip.push_back(id);
    };
    if (auto p = tree.parent()) push_to(*p);
    for (NodeId c : tree.children()) push_to(c);
}

void Node::Impl::push_on_all_links(const Bytes& body, std::vector<NodeId>& skip) {
    const std::size_t excluded = skip.size();
    for (const Neighbor& n : links.neighbors()) {
        if (among_first(skip, excluded, n.id)) continue;
        send_to_neighbor(n.id, FrameType::data, body);
        ++counters.pushed;
        skip.push_back(n.id);
    }
}

void Node::Impl::push_to_random_members(Time now, const Message& msg, NodeId from, std::uint16_t hops) {
    // Uniform members of the view, never back to the sender; whether they are alive is not
    // known, so a dead pick is a lost copy (as in any push gossip).
    const Bytes body = encode(DataFrame{msg, static_cast<std::uint16_t>(std::min<int>(hops + 1, UINT16_MAX)), false});
    for (const MemberEntry& m : membership.sample(rng, cfg.dissemination.push_fanout, now, {from, self})) {
        send(m.address, FrameType::data, body);
        ++counters.pushed;
    }
}

void Node::Impl::push_round(Time now) {
    std::vector<RoundPush> due;
    due.swap(round_pushes);
    for (const RoundPush& r : due) push_to_random_members(now, *r.message, r.from, r.hops);
}

void Node::Impl::emit_deliveries(std::vector<Arrival> ready) {
    for (auto& a : ready) {
        ++counters.delivered;
        events.emplace_back(Delivered{*a.message, a.from, static_cast<ArrivalPath>(a.path), a.hops});
    }
}

void Node::Impl::on_data(Time now, NodeId from, std::span<const std::byte> body) {
    const DataLimits limits{cfg.dissemination.max_topic_bytes, cfg.dissemination.max_payload_bytes};
    auto f = decode_data(body, limits);
    if (!f) {
        ++counters.dropped_malformed;
        return;
    }
    // Push gossip sends to any member of the view, so its copies come from non-neighbours.
    const bool any_sender = cfg.dissemination.push == PushPolicy::random_members;
    if (!any_sender && !admit_from_neighbor(f, from)) return;
    ArrivalPath path = ArrivalPath::other;
    if (f->pull_answer) path = ArrivalPath::pull;
    else if (tree.parent() == from || tree.is_child(from)) path = ArrivalPath::tree;
    auto msg = std::make_shared<Message>(std::move(f->message));
    accept_message(now, std::move(msg), from, path, f->hops);
}

void Node::Impl::count_gossip(const Bytes& body) {
    ++counters.gossip_frames_sent;
    counters.gossip_bytes_sent += body.size();
}

void Node::Impl::arm_gossip(Time now) {
    if (gossip.has_queued() && timers.get(TimerKind::gossip) == kNever)
        timers.set(TimerKind::gossip, now + cfg.dissemination.gossip_interval);
}

void Node::Impl::send_summary(Time now) {
    const std::size_t fanout = cfg.dissemination.summary_fanout == 0 ? links.neighbors().size()
                                                                     : cfg.dissemination.summary_fanout;
    for (std::size_t k = 0; k < fanout; ++k) {
        auto s = gossip.next_summary(now);
        if (!s) return;
        send_frame_to_neighbor(s->to, FrameType::summary, IdListFrame{std::move(s->ids)});
        count_gossip(scratch);  // the body send_frame_to_neighbor just encoded
    }
}

void Node::Impl::on_summary(Time now, NodeId from, std::span<const std::byte> body) {
    const auto f = decode_id_list(body);
    if (!admit_from_neighbor(f, from)) return;
    auto want = gossip.on_summary(now, from, f->ids, [&](const MsgId& id) { return store.seen(id); });
    if (want.empty()) return;
    counters.pulls_sent += want.size();
    send_frame_to_neighbor(from, FrameType::pull, IdListFrame{std::move(want)});
    count_gossip(scratch);  // the body send_frame_to_neighbor just encoded
}

void Node::Impl::on_pull(Time, NodeId from, std::span<const std::byte> body) {
    const auto f = decode_id_list(body);
    if (!admit_from_neighbor(f, from)) return;
    for (const MsgId& id : f->ids) {
        auto msg = store.get(id);
        if (!msg) continue;
        send_to_neighbor(from, FrameType::data, encode(DataFrame{*msg, 1, true}));
        ++counters.pulls_served;
    }
}

void Node::Impl::retry_pulls(Time now) {
    for (auto& req : gossip.retry_pulls(now)) {
        if (!links.find(req.from)) continue;
        counters.pulls_sent += req.ids.size();
        send_frame_to_neighbor(req.from, FrameType::pull, IdListFrame{std::move(req.ids)});
        count_gossip(scratch);  // the body send_frame_to_neighbor just encoded
    }
}

}  // namespace gocast

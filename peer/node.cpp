#include "peer/node.hpp"

#include <algorithm>

#include "peer/node_impl.hpp"

namespace gocast {

namespace {
constexpr std::size_t kRttCacheEntries = 256;  // nearest measured peers kept as candidates
constexpr Duration kHousekeepingInterval = 2 * kSecond;  // expiry of view records and stored messages
// Room a survey answer part leaves in a datagram for the packet header, the frame header
// and other frames packed with it (as for payloads, Config::validate()).
constexpr std::uint32_t kSurveyPartHeadroom = 1024;

SurveyConfig survey_config(const Config& c) {
    SurveyConfig s = c.survey;
    const std::uint32_t room = c.transport.max_datagram_bytes > kSurveyPartHeadroom
                                   ? c.transport.max_datagram_bytes - kSurveyPartHeadroom
                                   : 1;
    s.part_bytes = std::min(s.part_bytes, room);
    return s;
}
}  // namespace

Node::Impl::Impl(const Config& c, NodeId id, std::uint64_t seed)
    : cfg(c),
      self(id),
      rng(seed),
      membership(c.membership, id),
      rtt_cache(kRttCacheEntries),
      centrality(c.probe.centrality_window),
      links(c.links, c.probe, id),
      tree(c.tree, id, 0),
      store(c.dissemination),
      gossip(c.dissemination),
      delivery(c.dissemination.fifo_gap_timeout),
      recent(c.dissemination.recent_log_entries),
      survey(survey_config(c), id),
      outbox(id, c.transport.max_datagram_bytes) {}

Duration Node::Impl::jittered(Duration base) {
    // +-10% so that peers started together do not fire in lock-step.
    const Duration spread = std::max<Duration>(1, base / 5);
    return base - base / 10 + static_cast<Duration>(rng.below(static_cast<std::uint64_t>(spread)));
}

void Node::Impl::schedule_chore(TimerKind kind, Time at, Duration interval) {
    if (interval >= cfg.links.maintenance_interval) {
        chores.set(kind, at);
        timers.cancel(kind);
    } else {
        timers.set(kind, at);
        chores.cancel(kind);
    }
}

bool Node::Impl::chore_due(TimerKind kind, Time now, bool tick) const {
    if (timers.due(kind, now)) return true;
    return tick && chores.get(kind) != kNever && chores.get(kind) <= now + cfg.links.maintenance_interval / 2;
}

void Node::Impl::send(const Endpoint& to, FrameType type, const Bytes& body) {
    outbox.send(to, type, body);
}

void Node::Impl::send_to_neighbor(NodeId id, FrameType type, const Bytes& body) {
    if (NeighborLink* link = nlinks.touch(id)) {
        outbox.note_frame(type, body.size());
        // A refusal is counted by the link. A tree beacon is superseded by the next one
        // (docs/PROTOCOL.md 5.5), so the link need not recover it.
        // A summary's ids are announced by other neighbours too, so its ack need not hurry.
        if (type == FrameType::beacon)
            link->send_superseded(type, body);
        else if (type == FrameType::summary)
            link->send_lazy(type, body);
        else
            link->send(type, body);
        return;
    }
    if (const Neighbor* n = links.find(id)) {
        send(n->address, type, body);
        links.sent_to(id, last_now);
    }
}

BeaconFrame Node::Impl::beacon_frame() const {
    return tree.beacon(static_cast<std::uint8_t>(links.near_degree()),
                       static_cast<std::uint8_t>(links.rand_degree()));
}

void Node::Impl::send_beacons(BeaconRelay relay, const std::vector<NodeId>& answers) {
    if (relay == BeaconRelay::none && answers.empty()) return;
    send_beacon_to([&](const Neighbor& n) {
        return relay == BeaconRelay::all || (relay == BeaconRelay::tree && tree.wants_every_beacon(n.id)) ||
               std::find(answers.begin(), answers.end(), n.id) != answers.end();
    });
}

void Node::Impl::send_heartbeats(Time now) {
    // Checked every half heartbeat interval: a neighbour hears from us at least every 1.5
    // intervals (plus jitter), under links.neighbor_timeout (validated > 2 intervals). The
    // beacon also re-states our place in the tree; a link that carried anything recently
    // needs neither.
    const Time idle_since = now - cfg.links.heartbeat_interval;
    send_beacon_to([&](const Neighbor& n) { return n.last_sent <= idle_since; });
}

void Node::Impl::flush() {
    // Plain packets first: a link_accept must reach the neighbour before the first frame of
    // the link it opens, or that frame is dropped (no link yet) and waits for a NACK or probe.
    outbox.flush();
    while (auto p = outbox.pop()) {
        ++counters.packets_sent;
        counters.bytes_sent += p->bytes.size();
        transmits.push_back(Transmit{p->to, std::move(p->bytes)});
    }
    flush_neighbor_links(last_now);
}

void Node::Impl::run_timers(Time now) {
    const auto& p = cfg.probe;
    if (timers.due(TimerKind::join_retry, now)) {
        if (joined || seeds.empty()) {
            timers.cancel(TimerKind::join_retry);
        } else {
            send_join_requests();
            join_backoff = std::min(join_backoff * 2, cfg.membership.join_retry_max);
            timers.set(TimerKind::join_retry, now + jittered(join_backoff));
        }
    }
    const bool tick = timers.due(TimerKind::maintenance, now);
    if (chore_due(TimerKind::shuffle, now, tick)) {
        shuffle(now);
        const Duration every = cfg.membership.shuffle_interval;
        schedule_chore(TimerKind::shuffle, now + jittered(every), every);
    }
    if (chore_due(TimerKind::centrality_sample, now, tick)) {
        sample_centrality(now);
        // Once the window is full the estimate only needs refreshing, not building, and
        // every shuffle's round trip refreshes it too (on_entries).
        const Duration every = centrality.samples() < p.centrality_window ? p.centrality_sample_interval
                                                                         : p.centrality_refresh_interval;
        schedule_chore(TimerKind::centrality_sample, now + jittered(every), every);
    }
    if (chore_due(TimerKind::candidate_probe, now, tick)) {
        probe_candidate(now);
        schedule_chore(TimerKind::candidate_probe, now + jittered(p.candidate_probe_interval),
                       p.candidate_probe_interval);
    }
    if (chore_due(TimerKind::neighbor_ping, now, tick)) {
        measure_neighbors(now);
        schedule_chore(TimerKind::neighbor_ping, now + jittered(p.neighbor_ping_interval),
                       p.neighbor_ping_interval);
    }
    if (tick) {
        for (const auto& lost : pings.expire(now, p.ping_timeout)) {
            if (lost.purpose != PingPurpose::neighbor) rtt_cache.erase(lost.target);
        }
        std::vector<NodeId> tree_links = tree.children();
        if (auto parent = tree.parent()) tree_links.push_back(*parent);
        links.maintain(now, rng, membership, rtt_cache, tree_links, outbox);
        // Live neighbours keep their view records fresh (done here, not per packet).
        for (const auto& n : links.neighbors())
            if (now - n.last_heard < cfg.links.neighbor_timeout) membership.touch(n.id, n.address, n.last_heard);
        apply_link_changes(now);
        if (links.neighbors().empty() && membership.size() == 0 && joined && !seeds.empty()) {
            // Cut off from everyone we knew: start over from the seeds.
            joined = false;
            join_backoff = cfg.membership.join_retry_initial;
            timers.set(TimerKind::join_retry, now);
        }
        if (cfg.tree.enabled) {
            tree.tick(now, centrality.mean(), centrality.samples());
            apply_tree_changes();
        }
        timers.set(TimerKind::maintenance, now + jittered(cfg.links.maintenance_interval));
    }
    if (cfg.tree.enabled && tree.next_deadline() <= now) {
        tree.tick(now, centrality.mean(), centrality.samples());
        apply_tree_changes();
    }
    if (chore_due(TimerKind::heartbeat, now, tick)) {
        send_heartbeats(now);
        const Duration every = cfg.links.heartbeat_interval / 2;
        schedule_chore(TimerKind::heartbeat, now + jittered(every), every);
    }
    if (timers.due(TimerKind::gossip, now)) {
        send_summary(now);
        // Armed only while ids wait to be summarised: an idle node has no gossip events.
        if (gossip.has_queued())
            timers.set(TimerKind::gossip, now + cfg.dissemination.gossip_interval);
        else
            timers.cancel(TimerKind::gossip);
    }
    if (timers.due(TimerKind::push_round, now)) {
        push_round(now);
        timers.cancel(TimerKind::push_round);  // re-armed by the next first receipt
    }
    if (survey.next_deadline() <= now) {
        std::vector<SurveySend> out;
        survey.tick(now, out);
        send_survey(out);
    }
    if (gossip.next_retry_deadline() <= now) retry_pulls(now);
    if (next_link_deadline() <= now) run_link_timers(now);
    if (delivery.next_deadline() <= now) emit_deliveries(delivery.expire(now));
    if (chore_due(TimerKind::housekeeping, now, tick)) {
        membership.expire(now);
        store.expire(now);
        counters.store_evicted = store.evicted();
        schedule_chore(TimerKind::housekeeping, now + kHousekeepingInterval, kHousekeepingInterval);
    }
}

Node::Node(const Config& config, NodeId id, std::uint64_t rng_seed)
    : impl_(std::make_unique<Impl>(config, id, rng_seed)) {}

Node::~Node() = default;
Node::Node(Node&&) noexcept = default;
Node& Node::operator=(Node&&) noexcept = default;

NodeId Node::id() const { return impl_->self; }

void Node::handle_start(Time now, std::span<const Endpoint> seeds) {
    Impl& m = *impl_;
    if (m.started) return;
    m.started = true;
    m.last_now = now;
    m.tree = Tree(m.cfg.tree, m.self, now);
    m.seeds.assign(seeds.begin(), seeds.end());
    m.joined = m.seeds.empty();  // the first peer of a fleet has nobody to join
    m.join_backoff = m.cfg.membership.join_retry_initial;
    if (!m.seeds.empty()) {
        m.send_join_requests();
        m.timers.set(TimerKind::join_retry, now + m.jittered(m.join_backoff));
    }
    m.timers.set(TimerKind::maintenance, now + m.jittered(m.cfg.links.maintenance_interval / 2));
    const auto& p = m.cfg.probe;
    m.schedule_chore(TimerKind::shuffle, now + m.jittered(m.cfg.membership.shuffle_interval),
                     m.cfg.membership.shuffle_interval);
    m.schedule_chore(TimerKind::neighbor_ping, now + m.jittered(p.neighbor_ping_interval), p.neighbor_ping_interval);
    // The samples serve the root election and, as measured RTTs, the nearby-link candidates;
    // a node with neither (push gossip to random members) does not ping for them.
    if (m.cfg.tree.enabled || m.cfg.links.c_near > 0)
        m.schedule_chore(TimerKind::centrality_sample, now + m.jittered(p.centrality_sample_interval),
                         p.centrality_sample_interval);
    m.schedule_chore(TimerKind::candidate_probe, now + m.jittered(p.candidate_probe_interval),
                     p.candidate_probe_interval);
    m.schedule_chore(TimerKind::heartbeat, now + m.jittered(m.cfg.links.heartbeat_interval / 2),
                     m.cfg.links.heartbeat_interval / 2);
    m.schedule_chore(TimerKind::housekeeping, now + kHousekeepingInterval, kHousekeepingInterval);
    m.flush();
}

void Node::handle_datagram(Time now, Endpoint from, std::span<const std::byte> bytes) {
    Impl& m = *impl_;
    if (!m.started || m.left) return;
    m.last_now = std::max(m.last_now, now);
    ++m.counters.packets_received;
    m.counters.bytes_received += bytes.size();
    const DecodeResult decoded = decode_packet(bytes);
    if (!decoded.packet || decoded.packet->sender == m.self || decoded.packet->sender.value == 0) {
        ++m.counters.dropped_malformed;
        return;
    }
    const NodeId sender = decoded.packet->sender;
    m.links.heard(sender, now);
    for_each_frame(*decoded.packet,
                   [&](const FrameView& f) { m.dispatch_frame(now, sender, from, f, /*via_link=*/false); });
    m.apply_link_changes(now);
    m.apply_tree_changes();
    m.flush();
}

void Node::handle_timeout(Time now) {
    Impl& m = *impl_;
    if (!m.started || m.left) return;
    m.last_now = std::max(m.last_now, now);
    m.run_timers(now);
    m.flush();
}

void Node::handle_leave(Time now) {
    Impl& m = *impl_;
    if (!m.started || m.left) return;
    m.last_now = std::max(m.last_now, now);
    for (const auto& n : m.links.neighbors()) m.send(n.address, FrameType::leave, Bytes{});
    m.left = true;
    m.flush();
}

std::optional<Transmit> Node::poll_transmit() {
    Impl& m = *impl_;
    if (m.transmits.empty()) return std::nullopt;
    Transmit t = std::move(m.transmits.front());
    m.transmits.pop_front();
    return t;
}

std::optional<Time> Node::poll_timeout() const {
    const Impl& m = *impl_;
    if (!m.started || m.left) return std::nullopt;
    Time t = m.timers.earliest();
    if (m.cfg.tree.enabled) t = std::min(t, m.tree.next_deadline());
    t = std::min(t, m.gossip.next_retry_deadline());
    t = std::min(t, m.delivery.next_deadline());
    t = std::min(t, m.next_link_deadline());
    t = std::min(t, m.survey.next_deadline());
    if (t == kNever) return std::nullopt;
    return t;
}

std::optional<Event> Node::poll_event() {
    Impl& m = *impl_;
    if (m.events.empty()) return std::nullopt;
    Event e = std::move(m.events.front());
    m.events.pop_front();
    return e;
}

Snapshot Node::snapshot(SnapshotDetail detail) const {
    const Impl& m = *impl_;
    Snapshot s;
    s.id = m.self;
    s.now = m.last_now;
    s.site = m.cfg.site;
    s.joined = m.joined;
    s.root = m.cfg.tree.enabled ? m.tree.root().id : NodeId{};  // no tree: no root
    s.parent = m.tree.parent();
    s.root_distance = m.tree.distance();
    s.tree_seq = m.tree.seq();
    s.depth = m.tree.depth();
    s.centrality = m.centrality.mean();
    s.centrality_samples = m.centrality.samples();
    s.near_degree = m.links.near_degree();
    s.rand_degree = m.links.rand_degree();
    s.neighbors.reserve(m.links.neighbors().size());
    for (const auto& n : m.links.neighbors()) {
        NeighborInfo i;
        i.id = n.id;
        i.address = n.address;
        i.kind = n.kind;
        i.rtt = n.rtt.value();
        i.is_parent = m.tree.parent() == n.id;
        i.is_child = m.tree.is_child(n.id);
        i.their_near_degree = n.their_near;
        i.their_rand_degree = n.their_rand;
        i.up_since = n.up_since;
        s.neighbors.push_back(i);
    }
    if (detail == SnapshotDetail::topology) return s;
    s.view_size = static_cast<std::uint32_t>(m.membership.size());
    s.members.reserve(m.membership.size());
    for (const Member& mb : m.membership.members())
        s.members.push_back(MemberInfo{mb.id, mb.address, mb.site, std::max<Duration>(0, m.last_now - mb.last_heard)});
    s.recent = m.recent.records();
    s.stored_messages = static_cast<std::uint32_t>(m.store.payloads());
    s.stored_bytes = m.store.payload_bytes();
    s.counters = m.counters;
    const auto& frames = m.outbox.counts();
    s.counters.payload_frames_sent = frames.payload_frames;
    s.counters.payload_bytes_sent = frames.payload_bytes;
    s.counters.control_frames_sent = frames.control_frames;
    s.counters.control_bytes_sent = frames.control_bytes;
    s.counters.root_changes = m.tree.root_changes();
    s.counters.parent_changes = m.tree.parent_changes();
    s.counters.store_evicted = m.store.evicted();
    m.add_link_counters(s.counters);
    return s;
}

}  // namespace gocast

#include "sim/simulation.hpp"

#include <algorithm>
#include <filesystem>
#include <stdexcept>
#include <system_error>
#include <type_traits>
#include <utility>
#include <variant>

#include "datasets/loaders.hpp"
#include "datasets/synthetic.hpp"
#include "sim/scenario.hpp"

namespace gocast::sim {

namespace {

std::vector<datasets::LatencyMatrix> obtain_matrices(SimConfig& c) {
    std::vector<datasets::LatencyMatrix> out;
    if (!c.matrices.empty()) {
        out = std::move(c.matrices);
        c.matrices.clear();  // do not keep a second copy in the config
    } else if (!c.dataset_path.empty()) {
        std::error_code ec;
        if (std::filesystem::is_directory(c.dataset_path, ec)) {
            out = datasets::load_slices_dir(c.dataset_path);
        } else {
            out.push_back(datasets::load_any(c.dataset_path));
        }
    } else {
        datasets::GeoModelParams p;
        p.hosts = c.synthetic_hosts;
        p.seed = c.seed;
        out.push_back(datasets::generate_geographic(p));
    }
    if (out.empty()) throw std::invalid_argument("dataset has no latency matrix");
    for (const datasets::LatencyMatrix& m : out) {
        if (m.n == 0 || m.rtt_ms.size() != m.n * m.n || m.n != out.front().n) {
            throw std::invalid_argument(
                "dataset has no hosts, a malformed matrix, or slices of "
                "different sizes");
        }
    }
    return out;
}

std::string join_problems(const std::vector<std::string>& problems) {
    std::string out = "invalid simulation config: ";
    for (std::size_t i = 0; i < problems.size(); ++i) {
        if (i > 0) out += "; ";
        out += problems[i];
    }
    return out;
}

}  // namespace

Simulation::Simulation(SimConfig config)
    : config_(std::move(config)),
      scenario_rng_(stream_seed(config_.seed, Stream::scenario)),
      sampling_rng_(stream_seed(config_.seed, Stream::sampling)),
      metrics_(config_.nodes) {
    if (const auto problems = validate(config_); !problems.empty()) {
        throw std::invalid_argument(join_problems(problems));
    }
    node_config_ = config_.effective_node_config();
    matrices_ = obtain_matrices(config_);
    slice_period_ = config_.effective_slice_period(matrices_.size());
    placement_ = config_.sequential_placement
                     ? datasets::place_peers_sequential(config_.nodes, matrices_.front().n,
                                                        config_.intra_site_rtt_ms)
                     : datasets::place_peers(config_.nodes, matrices_.front().n, config_.seed,
                                             config_.intra_site_rtt_ms);
    network_ =
        std::make_unique<NetworkModel>(matrices_, placement_, slice_period_, config_.loss,
                                       config_.jitter, stream_seed(config_.seed, Stream::network));

    const std::size_t n = config_.nodes;
    nodes_.reserve(n);
    ids_.reserve(n);
    for (std::uint32_t i = 0; i < n; ++i) {
        const NodeId id = node_id_for(config_.seed, i);
        ids_.push_back(id);
        peer_by_id_.emplace(id, i);
        nodes_.emplace_back(node_config_, id, node_rng_seed(config_.seed, i));
    }
    lives_.assign(n, PeerLife{});
    timer_deadline_.assign(n, kNever);
    timer_gen_.assign(n, 0);
    schedule_scenario();
}

Simulation::~Simulation() = default;

Endpoint Simulation::endpoint(std::size_t peer) const {
    return endpoint_of(static_cast<std::uint32_t>(peer));
}

std::optional<std::uint32_t> Simulation::peer_of(NodeId id) const {
    const auto it = peer_by_id_.find(id);
    if (it == peer_by_id_.end()) return std::nullopt;
    return it->second;
}

std::vector<std::uint32_t> Simulation::live_peers() const {
    std::vector<std::uint32_t> out;
    for (std::uint32_t p = 0; p < lives_.size(); ++p) {
        if (lives_[p].alive_now()) out.push_back(p);
    }
    return out;
}

// --- Scenario ---------------------------------------------------------------------------

void Simulation::schedule_scenario() {
    for (std::uint32_t i = 0; i < nodes_.size(); ++i) {
        SimEvent e;
        e.time = start_time(i, nodes_.size(), config_.join_window);
        e.kind = EventKind::start_peer;
        e.peer = i;
        queue_.push(e);
    }
    SimEvent sample;
    sample.time = 0;
    sample.kind = EventKind::sample;
    queue_.push(sample);
    if (config_.publish_rate > 0.0) {
        const Time first = publish_time(0, config_.publish_start, config_.publish_rate);
        if (first < config_.effective_publish_stop()) {
            SimEvent e;
            e.time = first;
            e.kind = EventKind::publish;
            e.arg = 0;
            queue_.push(e);
        }
    }
    if (config_.fail_fraction > 0.0) {
        SimEvent e;
        e.time = config_.effective_fail_at();
        e.kind = EventKind::kill;
        queue_.push(e);
    }
}

void Simulation::run() {
    run_until(config_.duration);
    finish();
}

void Simulation::run_until(Time t) {
    if (t < now_) return;
    while (!queue_.empty() && queue_.top_time() <= t) {
        const SimEvent e = queue_.pop();
        now_ = e.time;
        dispatch(e);
    }
    now_ = t;
}

void Simulation::finish() {
    if (!last_sample_at_ || *last_sample_at_ != now_) take_sample();
}

void Simulation::dispatch(const SimEvent& e) {
    switch (e.kind) {
        case EventKind::datagram:
            on_datagram(e);
            break;
        case EventKind::timer:
            on_timer(e);
            return;  // counts itself: stale ones do not count
        case EventKind::start_peer:
            on_start(e.peer);
            break;
        case EventKind::publish:
            on_publish(e);
            break;
        case EventKind::kill:
            on_kill();
            break;
        case EventKind::sample:
            on_sample();
            break;
    }
    ++events_processed_;
}

void Simulation::on_start(std::uint32_t peer) {
    if (started(peer)) return;
    // Seeds are drawn before this peer counts as started, so it never seeds itself.
    const std::vector<std::uint32_t> chosen =
        choose_uniform(live_peers(), config_.max_seeds, scenario_rng_);
    std::vector<Endpoint> seeds;
    seeds.reserve(chosen.size());
    for (const std::uint32_t s : chosen) seeds.push_back(endpoint_of(s));
    lives_[peer].started = now_;
    network_->set_running(peer, true);
    nodes_[peer].handle_start(now_, seeds);
    drain(peer, false);
}

void Simulation::on_datagram(const SimEvent& e) {
    Bytes bytes = queue_.take_payload(e.arg);
    if (!network_->arrive(e.peer, bytes.size())) return;
    nodes_[e.peer].handle_datagram(now_, Endpoint{e.aux, e.aux16}, bytes);
    drain(e.peer, false);
}

void Simulation::on_timer(const SimEvent& e) {
    const std::uint32_t p = e.peer;
    if (e.arg != timer_gen_[p] || !alive(p)) {
        ++stale_timers_;
        return;
    }
    ++events_processed_;
    timer_deadline_[p] = kNever;  // consumed; drain() schedules the next one
    nodes_[p].handle_timeout(now_);
    drain(p, true);
}

void Simulation::on_publish(const SimEvent& e) {
    const std::vector<std::uint32_t> live = live_peers();
    if (live.empty()) {
        ++publish_skipped_;
    } else {
        publish_from(live[scenario_rng_.below(live.size())]);
    }
    const std::uint64_t k = std::uint64_t{e.arg} + 1;
    const Time next = publish_time(k, config_.publish_start, config_.publish_rate);
    // Publications are numbered in 32 bits (SimEvent::arg, MessageRecord::seq).
    if (next < config_.effective_publish_stop() && k <= UINT32_MAX) {
        SimEvent n;
        n.time = std::max(next, now_);
        n.kind = EventKind::publish;
        n.arg = static_cast<std::uint32_t>(k);
        queue_.push(n);
    }
}

std::optional<std::uint32_t> Simulation::publish_from(std::uint32_t peer) {
    if (peer >= nodes_.size() || !alive(peer)) return std::nullopt;
    const Bytes payload = make_payload(metrics_.messages().size(), config_.payload_bytes);
    const auto live = static_cast<std::uint32_t>(live_peers().size());
    const std::optional<MsgId> id =
        nodes_[peer].publish(now_, config_.topic, payload, Service::reliable);
    std::optional<std::uint32_t> seq;
    if (id) {
        seq = metrics_.add_message(*id, peer, now_, live);
    } else {
        ++publish_rejected_;
    }
    drain(peer, false);  // the local delivery is matched to the record registered above
    return seq;
}

std::optional<SurveyId> Simulation::start_survey(std::uint32_t peer, SurveyKind kind, MsgId message,
                                                std::uint32_t max_entries) {
    if (peer >= nodes_.size() || !alive(peer)) return std::nullopt;
    auto id = nodes_[peer].start_survey(now_, kind, message, max_entries);
    drain(peer, false);
    return id;
}

void Simulation::on_kill() {
    const std::vector<std::uint32_t> live = live_peers();
    const std::size_t count = kill_count(config_.fail_fraction, live.size());
    for (const std::uint32_t p : choose_uniform(live, count, scenario_rng_)) kill(p);
}

void Simulation::kill(std::uint32_t peer) {
    if (peer >= nodes_.size() || !alive(peer)) return;
    lives_[peer].killed = now_;
    network_->set_running(peer, false);
    ++timer_gen_[peer];  // its pending timer becomes stale
    timer_deadline_[peer] = kNever;
}

void Simulation::on_sample() {
    take_sample();
    const Time next = now_ + config_.sample_interval;
    if (next <= config_.duration) {
        SimEvent e;
        e.time = next;
        e.kind = EventKind::sample;
        queue_.push(e);
    }
}

void Simulation::take_sample() {
    const OverlayView view = overlay_view();
    OverlaySample s;
    s.at = now_;
    s.degrees = degree_stats(view, config_.target_degree());
    s.latency = link_latency(view, *network_, now_, sampling_rng_, config_.random_pair_samples);
    max_degree_observed_ = std::max(max_degree_observed_, s.degrees.max);
    metrics_.add_sample(std::move(s));
    last_sample_at_ = now_;
}

// --- Driving a node ---------------------------------------------------------------------

void Simulation::drain(std::uint32_t peer, bool after_timeout) {
    Node& node = nodes_[peer];
    while (std::optional<Transmit> t = node.poll_transmit()) {
        const std::optional<std::uint32_t> to = sim::peer_of(t->to, nodes_.size());
        if (!to) {
            network_->drop_unknown();
            continue;
        }
        if (const std::optional<Time> at = network_->route(peer, *to, now_)) {
            queue_.push_datagram(*at, *to, endpoint_of(peer), std::move(t->bytes));
        }
    }
    while (std::optional<gocast::Event> e = node.poll_event()) on_node_event(peer, std::move(*e));
    reschedule_timer(peer, after_timeout);
}

void Simulation::on_node_event(std::uint32_t peer, gocast::Event&& e) {
    std::visit(
        [this, peer](auto&& ev) {
            using T = std::decay_t<decltype(ev)>;
            if constexpr (std::is_same_v<T, Delivered>) {
                // Direct latency as it was when the message was published.
                const MessageRecord* m = metrics_.find(ev.message.id);
                const Duration direct =
                    m != nullptr ? network_->base_delay(m->origin, peer, m->published) : 0;
                metrics_.on_delivered(peer, ev, now_, direct);
            } else if constexpr (std::is_same_v<T, NeighborUp>) {
                ++node_events_.neighbor_up;
            } else if constexpr (std::is_same_v<T, NeighborDown>) {
                ++node_events_.neighbor_down;
            } else if constexpr (std::is_same_v<T, TreeChanged>) {
                ++node_events_.tree_changed;
            }
        },
        e);
}

void Simulation::reschedule_timer(std::uint32_t peer, bool after_timeout) {
    Time deadline = nodes_[peer].poll_timeout().value_or(kNever);
    if (deadline != kNever) {
        // A deadline in the past runs now. Right after a timeout, though, a deadline that is
        // still due means the node did not act on it; firing it again at the same instant
        // would loop forever, so it moves one microsecond on (and is counted).
        const Time earliest = after_timeout ? now_ + 1 : now_;
        if (deadline < earliest) {
            if (after_timeout) ++timers_clamped_;
            deadline = earliest;
        }
    }
    if (deadline == timer_deadline_[peer]) return;
    ++timer_gen_[peer];
    timer_deadline_[peer] = deadline;
    if (deadline == kNever) return;
    SimEvent e;
    e.time = deadline;
    e.kind = EventKind::timer;
    e.peer = peer;
    e.arg = timer_gen_[peer];
    queue_.push(e);
}

// --- Observation ------------------------------------------------------------------------

OverlayView Simulation::overlay_view() const {
    OverlayView view;
    for (std::uint32_t p = 0; p < nodes_.size(); ++p) {
        if (!alive(p)) continue;
        const Snapshot snap = nodes_[p].snapshot(Node::SnapshotDetail::topology);
        PeerState s;
        s.peer = p;
        if (snap.parent) {
            if (const auto parent = peer_of(*snap.parent)) {
                s.parent = *parent;
            } else {
                s.parent_unknown = true;
            }
        }
        if (const auto root = peer_of(snap.root)) s.root = *root;
        s.depth = snap.depth;
        s.degree = snap.neighbors.size();
        s.links.reserve(snap.neighbors.size());
        for (const NeighborInfo& nb : snap.neighbors) {
            if (const auto q = peer_of(nb.id)) s.links.push_back(PeerLink{*q, nb.kind});
        }
        view.push_back(std::move(s));
    }
    return view;
}

TreeReport Simulation::tree_report() const {
    return check_tree(overlay_view(), nodes_.size());
}

Results Simulation::results() const {
    Results r;
    r.end_time = now_;
    r.events_processed = events_processed_;
    r.stale_timers = stale_timers_;
    r.network = network_->counters();
    r.peers = nodes_.size();
    for (const PeerLife& l : lives_) {
        if (l.started != kNever) ++r.peers_started;
        if (l.killed != kNever) ++r.peers_killed;
        if (l.alive_now()) ++r.live_peers;
    }

    r.messages_published = metrics_.messages().size();
    r.publish_rejected = publish_rejected_;
    r.publish_skipped = publish_skipped_;
    r.messages = message_results(metrics_, lives_);
    r.all = tally(r.messages);
    if (config_.fail_fraction > 0.0) {
        r.fail_at = config_.effective_fail_at();
        r.after_failure = tally(r.messages, *r.fail_at + 1);  // strictly after the failure
    }
    r.deliveries_total = metrics_.deliveries().size();
    r.duplicate_deliveries = metrics_.duplicate_deliveries();
    r.unknown_deliveries = metrics_.unknown_deliveries();
    r.delay = delay_stats(metrics_.deliveries(), metrics_.messages());

    const OverlayView view = overlay_view();
    r.degrees_end = degree_stats(view, config_.target_degree());
    r.max_degree_observed = std::max(max_degree_observed_, r.degrees_end.max);
    if (last_sample_at_ && *last_sample_at_ == now_ && !metrics_.samples().empty()) {
        r.links_end = metrics_.samples().back().latency;
    } else {
        Rng rng = sampling_rng_;  // a copy: observing must not shift later samples
        r.links_end = link_latency(view, *network_, now_, rng, config_.random_pair_samples);
    }
    r.tree_end = check_tree(view, nodes_.size());

    std::vector<Counters> counters;
    counters.reserve(nodes_.size());
    for (const auto& node : nodes_) counters.push_back(node.snapshot().counters);
    for (const Counters& c : counters) {
        r.duplicate_copies += c.duplicates;
        r.repair_pushes += c.repair_pushes;
        r.payload_copies_sent += c.payload_frames_sent;
        r.link_totals.packets_sent += c.packets_sent;
        r.link_totals.link_datagrams += c.link_datagrams_sent;
        r.link_totals.ack_only += c.link_ack_only_sent;
        r.link_totals.retransmits += c.link_retransmits;
        r.link_totals.nacks_sent += c.link_nacks_sent;
        r.link_totals.failures += c.link_failures;
    }
    if (r.deliveries_total > 0) {
        r.payload_copies_per_delivery =
            static_cast<double>(r.payload_copies_sent) / static_cast<double>(r.deliveries_total);
    }
    traffic_rates(r, lives_, counters, now_);
    return r;
}

}  // namespace gocast::sim

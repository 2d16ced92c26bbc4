#pragma once
// A deterministic run of many real gocast::Node instances over a simulated network
// (DESIGN "The simulator"). Virtual time starts at 0; each event is processed in (time,
// sequence) order; after every input to a node its transmits, events and timer are drained.
//
// Typical use:
//     Simulation sim(config);      // loads or generates the dataset, places peers
//     sim.run();                   // scenario to config.duration, then a final sample
//     Results r = sim.results();
//     write_report(sim, r, "out");
// Tests can also step with run_until(t), inspect node(i) / alive(i), and inject actions
// with publish_from(i) and kill(i).

#include <cstdint>
#include <memory>
#include <optional>
#include <unordered_map>
#include <vector>

#include "datasets/latency_matrix.hpp"
#include "datasets/placement.hpp"
#include "peer/node.hpp"
#include "sim/event_queue.hpp"
#include "sim/metrics.hpp"
#include "sim/network_model.hpp"
#include "sim/overlay_view.hpp"
#include "sim/results.hpp"
#include "sim/sim_config.hpp"
#include "sim/tree_check.hpp"
#include "transport/rng.hpp"

namespace gocast::sim {

class Simulation {
  public:
    // Throws std::invalid_argument listing validate(config)'s problems, and
    // datasets::DatasetError when the dataset cannot be loaded.
    explicit Simulation(SimConfig config);
    ~Simulation();
    Simulation(const Simulation&) = delete;
    Simulation& operator=(const Simulation&) = delete;

    // Runs the scenario to config().duration and takes the end-of-run sample.
    void run();
    // Processes every event with time <= t (t must not be before now()).
    void run_until(Time t);
    // Takes the end sample at now() unless one was already taken at this instant.
    void finish();

    Time now() const { return now_; }
    Time end_time() const { return config_.duration; }
    bool done() const { return now_ >= config_.duration; }

    std::size_t peer_count() const { return nodes_.size(); }
    const Node& node(std::size_t peer) const { return nodes_[peer]; }
    NodeId node_id(std::size_t peer) const { return ids_[peer]; }
    Endpoint endpoint(std::size_t peer) const;
    std::optional<std::uint32_t> peer_of(NodeId id) const;
    bool started(std::size_t peer) const { return lives_[peer].started != kNever; }
    bool alive(std::size_t peer) const { return lives_[peer].alive_now(); }
    const std::vector<PeerLife>& lives() const { return lives_; }
    std::vector<std::uint32_t> live_peers() const;  // ascending

    // Injected actions at now(). publish_from returns the simulator's message sequence, or
    // nothing when the peer is not running or the node rejected the publication.
    std::optional<std::uint32_t> publish_from(std::uint32_t peer);
    // Crash-stops a peer: it neither sends nor receives from now on. Datagrams it already
    // handed to the network are still delivered, as they are already on the wire.
    void kill(std::uint32_t peer);
    // Starts a survey of the overlay at a running peer (docs/PROTOCOL.md "Surveys"); its
    // result appears in survey_result once the survey ends in simulated time.
    std::optional<SurveyId> start_survey(std::uint32_t peer, SurveyKind kind, MsgId message = {},
                                         std::uint32_t max_entries = UINT32_MAX);
    std::optional<SurveyResult> survey_result(std::uint32_t peer, const SurveyId& id) const {
        return nodes_[peer].survey_result(id);
    }

    // Current overlay of live peers, built from their snapshots.
    OverlayView overlay_view() const;
    TreeReport tree_report() const;
    Results results() const;

    const SimConfig& config() const { return config_; }
    // The first (often only) latency matrix; slices() has every time slice.
    const datasets::LatencyMatrix& matrix() const { return matrices_.front(); }
    const std::vector<datasets::LatencyMatrix>& slices() const { return matrices_; }
    Duration slice_period() const { return slice_period_; }
    const datasets::Placement& placement() const { return placement_; }
    const NetworkModel& network() const { return *network_; }
    const Metrics& metrics() const { return metrics_; }
    std::uint64_t events_processed() const { return events_processed_; }
    std::uint64_t timers_clamped() const { return timers_clamped_; }
    // Counts of node events other than deliveries, for the summary.
    struct NodeEventCounts {
        std::uint64_t neighbor_up = 0;
        std::uint64_t neighbor_down = 0;
        std::uint64_t tree_changed = 0;
    };
    const NodeEventCounts& node_events() const { return node_events_; }

  private:
    void schedule_scenario();
    void dispatch(const SimEvent& e);
    void on_start(std::uint32_t peer);
    void on_datagram(const SimEvent& e);
    void on_timer(const SimEvent& e);
    void on_publish(const SimEvent& e);
    void on_kill();
    void on_sample();
    void take_sample();
    // Drains every output of `peer` after an input; `after_timeout` forbids a new deadline
    // at or before now (a node that keeps reporting a due deadline would stall time).
    void drain(std::uint32_t peer, bool after_timeout);
    void on_node_event(std::uint32_t peer, gocast::Event&& e);
    void reschedule_timer(std::uint32_t peer, bool after_timeout);

    SimConfig config_;
    Config node_config_;
    std::vector<datasets::LatencyMatrix> matrices_;  // never resized after construction
    Duration slice_period_ = 0;
    datasets::Placement placement_;
    std::unique_ptr<NetworkModel> network_;

    std::vector<Node> nodes_;  // contiguous: one cache miss fewer per event than a pointer each
    std::vector<NodeId> ids_;
    std::vector<PeerLife> lives_;
    std::vector<Time> timer_deadline_;      // deadline of the pending timer event, or kNever
    // Bumped whenever the pending timer is superseded; 32 bits (it rides in SimEvent::arg)
    // wrap only after 4 billion reschedules of one peer, far beyond any run.
    std::vector<std::uint32_t> timer_gen_;
    std::unordered_map<NodeId, std::uint32_t> peer_by_id_;  // lookups only

    EventQueue queue_;
    Time now_ = 0;
    Rng scenario_rng_;
    Rng sampling_rng_;
    Metrics metrics_;
    std::uint64_t publications_ = 0;  // scheduled publications processed so far
    std::uint64_t publish_rejected_ = 0;
    std::uint64_t publish_skipped_ = 0;
    std::optional<Time> last_sample_at_;
    std::size_t max_degree_observed_ = 0;
    std::uint64_t events_processed_ = 0;
    std::uint64_t stale_timers_ = 0;
    std::uint64_t timers_clamped_ = 0;
    NodeEventCounts node_events_;
};

}  // namespace gocast::sim

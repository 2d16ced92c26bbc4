#include "sim/graph_report.hpp"

#include "sim/scenario.hpp"

namespace gocast::sim {

Results::Graph analyze_graph(const Simulation& sim, const GraphAnalysisOptions& o) {
    const OverlayView view = sim.overlay_view();
    Rng rng(stream_seed(sim.config().seed, Stream::analysis));
    Results::Graph g;
    g.resilience = failure_resilience(view, sim.peer_count(), o.failed_fractions, o.failure_trials, rng);
    g.hops = hop_distances(view, sim.peer_count(), o.hop_sources, rng);
    g.stretch = stretch_bounds(view, sim.network(), sim.now(), o.stretch_sources, rng);
    return g;
}

}  // namespace gocast::sim

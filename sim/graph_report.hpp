#pragma once
// Runs the global-knowledge graph analyses (sim/graph_analysis.hpp) on a simulation's final
// overlay, with their own generator stream (Stream::analysis) so asking for them changes
// nothing else in the report.

#include <vector>

#include "sim/results.hpp"
#include "sim/simulation.hpp"

namespace gocast::sim {

struct GraphAnalysisOptions {
    std::vector<double> failed_fractions{0.05, 0.10, 0.15, 0.20, 0.25, 0.30, 0.35, 0.40, 0.45, 0.50};
    std::size_t failure_trials = 20;
    std::size_t hop_sources = 100000;   // all live peers in any realistic run: exact diameter
    std::size_t stretch_sources = 128;  // sources for the stretch lower bounds
};

Results::Graph analyze_graph(const Simulation& sim, const GraphAnalysisOptions& options = {});

}  // namespace gocast::sim

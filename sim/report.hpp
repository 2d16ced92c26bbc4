#pragma once
// Writes a run's results into a directory: summary.json plus CSV tables (column lists in
// report.cpp). No wall-clock value is ever written, so equal seeds give byte-identical
// files; wall time and memory use go to stderr from the CLI only.

#include <nlohmann/json.hpp>
#include <string>

#include "sim/results.hpp"
#include "sim/simulation.hpp"

namespace gocast::sim {

// Creates `dir` (and parents) and writes every report file into it. Throws
// std::runtime_error naming the file when something cannot be written.
void write_report(const Simulation& sim, const Results& r, const std::string& dir);

// The content of summary.json (key order as written).
nlohmann::ordered_json summary_json(const Simulation& sim, const Results& r);

}  // namespace gocast::sim

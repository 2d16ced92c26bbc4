#pragma once
// gocast-sim --webui PORT: after the run, serves the peer web UI (webui/) for the simulated
// overlay on 127.0.0.1:PORT until SIGINT/SIGTERM. The simulation is only read: the report
// written before is unchanged, and the same seed still gives the same output.
// Whole-overlay answers come from every live peer's snapshot (the simulator sees all of
// them), so /api/topology and /api/trace need no further simulated time.

#include <cstdint>

#include "sim/simulation.hpp"

namespace gocast::sim {

// Returns the process exit code: 0 after a signal, 1 when the port cannot be bound.
int serve_webui(const Simulation& sim, std::uint16_t port);

}  // namespace gocast::sim

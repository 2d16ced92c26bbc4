#pragma once
// Helpers shared by the simulator scenario tests: a scratch directory and file reading.

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "sim/sim_config.hpp"
#include "tests/support/scratch_dir.hpp"

namespace gocast::sim::testing {

using TempDir = gocast::testing::ScratchDir;
using gocast::testing::read_file;

// The scenario the property tests share: synthetic dataset, WAN config, default publication
// schedule (20 s to duration - 20 s at 1/s).
inline SimConfig scenario(std::size_t nodes, Duration duration, std::uint64_t seed = 1) {
    SimConfig c;
    c.nodes = nodes;
    c.duration = duration;
    c.seed = seed;
    return c;
}

}  // namespace gocast::sim::testing

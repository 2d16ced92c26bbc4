#pragma once
// Builds the LatencyEmulator that PeerOptions ask for: reads the dataset (or generates the
// synthetic model) and checks that this peer's host is in it. Problems raise ConfigError
// naming the flag, so gocast-peer exits 2 with a clear message before binding anything.

#include <cstdint>
#include <memory>

#include "peer/config_file.hpp"
#include "peer/latency_emulator.hpp"

namespace gocast {

// nullptr when neither latency nor loss emulation is asked for.
std::unique_ptr<LatencyEmulator> make_latency_emulator(const PeerOptions& options,
                                                       std::uint64_t loss_seed);

}  // namespace gocast

#pragma once
// The node role of gocast-link-real: one RealNode on a UDP socket bound to 127.0.0.1,
// driven by the monotonic clock until its end time, then a JSON result file. The only
// code of the link experiments that touches sockets and clocks.

#include <cstdint>
#include <string>

#include "bench/hop/real_node.hpp"

namespace gocast::bench {

struct ProcessSpec {
    RealNodeSpec node;
    std::uint16_t base_port = 0;  // node i listens on base_port + i
    std::int64_t epoch_us = 0;    // CLOCK_MONOTONIC microseconds that all nodes call time 0
    Time end = 0;                 // the process exits at this time (after epoch)
    Time window_from = 0;         // deliveries counted for throughput in [window_from, end]
    std::string out;              // result file (JSON)
};

// Microseconds of CLOCK_MONOTONIC: one clock for every process on the machine, so a
// message's send time stamped by the source means the same thing at every receiver.
std::int64_t monotonic_us();

// Runs the node to its end time. 0 on success; 3 when the socket cannot be bound; 1 on
// another I/O failure (printed to stderr).
int run_node_process(const ProcessSpec& spec);

}  // namespace gocast::bench

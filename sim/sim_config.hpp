#pragma once
// Everything that defines one simulation run. Two runs with equal SimConfig produce
// byte-identical reports: every random choice derives from `seed`.
//
// Times are integer microseconds like everywhere else in GoCast; the CLI converts seconds.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "datasets/latency_matrix.hpp"
#include "peer/config.hpp"
#include "sim/protocol.hpp"
#include "transport/types.hpp"

namespace gocast::sim {

struct SimConfig {
    // Latency source, in order of precedence: `matrices` (tests inject them), `dataset_path`
    // (a file for datasets::load_any, or a directory of time slices for load_slices_dir),
    // else the built-in synthetic model with `synthetic_hosts` hosts.
    // With several matrices (slices), slice k holds during [k * period, (k + 1) * period),
    // cycling, where period = slice_period or, when 0, duration / number of slices: measured
    // latencies are replayed as they changed over time.
    std::vector<datasets::LatencyMatrix> matrices;
    std::string dataset_path;
    std::size_t synthetic_hosts = 256;
    Duration slice_period = 0;
    double intra_site_rtt_ms = 0.2;  // RTT between peers placed on the same dataset host
    // false: hosts drawn at random from the seed (datasets::place_peers); true: peer i on
    // host i mod hosts, as gocast-cluster places real peers under emulated latency.
    bool sequential_placement = false;

    std::size_t nodes = 256;
    Duration duration = 120 * kSecond;
    std::uint64_t seed = 1;

    // Joins: peer i starts at join_window * i / nodes; every peer after the first gets up to
    // max_seeds seeds drawn uniformly from the peers already started and alive.
    Duration join_window = 5 * kSecond;
    std::size_t max_seeds = 3;

    // Publications: from publish_start to publish_stop (exclusive) at publish_rate per
    // second, each from a uniformly random live peer. publish_stop defaults to
    // duration - 20 s so the last messages have time to spread before the end.
    double publish_rate = 1.0;
    Duration publish_start = 20 * kSecond;
    std::optional<Duration> publish_stop;
    std::size_t payload_bytes = 100;
    std::string topic = "sim";

    // Failure: at fail_at (default duration / 2) kill round(fail_fraction * live) peers.
    double fail_fraction = 0.0;
    std::optional<Duration> fail_at;

    // Network faults applied to every datagram.
    double loss = 0.0;    // drop probability
    double jitter = 0.0;  // extra delay uniform in [0, jitter * base one-way delay]

    Duration sample_interval = 5 * kSecond;
    std::size_t random_pair_samples = 2000;  // per sample, for the random-pair latency mean

    // Protocol configuration of every node; c_near/c_rand override node_config.links, then
    // `protocol` switches the config to a baseline (sim/protocol.hpp).
    Protocol protocol = Protocol::gocast;
    Config node_config = Config::wan();
    std::optional<std::uint32_t> c_near;
    std::optional<std::uint32_t> c_rand;

    // Effective values after defaults are applied.
    Duration effective_publish_stop() const;
    Duration effective_fail_at() const;
    Duration effective_slice_period(std::size_t slices) const;
    Config effective_node_config() const;
    std::uint32_t target_degree() const;  // c_near + c_rand of the effective node config
};

// Plain-words problems with `c`; empty means usable. Dataset files are checked when loaded.
std::vector<std::string> validate(const SimConfig& c);

}  // namespace gocast::sim

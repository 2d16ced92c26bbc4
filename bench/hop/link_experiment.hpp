#pragma once
// What the two link benchmarks share - gocast-link-bench (simulated links) and
// gocast-link-real (one process per node over UDP) - so they run the same experiments: the
// emulated link's capacity, the message size and per-datagram wire overhead, the link
// configuration, the TCP model reference of experiment 1, and writing results and plots.

#include <algorithm>
#include <cstddef>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "bench/hop/tcp_model.hpp"
#include "transport/hop/hop_config.hpp"

namespace gocast::bench {

constexpr double kLinkCapacity = 1.25e6;  // bytes per second: 10 Mbit/s
constexpr std::size_t kLinkMessageBytes = 1024;
// Each datagram also pays this per-packet header on the wire (IP + UDP + GoCast packet
// header and link frame type), so packing matters as it does on a real network.
constexpr std::size_t kWireOverhead = 28 + 12 + 3;

inline HopConfig link_experiment_config() {
    HopConfig c;
    c.max_nacks = 40;  // 20% loss each way must not fail a healthy link
    c.tcp_max_retries = 40;
    return c;
}

// Reference for the TCP-like link on one 10 ms link (the loss is set per run): one 1 KB
// message per segment, RTT = both propagation delays + serialisation of a full datagram,
// T0 = tcp_min_rto (the RTO is at its floor on a 21 ms path).
inline TcpModelInput reference_tcp_model(const HopConfig& cfg) {
    TcpModelInput model;
    model.rtt_s = 2 * 0.010 + (cfg.max_datagram_payload + kWireOverhead) / kLinkCapacity;
    model.rto_s = static_cast<double>(cfg.tcp_min_rto) / 1e6;
    model.segment_bytes = kLinkMessageBytes;
    model.max_window = cfg.window_segments;
    return model;
}

// The p-quantile of gocast-link-real's samples: the value at index floor(p * (n - 1)) once
// sorted; `if_empty` when there is none.
inline double floor_percentile(std::vector<double> v, double p, double if_empty) {
    if (v.empty()) return if_empty;
    std::sort(v.begin(), v.end());
    return v[static_cast<std::size_t>(p * static_cast<double>(v.size() - 1))];
}

inline void write_text_file(const std::string& path, const std::string& text) {
    std::ofstream f(path);
    f << text;
}

// Writes an experiment's `<dir>/<stem>.csv` and `<dir>/<stem>-summary.txt`, and prints the
// summary.
inline void write_results(const std::string& dir, const std::string& stem, const std::string& csv,
                          const std::string& summary) {
    write_text_file(dir + "/" + stem + ".csv", csv);
    write_text_file(dir + "/" + stem + "-summary.txt", summary);
    std::cout << summary;
}

// Writes the gnuplot script to `script_path` and runs it; a missing gnuplot is reported
// under `tool`'s name, not fatal.
inline void run_gnuplot(const std::string& script_path, const std::string& script,
                        const char* tool) {
    write_text_file(script_path, script);
    if (std::system(("gnuplot '" + script_path + "'").c_str()) != 0)
        std::cerr << tool << ": gnuplot failed (is it installed?)\n";
}

}  // namespace gocast::bench

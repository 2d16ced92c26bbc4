// gocast-sim: parses flags, runs one simulation, writes the report directory, and prints a
// short human summary (stdout) plus seed, progress, wall time and peak memory (stderr).
// Exit status: 0 done, 1 run or output failure, 2 bad options or dataset.

#include <cmath>
#include <cstdio>
#include <exception>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "datasets/latency_matrix.hpp"
#include "sim/cli.hpp"
#include "sim/graph_report.hpp"
#include "sim/progress.hpp"
#include "sim/report.hpp"
#include "sim/sim_webui.hpp"
#include "sim/simulation.hpp"

namespace {

using gocast::kSecond;
using gocast::Time;
namespace sim = gocast::sim;

// The run advances in this many slices of simulated time so the progress bar can redraw;
// slicing does not change the order of events, only when control returns here.
constexpr Time kSlices = 1000;

std::string fmt(double v, const char* unit) {
    if (!std::isfinite(v)) return "n/a";
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.2f%s", v, unit);
    return buf;
}

void print_summary(const sim::Simulation& s, const sim::Results& r, const std::string& out) {
    std::printf("gocast-sim: %zu peers on %zu hosts, %.1f s simulated, seed %llu\n", r.peers,
                s.matrix().n, static_cast<double>(r.end_time) / kSecond,
                static_cast<unsigned long long>(s.config().seed));
    std::printf("  messages %llu, deliveries %llu/%llu (ratio %s), duplicates delivered %llu\n",
                static_cast<unsigned long long>(r.messages_published),
                static_cast<unsigned long long>(r.all.made),
                static_cast<unsigned long long>(r.all.expected), fmt(r.all.ratio(), "").c_str(),
                static_cast<unsigned long long>(r.duplicate_deliveries));
    if (r.fail_at) {
        std::printf("  killed %zu peers at %.1f s; after it: ratio %s over %zu messages\n",
                    r.peers_killed, static_cast<double>(*r.fail_at) / kSecond,
                    fmt(r.after_failure.ratio(), "").c_str(), r.after_failure.messages);
    }
    std::printf("  delay mean %s p90 %s max %s, direct %s, stretch %s\n",
                fmt(r.delay.mean_ms, " ms").c_str(), fmt(r.delay.p90_ms, " ms").c_str(),
                fmt(r.delay.max_ms, " ms").c_str(), fmt(r.delay.mean_direct_ms, " ms").c_str(),
                fmt(r.delay.stretch_of_means, "").c_str());
    std::printf(
        "  degree mean %s max %zu (max seen %zu); tree %s, %zu root(s), %zu overlay "
        "component(s)\n",
        fmt(r.degrees_end.mean, "").c_str(), r.degrees_end.max, r.max_degree_observed,
        r.tree_end.spanning() ? "spanning" : "NOT spanning", r.tree_end.roots.size(),
        r.tree_end.overlay_components);
    std::printf("  degree at target %s, delay p99 %s, mean per-delivery stretch %s\n",
                fmt(100.0 * r.degrees_end.fraction_at_target, "%").c_str(), fmt(r.delay.p99_ms, " ms").c_str(),
                fmt(r.delay.mean_stretch, "").c_str());
    std::printf("  one-way latency: tree links %s, overlay links %s, random pairs %s (tree/random %s)\n",
                fmt(r.links_end.tree_ms, " ms").c_str(), fmt(r.links_end.overlay_ms, " ms").c_str(),
                fmt(r.links_end.random_pair_ms, " ms").c_str(),
                fmt(100.0 * r.links_end.tree_ms / r.links_end.random_pair_ms, "%").c_str());
    std::printf("  traffic per node: %s payload frames/s, %s control frames/s, %s control bytes/s\n",
                fmt(r.payload_frames_per_node_s, "").c_str(), fmt(r.control_frames_per_node_s, "").c_str(),
                fmt(r.control_bytes_per_node_s, "").c_str());
    std::printf("  protocol %s: %s payload copies per delivery\n", to_string(s.config().protocol),
                fmt(r.payload_copies_per_delivery, "").c_str());
    if (r.graph) {
        const auto& g = *r.graph;
        std::printf("  overlay: diameter %zu hops (%s), mean %s hops; stretch bounds: overlay shortest "
                    "paths %s, central-root tree %s\n",
                    g.hops.diameter, g.hops.exact ? "exact" : "sampled", fmt(g.hops.mean_hops, "").c_str(),
                    fmt(g.stretch.overlay_sp_stretch, "").c_str(), fmt(g.stretch.central_tree_stretch, "").c_str());
    }
    std::printf("  report written to %s\n", out.c_str());
}

int run(int argc, char** argv) {
    sim::CliOptions opts;
    try {
        opts = sim::parse_cli(std::vector<std::string>(argv + 1, argv + argc));
    } catch (const sim::CliError& e) {
        std::fprintf(stderr, "gocast-sim: %s\n", e.what());
        return 2;
    }
    if (opts.help) {
        std::fputs(sim::usage_text().c_str(), stdout);
        return 0;
    }
    std::fprintf(stderr, "gocast-sim: seed %llu\n", static_cast<unsigned long long>(opts.sim.seed));

    sim::Progress progress(!opts.quiet, opts.sim.duration);
    std::unique_ptr<sim::Simulation> s;
    try {
        s = std::make_unique<sim::Simulation>(opts.sim);
    } catch (const gocast::datasets::DatasetError& e) {
        std::fprintf(stderr, "gocast-sim: dataset: %s\n", e.what());
        return 2;
    } catch (const std::invalid_argument& e) {
        std::fprintf(stderr, "gocast-sim: %s\n", e.what());
        return 2;
    }

    const Time end = s->end_time();
    for (Time k = 1; k <= kSlices; ++k) {
        const Time t = end * k / kSlices;
        s->run_until(t);
        progress.update(t);
    }
    s->finish();
    progress.finish();

    sim::Results r = s->results();
    if (opts.graph_analysis) r.graph = sim::analyze_graph(*s);
    try {
        sim::write_report(*s, r, opts.out_dir);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "gocast-sim: %s\n", e.what());
        return 1;
    }
    print_summary(*s, r, opts.out_dir);
    std::fprintf(stderr, "gocast-sim: wall %.2f s, %llu events, peak RSS %.1f MiB\n",
                 progress.wall_seconds(), static_cast<unsigned long long>(r.events_processed),
                 sim::peak_rss_mib());
    if (opts.webui_port) return sim::serve_webui(*s, *opts.webui_port);
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    // Nothing may escape as an exception trace: every failure becomes a message and status.
    try {
        return run(argc, argv);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "gocast-sim: error: %s\n", e.what());
    } catch (...) {
        std::fprintf(stderr, "gocast-sim: unknown error\n");
    }
    return 1;
}

// Survey benchmark: how long whole-overlay topology and trace surveys take, in simulated
// protocol time, on a settled overlay of the WAN preset (docs/BENCHMARKS.md "Surveys").
//
//   survey_bench [--nodes N] [--dataset FILE] [--settle S] [--seed X] [--askers K]
//
// Runs the simulation to --settle seconds, then from K peers spread over the id range
// starts one topology survey each (one after the other, 3 s apart), publishes a message
// at each asker and traces it 3 s later. Prints one line per survey and a summary.

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "sim/simulation.hpp"

using namespace gocast;
using namespace gocast::sim;

namespace {

struct Args {
    std::size_t nodes = 1000;
    std::string dataset;
    Duration settle = 90 * kSecond;
    std::uint64_t seed = 1;
    std::size_t askers = 5;
};

Args parse(int argc, char** argv) {
    Args a;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string flag = argv[i];
        const std::string v = argv[i + 1];
        if (flag == "--nodes") a.nodes = std::stoul(v);
        else if (flag == "--dataset") a.dataset = v;
        else if (flag == "--settle") a.settle = std::stol(v) * kSecond;
        else if (flag == "--seed") a.seed = std::stoull(v);
        else if (flag == "--askers") a.askers = std::stoul(v);
        else {
            std::fprintf(stderr, "survey_bench: unknown flag %s\n", flag.c_str());
            std::exit(2);
        }
    }
    return a;
}

}  // namespace

int main(int argc, char** argv) {
    const Args a = parse(argc, argv);
    SimConfig c;
    c.nodes = a.nodes;
    c.dataset_path = a.dataset;
    c.seed = a.seed;
    c.duration = a.settle + static_cast<Duration>(a.askers) * 10 * kSecond + 10 * kSecond;
    c.publish_rate = 0;  // only the traced messages
    c.sample_interval = c.duration;
    Simulation sim(c);
    sim.run_until(a.settle);
    const auto live = sim.live_peers();
    std::printf("survey_bench: %zu peers, %s, settled %.0f s, seed %llu, survey timeout %.0f ms\n", live.size(),
                a.dataset.empty() ? "synthetic WAN latencies" : a.dataset.c_str(),
                static_cast<double>(a.settle) / kSecond, static_cast<unsigned long long>(a.seed),
                static_cast<double>(c.node_config.survey.timeout) / kMillisecond);
    std::vector<double> took;
    std::size_t incomplete = 0;
    auto report = [&](std::uint32_t peer, const SurveyId& id) {
        sim.run_until(sim.now() + 3 * kSecond);
        const auto r = sim.survey_result(peer, id);
        if (!r) {
            std::printf("  peer %u: no result\n", peer);
            ++incomplete;
            return;
        }
        const double ms = static_cast<double>(r->finished_at - r->started_at) / kMillisecond;
        std::size_t arrivals = 0;
        for (const auto& e : r->entries) arrivals += e.arrival ? 1 : 0;
        std::printf("  %-8s from peer %4u (depth %2u): %zu peers%s, %.1f ms%s\n", to_string(r->kind), peer,
                    static_cast<unsigned>(r->entries.front().depth), r->entries.size(),
                    r->kind == SurveyKind::trace ? (" (" + std::to_string(arrivals) + " with arrival)").c_str() : "",
                    ms, r->partial ? ", PARTIAL" : "");
        took.push_back(ms);
        if (r->partial || r->entries.size() != sim.live_peers().size()) ++incomplete;
    };
    for (std::size_t k = 0; k < a.askers; ++k) {
        const std::uint32_t peer = live[(k * live.size()) / a.askers + live.size() / (2 * a.askers)];
        if (const auto id = sim.start_survey(peer, SurveyKind::topology)) report(peer, *id);
        const auto seq = sim.publish_from(peer);
        if (!seq) continue;
        const MsgId msg = sim.metrics().messages().at(*seq).id;
        sim.run_until(sim.now() + 3 * kSecond);
        if (const auto id = sim.start_survey(peer, SurveyKind::trace, msg)) report(peer, *id);
    }
    if (took.empty()) return 1;
    std::sort(took.begin(), took.end());
    std::printf("summary: %zu surveys, %zu incomplete or partial, time min %.1f ms, median %.1f ms, max %.1f ms\n",
                took.size(), incomplete, took.front(), took[took.size() / 2], took.back());
    return incomplete == 0 ? 0 : 1;
}

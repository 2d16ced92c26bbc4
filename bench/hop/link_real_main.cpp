// gocast-link-real: experiments 1 and 2 of docs/EXPERIMENTS.md "Hop links" with one OS
// process per node, each on its own UDP socket on 127.0.0.1, running the same sans-IO Hop
// and TCP-like link code as gocast-link-bench. Links are emulated in user space at the
// sender (link_shaper.hpp: delay, capacity, drop-tail buffer, random loss each way).
//
//   gocast-link-real loss  [common]   one link, loss 0/5/10/20% each way (experiment 1)
//   gocast-link-real chain [common]   6-node chain and tree: throughput, latency (2)
//   gocast-link-real hops  [common]   a 50 ms path split into 1..10 Hop links against one
//       Hop link over the whole path, 1% and 2% path loss: share of packets late (3)
//   gocast-link-real once  [common] [--loss P] [--messages N] [--rate R]
//       one link, N messages at R per second: exits 0 when the receiver got each exactly
//       once, 1 otherwise (the integration test)
//   common: [--links hop,tcp] [--duration S] [--warmup S] [--out DIR] [--seed X]
//           [--base-port P] [--plot]
//   gocast-link-real node ...         one node; started by the commands above
// The driver starts every node itself, waits a bounded time, signals only the PIDs it
// started and reaps them all before the next run. Bad flags: message and exit 2.

#include <unistd.h>

#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "bench/hop/link_experiment.hpp"
#include "bench/hop/link_real_process.hpp"
#include "bench/hop/real_topology.hpp"
#include "bench/hop/tcp_model.hpp"
#include "peer/process_group.hpp"

namespace {

using namespace gocast;
using namespace gocast::bench;
namespace fs = std::filesystem;

constexpr Duration kHopDelay = 10 * kMillisecond;
constexpr std::size_t kBuffer = 64 * 1024;
constexpr double kLatencyRate = 100;                    // messages per second in latency runs
constexpr Duration kStartupGrace = 500 * kMillisecond;  // spawn to time 0: every socket bound
constexpr auto kExitGrace = std::chrono::seconds(10);   // past the end before PIDs are killed

struct BadFlag {
    std::string text;
};

struct Options {
    std::string command;
    std::vector<LinkTransport> links{LinkTransport::hop, LinkTransport::tcp};
    double duration_s = 15;
    double warmup_s = 5;
    std::string out = "out/link-real";
    std::uint64_t seed = 1;
    std::uint16_t base_port = 0;  // 0: chosen from the PID
    bool plot = false;
    // once / node
    double loss = 0;
    std::uint64_t messages = 0;
    double rate = 0;
    Duration hop_delay = kHopDelay;  // one-way delay of every emulated link
    // node only
    int index = -1;
    std::string topology = "pair";
    std::int64_t epoch_us = 0;
    std::string result;
};

template <typename T>
T number(const std::string& flag, const std::string& v, T lo, T hi) {
    T x{};
    const auto r = std::from_chars(v.data(), v.data() + v.size(), x);
    if (r.ec != std::errc{} || r.ptr != v.data() + v.size() || x < lo || x > hi) {
        std::ostringstream m;
        m << flag << " needs a number in [" << lo << ", " << hi << "], got '" << v << "'";
        throw BadFlag{m.str()};
    }
    return x;
}

Options parse(int argc, char** argv) {
    if (argc < 2) throw BadFlag{"missing command (loss, chain, hops, once or node)"};
    Options o;
    o.command = argv[1];
    if (o.command != "loss" && o.command != "chain" && o.command != "hops" && o.command != "once" &&
        o.command != "node")
        throw BadFlag{"unknown command '" + o.command + "'"};
    for (int i = 2; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--plot") {
            o.plot = true;
            continue;
        }
        if (i + 1 >= argc) throw BadFlag{a + " needs a value"};
        const std::string v = argv[++i];
        if (a == "--links") {
            o.links.clear();
            std::stringstream ss(v);
            std::string item;
            while (std::getline(ss, item, ',')) {
                const auto k = parse_link_transport(item);
                if (!k || *k == LinkTransport::datagram)
                    throw BadFlag{"--links takes hop and/or tcp, got '" + item + "'"};
                o.links.push_back(*k);
            }
            if (o.links.empty()) throw BadFlag{"--links is empty"};
        } else if (a == "--duration") {
            o.duration_s = number<double>(a, v, 1, 600);
        } else if (a == "--warmup") {
            o.warmup_s = number<double>(a, v, 0, 600);
        } else if (a == "--out") {
            o.out = v;
        } else if (a == "--seed") {
            o.seed = number<std::uint64_t>(a, v, 0, UINT64_MAX);
        } else if (a == "--base-port") {
            o.base_port = number<std::uint16_t>(a, v, 1024, 65000);
        } else if (a == "--loss") {
            o.loss = number<double>(a, v, 0, 0.9);
        } else if (a == "--messages") {
            o.messages = number<std::uint64_t>(a, v, 0, 100000000);
        } else if (a == "--rate") {
            o.rate = number<double>(a, v, 0, 1e6);
        } else if (a == "--hop-delay-us" && o.command == "node") {
            o.hop_delay = number<Duration>(a, v, 0, 10 * kSecond);
        } else if (a == "--index" && o.command == "node") {
            o.index = number<int>(a, v, 0, 63);
        } else if (a == "--topology" && o.command == "node") {
            if (!find_topology(v))
                throw BadFlag{"--topology takes pair, chain, tree or path1..path10, got '" + v +
                              "'"};
            o.topology = v;
        } else if (a == "--epoch-us" && o.command == "node") {
            o.epoch_us = number<std::int64_t>(a, v, 0, INT64_MAX);
        } else if (a == "--result" && o.command == "node") {
            o.result = v;
        } else {
            throw BadFlag{"unknown flag " + a};
        }
    }
    if (o.warmup_s >= o.duration_s) throw BadFlag{"--warmup must be shorter than --duration"};
    if (o.command == "node") {
        if (o.index < 0 || o.epoch_us == 0 || o.result.empty() || o.base_port == 0 ||
            o.links.size() != 1)
            throw BadFlag{"node needs --index, --epoch-us, --result, --base-port and one --links"};
        if (o.index >= find_topology(o.topology)->nodes)
            throw BadFlag{"--index beyond the topology"};
    }
    return o;
}

int run_node(const Options& o) {
    const Topology& t = *find_topology(o.topology);
    ProcessSpec p;
    p.node.index = o.index;
    p.node.neighbours = t.neighbours(o.index);
    p.node.kind = o.links.front();
    p.node.link = link_experiment_config();
    p.node.shaper = ShaperSpec{o.hop_delay, kLinkCapacity, kBuffer, o.loss, kWireOverhead};
    p.node.message_bytes = kLinkMessageBytes;
    p.node.rate = o.rate;
    p.node.messages = o.messages;
    p.node.start = 0;
    p.node.stop = static_cast<Time>(o.duration_s * 1e6);
    p.node.seed = o.seed;
    p.base_port = o.base_port;
    p.epoch_us = o.epoch_us;
    p.end = p.node.stop;
    p.window_from = static_cast<Time>(o.warmup_s * 1e6);
    p.out = o.result;
    return run_node_process(p);
}

// --- driver ---------------------------------------------------------------------------

struct RunResult {
    bool ok = false;
    std::vector<nlohmann::json> nodes;  // by index
};

std::string fmt(double x) {
    std::ostringstream s;
    s << x;
    return s.str();
}

// Starts every node of one run, waits for all to exit by themselves (bounded), reads
// their results. Only PIDs started here are signalled; all are reaped before returning.
RunResult run_once(const Options& o, const Topology& t, LinkTransport k, double loss, double rate,
                   std::uint64_t messages, const std::string& name) {
    const fs::path dir = fs::path(o.out) / name;
    fs::create_directories(dir);
    const std::string self = fs::read_symlink("/proc/self/exe").string();
    const std::int64_t epoch = monotonic_us() + kStartupGrace;
    ProcessGroup group;
    for (int i = 0; i < t.nodes; ++i) {
        const fs::path result = dir / ("node-" + std::to_string(i) + ".json");
        fs::remove(result);
        group.spawn(self,
                    {"node",
                     "--index",
                     std::to_string(i),
                     "--topology",
                     t.name,
                     "--links",
                     to_string(k),
                     "--loss",
                     fmt(loss),
                     "--rate",
                     fmt(rate),
                     "--messages",
                     std::to_string(messages),
                     "--duration",
                     fmt(o.duration_s),
                     "--warmup",
                     fmt(o.warmup_s),
                     "--seed",
                     std::to_string(o.seed),
                     "--base-port",
                     std::to_string(o.base_port),
                     "--epoch-us",
                     std::to_string(epoch),
                     "--hop-delay-us",
                     std::to_string(o.hop_delay),
                     "--result",
                     result.string()},
                    dir / ("node-" + std::to_string(i) + ".log"));
    }
    RunResult r;
    r.ok = true;
    const auto limit = std::chrono::steady_clock::now() + std::chrono::microseconds(kStartupGrace) +
                       std::chrono::milliseconds(static_cast<long>(o.duration_s * 1000)) +
                       kExitGrace;
    while (group.running_count() > 0 && std::chrono::steady_clock::now() < limit) {
        for (const ChildExit& e : group.poll_exits()) {
            if (e.code != 0) {
                std::cerr << "gocast-link-real: node " << e.index << " " << describe_exit(e.code)
                          << " (log in " << dir.string() << ")\n";
                r.ok = false;
            }
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    for (const ChildExit& e : group.poll_exits()) {
        if (e.code != 0) {
            std::cerr << "gocast-link-real: node " << e.index << " " << describe_exit(e.code)
                      << "\n";
            r.ok = false;
        }
    }
    if (group.running_count() > 0) {
        std::cerr << "gocast-link-real: " << group.running_count()
                  << " node(s) overran; stopping them\n";
        group.stop_all(std::chrono::milliseconds(2000));
        r.ok = false;
    }
    for (int i = 0; i < t.nodes; ++i) {
        std::ifstream f(dir / ("node-" + std::to_string(i) + ".json"));
        auto j = nlohmann::json::parse(f, nullptr, false);
        if (!f || j.is_discarded()) {
            r.ok = false;
            j = nlohmann::json::object();
        }
        r.nodes.push_back(std::move(j));
    }
    return r;
}

struct Figures {
    double goodput_mbps = 0;  // mean over receivers
    double latency_mean_ms = 0;
    double latency_p99_ms = 0;
    std::uint64_t retransmits = 0;
    double late_mean_ms = 0;  // timer wake-up lateness, mean over nodes
    double late_p99_ms = 0;   // worst node's p99
};

Figures figures(const RunResult& r) {
    Figures f;
    std::vector<double> lat;
    double sum_tp = 0;
    for (std::size_t i = 0; i < r.nodes.size(); ++i) {
        const auto& j = r.nodes[i];
        f.retransmits += j.value("retransmits", std::uint64_t{0});
        f.late_mean_ms += j.value("wake_late_mean_ms", 0.0) / static_cast<double>(r.nodes.size());
        f.late_p99_ms = std::max(f.late_p99_ms, j.value("wake_late_p99_ms", 0.0));
        if (i == 0) continue;
        const double window = j.value("window_s", 1.0);
        sum_tp += static_cast<double>(j.value("delivered_in_window", std::uint64_t{0})) *
                  kLinkMessageBytes * 8 / window / 1e6;
        if (j.contains("latency_ms"))
            for (double x : j["latency_ms"]) lat.push_back(x);
    }
    f.goodput_mbps = sum_tp / static_cast<double>(r.nodes.size() - 1);
    if (lat.empty()) {
        // Nothing sent after the warm-up arrived (a link slower than the offered load).
        f.latency_mean_ms = f.latency_p99_ms = NAN;
    } else {
        double s = 0;
        for (double x : lat) s += x;
        f.latency_mean_ms = s / static_cast<double>(lat.size());
        f.latency_p99_ms = floor_percentile(std::move(lat), 0.99, NAN);
    }
    return f;
}

void plot(const Options& o, const std::string& script) {
    if (!o.plot) return;
    run_gnuplot(o.out + "/real-" + o.command + ".gp", script, "gocast-link-real");
}

std::string header(const Options& o) {
    std::ostringstream s;
    s << "real processes on 127.0.0.1, one UDP socket each; links emulated at the sender: 10 "
         "Mbit/s,\n"
      << "10 ms one-way, 64 KB drop-tail, random loss each way. " << o.duration_s
      << " s per run, throughput\n"
      << "by delivery time after a " << o.warmup_s << " s warm-up, seed " << o.seed
      << ", base port " << o.base_port << "\n";
    return s.str();
}

int run_loss(const Options& o) {
    const Topology& t = *find_topology("pair");
    std::ostringstream csv, sum;
    csv << "transport,loss,goodput_mbps,pct_of_lossless,retransmits,padhye_mbps,wake_late_mean_ms,"
           "wake_late_p99_ms\n";
    sum << "Experiment 1 (real UDP): one link, 1 KB messages, saturating sender;\n" << header(o);
    TcpModelInput model = reference_tcp_model(link_experiment_config());
    bool ok = true;
    for (const LinkTransport k : o.links) {
        double base = 0;
        for (const double loss : {0.0, 0.05, 0.10, 0.20}) {
            const std::string name = std::string(to_string(k)) + "-" + fmt(loss);
            const RunResult r = run_once(o, t, k, loss, 0, 0, "loss/" + name);
            ok = ok && r.ok;
            const Figures f = figures(r);
            if (loss == 0.0) base = f.goodput_mbps;
            const double pct = base > 0 ? 100 * f.goodput_mbps / base : 0;
            model.loss = loss;
            const double padhye = std::min(padhye_bps(model), kLinkCapacity * 8) / 1e6;
            csv << to_string(k) << ',' << loss << ',' << f.goodput_mbps << ',' << pct << ','
                << f.retransmits << ',' << padhye << ',' << f.late_mean_ms << ',' << f.late_p99_ms
                << '\n';
            char line[260];
            std::snprintf(line, sizeof line,
                          "  %-4s loss %4.0f%%: %6.2f Mbit/s = %5.1f%% of lossless (%llu "
                          "retransmits; timer wake-up "
                          "late mean %.3f ms, p99 %.3f ms)%s\n",
                          to_string(k), loss * 100, f.goodput_mbps, pct,
                          static_cast<unsigned long long>(f.retransmits), f.late_mean_ms,
                          f.late_p99_ms, r.ok ? "" : " [RUN FAILED]");
            sum << line;
            std::cout << line << std::flush;
        }
    }
    write_results(o.out, "real-loss", csv.str(), sum.str());
    plot(o, "set terminal pngcairo size 800,500\nset output '" + o.out +
                "/real-loss.png'\nset datafile separator ','\nset key top right\n"
                "set xlabel 'loss each way (%)'\nset ylabel 'throughput (% of lossless)'\nset "
                "yrange [0:105]\n"
                "plot '" +
                o.out +
                "/real-loss.csv' using ($2*100):(strcol(1) eq 'hop' ? $4 : 1/0) with linespoints "
                "title 'Hop (real UDP)', '' using ($2*100):(strcol(1) eq 'tcp' ? $4 : 1/0) with "
                "linespoints title "
                "'TCP-like (real UDP)'\n");
    return ok ? 0 : 1;
}

int run_chain(const Options& o) {
    std::ostringstream csv, sum;
    csv << "topology,transport,loss,goodput_mbps,pct_of_lossless,latency_mean_ms,latency_p99_ms,"
           "ping_sum_ms,"
           "latency_over_ping_pct,wake_late_mean_ms,wake_late_p99_ms\n";
    sum << "Experiment 2 (real UDP): 6 nodes, same loss on every link; throughput: saturating "
           "source,\n"
        << "mean over the 5 receivers; latency: 100 messages/s of 1 KB against the ping sum;\n"
        << header(o);
    bool ok = true;
    for (const char* tn : {"chain", "tree"}) {
        const Topology& t = *find_topology(tn);
        const double per_hop_ms =
            kHopDelay / 1000.0 + (kLinkMessageBytes + kWireOverhead + 60) * 1e3 / kLinkCapacity;
        const double ping_sum = t.mean_depth() * per_hop_ms;
        for (const LinkTransport k : o.links) {
            double base = 0;
            for (const double loss : {0.0, 0.05, 0.10, 0.20}) {
                const std::string name = std::string(tn) + "-" + to_string(k) + "-" + fmt(loss);
                const RunResult tp_run = run_once(o, t, k, loss, 0, 0, "chain/" + name + "-tput");
                const RunResult lat_run =
                    run_once(o, t, k, loss, kLatencyRate, 0, "chain/" + name + "-lat");
                ok = ok && tp_run.ok && lat_run.ok;
                const Figures tp = figures(tp_run);
                const Figures lat = figures(lat_run);
                if (loss == 0.0) base = tp.goodput_mbps;
                const double pct = base > 0 ? 100 * tp.goodput_mbps / base : 0;
                const double over = 100 * (lat.latency_mean_ms / ping_sum - 1);
                csv << tn << ',' << to_string(k) << ',' << loss << ',' << tp.goodput_mbps << ','
                    << pct << ',' << lat.latency_mean_ms << ',' << lat.latency_p99_ms << ','
                    << ping_sum << ',' << over << ',' << lat.late_mean_ms << ',' << lat.late_p99_ms
                    << '\n';
                char line[300];
                std::snprintf(
                    line, sizeof line,
                    "  %-5s %-4s loss %4.0f%%: %6.2f Mbit/s = %5.1f%% of lossless; latency mean "
                    "%6.1f ms "
                    "(p99 %6.1f) vs ping sum %5.1f ms: %+6.1f%% (wake-up late p99 %.2f ms)%s\n",
                    tn, to_string(k), loss * 100, tp.goodput_mbps, pct, lat.latency_mean_ms,
                    lat.latency_p99_ms, ping_sum, over, lat.late_p99_ms,
                    tp_run.ok && lat_run.ok ? "" : " [RUN FAILED]");
                sum << line;
                std::cout << line << std::flush;
            }
        }
    }
    write_results(o.out, "real-chain", csv.str(), sum.str());
    plot(o,
         "set terminal pngcairo size 1000,450\nset output '" + o.out +
             "/real-chain.png'\nset datafile separator ','\nset multiplot layout 1,2\nset key "
             "top right\n"
             "set xlabel 'loss per link (%)'\nset ylabel 'throughput (% of lossless)'\nset "
             "yrange [0:105]\n"
             "f='" +
             o.out +
             "/real-chain.csv'\n"
             "plot for [t in 'chain tree'] for [k in 'hop tcp'] f using ($3*100):((strcol(1) eq "
             "t && strcol(2) eq k) ? $5 : 1/0) "
             "with linespoints title t.' '.k.' (real UDP)'\n"
             "set ylabel 'mean latency / ping sum (log scale)'\nset yrange [*:*]\nset logscale y\n"
             "plot for [t in 'chain tree'] for [k in 'hop tcp'] f using ($3*100):((strcol(1) eq "
             "t && strcol(2) eq k) ? 1+$9/100 : 1/0) "
             "with linespoints title t.' '.k.' (real UDP)'\nunset multiplot\n");
    return ok ? 0 : 1;
}

// Experiment 3 with processes: a 50 ms one-way path as k Hop links in a row (a relay
// process per hop, each link 50/k ms, per-link loss 1-(1-p)^(1/k) each way) against one
// Hop link of 50 ms and loss p over the whole path (routers that only forward: recovery
// end to end). 500 messages/s of 1 KB; the share of the far end's packets that arrive more
// than 10/20/50 ms after the path latency (50 ms + serialisation on every link).
int run_hops(const Options& o) {
    const Duration path = 50 * kMillisecond;
    const double rate = 500;
    const Duration serialise =
        static_cast<Duration>((kLinkMessageBytes + kWireOverhead + 60) * 1e6 / kLinkCapacity);
    std::ostringstream csv, sum;
    csv << "path_loss,hops,recovery,pct_over_10ms,pct_over_20ms,pct_over_50ms,latency_p99_ms,"
           "packets,wake_late_p99_ms\n";
    sum << "Experiment 3 (real UDP): 50 ms one-way path, k Hop links in a row (one process per "
           "node)\nagainst one Hop link over the whole path; 500 msgs/s of 1 KB; "
        << o.duration_s << " s per run, counted after " << o.warmup_s << " s; seed " << o.seed
        << ".\n";
    bool ok = true;
    for (const double p : {0.01, 0.02}) {
        for (const int k : {0, 1, 2, 3, 4, 5, 10}) {
            // k == 0: the end-to-end run (one link over the whole path).
            const int links = k == 0 ? 1 : k;
            Options run = o;
            run.hop_delay = path / links;
            const double per_link = 1.0 - std::pow(1.0 - p, 1.0 / links);
            const Topology& t = *find_topology("path" + std::to_string(links));
            const std::string mode = k == 0 ? "end-to-end" : "hop-by-hop";
            const std::string name = "hops/" + fmt(p) + "-" + (k == 0 ? "e2e" : std::to_string(k));
            const RunResult r = run_once(run, t, LinkTransport::hop, per_link, rate, 0, name);
            ok = ok && r.ok;
            const Figures f = figures(r);
            const auto& far = r.nodes.back();
            const double base_ms = static_cast<double>(path + links * serialise) / 1000.0;
            std::vector<double> lat;
            if (far.contains("latency_ms"))
                for (double x : far["latency_ms"]) lat.push_back(x);
            std::uint64_t over[3] = {0, 0, 0};
            for (const double x : lat) {
                over[0] += x - base_ms > 10;
                over[1] += x - base_ms > 20;
                over[2] += x - base_ms > 50;
            }
            const double n = std::max<double>(1.0, static_cast<double>(lat.size()));
            const double p99 = floor_percentile(lat, 0.99, NAN);
            const int hops_shown = k == 0 ? 1 : k;
            csv << p << ',' << hops_shown << ',' << mode << ',' << 100 * over[0] / n << ','
                << 100 * over[1] / n << ',' << 100 * over[2] / n << ',' << p99 << ',' << lat.size()
                << ',' << f.late_p99_ms << '\n';
            char line[260];
            std::snprintf(line, sizeof line,
                          "  loss %.0f%% %-10s %2d link(s): >10 ms %5.2f%%  >20 ms %5.2f%%  >50 ms "
                          "%5.2f%%  p99 %6.1f ms  (%zu packets; wake-up late p99 %.2f ms)%s\n",
                          p * 100, mode.c_str(), links, 100 * over[0] / n, 100 * over[1] / n,
                          100 * over[2] / n, p99, lat.size(), f.late_p99_ms,
                          r.ok ? "" : " [RUN FAILED]");
            sum << line;
            std::cout << line << std::flush;
        }
    }
    write_results(o.out, "real-hops", csv.str(), sum.str());
    plot(o, "set terminal pngcairo size 800,500\nset output '" + o.out +
                "/real-hops.png'\nset datafile separator ','\nset key top right\n"
                "set title 'Experiment 3 (real UDP): 50 ms path, hop-by-hop against end-to-end "
                "recovery'\n"
                "set xlabel 'Hop links on the 50 ms path'\n"
                "set ylabel '% delayed > 10 ms beyond path latency'\nf='" +
                o.out +
                "/real-hops.csv'\n"
                "plot for [l in '0.01 0.02'] f using 2:((strcol(1) eq l && strcol(3) eq "
                "'hop-by-hop') ? "
                "$4 : 1/0) with linespoints title 'hop-by-hop, path loss '.l.' (real UDP)', "
                "for [l in '0.01 0.02'] f using 2:((strcol(1) eq l && strcol(3) eq 'end-to-end') ? "
                "$4 : "
                "1/0) with points pt 7 title 'end-to-end, path loss '.l\n");
    return ok ? 0 : 1;
}

// One link, a bounded number of messages: did the receiver get each exactly once?
int run_exactly_once(const Options& o) {
    const Topology& t = *find_topology("pair");
    const std::uint64_t n = o.messages > 0 ? o.messages : 200;
    const double rate = o.rate > 0 ? o.rate : 100;
    bool all = true;
    for (const LinkTransport k : o.links) {
        const RunResult r = run_once(o, t, k, o.loss, rate, n, std::string("once-") + to_string(k));
        const auto& src = r.nodes[0];
        const auto& dst = r.nodes[1];
        const auto published = src.value("published", std::uint64_t{0});
        const auto distinct = dst.value("distinct", std::uint64_t{0});
        const auto dups = dst.value("duplicates", std::uint64_t{0});
        const auto lost = src.value("shaper_dropped_loss", std::uint64_t{0}) +
                          dst.value("shaper_dropped_loss", std::uint64_t{0});
        const bool good = r.ok && published == n && distinct == n && dups == 0;
        std::cout << to_string(k) << ": published " << published << ", received " << distinct
                  << " distinct, " << dups << " duplicates handed up, " << lost
                  << " datagrams dropped by the emulated loss, "
                  << src.value("retransmits", std::uint64_t{0})
                  << " retransmits: " << (good ? "ok" : "FAILED") << "\n";
        all = all && good;
    }
    return all ? 0 : 1;
}

int usage(std::ostream& out, int code) {
    out << "usage: gocast-link-real loss|chain|hops|once [--links hop,tcp] [--duration S] "
           "[--warmup S] "
           "[--out DIR]\n"
           "                        [--seed X] [--base-port P] [--plot] [--loss P] [--messages N] "
           "[--rate R]\n";
    return code;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc >= 2 && (std::string(argv[1]) == "--help" || std::string(argv[1]) == "-h"))
        return usage(std::cout, 0);
    Options o;
    try {
        o = parse(argc, argv);
    } catch (const BadFlag& e) {
        std::cerr << "gocast-link-real: " << e.text << "\n";
        return usage(std::cerr, 2);
    }
    if (o.command == "node") return run_node(o);
    if (o.base_port == 0) o.base_port = static_cast<std::uint16_t>(20000 + (::getpid() % 4000) * 8);
    try {
        fs::create_directories(o.out);
        if (o.command == "loss") return run_loss(o);
        if (o.command == "chain") return run_chain(o);
        if (o.command == "hops") return run_hops(o);
        return run_exactly_once(o);
    } catch (const std::exception& e) {
        std::cerr << "gocast-link-real: " << e.what() << "\n";
        return 1;
    }
}

// gocast-link-bench: link-level experiments for Hop links against the TCP-like link, in a
// small deterministic network (link_world.hpp). docs/EXPERIMENTS.md "Hop links" has the
// commands and figures.
//
//   gocast-link-bench loss   [--out DIR] [--duration S] [--seed X] [--plot]
//       one 10 Mbit/s link, 10 ms each way, 1 KB messages, random loss 0/5/10/20% each
//       way: throughput as % of the lossless run (experiment 1)
//   gocast-link-bench chain  [...]   6-node chain and 6-node tree, same loss on every link:
//       throughput, and end-to-end latency of 1 KB messages against the ping sum (2)
//   gocast-link-bench hops   [...]   a 50 ms path split into 1..10 hops at 1% and 2% path
//       loss: hop-by-hop vs end-to-end recovery, % of packets delayed > 10 ms (3)
// Each writes DIR/<experiment>.csv and DIR/<experiment>-summary.txt and prints the summary;
// --plot also renders DIR/<experiment>.png with gnuplot.

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "bench/hop/link_world.hpp"
#include "bench/hop/tcp_model.hpp"

namespace {

using namespace gocast;
using namespace gocast::bench;

struct Options {
    std::string experiment;
    std::string out = "out/link-bench";
    Duration duration = 30 * kSecond;
    std::uint64_t seed = 1;
    bool plot = false;
};

// Excluded from every figure. Throughput counts messages by when they reach the receiver
// inside [kWarmup, duration]: a saturating source keeps the send queue full, so counting by
// send time would credit (or, after a slow start, miss) whatever the queue held.
constexpr Duration kWarmup = 5 * kSecond;

const char* name(LinkTransport k) { return to_string(k); }

struct Measure {
    double goodput_mbps = 0;  // mean over receivers, messages delivered inside the window
    double latency_mean_ms = 0;
    double latency_p99_ms = 0;
    double over_threshold = 0;  // share of deliveries later than the threshold
    std::uint64_t retransmits = 0;
};

double percentile(std::vector<double> v, double p) {
    if (v.empty()) return NAN;
    std::sort(v.begin(), v.end());
    const auto i = static_cast<std::size_t>(std::ceil(p * static_cast<double>(v.size()))) - 1;
    return v[std::min(i, v.size() - 1)];
}

// Delivery statistics at every node but the source (receivers): throughput from the
// messages that arrived after the warm-up, latency from those sent after it.
Measure measure(const LinkWorld& w, Duration duration, Duration threshold) {
    Measure m;
    std::vector<double> lat;
    std::map<int, std::uint64_t> per_node;
    std::uint64_t late = 0;
    for (const Delivery& d : w.deliveries()) {
        if (d.at >= kWarmup && d.at <= duration) ++per_node[d.node];
        if (d.sent < kWarmup) continue;
        const Duration delay = d.at - d.sent;
        lat.push_back(static_cast<double>(delay) / 1000.0);
        if (delay > threshold) ++late;
    }
    const double secs = static_cast<double>(duration - kWarmup) / 1e6;
    double sum = 0;
    for (int n = 1; n < w.nodes(); ++n) sum += static_cast<double>(per_node[n]);
    m.goodput_mbps = sum / (w.nodes() - 1) * kLinkMessageBytes * 8 / secs / 1e6;
    if (!lat.empty()) {
        double s = 0;
        for (double x : lat) s += x;
        m.latency_mean_ms = s / static_cast<double>(lat.size());
        m.latency_p99_ms = percentile(lat, 0.99);
        m.over_threshold = static_cast<double>(late) / static_cast<double>(lat.size());
    }
    if (lat.empty()) m.latency_mean_ms = m.latency_p99_ms = NAN;  // nothing sent after warm-up arrived
    m.retransmits = w.total_stats().retransmits;
    return m;
}

void plot(const Options& o, const std::string& script) {
    if (!o.plot) return;
    run_gnuplot(o.out + "/" + o.experiment + ".gp", script, "gocast-link-bench");
}

// --- experiment 1 ---------------------------------------------------------------------

int run_loss(const Options& o) {
    std::ostringstream csv, sum;
    csv << "transport,loss,goodput_mbps,pct_of_lossless,retransmits,padhye_mbps,padhye_pct,mathis_mbps\n";
    sum << "Experiment 1: one link, 10 Mbit/s, 10 ms one-way, 64 KB drop-tail buffer, 1 KB messages,\n"
        << "saturating sender, " << o.duration / kSecond << " s, throughput by delivery time after a "
        << kWarmup / kSecond << " s warm-up, seed " << o.seed << "\n";
    TcpModelInput model = reference_tcp_model(link_experiment_config());
    for (const LinkTransport k : {LinkTransport::hop, LinkTransport::tcp}) {
        double base = 0;
        for (const double loss : {0.0, 0.05, 0.10, 0.20}) {
            LinkWorld w(k, link_experiment_config(), o.seed);
            w.add_node();
            w.add_node();
            w.add_edge(0, 1, {ChannelSpec{10 * kMillisecond, kLinkCapacity, 64 * 1024, loss}});
            w.set_message_bytes(kLinkMessageBytes);
            w.run(0.0, o.duration);
            const Measure m = measure(w, o.duration, kNever);
            if (loss == 0.0) base = m.goodput_mbps;
            const double pct = base > 0 ? 100.0 * m.goodput_mbps / base : 0;
            model.loss = loss;
            const double padhye = std::min(padhye_bps(model), kLinkCapacity * 8) / 1e6;
            const double mathis = std::min(mathis_bps(model), kLinkCapacity * 8) / 1e6;
            csv << name(k) << ',' << loss << ',' << m.goodput_mbps << ',' << pct << ',' << m.retransmits << ','
                << padhye << ',' << (base > 0 ? 100.0 * padhye / base : 0) << ',' << mathis << '\n';
            char line[240];
            const int n = std::snprintf(line, sizeof line, "  %-4s loss %4.0f%%: %6.2f Mbit/s = %5.1f%% of lossless (%llu retransmits)",
                                  name(k), loss * 100, m.goodput_mbps, pct, static_cast<unsigned long long>(m.retransmits));
            if (k == LinkTransport::tcp && loss > 0 && n > 0 && static_cast<std::size_t>(n) < sizeof line)
                std::snprintf(line + n, sizeof line - static_cast<std::size_t>(n),
                              "; models at RTT %.1f ms: Padhye %.2f, Mathis %.2f Mbit/s", model.rtt_s * 1e3, padhye,
                              mathis);
            sum << line << '\n';
        }
    }
    write_results(o.out, "loss", csv.str(), sum.str());
    plot(o, "set terminal pngcairo size 800,500\nset output '" + o.out +
                "/loss.png'\nset datafile separator ','\nset key top right\n"
                "set xlabel 'loss each way (%)'\nset ylabel 'throughput (% of lossless)'\nset yrange [0:105]\n"
                "plot '" + o.out + "/loss.csv' using ($2*100):(strcol(1) eq 'hop' ? $4 : 1/0) with linespoints title 'Hop', "
                "'' using ($2*100):(strcol(1) eq 'tcp' ? $4 : 1/0) with linespoints title 'TCP-like', "
                "'' using ($2*100):((strcol(1) eq 'tcp' && $2 > 0) ? $7 : 1/0) with linespoints dashtype 2 "
                "title 'Padhye model (% of TCP-like lossless)'\n");
    return 0;
}

// --- experiment 2 ---------------------------------------------------------------------

struct Topo {
    const char* name;
    std::vector<std::pair<int, int>> edges;
    int depth;  // hops from the source to the farthest receiver
};

int run_chain(const Options& o) {
    const Topo topos[] = {{"chain", {{0, 1}, {1, 2}, {2, 3}, {3, 4}, {4, 5}}, 5},
                          {"tree", {{0, 1}, {0, 2}, {1, 3}, {1, 4}, {2, 5}}, 2}};
    const Duration hop_delay = 10 * kMillisecond;
    std::ostringstream csv, sum;
    csv << "topology,transport,loss,goodput_mbps,pct_of_lossless,latency_mean_ms,latency_p99_ms,"
           "ping_sum_ms,latency_over_ping_pct\n";
    sum << "Experiment 2: 6 nodes, every link 10 Mbit/s, 10 ms one-way, 64 KB buffer, same loss on\n"
        << "every link. Throughput: saturating source, mean over the 5 receivers. Latency: 100\n"
        << "messages/s of 1 KB, mean over every delivery, against the ping sum (per hop: one-way\n"
        << "delay + 1 KB serialisation, averaged over receivers' depths). " << o.duration / kSecond
        << " s per run, seed " << o.seed << "\n";
    for (const Topo& t : topos) {
        // Mean ping sum over receivers (each receiver's path length in hops).
        std::vector<int> depth(6, 0);
        for (const auto& [p, c] : t.edges) depth[static_cast<std::size_t>(c)] = depth[static_cast<std::size_t>(p)] + 1;
        double hops = 0;
        for (int n = 1; n < 6; ++n) hops += depth[static_cast<std::size_t>(n)];
        hops /= 5;
        const double per_hop_ms = hop_delay / 1000.0 + (kLinkMessageBytes + kWireOverhead + 60) * 1e3 / kLinkCapacity;
        const double ping_sum = hops * per_hop_ms;
        for (const LinkTransport k : {LinkTransport::hop, LinkTransport::tcp}) {
            double base = 0;
            for (const double loss : {0.0, 0.05, 0.10, 0.20}) {
                Measure tp, lat;
                for (int mode = 0; mode < 2; ++mode) {
                    LinkWorld w(k, link_experiment_config(), o.seed);
                    for (int n = 0; n < 6; ++n) w.add_node();
                    for (const auto& [p, c] : t.edges)
                        w.add_edge(p, c, {ChannelSpec{hop_delay, kLinkCapacity, 64 * 1024, loss}});
                    w.set_message_bytes(kLinkMessageBytes);
                    w.run(mode == 0 ? 0.0 : 100.0, o.duration);
                    (mode == 0 ? tp : lat) = measure(w, o.duration, kNever);
                }
                if (loss == 0.0) base = tp.goodput_mbps;
                const double pct = base > 0 ? 100.0 * tp.goodput_mbps / base : 0;
                const double over = 100.0 * (lat.latency_mean_ms / ping_sum - 1.0);
                csv << t.name << ',' << name(k) << ',' << loss << ',' << tp.goodput_mbps << ',' << pct << ','
                    << lat.latency_mean_ms << ',' << lat.latency_p99_ms << ',' << ping_sum << ',' << over << '\n';
                char line[220];
                std::snprintf(line, sizeof line,
                              "  %-5s %-4s loss %4.0f%%: %6.2f Mbit/s = %5.1f%% of lossless; latency mean %6.1f ms "
                              "(p99 %6.1f) vs ping sum %5.1f ms: %+6.1f%%\n",
                              t.name, name(k), loss * 100, tp.goodput_mbps, pct, lat.latency_mean_ms,
                              lat.latency_p99_ms, ping_sum, over);
                sum << line;
            }
        }
    }
    write_results(o.out, "chain", csv.str(), sum.str());
    plot(o, "set terminal pngcairo size 1000,450\nset output '" + o.out +
                "/chain.png'\nset datafile separator ','\nset multiplot layout 1,2\nset key top right\n"
                "set xlabel 'loss per link (%)'\nset ylabel 'throughput (% of lossless)'\nset yrange [0:105]\n"
                "f='" + o.out + "/chain.csv'\n"
                "plot for [t in 'chain tree'] for [k in 'hop tcp'] f using ($3*100):((strcol(1) eq t && strcol(2) eq k) ? $5 : 1/0) "
                "with linespoints title t.' '.k\n"
                "set ylabel 'mean latency / ping sum (log scale)'\nset yrange [*:*]\nset logscale y\n"
                "plot for [t in 'chain tree'] for [k in 'hop tcp'] f using ($3*100):((strcol(1) eq t && strcol(2) eq k) ? 1+$9/100 : 1/0) "
                "with linespoints title t.' '.k\nunset multiplot\n");
    return 0;
}

// --- experiment 3 ---------------------------------------------------------------------

int run_hops(const Options& o) {
    const Duration path = 50 * kMillisecond;
    const double rate = 500;  // messages per second
    std::ostringstream csv, sum;
    csv << "path_loss,hops,recovery,pct_over_10ms,pct_over_20ms,pct_over_50ms,latency_p99_ms\n";
    sum << "Experiment 3: 50 ms one-way path split into k equal hops (10 Mbit/s each), path loss\n"
        << "1% or 2% (per hop 1-(1-p)^(1/k)), 500 msgs/s of 1 KB, " << o.duration / kSecond
        << " s, seed " << o.seed << ". Share of packets delivered more than X ms after the\n"
        << "path latency (50 ms + serialisation on every hop). hop-by-hop = a Hop link per hop,\n"
        << "end-to-end = one Hop link over the whole path (routers only forward).\n";
    for (const double p : {0.01, 0.02}) {
        for (int k = 1; k <= 10; ++k) {
            const double per_hop = 1.0 - std::pow(1.0 - p, 1.0 / k);
            const ChannelSpec ch{path / k, kLinkCapacity, 256 * 1024, per_hop};
            const Duration base = path + k * static_cast<Duration>((kLinkMessageBytes + kWireOverhead + 60) * 1e6 / kLinkCapacity);
            for (int e2e = 0; e2e < 2; ++e2e) {
                if (k == 1 && e2e == 1) continue;  // the same thing as hop-by-hop
                LinkWorld w(LinkTransport::hop, link_experiment_config(), o.seed);
                if (e2e) {
                    w.add_node();
                    w.add_node();
                    w.add_edge(0, 1, std::vector<ChannelSpec>(static_cast<std::size_t>(k), ch));
                } else {
                    for (int n = 0; n <= k; ++n) w.add_node();
                    for (int n = 0; n < k; ++n) w.add_edge(n, n + 1, {ch});
                }
                w.set_message_bytes(kLinkMessageBytes);
                w.run(rate, o.duration);
                // Only the far end counts.
                std::vector<double> lat;
                std::uint64_t over[3] = {0, 0, 0};
                for (const Delivery& d : w.deliveries()) {
                    if (d.node != w.nodes() - 1 || d.sent < kWarmup) continue;
                    const Duration extra = d.at - d.sent - base;
                    lat.push_back(static_cast<double>(d.at - d.sent) / 1000.0);
                    over[0] += extra > 10 * kMillisecond;
                    over[1] += extra > 20 * kMillisecond;
                    over[2] += extra > 50 * kMillisecond;
                }
                const double n = std::max<double>(1.0, static_cast<double>(lat.size()));
                const char* mode = e2e ? "end-to-end" : "hop-by-hop";
                csv << p << ',' << k << ',' << mode << ',' << 100 * over[0] / n << ',' << 100 * over[1] / n << ','
                    << 100 * over[2] / n << ',' << percentile(lat, 0.99) << '\n';
                char line[200];
                std::snprintf(line, sizeof line,
                              "  loss %.0f%% hops %2d %-10s: >10 ms %5.2f%%  >20 ms %5.2f%%  >50 ms %5.2f%%  p99 %6.1f ms\n",
                              p * 100, k, mode, 100 * over[0] / n, 100 * over[1] / n, 100 * over[2] / n,
                              percentile(lat, 0.99));
                sum << line;
            }
        }
    }
    write_results(o.out, "hops", csv.str(), sum.str());
    plot(o, "set terminal pngcairo size 800,500\nset output '" + o.out +
                "/hops.png'\nset datafile separator ','\nset key top right\n"
                "set xlabel 'hops on the 50 ms path'\nset ylabel '% delayed > 10 ms beyond path latency'\n"
                "f='" + o.out + "/hops.csv'\n"
                "plot for [p in '0.01 0.02'] for [m in 'hop-by-hop end-to-end'] f using 2:((strcol(1) eq p && strcol(3) eq m) ? $4 : 1/0) "
                "with linespoints title m.' loss '.p\n");
    return 0;
}

int usage(int code) {
    (code == 0 ? std::cout : std::cerr)
        << "usage: gocast-link-bench loss|chain|hops [--out DIR] [--duration S] [--seed X] [--plot]\n";
    return code;
}

}  // namespace

int main(int argc, char** argv) {
    Options o;
    if (argc < 2) return usage(2);
    o.experiment = argv[1];
    if (o.experiment == "--help") return usage(0);
    for (int i = 2; i < argc; ++i) {
        const std::string a = argv[i];
        auto value = [&]() -> std::string {
            if (i + 1 >= argc) {
                std::cerr << "gocast-link-bench: " << a << " needs a value\n";
                std::exit(2);
            }
            return argv[++i];
        };
        if (a == "--out") {
            o.out = value();
        } else if (a == "--duration") {
            const std::string v = value();
            double s = 0;
            const auto r = std::from_chars(v.data(), v.data() + v.size(), s);
            if (r.ec != std::errc{} || s < 10 || s > 3600) {
                std::cerr << "gocast-link-bench: --duration needs seconds in [10, 3600]\n";
                return 2;
            }
            o.duration = static_cast<Duration>(s * 1e6);
        } else if (a == "--seed") {
            const std::string v = value();
            const auto r = std::from_chars(v.data(), v.data() + v.size(), o.seed);
            if (r.ec != std::errc{}) {
                std::cerr << "gocast-link-bench: --seed needs a non-negative integer\n";
                return 2;
            }
        } else if (a == "--plot") {
            o.plot = true;
        } else {
            std::cerr << "gocast-link-bench: unknown argument " << a << "\n";
            return usage(2);
        }
    }
    std::filesystem::create_directories(o.out);
    if (o.experiment == "loss") return run_loss(o);
    if (o.experiment == "chain") return run_chain(o);
    if (o.experiment == "hops") return run_hops(o);
    return usage(2);
}

// peer_bench: figures for real gocast-peer processes on 127.0.0.1 (docs/BENCHMARKS.md).
//
//   peer_bench latency    --peers N [--messages M] [--interval-ms I]
//   peer_bench throughput --peers N [--rates R1,R2,...] [--seconds S] [--bytes B]
//   peer_bench idle       --peers N [--seconds S]
//   peer_bench emulated   --peers N --dataset FILE [--messages M] [--settle S] [--sim-bin P]
// common: --peer-bin P (default: gocast-peer beside this binary), --base-port P,
//         --preset wan|lan|test, --data-root DIR, --links hop|datagram|tcp (every peer's
//         neighbour links; default the peer's), --emulate-loss P (every peer drops each
//         outgoing datagram with probability P; emulated mode gives the simulator the same
//         --loss and --links)
//
// Times come from this process's steady clock: a message is timed from the moment its
// POST /api/publish is sent to the moment its line arrives on each peer's subscribe stream.

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "bench/peer_cluster_driver.hpp"

namespace {

using namespace gocast::bench;
using namespace std::chrono_literals;

constexpr auto kConvergeLimit = std::chrono::seconds(240);
constexpr auto kDrainLimit = 15s;
const std::string kTopic = "bench";

struct Args {
    std::string mode;
    DriverOptions driver;
    std::uint32_t messages = 100;
    std::uint32_t interval_ms = 100;
    std::vector<std::uint32_t> rates{100, 250, 500, 1000, 2000};
    std::uint32_t seconds = 10;
    std::uint32_t bytes = 1024;
    std::uint32_t settle_s = 30;
    std::string dataset;
    std::string sim_bin;
};

[[noreturn]] void usage(const std::string& why) {
    std::cerr << "peer_bench: " << why << "\n(see the comment at the top of bench/peer_bench.cpp)\n";
    std::exit(2);
}

std::uint32_t to_uint(const std::string& flag, const std::string& v) {
    try {
        std::size_t used = 0;
        const auto n = std::stoul(v, &used);
        if (used == v.size()) return static_cast<std::uint32_t>(n);
    } catch (...) {
    }
    usage(flag + ": expected a number, got \"" + v + "\"");
}

std::string beside_self(const std::string& name) {
    std::error_code ec;
    const auto self = std::filesystem::read_symlink("/proc/self/exe", ec);
    return ec ? name : (self.parent_path().parent_path() / name).string();
}

Args parse(int argc, char** argv) {
    if (argc < 2) usage("missing mode");
    Args a;
    a.mode = argv[1];
    if (a.mode != "latency" && a.mode != "throughput" && a.mode != "idle" && a.mode != "emulated") {
        usage("unknown mode \"" + a.mode + "\"");
    }
    a.driver.peer_bin = beside_self("gocast-peer");
    a.sim_bin = beside_self("gocast-sim");
    a.driver.data_root = std::filesystem::temp_directory_path() / "gocast-peer-bench";
    for (int i = 2; i < argc; ++i) {
        const std::string flag = argv[i];
        if (i + 1 >= argc) usage(flag + ": missing value");
        const std::string v = argv[++i];
        if (flag == "--peers") a.driver.peers = to_uint(flag, v);
        else if (flag == "--base-port") a.driver.base_port = static_cast<std::uint16_t>(to_uint(flag, v));
        else if (flag == "--preset") a.driver.preset = v;
        else if (flag == "--peer-bin") a.driver.peer_bin = v;
        else if (flag == "--data-root") a.driver.data_root = v;
        else if (flag == "--messages") a.messages = to_uint(flag, v);
        else if (flag == "--interval-ms") a.interval_ms = to_uint(flag, v);
        else if (flag == "--seconds") a.seconds = to_uint(flag, v);
        else if (flag == "--bytes") a.bytes = to_uint(flag, v);
        else if (flag == "--settle") a.settle_s = to_uint(flag, v);
        else if (flag == "--dataset") a.dataset = v;
        else if (flag == "--sim-bin") a.sim_bin = v;
        else if (flag == "--links") {
            if (v != "hop" && v != "datagram" && v != "tcp") usage("--links: expected hop, datagram or tcp");
            a.driver.links = v;
        } else if (flag == "--emulate-loss") {
            try {
                std::size_t used = 0;
                a.driver.emulate_loss = std::stod(v, &used);
                if (used != v.size()) throw std::invalid_argument(v);
            } catch (...) {
                usage("--emulate-loss: expected a number, got \"" + v + "\"");
            }
            if (!(a.driver.emulate_loss >= 0.0 && a.driver.emulate_loss < 1.0)) {
                usage("--emulate-loss: expected a probability in [0, 1)");
            }
        }
        else if (flag == "--rates") {
            a.rates.clear();
            std::stringstream s(v);
            for (std::string r; std::getline(s, r, ',');) a.rates.push_back(to_uint(flag, r));
        } else {
            usage("unknown flag " + flag);
        }
    }
    if (a.driver.peers < 2 || a.driver.peers > 500) usage("--peers must be in [2, 500]");
    if (a.mode == "emulated" && a.dataset.empty()) usage("emulated needs --dataset FILE");
    return a;
}

double ms(Clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

std::string fmt(double v, int digits = 2) {
    std::ostringstream s;
    s << std::fixed << std::setprecision(digits) << v;
    return s.str();
}

struct Published {
    std::string id;
    std::uint32_t origin;
    Clock::time_point at;
};

// Waits (bounded) until every stream has every message; returns deliveries seen.
std::size_t drain(const PeerCluster& c, const std::vector<Published>& sent) {
    const auto deadline = Clock::now() + kDrainLimit;
    std::size_t seen = 0;
    do {
        seen = 0;
        for (const auto& s : c.streams()) {
            for (const auto& p : sent) seen += s->arrival(p.id).has_value();
        }
        if (seen == sent.size() * c.streams().size()) break;
        std::this_thread::sleep_for(50ms);
    } while (Clock::now() < deadline);
    return seen;
}

struct DelayStats {
    std::vector<double> per_delivery_ms;  // receivers other than the origin
    std::vector<double> all_deliver_ms;   // per message: the last receiver
    std::uint64_t duplicates = 0;
};

DelayStats delays(const PeerCluster& c, const std::vector<Published>& sent) {
    DelayStats d;
    for (const auto& p : sent) {
        double last = 0;
        bool complete = true;
        for (std::uint32_t i = 0; i < c.streams().size(); ++i) {
            const auto at = c.streams()[i]->arrival(p.id);
            if (!at) {
                complete = false;
                continue;
            }
            if (i == p.origin) continue;
            const double v = ms(*at - p.at);
            d.per_delivery_ms.push_back(v);
            last = std::max(last, v);
        }
        if (complete) d.all_deliver_ms.push_back(last);
    }
    for (const auto& s : c.streams()) d.duplicates += s->duplicates();
    return d;
}

void print_delays(const std::string& what, const std::vector<double>& v) {
    std::cout << what << ": mean " << fmt(mean(v)) << " ms, median " << fmt(percentile(v, 50))
              << " ms, p99 " << fmt(percentile(v, 99)) << " ms, max " << fmt(percentile(v, 100))
              << " ms (n=" << v.size() << ")\n";
}

bool bring_up(PeerCluster& c, const Args& a) {
    const auto t0 = Clock::now();
    if (!c.start()) return false;
    if (!c.wait_converged(kConvergeLimit)) {
        std::cerr << "peer_bench: the cluster did not converge on one root\n";
        return false;
    }
    std::cout << "converged in " << fmt(ms(Clock::now() - t0) / 1000, 1) << " s ("
              << a.driver.peers << " peers, preset " << a.driver.preset << ")\n";
    return true;
}

std::vector<Published> publish_series(PeerCluster& c, std::uint32_t count,
                                      std::chrono::microseconds interval, std::uint32_t bytes,
                                      bool round_robin) {
    std::vector<Published> sent;
    const std::string body(bytes, 'x');
    auto next = Clock::now();
    for (std::uint32_t m = 0; m < count; ++m) {
        std::this_thread::sleep_until(next);
        next += interval;
        const std::uint32_t via = round_robin ? m % c.size() : 0;
        const auto at = Clock::now();
        const std::string id = c.publish(via, kTopic, body);
        if (id.empty()) {
            std::cerr << "peer_bench: publish " << m << " via peer " << via << " failed\n";
            continue;
        }
        sent.push_back({id, via, at});
    }
    return sent;
}

int latency(const Args& a) {
    PeerCluster c(a.driver);
    if (!bring_up(c, a) || !c.subscribe_all(kTopic)) return 1;
    const auto sent = publish_series(c, a.messages, std::chrono::milliseconds(a.interval_ms), 100, true);
    const std::size_t seen = drain(c, sent);
    const auto d = delays(c, sent);
    std::cout << "delivered " << seen << " / " << sent.size() * c.size() << ", duplicates "
              << d.duplicates << "\n";
    print_delays("all-deliver latency", d.all_deliver_ms);
    print_delays("per-delivery latency", d.per_delivery_ms);
    return seen == sent.size() * c.size() ? 0 : 1;
}

int throughput(const Args& a) {
    PeerCluster c(a.driver);
    if (!bring_up(c, a) || !c.subscribe_all(kTopic)) return 1;
    for (const std::uint32_t rate : a.rates) {
        std::vector<ProcSample> before;
        for (std::uint32_t i = 0; i < c.size(); ++i) {
            before.push_back(sample_process(*c.processes().pid(i)).value_or(ProcSample{}));
        }
        const auto t0 = Clock::now();
        const auto sent = publish_series(c, rate * a.seconds,
                                         std::chrono::microseconds(1000000 / rate), a.bytes, false);
        const double publish_s = ms(Clock::now() - t0) / 1000;
        const std::size_t seen = drain(c, sent);
        Clock::time_point last = t0;
        for (const auto& s : c.streams()) {
            for (const auto& p : sent) {
                if (const auto at = s->arrival(p.id)) last = std::max(last, *at);
            }
        }
        const double span_s = ms(last - t0) / 1000;
        double cpu = 0, rss = 0, rss_max = 0;
        for (std::uint32_t i = 0; i < c.size(); ++i) {
            const auto now = sample_process(*c.processes().pid(i)).value_or(ProcSample{});
            cpu += now.cpu_seconds - before[i].cpu_seconds;
            rss += now.rss_mib;
            rss_max = std::max(rss_max, now.rss_mib);
        }
        const auto d = delays(c, sent);
        const std::size_t expected = sent.size() * c.size();
        std::cout << "offered " << rate << " msg/s x " << a.bytes << " B: published "
                  << sent.size() << " in " << fmt(publish_s) << " s, delivered " << seen << " / "
                  << expected << " (" << fmt(100.0 * static_cast<double>(seen) / static_cast<double>(expected), 2)
                  << "%), all delivered within " << fmt(span_s) << " s -> "
                  << fmt(static_cast<double>(sent.size()) / span_s, 0) << " msg/s end to end; "
                  << "CPU per peer " << fmt(100.0 * cpu / c.size() / span_s, 1) << "%, RSS per peer "
                  << fmt(rss / c.size(), 1) << " MiB (max " << fmt(rss_max, 1) << "); p99 delivery "
                  << fmt(percentile(d.per_delivery_ms, 99)) << " ms; duplicates " << d.duplicates << "\n";
        if (seen != expected) break;
    }
    return 0;
}

int idle(const Args& a) {
    PeerCluster c(a.driver);
    if (!bring_up(c, a)) return 1;
    std::this_thread::sleep_for(5s);  // let joins and first probes settle
    std::vector<ProcSample> before;
    std::vector<double> bytes_before;
    const auto sent_bytes = [&](std::uint32_t i) {
        const auto s = c.status(i);
        return s ? (*s)["counters"].value("bytes_sent", 0.0) : 0.0;
    };
    for (std::uint32_t i = 0; i < c.size(); ++i) {
        before.push_back(sample_process(*c.processes().pid(i)).value_or(ProcSample{}));
        bytes_before.push_back(sent_bytes(i));
    }
    const auto t0 = Clock::now();
    std::this_thread::sleep_for(std::chrono::seconds(a.seconds));
    const double span = ms(Clock::now() - t0) / 1000;
    std::vector<double> cpu, rss, bps;
    for (std::uint32_t i = 0; i < c.size(); ++i) {
        const auto now = sample_process(*c.processes().pid(i)).value_or(ProcSample{});
        cpu.push_back(100.0 * (now.cpu_seconds - before[i].cpu_seconds) / span);
        rss.push_back(now.rss_mib);
        bps.push_back((sent_bytes(i) - bytes_before[i]) / span);
    }
    std::cout << "idle over " << fmt(span, 1) << " s, per peer: CPU mean " << fmt(mean(cpu), 2)
              << "% (max " << fmt(percentile(cpu, 100), 2) << "%), RSS mean " << fmt(mean(rss), 1)
              << " MiB (max " << fmt(percentile(rss, 100), 1) << "), control traffic sent mean "
              << fmt(mean(bps), 0) << " B/s (max " << fmt(percentile(bps, 100), 0) << ")\n";
    return 0;
}

// Link and pull counters summed over every peer's /api/status.
struct LinkTotals {
    double retransmits = 0, nacks = 0, failures = 0, queue_drops = 0;
    double failed_unanswered = 0, failed_unfilled_gap = 0;  // the rule that failed a link
    double packets_sent = 0, packets_received = 0;  // every datagram, as the nodes count them
};

LinkTotals link_totals(const PeerCluster& c) {
    LinkTotals t;
    for (std::uint32_t i = 0; i < c.size(); ++i) {
        const auto s = c.status(i);
        if (!s) continue;
        const auto& k = (*s)["counters"];
        t.retransmits += k.value("link_retransmits", 0.0);
        t.nacks += k.value("link_nacks_sent", 0.0);
        t.failures += k.value("link_failures", 0.0);
        t.failed_unanswered += k.value("link_failures_unanswered", 0.0);
        t.failed_unfilled_gap += k.value("link_failures_unfilled_gap", 0.0);
        t.queue_drops += k.value("link_queue_drops", 0.0);
        t.packets_sent += k.value("packets_sent", 0.0);
        t.packets_received += k.value("packets_received", 0.0);
    }
    return t;
}

// Share (%) of deliveries other than at the origin whose first copy came by a gossip pull.
double pulled_percent(const PeerCluster& c, const std::vector<Published>& sent) {
    std::size_t n = 0, pulled = 0;
    for (const auto& p : sent) {
        for (std::uint32_t i = 0; i < c.streams().size(); ++i) {
            if (i == p.origin || !c.streams()[i]->arrival(p.id)) continue;
            ++n;
            pulled += c.streams()[i]->via_pull(p.id);
        }
    }
    return n ? 100.0 * static_cast<double>(pulled) / static_cast<double>(n) : 0.0;
}

// Share (%) of the simulator's deliveries (deliveries.csv, column "path") made by a pull.
double sim_pulled_percent(const std::filesystem::path& csv) {
    std::ifstream in(csv);
    std::string line;
    std::getline(in, line);  // header: msg_seq,origin_peer,publish_us,peer,delay_us,direct_us,path,hops
    std::size_t n = 0, pulled = 0;
    while (std::getline(in, line)) {
        std::stringstream f(line);
        std::string field;
        for (int k = 0; k < 7 && std::getline(f, field, ','); ++k) {
        }
        ++n;
        pulled += field == "pull";
    }
    return n ? 100.0 * static_cast<double>(pulled) / static_cast<double>(n) : 0.0;
}

int emulated(Args a) {
    a.driver.emulate_latency = a.dataset;
    PeerCluster c(a.driver);
    const auto t_start = Clock::now();
    if (!bring_up(c, a) || !c.subscribe_all(kTopic)) return 1;
    std::this_thread::sleep_for(std::chrono::seconds(a.settle_s));
    const double publish_start_s = ms(Clock::now() - t_start) / 1000;
    const LinkTotals before = link_totals(c);
    const auto sent = publish_series(c, a.messages, 1s, 100, true);
    const std::size_t seen = drain(c, sent);
    const LinkTotals after = link_totals(c);
    const auto d = delays(c, sent);
    const std::size_t expected = sent.size() * c.size();
    const double pulled = pulled_percent(c, sent);
    const std::string links = a.driver.links.empty() ? "hop" : a.driver.links;
    std::cout << "real peers, emulated latency, links " << links << ", loss "
              << fmt(a.driver.emulate_loss, 3) << ": delivered " << seen << " / " << expected
              << " (origin included), duplicates " << d.duplicates
              << "; publishing started " << fmt(publish_start_s, 1) << " s after launch\n";
    print_delays("real per-delivery delay", d.per_delivery_ms);
    std::cout << "real: " << fmt(pulled, 2) << "% of deliveries via pull; while publishing, links sent "
              << fmt(after.retransmits - before.retransmits, 0) << " retransmits, "
              << fmt(after.nacks - before.nacks, 0) << " NACKs, dropped "
              << fmt(after.queue_drops - before.queue_drops, 0) << " frames on full queues, failed "
              << fmt(after.failures - before.failures, 0) << " links ("
              << fmt(after.failed_unanswered - before.failed_unanswered, 0) << " unanswered, "
              << fmt(after.failed_unfilled_gap - before.failed_unfilled_gap, 0) << " unfilled gap)\n";
    // Datagrams the nodes handed to their socket (the emulator drops some of them later)
    // against datagrams the nodes received: the loss the overlay really saw, emulated
    // drops plus anything the kernel or a late emulator dropped on a loaded machine.
    const double sent_dg = after.packets_sent - before.packets_sent;
    const double recv_dg = after.packets_received - before.packets_received;
    const double seen_loss = sent_dg > 0 ? 100.0 * (1.0 - recv_dg / sent_dg) : 0.0;
    std::cout << "real: datagrams sent " << fmt(sent_dg, 0) << ", received " << fmt(recv_dg, 0)
              << " while publishing: " << fmt(seen_loss, 2) << "% lost\n";

    // The simulator on the same dataset, peers, placement, preset timing, links and loss,
    // publishing from the same moment on at the same rate.
    const auto out = a.driver.data_root / "sim";
    const int start_s = static_cast<int>(publish_start_s + 0.5);
    const int duration_s = start_s + static_cast<int>(a.messages) + 20;
    std::ostringstream cmd;
    cmd << a.sim_bin << " --dataset " << a.dataset << " --nodes " << a.driver.peers
        << " --placement sequential --duration " << duration_s << " --publish-start " << start_s
        << " --publish-stop " << start_s + static_cast<int>(a.messages) << " --join-window 2"
        << " --links " << links << " --loss " << a.driver.emulate_loss
        << " --quiet --out " << out.string() << " > " << (a.driver.data_root / "sim.log").string()
        << " 2>&1";
    std::cout << "simulator: " << cmd.str() << "\n";
    if (std::system(cmd.str().c_str()) != 0) {
        std::cerr << "peer_bench: gocast-sim failed (see sim.log)\n";
        return 1;
    }
    std::ifstream in(out / "summary.json");
    const auto j = nlohmann::json::parse(in, nullptr, false);
    if (!j.is_object()) return 1;
    const auto& sd = j["delay"];
    const auto& sm = j["messages"];
    const double sim_mean = sd.value("mean_ms", 0.0);
    const double sim_pulled = sim_pulled_percent(out / "deliveries.csv");
    const auto sim_made = sm["all"].value("deliveries_made", 0);
    const auto sim_expected = sm["all"].value("deliveries_expected", 0);
    const auto sim_dups = sm.value("duplicate_deliveries", 0);
    std::cout << "simulated: delivered " << sim_made << " / " << sim_expected << ", duplicates "
              << sim_dups << "; per-delivery delay: mean " << fmt(sim_mean) << " ms, median "
              << fmt(sd.value("p50_ms", 0.0)) << " ms, p99 " << fmt(sd.value("p99_ms", 0.0))
              << " ms (n=" << sd.value("deliveries", 0) << "); " << fmt(sim_pulled, 2)
              << "% via pull\n";
    std::cout << "real / simulated mean delay: " << fmt(mean(d.per_delivery_ms) / sim_mean, 3)
              << ", median: " << fmt(percentile(d.per_delivery_ms, 50) / sd.value("p50_ms", 1.0), 3)
              << "\n";
    // One machine-readable line for bench/peer_links.sh.
    std::cout << "row," << links << "," << a.driver.emulate_loss << "," << seen << "," << expected
              << "," << d.duplicates << "," << fmt(mean(d.per_delivery_ms), 1) << ","
              << fmt(percentile(d.per_delivery_ms, 50), 1) << "," << fmt(percentile(d.per_delivery_ms, 99), 1)
              << "," << fmt(pulled, 2) << "," << fmt(after.retransmits - before.retransmits, 0) << ","
              << fmt(after.nacks - before.nacks, 0) << "," << fmt(after.failures - before.failures, 0)
              << "," << sim_made << "," << sim_expected << "," << sim_dups << "," << fmt(sim_mean, 1)
              << "," << fmt(sd.value("p50_ms", 0.0), 1) << "," << fmt(sd.value("p99_ms", 0.0), 1) << ","
              << fmt(sim_pulled, 2) << "," << fmt(seen_loss, 2) << "\n";
    return seen == expected && d.duplicates == 0 ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
    const Args a = parse(argc, argv);
    std::filesystem::remove_all(a.driver.data_root);
    if (a.mode == "latency") return latency(a);
    if (a.mode == "throughput") return throughput(a);
    if (a.mode == "idle") return idle(a);
    return emulated(a);
}

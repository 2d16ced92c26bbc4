#include "sim/cli.hpp"

#include <charconv>
#include <cmath>
#include <filesystem>
#include <limits>
#include <optional>
#include <string_view>

#include "transport/hop/neighbor_link.hpp"

namespace gocast::sim {

namespace {

// Longest accepted time value: far beyond any useful run, far below int64 microseconds.
constexpr double kMaxSeconds = 1e9;

std::string usage_for_value(std::string_view flag, std::string_view what, std::string_view value) {
    return "invalid value '" + std::string(value) + "' for " + std::string(flag) + ": expected " +
           std::string(what);
}

double parse_number(std::string_view flag, std::string_view v) {
    double out = 0.0;
    const char* end = v.data() + v.size();
    const auto res = std::from_chars(v.data(), end, out);
    if (v.empty() || res.ec != std::errc{} || res.ptr != end || !std::isfinite(out)) {
        throw CliError(usage_for_value(flag, "a number", v));
    }
    return out;
}

std::uint64_t parse_unsigned(std::string_view flag, std::string_view v) {
    std::uint64_t out = 0;
    int base = 10;
    std::string_view digits = v;
    if (digits.size() > 2 && digits[0] == '0' && (digits[1] == 'x' || digits[1] == 'X')) {
        base = 16;
        digits.remove_prefix(2);
    }
    const char* end = digits.data() + digits.size();
    const auto res = std::from_chars(digits.data(), end, out, base);
    if (digits.empty() || res.ec != std::errc{} || res.ptr != end) {
        throw CliError(usage_for_value(flag, "a non-negative integer", v));
    }
    return out;
}

Duration parse_seconds(std::string_view flag, std::string_view v) {
    const double s = parse_number(flag, v);
    if (s < 0.0 || s > kMaxSeconds) {
        throw CliError(usage_for_value(flag, "seconds in [0, 1e9]", v));
    }
    return static_cast<Duration>(std::llround(s * static_cast<double>(kSecond)));
}

double parse_fraction(std::string_view flag, std::string_view v) {
    const double f = parse_number(flag, v);
    if (f < 0.0 || f > 1.0) throw CliError(usage_for_value(flag, "a fraction in [0, 1]", v));
    return f;
}

std::uint32_t parse_degree(std::string_view flag, std::string_view v) {
    const std::uint64_t d = parse_unsigned(flag, v);
    if (d > 64) throw CliError(usage_for_value(flag, "an integer in [0, 64]", v));
    return static_cast<std::uint32_t>(d);
}

struct Flag {
    const char* name;
    const char* arg;  // nullptr: a switch without value
    const char* help;
};

// The single list that drives both parsing and --help, so they cannot disagree.
constexpr Flag kFlags[] = {
    {"--dataset", "PATH",
     "latency matrix file: square matrix, p2psim E2EGraph or raw\n"
     "PlanetLab slice; or a directory of numbered slices replayed\n"
     "over time (default: built-in synthetic geographic model)"},
    {"--slice-period", "S",
     "with a slice directory: seconds each slice holds, cycling\n"
     "(default duration / number of slices)"},
    {"--hosts", "H", "hosts of the synthetic model (default 256; not with --dataset)"},
    {"--nodes", "N", "simulated peers (default 256); more peers than hosts share hosts"},
    {"--placement", "RULE",
     "random: peers on hosts drawn from the seed (default);\n"
     "sequential: peer i on host i mod hosts (as gocast-cluster)"},
    {"--intra-site-rtt", "MS", "RTT between peers on the same host, ms (default 0.2)"},
    {"--duration", "S", "simulated seconds (default 120)"},
    {"--join-window", "S", "peers start evenly spread over this many seconds (default 5)"},
    {"--publish-rate", "R", "publications per second, 0 = none (default 1)"},
    {"--publish-start", "S", "first publication time, s (default 20)"},
    {"--publish-stop", "S", "no publication at or after this time, s (default duration - 20)"},
    {"--fail-fraction", "F", "fraction of live peers killed at --fail-at (default 0)"},
    {"--fail-at", "T", "failure time, s (default duration / 2)"},
    {"--loss", "P", "datagram loss probability in [0, 1) (default 0)"},
    {"--jitter", "J", "extra delay uniform in [0, J * one-way delay] (default 0)"},
    {"--links", "KIND", "neighbour links: hop, datagram or tcp (default hop)"},
    {"--c-near", "K", "nearby neighbours per peer (default 5, from Config::wan())"},
    {"--c-rand", "K", "random neighbours per peer (default 1, from Config::wan())"},
    {"--protocol", "NAME",
     "dissemination protocol: gocast (default), push-gossip,\n"
     "push-gossip-rounds, gossip-random or gossip-proximity\n"
     "(see docs/EXPERIMENTS.md)"},
    {"--flood-hops", "K",
     "gocast: peers fewer than K hops from the origin push on\n"
     "every overlay link, not only tree links (default 0)"},
    {"--push-after-pull", "B",
     "gocast: 1 = a copy pulled from the only neighbour that\n"
     "announced it is pushed on every overlay link, 0 = along\n"
     "the tree only (default 1)"},
    {"--summary-fanout", "K",
     "neighbours sent an id summary per gossip round, 0 = all\n"
     "with queued ids (default from Config::wan())"},
    {"--beacon-refresh", "K",
     "every K-th tree beacon goes to all neighbours, the others\n"
     "only down the tree; 1 = all to all (default 4)"},
    {"--seed", "X", "run seed, decimal or 0x hex (default 1); same seed, same output"},
    {"--out", "DIR", "report directory, created if needed (default ./sim-out)"},
    {"--sample-interval", "S", "overlay metrics sampling period, s (default 5)"},
    {"--graph-analysis", nullptr,
     "also analyse the final overlay with global knowledge:\n"
     "largest component after failures, hop diameter, delay\n"
     "lower bounds (resilience.csv, stretch_bounds.csv, summary\n"
     "key graph); slow on large overlays"},
    {"--quiet", nullptr, "no progress bar"},
    {"--webui", "PORT", "after the run, serve the web UI of the final overlay on 127.0.0.1:PORT"},
    {"--help", nullptr, "this text"},
};

const Flag* find_flag(std::string_view name) {
    for (const Flag& f : kFlags) {
        if (name == f.name) return &f;
    }
    return nullptr;
}

void apply(CliOptions& o, std::string_view name, std::string_view v, bool& hosts_given) {
    SimConfig& c = o.sim;
    if (name == "--dataset") {
        if (v.empty()) throw CliError("--dataset needs a file name");
        c.dataset_path = std::string(v);
    } else if (name == "--slice-period") {
        c.slice_period = parse_seconds(name, v);
        if (c.slice_period <= 0) throw CliError(usage_for_value(name, "seconds > 0", v));
    } else if (name == "--hosts") {
        const std::uint64_t h = parse_unsigned(name, v);
        if (h < 1 || h > 100000)
            throw CliError(usage_for_value(name, "an integer in [1, 100000]", v));
        c.synthetic_hosts = h;
        hosts_given = true;
    } else if (name == "--nodes") {
        const std::uint64_t n = parse_unsigned(name, v);
        if (n < 1 || n > (1u << 22)) {
            throw CliError(usage_for_value(name, "an integer in [1, 4194304]", v));
        }
        c.nodes = n;
    } else if (name == "--placement") {
        if (v != "random" && v != "sequential") {
            throw CliError(usage_for_value(name, "random or sequential", v));
        }
        c.sequential_placement = v == "sequential";
    } else if (name == "--intra-site-rtt") {
        const double ms = parse_number(name, v);
        if (ms < 0.0 || ms > 1e4) throw CliError(usage_for_value(name, "ms in [0, 10000]", v));
        c.intra_site_rtt_ms = ms;
    } else if (name == "--duration") {
        c.duration = parse_seconds(name, v);
        if (c.duration <= 0) throw CliError(usage_for_value(name, "seconds > 0", v));
    } else if (name == "--join-window") {
        c.join_window = parse_seconds(name, v);
    } else if (name == "--publish-rate") {
        const double r = parse_number(name, v);
        if (r < 0.0 || r > 1e6) throw CliError(usage_for_value(name, "a rate in [0, 1e6]", v));
        c.publish_rate = r;
    } else if (name == "--publish-start") {
        c.publish_start = parse_seconds(name, v);
    } else if (name == "--publish-stop") {
        c.publish_stop = parse_seconds(name, v);
    } else if (name == "--fail-fraction") {
        c.fail_fraction = parse_fraction(name, v);
    } else if (name == "--fail-at") {
        c.fail_at = parse_seconds(name, v);
    } else if (name == "--loss") {
        const double p = parse_number(name, v);
        if (p < 0.0 || p >= 1.0)
            throw CliError(usage_for_value(name, "a probability in [0, 1)", v));
        c.loss = p;
    } else if (name == "--jitter") {
        const double j = parse_number(name, v);
        if (j < 0.0 || j > 100.0)
            throw CliError(usage_for_value(name, "a fraction in [0, 100]", v));
        c.jitter = j;
    } else if (name == "--links") {
        const auto t = parse_link_transport(v);
        if (!t) throw CliError(usage_for_value(name, "hop, datagram or tcp", v));
        c.node_config.links.transport = *t;
    } else if (name == "--c-near") {
        c.c_near = parse_degree(name, v);
    } else if (name == "--c-rand") {
        c.c_rand = parse_degree(name, v);
    } else if (name == "--protocol") {
        const std::optional<Protocol> p = parse_protocol(v);
        if (!p) throw CliError(usage_for_value(name, "one of " + protocol_names(), v));
        c.protocol = *p;
    } else if (name == "--flood-hops") {
        const std::uint64_t k = parse_unsigned(name, v);
        if (k > 8) throw CliError(usage_for_value(name, "an integer in [0, 8]", v));
        c.node_config.dissemination.flood_hops = static_cast<std::uint32_t>(k);
    } else if (name == "--push-after-pull") {
        if (v != "0" && v != "1") throw CliError(usage_for_value(name, "0 or 1", v));
        c.node_config.dissemination.push_after_pull = v == "1";
    } else if (name == "--summary-fanout") {
        const std::uint64_t k = parse_unsigned(name, v);
        if (k > 64) throw CliError(usage_for_value(name, "an integer in [0, 64]", v));
        c.node_config.dissemination.summary_fanout = static_cast<std::uint32_t>(k);
    } else if (name == "--beacon-refresh") {
        const std::uint64_t k = parse_unsigned(name, v);
        if (k < 1 || k > 1000) throw CliError(usage_for_value(name, "an integer in [1, 1000]", v));
        c.node_config.tree.beacon_refresh = static_cast<std::uint32_t>(k);
    } else if (name == "--seed") {
        c.seed = parse_unsigned(name, v);
    } else if (name == "--out") {
        if (v.empty()) throw CliError("--out needs a directory name");
        o.out_dir = std::string(v);
    } else if (name == "--sample-interval") {
        c.sample_interval = parse_seconds(name, v);
        if (c.sample_interval <= 0) throw CliError(usage_for_value(name, "seconds > 0", v));
    } else if (name == "--graph-analysis") {
        o.graph_analysis = true;
    } else if (name == "--webui") {
        const std::uint64_t port = parse_unsigned(name, v);
        if (port < 1 || port > 65535) throw CliError(usage_for_value(name, "a TCP port in [1, 65535]", v));
        o.webui_port = static_cast<std::uint16_t>(port);
    } else if (name == "--quiet") {
        o.quiet = true;
    } else if (name == "--help") {
        o.help = true;
    }
}

}  // namespace

CliOptions parse_cli(const std::vector<std::string>& args) {
    CliOptions o;
    bool hosts_given = false;
    for (std::size_t i = 0; i < args.size(); ++i) {
        std::string_view arg = args[i];
        std::optional<std::string_view> inline_value;
        if (const auto eq = arg.find('=');
            arg.rfind("--", 0) == 0 && eq != std::string_view::npos) {
            inline_value = arg.substr(eq + 1);
            arg = arg.substr(0, eq);
        }
        const Flag* flag = find_flag(arg);
        if (flag == nullptr) {
            if (arg.rfind("-", 0) == 0) {
                throw CliError("unknown option '" + std::string(arg) + "' (see --help)");
            }
            throw CliError("unexpected argument '" + std::string(arg) + "' (see --help)");
        }
        std::string_view value;
        if (flag->arg != nullptr) {
            if (inline_value) {
                value = *inline_value;
            } else if (i + 1 < args.size()) {
                value = args[++i];
            } else {
                throw CliError(std::string(flag->name) + " needs a value " + flag->arg);
            }
        } else if (inline_value) {
            throw CliError(std::string(flag->name) + " takes no value");
        }
        apply(o, flag->name, value, hosts_given);
    }
    if (o.help) return o;
    if (hosts_given && !o.sim.dataset_path.empty()) {
        throw CliError("--hosts applies only to the synthetic model, not with --dataset");
    }
    if (!o.sim.dataset_path.empty()) {
        std::error_code ec;
        if (!std::filesystem::is_regular_file(o.sim.dataset_path, ec) &&
            !std::filesystem::is_directory(o.sim.dataset_path, ec)) {
            throw CliError("dataset '" + o.sim.dataset_path +
                           "' does not exist or is neither a file nor a directory");
        }
    }
    const std::vector<std::string> problems = validate(o.sim);
    if (!problems.empty()) {
        std::string msg = "invalid options:";
        for (const std::string& p : problems) msg += "\n  " + p;
        throw CliError(msg);
    }
    return o;
}

std::string usage_text() {
    std::string out =
        "usage: gocast-sim [options]\n"
        "Deterministic discrete-event simulation of GoCast peers (real protocol code) over a\n"
        "latency dataset. Same seed and options give byte-identical output files.\n\n"
        "options (times in seconds, fractional values allowed):\n";
    for (const Flag& f : kFlags) {
        std::string head = std::string("  ") + f.name;
        if (f.arg != nullptr) head += std::string(" ") + f.arg;
        constexpr std::size_t kColumn = 26;
        if (head.size() < kColumn)
            head.append(kColumn - head.size(), ' ');
        else
            head += "\n" + std::string(kColumn, ' ');
        std::string help = f.help;
        for (std::size_t pos = 0; (pos = help.find('\n', pos)) != std::string::npos;) {
            help.insert(pos + 1, std::string(kColumn, ' '));
            pos += kColumn + 1;
        }
        out += head + help + "\n";
    }
    out +=
        "\noutput (in --out): summary.json, deliveries.csv, messages.csv, degrees.csv,\n"
        "link_latency.csv, traffic.csv, tree.csv, delay_cdf.csv (and resilience.csv,\n"
        "stretch_bounds.csv with --graph-analysis). Progress and wall time go to stderr.\n"
        "exit status: 0 done, 1 run or output failure, 2 bad options or dataset.\n";
    return out;
}

}  // namespace gocast::sim

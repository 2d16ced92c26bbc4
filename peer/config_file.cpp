#include "peer/config_file.hpp"

#include <charconv>
#include <fstream>
#include <limits>
#include <sstream>

#include <nlohmann/json.hpp>

#include "transport/hop/neighbor_link.hpp"

namespace gocast {

namespace {

// Bounds for the operator-facing knobs. Degrees match Config::validate(); intervals below
// 10 ms would flood a real network and above 60 s make failure detection useless.
constexpr std::uint64_t kMaxDegree = 64;
constexpr std::uint64_t kMinIntervalMs = 10;
constexpr std::uint64_t kMaxIntervalMs = 60000;
constexpr std::uint64_t kMaxU32 = std::numeric_limits<std::uint32_t>::max();
// The default API port sits this far from the UDP port, so a row of peers on consecutive
// UDP ports gets a row of API ports that does not collide with it.
constexpr std::uint16_t kApiPortOffset = 1000;
constexpr std::uint32_t kLoopback = 0x7f000001u;

[[noreturn]] void fail(std::string_view where, const std::string& what) {
    throw ConfigError(std::string(where) + ": " + what);
}

std::uint32_t checked_range(std::string_view where, std::uint64_t v, std::uint64_t lo,
                            std::uint64_t hi) {
    if (v < lo || v > hi) {
        fail(where, "value " + std::to_string(v) + " out of range [" + std::to_string(lo) + ", " +
                        std::to_string(hi) + "]");
    }
    return static_cast<std::uint32_t>(v);
}

std::optional<std::uint64_t> parse_u64(std::string_view s) {
    std::uint64_t v = 0;
    const auto* end = s.data() + s.size();
    const auto [p, ec] = std::from_chars(s.data(), end, v);
    if (s.empty() || ec != std::errc{} || p != end) return std::nullopt;
    return v;
}

Endpoint checked_endpoint(std::string_view where, std::string_view text) {
    const auto ep = parse_endpoint(text);
    if (!ep) {
        fail(where, "bad address \"" + std::string(text) +
                        "\" (expected IPv4 a.b.c.d:port with port 1-65535)");
    }
    return *ep;
}

std::string checked_preset(std::string_view where, std::string_view text) {
    if (text != "wan" && text != "lan" && text != "test") {
        fail(where, "unknown preset \"" + std::string(text) + "\" (expected wan, lan or test)");
    }
    return std::string(text);
}

// "off" or an address; sets the api fields of `o`.
void apply_api(PeerOptions& o, std::string_view where, std::string_view text) {
    if (text == "off") {
        o.api.reset();
        o.api_off = true;
        return;
    }
    o.api = checked_endpoint(where, text);
    o.api_off = false;
}

// Tokens travel in an HTTP header: printable ASCII without spaces, long enough not to be
// guessed by a few tries.
constexpr std::size_t kMinTokenBytes = 16;
constexpr std::size_t kMaxTokenBytes = 256;

std::string checked_token(std::string_view where, std::string_view text) {
    if (text.size() < kMinTokenBytes || text.size() > kMaxTokenBytes) {
        fail(where, "token must be " + std::to_string(kMinTokenBytes) + " to " + std::to_string(kMaxTokenBytes) +
                        " characters, got " + std::to_string(text.size()));
    }
    for (const char c : text) {
        if (c <= ' ' || c > '~') fail(where, "token must be printable ASCII without spaces");
    }
    return std::string(text);
}

double checked_loss(std::string_view where, double v) {
    if (!(v >= 0.0 && v < 1.0)) {
        fail(where, "loss " + std::to_string(v) + " out of range [0, 1) (a probability)");
    }
    return v;
}

std::string checked_emulation(std::string_view where, std::string_view text) {
    if (text.empty()) fail(where, "must not be empty (a dataset file or \"synthetic\")");
    return std::string(text);
}

LinkTransport checked_links(std::string_view where, std::string_view text) {
    const auto t = parse_link_transport(text);
    if (!t) fail(where, "unknown link transport \"" + std::string(text) + "\" (expected hop, datagram or tcp)");
    return *t;
}

LogLevel checked_level(std::string_view where, std::string_view text) {
    const auto l = parse_log_level(text);
    if (!l) {
        fail(where, "unknown log level \"" + std::string(text) +
                        "\" (expected error, warn, info or debug)");
    }
    return *l;
}

// ---- JSON ----

using nlohmann::json;

std::string json_string(const std::string& where, const json& v) {
    if (!v.is_string()) fail(where, std::string("expected a string, got ") + v.type_name());
    return v.get<std::string>();
}

std::uint64_t json_uint(const std::string& where, const json& v) {
    if (v.is_number_unsigned()) return v.get<std::uint64_t>();
    if (v.is_number_integer()) fail(where, "value " + v.dump() + " out of range (negative)");
    fail(where, std::string("expected a non-negative integer, got ") + v.type_name());
}

// ---- flags ----

struct FlagSpec {
    std::string_view name;
    bool takes_value;
};

constexpr FlagSpec kFlags[] = {
    {"--help", false},          {"--config", true},          {"--listen", true},
    {"--seed", true},           {"--data-dir", true},        {"--site", true},
    {"--priority", true},       {"--c-near", true},          {"--c-rand", true},
    {"--preset", true},         {"--beacon-interval-ms", true}, {"--gossip-interval-ms", true},
    {"--log-level", true},      {"--api", true},             {"--api-token", true},
    {"--emulate-latency", true}, {"--emulate-host", true},   {"--emulate-base-port", true},
    {"--emulate-loss", true},   {"--links", true},
};

const FlagSpec* find_flag(std::string_view name) {
    for (const auto& f : kFlags) {
        if (f.name == name) return &f;
    }
    return nullptr;
}

double flag_fraction(std::string_view flag, std::string_view value) {
    double v = 0;
    const auto* end = value.data() + value.size();
    const auto [p, ec] = std::from_chars(value.data(), end, v);
    if (value.empty() || ec != std::errc{} || p != end) {
        fail(flag, "expected a number, got \"" + std::string(value) + "\"");
    }
    return checked_loss(flag, v);
}

std::uint64_t flag_uint(std::string_view flag, std::string_view value) {
    const auto v = parse_u64(value);
    if (!v) fail(flag, "expected a non-negative integer, got \"" + std::string(value) + "\"");
    return *v;
}

void apply_flag(PeerOptions& o, std::vector<Endpoint>& seeds, std::string_view flag,
                std::string_view value) {
    if (flag == "--listen") {
        o.listen = checked_endpoint(flag, value);
    } else if (flag == "--api") {
        apply_api(o, flag, value);
    } else if (flag == "--api-token") {
        o.api_token = checked_token(flag, value);
    } else if (flag == "--seed") {
        // Repeatable, and each value may itself be a comma-separated list.
        std::size_t start = 0;
        while (start <= value.size()) {
            const std::size_t comma = value.find(',', start);
            const std::size_t end = comma == std::string_view::npos ? value.size() : comma;
            seeds.push_back(checked_endpoint(flag, value.substr(start, end - start)));
            if (comma == std::string_view::npos) break;
            start = comma + 1;
        }
    } else if (flag == "--data-dir") {
        if (value.empty()) fail(flag, "must not be empty");
        o.data_dir = std::string(value);
    } else if (flag == "--site") {
        o.site = checked_range(flag, flag_uint(flag, value), 0, kMaxU32);
    } else if (flag == "--priority") {
        o.priority = checked_range(flag, flag_uint(flag, value), 0, kMaxU32);
    } else if (flag == "--c-near") {
        o.c_near = checked_range(flag, flag_uint(flag, value), 0, kMaxDegree);
    } else if (flag == "--c-rand") {
        o.c_rand = checked_range(flag, flag_uint(flag, value), 0, kMaxDegree);
    } else if (flag == "--preset") {
        o.preset = checked_preset(flag, value);
    } else if (flag == "--beacon-interval-ms") {
        o.beacon_interval_ms =
            checked_range(flag, flag_uint(flag, value), kMinIntervalMs, kMaxIntervalMs);
    } else if (flag == "--gossip-interval-ms") {
        o.gossip_interval_ms =
            checked_range(flag, flag_uint(flag, value), kMinIntervalMs, kMaxIntervalMs);
    } else if (flag == "--links") {
        o.links = checked_links(flag, value);
    } else if (flag == "--log-level") {
        o.log_level = checked_level(flag, value);
    } else if (flag == "--emulate-latency") {
        o.emulate_latency = checked_emulation(flag, value);
    } else if (flag == "--emulate-host") {
        o.emulate_host = checked_range(flag, flag_uint(flag, value), 0, kMaxU32);
    } else if (flag == "--emulate-base-port") {
        o.emulate_base_port =
            static_cast<std::uint16_t>(checked_range(flag, flag_uint(flag, value), 1, 65535));
    } else if (flag == "--emulate-loss") {
        o.emulate_loss = flag_fraction(flag, value);
    }
}

std::string read_file(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw ConfigError("--config: cannot open \"" + path + "\"");
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

// The dataset itself is read later (peer/emulation_setup); here only the combination.
void check_emulation(const PeerOptions& o) {
    if (!o.emulate_latency.empty() && !o.emulate_host) {
        throw ConfigError("--emulate-latency needs --emulate-host K (this peer's host in the dataset)");
    }
    if (o.emulate_latency.empty() && (o.emulate_host || o.emulate_base_port)) {
        throw ConfigError("--emulate-host and --emulate-base-port need --emulate-latency");
    }
    if (o.emulate_host && !o.emulate_base_port && *o.emulate_host > o.listen.port) {
        throw ConfigError("--emulate-host " + std::to_string(*o.emulate_host) +
                          " is larger than the listen port; give --emulate-base-port");
    }
}

}  // namespace

std::optional<Endpoint> parse_endpoint(std::string_view text) {
    const std::size_t colon = text.rfind(':');
    if (colon == std::string_view::npos) return std::nullopt;
    const auto port = parse_u64(text.substr(colon + 1));
    if (!port || *port < 1 || *port > 65535) return std::nullopt;
    std::string_view host = text.substr(0, colon);
    std::uint32_t ip = 0;
    for (int i = 0; i < 4; ++i) {
        const std::size_t dot = host.find('.');
        if ((i < 3) != (dot != std::string_view::npos)) return std::nullopt;
        const std::string_view part = i < 3 ? host.substr(0, dot) : host;
        // At most three digits and no sign; leading zeros are refused so "010" is not
        // mistaken for an octal-looking address.
        if (part.empty() || part.size() > 3 || (part.size() > 1 && part[0] == '0')) {
            return std::nullopt;
        }
        const auto octet = parse_u64(part);
        if (!octet || *octet > 255) return std::nullopt;
        ip = (ip << 8) | static_cast<std::uint32_t>(*octet);
        if (i < 3) host.remove_prefix(dot + 1);
    }
    return Endpoint{ip, static_cast<std::uint16_t>(*port)};
}

Endpoint default_api_endpoint(const Endpoint& listen) {
    const std::uint32_t up = std::uint32_t{listen.port} + kApiPortOffset;
    const std::uint16_t port = up <= 65535
                                   ? static_cast<std::uint16_t>(up)
                                   : static_cast<std::uint16_t>(listen.port - kApiPortOffset);
    return Endpoint{kLoopback, port};
}

std::optional<Endpoint> api_endpoint(const PeerOptions& o) {
    if (o.api_off) return std::nullopt;
    return o.api ? *o.api : default_api_endpoint(o.listen);
}

PeerOptions apply_json_config(std::string_view text, std::string_view origin, PeerOptions o) {
    json doc;
    try {
        doc = json::parse(text);
    } catch (const json::parse_error& e) {
        fail(origin, std::string("invalid JSON: ") + e.what());
    }
    if (!doc.is_object()) fail(origin, "top level must be a JSON object");
    const std::string prefix = std::string(origin) + ": key ";
    for (const auto& [key, v] : doc.items()) {
        const std::string where = prefix + "\"" + key + "\"";
        if (key == "listen") {
            o.listen = checked_endpoint(where, json_string(where, v));
        } else if (key == "api") {
            apply_api(o, where, json_string(where, v));
        } else if (key == "api_token") {
            o.api_token = checked_token(where, json_string(where, v));
        } else if (key == "seeds") {
            if (!v.is_array()) fail(where, std::string("expected an array, got ") + v.type_name());
            o.seeds.clear();
            for (const auto& s : v) o.seeds.push_back(checked_endpoint(where, json_string(where, s)));
        } else if (key == "data_dir") {
            o.data_dir = json_string(where, v);
            if (o.data_dir.empty()) fail(where, "must not be empty");
        } else if (key == "site") {
            o.site = checked_range(where, json_uint(where, v), 0, kMaxU32);
        } else if (key == "priority") {
            o.priority = checked_range(where, json_uint(where, v), 0, kMaxU32);
        } else if (key == "c_near") {
            o.c_near = checked_range(where, json_uint(where, v), 0, kMaxDegree);
        } else if (key == "c_rand") {
            o.c_rand = checked_range(where, json_uint(where, v), 0, kMaxDegree);
        } else if (key == "preset") {
            o.preset = checked_preset(where, json_string(where, v));
        } else if (key == "beacon_interval_ms") {
            o.beacon_interval_ms =
                checked_range(where, json_uint(where, v), kMinIntervalMs, kMaxIntervalMs);
        } else if (key == "gossip_interval_ms") {
            o.gossip_interval_ms =
                checked_range(where, json_uint(where, v), kMinIntervalMs, kMaxIntervalMs);
        } else if (key == "links") {
            o.links = checked_links(where, json_string(where, v));
        } else if (key == "hop") {
            // A later "hop" object in the same file would replace this one (JSON keeps the
            // last duplicate), so replacing rather than appending matches what was read.
            o.hop = parse_hop_object(v, origin);
        } else if (key == "log_level") {
            o.log_level = checked_level(where, json_string(where, v));
        } else if (key == "emulate_latency") {
            o.emulate_latency = checked_emulation(where, json_string(where, v));
        } else if (key == "emulate_host") {
            o.emulate_host = checked_range(where, json_uint(where, v), 0, kMaxU32);
        } else if (key == "emulate_base_port") {
            o.emulate_base_port =
                static_cast<std::uint16_t>(checked_range(where, json_uint(where, v), 1, 65535));
        } else if (key == "emulate_loss") {
            if (!v.is_number()) fail(where, std::string("expected a number, got ") + v.type_name());
            o.emulate_loss = checked_loss(where, v.get<double>());
        } else {
            fail(where, "unknown key (see docs/OPERATIONS.md)");
        }
    }
    return o;
}

PeerOptions load_peer_options(std::span<const std::string> args) {
    // First pass: split into (flag, value) pairs and reject unknown flags, so a typo is
    // reported even when --config would also fail.
    std::vector<std::pair<std::string, std::string>> pairs;
    std::optional<std::string> config_path;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& arg = args[i];
        if (arg == "-h") {
            pairs.emplace_back("--help", "");
            continue;
        }
        const std::size_t eq = arg.find('=');
        const std::string name = arg.substr(0, eq);
        const FlagSpec* spec = find_flag(name);
        if (!spec) throw ConfigError(arg + ": unknown flag (see --help)");
        std::string value;
        if (!spec->takes_value) {
            if (eq != std::string::npos) throw ConfigError(name + ": takes no value");
        } else if (eq != std::string::npos) {
            value = arg.substr(eq + 1);
        } else if (i + 1 < args.size()) {
            value = args[++i];
        } else {
            throw ConfigError(name + ": missing value");
        }
        if (name == "--config") config_path = value;
        pairs.emplace_back(name, value);
    }

    PeerOptions o;
    for (const auto& [name, value] : pairs) {
        if (name == "--help") {
            o.help = true;
            return o;
        }
    }
    if (config_path) o = apply_json_config(read_file(*config_path), *config_path, o);

    std::vector<Endpoint> flag_seeds;
    for (const auto& [name, value] : pairs) apply_flag(o, flag_seeds, name, value);
    // Seeds given as flags replace the file's list rather than adding to it.
    if (!flag_seeds.empty()) o.seeds = std::move(flag_seeds);

    check_emulation(o);
    (void)build_config(o);  // reject now what the node would reject later
    return o;
}

Config build_config(const PeerOptions& o) {
    Config c = o.preset == "lan"    ? Config::lan()
               : o.preset == "test" ? Config::for_tests()
                                    : Config::wan();
    c.site = o.site;
    c.tree.priority = o.priority;
    if (o.c_near) c.links.c_near = *o.c_near;
    if (o.c_rand) c.links.c_rand = *o.c_rand;
    if (o.links) c.links.transport = *o.links;
    apply_hop_settings(c.hop, o.hop);
    if (o.beacon_interval_ms) c.tree.beacon_interval = Duration{*o.beacon_interval_ms} * kMillisecond;
    if (o.gossip_interval_ms) {
        c.dissemination.gossip_interval = Duration{*o.gossip_interval_ms} * kMillisecond;
    }
    const auto errs = c.validate();
    if (!errs.empty()) {
        std::string msg = "invalid configuration (preset " + o.preset + " with the given overrides):";
        for (const auto& e : errs) msg += "\n  " + e;
        throw ConfigError(msg);
    }
    return c;
}

std::string usage_text() {
    return R"(usage: gocast-peer [flags]

Runs one GoCast peer on UDP. Flags override the values of --config.

  --help, -h                 print this text and exit
  --config FILE              JSON config file (keys in docs/OPERATIONS.md)
  --listen A.B.C.D:PORT      UDP address to bind (default 127.0.0.1:7000; IPv4 only)
  --seed A.B.C.D:PORT        a peer to join through; repeatable or comma-separated;
                             replaces the file's "seeds" (default: none, start alone)
  --data-dir DIR             node id and status.json live here (default ./gocast-data)
  --site N                   site number, 0 = none; peers of one LAN share a site
  --priority N               root election override: higher wins (default 0)
  --c-near N                 nearby neighbours, 0-64 (default from preset: 5)
  --c-rand N                 random neighbours, 0-64 (default from preset: 1)
  --preset wan|lan|test      protocol timing preset (default wan)
  --beacon-interval-ms N     root beacon period, 10-60000 ms (default from preset)
  --gossip-interval-ms N     gossip period, 10-60000 ms (default from preset)
  --links hop|datagram|tcp   what carries tree, data and gossip frames between
                             neighbours (default hop; docs/PROTOCOL.md section 7)
  --log-level LEVEL          error, warn, info or debug (default info)
  --api A.B.C.D:PORT|off     client API and web UI over HTTP (default 127.0.0.1 and
                             the UDP port + 1000, e.g. 127.0.0.1:8000; "off" disables it)
  --api-token TOKEN          bearer token that POST /api/publish requires (16-256
                             printable characters); without one, publishing over the
                             API is refused. Prefer the config file: flags show in ps.
  --emulate-latency SRC      delay every outgoing datagram by half the RTT between this
                             peer's host and the receiver's: SRC is a dataset file or
                             synthetic[:HOSTS[:SEED]] (built-in model, 256 hosts, seed 1)
  --emulate-host K           this peer's host (row) in SRC; a receiver on UDP port P is on
                             host (P - BASE) mod hosts
  --emulate-base-port BASE   UDP port of the peer on host 0 (default listen port - K)
  --emulate-loss P           drop each outgoing datagram with probability P in [0, 1)

Exit codes: 0 after a graceful leave (SIGINT/SIGTERM), 2 for a bad flag, config file,
node id file, listen or API address (for example the port is in use), 1 for other failures.
)";
}

}  // namespace gocast

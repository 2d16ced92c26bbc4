// peer/config_file: JSON file and flags become PeerOptions; flags override the file; every
// kind of mistake is reported naming the key or flag, and accepted options always build a
// Config that passes validate().

#include "peer/config_file.hpp"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

using namespace gocast;

namespace {

// The message of the ConfigError thrown by `f`, or "" when nothing was thrown.
template <typename F>
std::string error_of(F&& f) {
    try {
        f();
    } catch (const ConfigError& e) {
        return e.what();
    }
    return "";
}

bool contains(const std::string& s, const std::string& part) {
    return s.find(part) != std::string::npos;
}

// Converts to any field type, so T{AnyField{}, ...} compiles for up to as many arguments as
// the aggregate T has fields.
struct AnyField {
    template <typename T>
    operator T() const {
        return T{};
    }
};

template <typename T, typename... Given>
constexpr std::size_t aggregate_fields() {
    if constexpr (requires { T{Given{}..., AnyField{}}; }) {
        return aggregate_fields<T, Given..., AnyField>();
    } else {
        return sizeof...(Given);
    }
}

PeerOptions from_json(const std::string& text) { return apply_json_config(text, "test.json", {}); }

PeerOptions from_flags(std::vector<std::string> args) { return load_peer_options(args); }

// A JSON file in a fresh temporary directory, removed with the object.
struct TempConfigFile {
    explicit TempConfigFile(const std::string& text) {
        std::random_device rd;
        dir = std::filesystem::temp_directory_path() /
              ("gocast-config-test-" + std::to_string(rd()) + std::to_string(rd()));
        std::filesystem::create_directories(dir);
        path = (dir / "peer.json").string();
        std::ofstream(path) << text;
    }
    ~TempConfigFile() {
        std::error_code ec;
        std::filesystem::remove_all(dir, ec);
    }
    std::filesystem::path dir;
    std::string path;
};

}  // namespace

TEST_CASE("unit: peer: endpoints are strict IPv4 a.b.c.d:port") {
    const auto ep = parse_endpoint("10.1.2.3:7000");
    REQUIRE(ep.has_value());
    CHECK(ep->ip == 0x0a010203u);
    CHECK(ep->port == 7000);
    CHECK(parse_endpoint("255.255.255.255:65535").has_value());
    for (const char* bad : {"", "10.1.2.3", "10.1.2.3:", "10.1.2.3:0", "10.1.2.3:65536",
                            "10.1.2:7000", "10.1.2.3.4:7000", "256.1.1.1:7000", "a.b.c.d:7000",
                            "localhost:7000", "[::1]:7000", "01.1.1.1:7000", "1.1.1.1:+7",
                            "1..1.1:7000", " 1.1.1.1:7000"}) {
        CHECK_MESSAGE(!parse_endpoint(bad).has_value(), bad);
    }
}

TEST_CASE("unit: peer: defaults give 127.0.0.1:7000, ./gocast-data and the wan preset") {
    const PeerOptions o = from_flags({});
    CHECK(o.listen == Endpoint{0x7f000001u, 7000});
    CHECK(o.seeds.empty());
    CHECK(o.data_dir == "./gocast-data");
    CHECK(o.preset == "wan");
    CHECK(o.log_level == LogLevel::info);
    CHECK_FALSE(o.help);
    const Config c = build_config(o);
    CHECK(c.tree.beacon_interval == Config::wan().tree.beacon_interval);
    CHECK(c.validate().empty());
}

TEST_CASE("unit: peer: a full JSON config is read key by key") {
    const PeerOptions o = from_json(R"({
        "listen": "127.0.0.1:7100", "seeds": ["127.0.0.1:7000", "10.0.0.2:7001"],
        "data_dir": "/tmp/x", "site": 3, "priority": 9, "c_near": 4, "c_rand": 2,
        "preset": "test", "beacon_interval_ms": 250, "gossip_interval_ms": 40,
        "log_level": "debug"})");
    CHECK(o.listen == Endpoint{0x7f000001u, 7100});
    REQUIRE(o.seeds.size() == 2);
    CHECK(o.seeds[1] == Endpoint{0x0a000002u, 7001});
    CHECK(o.data_dir == "/tmp/x");
    CHECK(o.log_level == LogLevel::debug);
    const Config c = build_config(o);
    CHECK(c.site == 3);
    CHECK(c.tree.priority == 9);
    CHECK(c.links.c_near == 4);
    CHECK(c.links.c_rand == 2);
    CHECK(c.tree.beacon_interval == 250 * kMillisecond);
    CHECK(c.dissemination.gossip_interval == 40 * kMillisecond);
    CHECK(c.membership.join_retry_initial == Config::for_tests().membership.join_retry_initial);
    CHECK(c.validate().empty());
}

TEST_CASE("unit: peer: JSON mistakes name the key") {
    CHECK(contains(error_of([] { from_json(R"({"listn": "1.2.3.4:5"})"); }),
                   "key \"listn\": unknown key"));
    CHECK(contains(error_of([] { from_json(R"({"site": "3"})"); }),
                   "key \"site\": expected a non-negative integer, got string"));
    CHECK(contains(error_of([] { from_json(R"({"site": 1.5})"); }), "key \"site\""));
    CHECK(contains(error_of([] { from_json(R"({"site": true})"); }), "key \"site\""));
    CHECK(contains(error_of([] { from_json(R"({"priority": -1})"); }),
                   "key \"priority\": value -1 out of range"));
    CHECK(contains(error_of([] { from_json(R"({"site": 4294967296})"); }),
                   "key \"site\": value 4294967296 out of range"));
    CHECK(contains(error_of([] { from_json(R"({"c_near": 65})"); }),
                   "key \"c_near\": value 65 out of range [0, 64]"));
    CHECK(contains(error_of([] { from_json(R"({"gossip_interval_ms": 0})"); }),
                   "key \"gossip_interval_ms\": value 0 out of range"));
    CHECK(contains(error_of([] { from_json(R"({"listen": "1.2.3:4"})"); }),
                   "key \"listen\": bad address \"1.2.3:4\""));
    CHECK(contains(error_of([] { from_json(R"({"seeds": "1.2.3.4:5"})"); }),
                   "key \"seeds\": expected an array"));
    CHECK(contains(error_of([] { from_json(R"({"seeds": ["1.2.3.4:5", 7]})"); }),
                   "key \"seeds\": expected a string"));
    CHECK(contains(error_of([] { from_json(R"({"preset": "fast"})"); }),
                   "key \"preset\": unknown preset \"fast\""));
    CHECK(contains(error_of([] { from_json(R"({"log_level": "loud"})"); }),
                   "key \"log_level\": unknown log level"));
    CHECK(contains(error_of([] { from_json(R"({"site": 1,})"); }), "test.json: invalid JSON"));
    CHECK(contains(error_of([] { from_json(R"([1, 2])"); }), "test.json: top level must be"));
}

TEST_CASE("unit: peer: flag mistakes name the flag") {
    CHECK(contains(error_of([] { from_flags({"--bogus"}); }), "--bogus: unknown flag"));
    CHECK(contains(error_of([] { from_flags({"--listen"}); }), "--listen: missing value"));
    CHECK(contains(error_of([] { from_flags({"--help=1"}); }), "--help: takes no value"));
    CHECK(contains(error_of([] { from_flags({"--site", "x"}); }),
                   "--site: expected a non-negative integer"));
    CHECK(contains(error_of([] { from_flags({"--site", "-1"}); }), "--site:"));
    CHECK(contains(error_of([] { from_flags({"--c-rand=65"}); }), "--c-rand: value 65 out of range"));
    CHECK(contains(error_of([] { from_flags({"--beacon-interval-ms", "5"}); }),
                   "--beacon-interval-ms: value 5 out of range"));
    CHECK(contains(error_of([] { from_flags({"--seed", "1.2.3.4:5,nope"}); }),
                   "--seed: bad address \"nope\""));
    CHECK(contains(error_of([] { from_flags({"--data-dir="}); }), "--data-dir: must not be empty"));
    CHECK(contains(error_of([] { from_flags({"--config", "/nonexistent/gocast.json"}); }),
                   "--config: cannot open"));
}

TEST_CASE("unit: peer: options that break Config::validate() are refused") {
    // A 10 s beacon is within the flag's range but exceeds the wan neighbour timeout (5 s).
    const std::string e = error_of([] { from_flags({"--beacon-interval-ms", "10000"}); });
    CHECK(contains(e, "invalid configuration"));
    CHECK(contains(e, "links.neighbor_timeout must exceed tree.beacon_interval"));
    CHECK(contains(error_of([] { from_flags({"--c-near", "0", "--c-rand", "0"}); }),
                   "links.c_near + links.c_rand must be >= 1"));
}

TEST_CASE("unit: peer: flags override the file, --seed replaces the file's seeds") {
    const TempConfigFile file(R"({"listen": "127.0.0.1:7100", "site": 3,
        "seeds": ["127.0.0.1:7000"], "preset": "lan", "log_level": "warn"})");
    const PeerOptions from_file = from_flags({"--config", file.path});
    CHECK(from_file.listen.port == 7100);
    CHECK(from_file.site == 3);
    CHECK(from_file.seeds.size() == 1);
    CHECK(from_file.preset == "lan");
    CHECK(from_file.log_level == LogLevel::warn);

    // Flags before --config still win: the file is applied first whatever the order.
    const PeerOptions o = from_flags({"--site=5", "--config", file.path, "--seed",
                                      "127.0.0.1:7001,127.0.0.1:7002", "--seed",
                                      "127.0.0.1:7003", "--preset", "test"});
    CHECK(o.listen.port == 7100);
    CHECK(o.site == 5);
    CHECK(o.preset == "test");
    REQUIRE(o.seeds.size() == 3);
    CHECK(o.seeds[0].port == 7001);
    CHECK(o.seeds[2].port == 7003);
}

TEST_CASE("unit: peer: --help stops parsing and the usage text lists every flag") {
    CHECK(from_flags({"--help"}).help);
    // Unknown flags are reported even next to --help, so a typo is never silently eaten...
    CHECK(contains(error_of([] { from_flags({"--help", "--bogus"}); }), "--bogus"));
    // ...but --help wins over values that would fail later checks.
    CHECK(from_flags({"-h", "--c-near", "0", "--c-rand", "0"}).help);
    const std::string usage = usage_text();
    for (const char* flag : {"--help", "--config", "--listen", "--seed", "--data-dir", "--site",
                             "--priority", "--c-near", "--c-rand", "--preset",
                             "--beacon-interval-ms", "--gossip-interval-ms", "--log-level",
                             "--api", "--api-token"}) {
        CHECK_MESSAGE(contains(usage, flag), flag);
    }
}

TEST_CASE("unit: peer: the API token is checked where it is given") {
    CHECK(from_flags({}).api_token.empty());
    CHECK(from_json(R"({"api_token": "0123456789abcdef"})").api_token == "0123456789abcdef");
    CHECK(from_flags({"--api-token", "token-from-the-flag-1"}).api_token == "token-from-the-flag-1");
    CHECK(contains(error_of([] { from_json(R"({"api_token": "short"})"); }), "key \"api_token\""));
    CHECK(contains(error_of([] { from_flags({"--api-token", "has a space in it!!"}); }), "--api-token"));
    CHECK(contains(error_of([] { from_json(R"({"api_token": 12345678901234567})"); }), "expected a string"));
}

TEST_CASE("unit: peer: the example config in docs/ loads and validates") {
    const PeerOptions o = from_flags({"--config", std::string(GOCAST_SOURCE_DIR) +
                                                      "/docs/example-peer.json"});
    CHECK(build_config(o).validate().empty());
}

TEST_CASE("unit: peer: the API address defaults to loopback and UDP port + 1000") {
    CHECK(to_string(*api_endpoint(PeerOptions{})) == "127.0.0.1:8000");
    // A peer listening on all interfaces still serves the API on loopback only.
    CHECK(to_string(*api_endpoint(from_flags({"--listen", "0.0.0.0:7005"}))) == "127.0.0.1:8005");
    // Near the top of the port range the offset goes down instead.
    CHECK(to_string(*api_endpoint(from_flags({"--listen", "127.0.0.1:65000"}))) ==
          "127.0.0.1:64000");
    CHECK(to_string(*api_endpoint(from_flags({"--api", "127.0.0.1:9999"}))) == "127.0.0.1:9999");
    CHECK_FALSE(api_endpoint(from_flags({"--api", "off"})));
    CHECK_FALSE(api_endpoint(from_json(R"({"api": "off"})")));
    CHECK(to_string(*api_endpoint(from_json(R"({"api": "10.0.0.1:80"})"))) == "10.0.0.1:80");
    CHECK(contains(error_of([] { from_flags({"--api", "localhost:80"}); }), "--api"));
    CHECK(contains(error_of([] { from_json(R"({"api": 8000})"); }), "\"api\""));
}

TEST_CASE("unit: peer: the \"hop\" object sets HopConfig fields over the preset") {
    const PeerOptions o = from_json(R"({"preset": "lan", "links": "hop", "hop": {
        "max_datagram_payload": 1400, "window_segments": 512, "ack_delay_ms": 5,
        "nack_delay_ms": 0, "probe_min_ms": 150, "initial_rate": 2.5e6, "min_rate": 32000,
        "max_rate": 1.0e7, "decrease_factor": 0.7, "increase_gain": 1,
        "loss_tolerance": 0, "tcp_max_rto_ms": 30000, "tcp_max_retries": 20}})");
    REQUIRE(o.hop.size() == 13);
    const Config c = build_config(o);
    const HopConfig d = Config::lan().hop;
    CHECK(c.hop.max_datagram_payload == 1400);
    CHECK(c.hop.window_segments == 512);
    CHECK(c.hop.ack_delay == 5 * kMillisecond);
    CHECK(c.hop.nack_delay == 0);
    CHECK(c.hop.probe_min == 150 * kMillisecond);
    CHECK(c.hop.initial_rate == 2.5e6);
    CHECK(c.hop.min_rate == 32000.0);
    CHECK(c.hop.max_rate == 1.0e7);
    CHECK(c.hop.decrease_factor == 0.7);
    CHECK(c.hop.increase_gain == 1.0);
    CHECK(c.hop.loss_tolerance == 0.0);
    CHECK(c.hop.tcp_max_rto == 30 * kSecond);
    CHECK(c.hop.tcp_max_retries == 20);
    // Keys not given keep the preset's value.
    CHECK(c.hop.max_message_bytes == d.max_message_bytes);
    CHECK(c.hop.nack_retry_min == d.nack_retry_min);
    CHECK(c.hop.tcp_min_rto == d.tcp_min_rto);
    CHECK(c.validate().empty());
}

TEST_CASE("unit: peer: every HopConfig field has a \"hop\" key that round-trips") {
    // Setting each key to its current value through JSON must give back the same
    // HopConfig; setting it to another in-range value must change exactly that key.
    const HopConfig d = Config::wan().hop;
    for (const auto& spec : hop_key_specs()) {
        CAPTURE(spec.name);
        const double now = hop_setting_value(d, spec.name);
        CHECK(now >= spec.lo);
        CHECK(now <= spec.hi);
        const bool integer = !std::holds_alternative<double HopConfig::*>(spec.field);
        const double mid = spec.lo + (spec.hi - spec.lo) / 2;
        const double other = integer ? (now == spec.hi ? spec.lo + 1 : now + 1)
                                     : (now == mid ? spec.lo + (spec.hi - spec.lo) / 4 : mid);
        const std::string text = std::string(R"({"hop": {")") + std::string(spec.name) + "\": " +
                                 (integer ? std::to_string(static_cast<long long>(other))
                                          : std::to_string(other)) + "}}";
        const PeerOptions o = from_json(text);
        HopConfig h = d;
        apply_hop_settings(h, o.hop);
        CHECK(hop_setting_value(h, spec.name) == doctest::Approx(other));
        for (const auto& rest : hop_key_specs()) {
            if (rest.name != spec.name) CHECK(hop_setting_value(h, rest.name) == hop_setting_value(d, rest.name));
        }
    }
    // A field added to HopConfig without a key would be out of the config file's reach.
    CHECK(aggregate_fields<HopConfig>() == hop_key_specs().size());
}

TEST_CASE("unit: peer: bad \"hop\" values are refused naming the key and the range") {
    const auto err = [](const std::string& hop) {
        return error_of([&] { (void)build_config(from_json(R"({"hop": )" + hop + "}")); });
    };
    CHECK(contains(err(R"({"windw_segments": 64})"), "key \"hop.windw_segments\": unknown key"));
    CHECK(contains(err(R"([1])"), "key \"hop\": expected an object"));
    CHECK(contains(err(R"({"window_segments": 0})"),
                   "key \"hop.window_segments\": value 0 out of range [16, 65536]"));
    CHECK(contains(err(R"({"max_datagram_payload": 100})"),
                   "key \"hop.max_datagram_payload\": value 100 out of range [256, 65507]"));
    CHECK(contains(err(R"({"max_datagram_payload": 70000})"), "key \"hop.max_datagram_payload\": value 70000 out of range"));
    CHECK(contains(err(R"({"min_rate": 0})"), "key \"hop.min_rate\": value 0 out of range (0, "));
    CHECK(contains(err(R"({"max_rate": -5})"), "key \"hop.max_rate\": value -5 out of range (0, "));
    CHECK(contains(err(R"({"decrease_factor": 1})"), "key \"hop.decrease_factor\": value 1 out of range (0, 1)"));
    CHECK(contains(err(R"({"decrease_factor": 0})"), "key \"hop.decrease_factor\": value 0 out of range (0, 1)"));
    CHECK(contains(err(R"({"loss_tolerance": 1.5})"), "key \"hop.loss_tolerance\": value 1.5 out of range [0, 1]"));
    CHECK(contains(err(R"({"ack_delay_ms": 0})"), "key \"hop.ack_delay_ms\": value 0 out of range [1, 60000]"));
    CHECK(contains(err(R"({"ack_delay_ms": 2.5})"), "key \"hop.ack_delay_ms\": expected an integer in [1, 60000], got 2.5"));
    CHECK(contains(err(R"({"ack_every": -1})"), "key \"hop.ack_every\": value -1 out of range"));
    CHECK(contains(err(R"({"initial_rate": "fast"})"), "key \"hop.initial_rate\": expected a number"));
    CHECK(contains(err(R"({"tcp_max_retries": true})"), "key \"hop.tcp_max_retries\": expected an integer"));
    // Each value in range, but not together: Config::validate() names the relation.
    CHECK(contains(err(R"({"min_rate": 2e6, "max_rate": 1e6})"),
                   "hop rates must satisfy 0 < min_rate <= initial_rate <= max_rate"));
    CHECK(contains(err(R"({"max_message_bytes": 1000, "max_datagram_payload": 1200})"),
                   "hop.max_message_bytes must be in [hop.max_datagram_payload"));
    CHECK(contains(err(R"({"tcp_min_rto_ms": 5000, "tcp_max_rto_ms": 1000})"),
                   "hop.tcp_max_rto must be >= hop.tcp_min_rto"));
    // And through the command line as the peer reads it.
    const TempConfigFile file(R"({"hop": {"window_segments": 0}})");
    CHECK(contains(error_of([&] { from_flags({"--config", file.path}); }),
                   "key \"hop.window_segments\": value 0 out of range [16, 65536]"));
}

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

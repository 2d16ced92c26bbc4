#pragma once
// Peer options from a JSON file and command-line flags; flags override the file. Every
// problem (unknown key or flag, wrong type, bad address, value out of range, a Config that
// fails validate()) raises ConfigError with a message naming the key or flag.
// Keys and flags are documented in docs/OPERATIONS.md and by usage_text().

#include <cstdint>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "peer/config.hpp"
#include "peer/hop_config_keys.hpp"
#include "peer/log.hpp"
#include "transport/types.hpp"

namespace gocast {

class ConfigError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct PeerOptions {
    Endpoint listen{0x7f000001u, 7000};  // 127.0.0.1:7000
    std::vector<Endpoint> seeds;
    // TCP address of the local client API. Unset means default_api_endpoint(listen);
    // api_off (--api off) disables the API.
    std::optional<Endpoint> api;
    bool api_off = false;
    // Bearer token required by POST /api/publish; empty disables publishing over the API.
    std::string api_token;
    std::string data_dir = "./gocast-data";
    std::string preset = "wan";  // wan | lan | test
    std::uint32_t site = 0;
    std::uint32_t priority = 0;
    // Unset means "the preset's value".
    std::optional<std::uint32_t> c_near;
    std::optional<std::uint32_t> c_rand;
    std::optional<std::uint32_t> beacon_interval_ms;
    std::optional<std::uint32_t> gossip_interval_ms;
    std::optional<LinkTransport> links;  // neighbour links: hop | datagram | tcp
    // The config file's "hop" object, checked key by key; applied over the preset's
    // HopConfig in the order given. Only the file sets these (no flags).
    std::vector<HopSetting> hop;
    LogLevel log_level = LogLevel::info;
    // User-space WAN emulation (peer/latency_emulator). emulate_latency is empty (off),
    // "synthetic", "synthetic:HOSTS", "synthetic:HOSTS:SEED", or a dataset file; it needs
    // emulate_host. emulate_base_port unset = listen port - emulate_host.
    std::string emulate_latency;
    std::optional<std::uint32_t> emulate_host;
    std::optional<std::uint16_t> emulate_base_port;
    double emulate_loss = 0.0;
    bool help = false;  // --help was given; nothing else was checked
};

// "a.b.c.d:port", IPv4 dotted quad, port 1-65535. std::nullopt when malformed.
std::optional<Endpoint> parse_endpoint(std::string_view text);

// 127.0.0.1 (the API has no authentication, so it is loopback-only unless the operator
// chooses otherwise) and the UDP port + 1000, or - 1000 when that would pass 65535.
Endpoint default_api_endpoint(const Endpoint& listen);

// The API address these options ask for, or std::nullopt when it is off.
std::optional<Endpoint> api_endpoint(const PeerOptions& options);

// Applies the JSON document `text` on top of `base`. `origin` names the file in messages.
PeerOptions apply_json_config(std::string_view text, std::string_view origin, PeerOptions base);

// Parses argv[1..] (without the program name): reads --config FILE first if given, then
// applies the remaining flags over it. Validates the result (build_config must succeed).
PeerOptions load_peer_options(std::span<const std::string> args);

// The protocol Config for these options: preset, then the overrides; throws ConfigError
// listing Config::validate() problems.
Config build_config(const PeerOptions& options);

std::string usage_text();

}  // namespace gocast

#pragma once
// The "hop" object of the peer's JSON config: one key per HopConfig field (durations as
// *_ms in whole milliseconds, sizes and counts as integers, rates and factors as numbers).
// Each key is checked on its own range here, naming the key and the range; relations
// between fields (min_rate <= initial_rate <= max_rate, max_message_bytes >=
// max_datagram_payload, ...) are checked by Config::validate(), which the simulator shares.
// The keys and ranges are listed in docs/OPERATIONS.md, "Hop link keys".

#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "transport/hop/hop_config.hpp"

namespace gocast {

// The field a key sets: a Duration (given as whole milliseconds), a std::uint32_t (bytes,
// segments, entries; given as an integer) or a double (rate, factor, share; any number).
using HopField = std::variant<Duration HopConfig::*, std::uint32_t HopConfig::*, double HopConfig::*>;

struct HopKeySpec {
    std::string_view name;  // JSON key, e.g. "ack_delay_ms"
    HopField field;
    double lo;              // allowed range [lo, hi]; lo_open / hi_open exclude an end
    double hi;
    bool lo_open = false;
    bool hi_open = false;
};

// Every key, in HopConfig field order.
std::span<const HopKeySpec> hop_key_specs();

// One checked key of the "hop" object; value in the key's unit (ms for durations).
struct HopSetting {
    std::string name;
    double value = 0;
};

// Checks the JSON value of "hop" (an object). `origin` names the file in messages, which
// read like `peer.json: key "hop.window_segments": value 0 out of range [16, 65536]`.
// Throws ConfigError naming the key and its allowed range.
std::vector<HopSetting> parse_hop_object(const nlohmann::json& v, std::string_view origin);

// Applies checked settings on top of `h` (a preset's HopConfig).
void apply_hop_settings(HopConfig& h, std::span<const HopSetting> settings);

// The current value of key `name` in `h`, in the key's unit (for docs and tests).
double hop_setting_value(const HopConfig& h, std::string_view name);

}  // namespace gocast

#include "peer/hop_config_keys.hpp"

#include <cmath>
#include <iomanip>
#include <sstream>

#include <nlohmann/json.hpp>

#include "peer/config_file.hpp"

namespace gocast {

namespace {

using H = HopConfig;

constexpr double kMiB = 1024.0 * 1024.0;
// 65,507 bytes is the largest UDP payload over IPv4; a link segment has to fit one.
constexpr double kMaxUdpPayload = 65507;
// Below 256 bytes a segment leaves almost no room for a frame next to its headers
// (Config::validate() enforces the same floor).
constexpr double kMinSegmentBytes = 256;
constexpr double kHourMs = 3600.0 * 1000.0;
constexpr double kMinuteMs = 60.0 * 1000.0;
// 100 Gbit/s: a ceiling no real link reaches, so a typo of a few orders of magnitude shows.
constexpr double kMaxRate = 12.5e9;

// Field order of transport/hop/hop_config.hpp. Ranges are what each field can take on its
// own without breaking the link; see Config::validate_hop() for the relations between them.
const HopKeySpec kSpecs[] = {
    {"max_datagram_payload", &H::max_datagram_payload, kMinSegmentBytes, kMaxUdpPayload},
    {"max_message_bytes", &H::max_message_bytes, kMinSegmentBytes, 64 * kMiB},
    {"max_partial_messages", &H::max_partial_messages, 1, 1024},
    {"reassembly_timeout_ms", &H::reassembly_timeout, 1, kHourMs},
    {"send_queue_bytes", &H::send_queue_bytes, kMinSegmentBytes, 1024 * kMiB},
    {"control_reserve_bytes", &H::control_reserve_bytes, 0, 64 * kMiB},
    {"window_segments", &H::window_segments, 16, 65536},
    {"ack_delay_ms", &H::ack_delay, 1, kMinuteMs},
    {"lazy_ack_delay_ms", &H::lazy_ack_delay, 1, kMinuteMs},
    {"ack_every", &H::ack_every, 1, 65536},
    {"nack_delay_ms", &H::nack_delay, 0, kMinuteMs},
    {"nack_retry_min_ms", &H::nack_retry_min, 1, kMinuteMs},
    {"max_nack_entries", &H::max_nack_entries, 1, 1024},
    {"max_nacks", &H::max_nacks, 1, 1000},
    {"probe_min_ms", &H::probe_min, 1, kMinuteMs},
    {"probe_max_ms", &H::probe_max, 1, kMinuteMs},
    {"liveness_interval_ms", &H::liveness_interval, 1, kHourMs},
    {"initial_rtt_ms", &H::initial_rtt, 1, kMinuteMs},
    {"initial_rate", &H::initial_rate, 0, kMaxRate, true},
    {"min_rate", &H::min_rate, 0, kMaxRate, true},
    {"max_rate", &H::max_rate, 0, kMaxRate, true},
    {"burst_bytes", &H::burst_bytes, kMinSegmentBytes, 1024 * kMiB},
    {"epoch_min_ms", &H::epoch_min, 1, kMinuteMs},
    {"decrease_factor", &H::decrease_factor, 0, 1, true, true},
    {"increase_gain", &H::increase_gain, 0, 1, true},
    {"queue_delay_target_ms", &H::queue_delay_target, 1, kMinuteMs},
    {"loss_tolerance", &H::loss_tolerance, 0, 1},
    {"min_rtt_window_ms", &H::min_rtt_window, 1, kHourMs},
    {"tcp_min_rto_ms", &H::tcp_min_rto, 1, kMinuteMs},
    {"tcp_max_rto_ms", &H::tcp_max_rto, 1, kHourMs},
    {"tcp_initial_window", &H::tcp_initial_window, 1, 65536},
    {"tcp_max_retries", &H::tcp_max_retries, 1, 1000},
};

const HopKeySpec* find_spec(std::string_view name) {
    for (const auto& s : kSpecs) {
        if (s.name == name) return &s;
    }
    return nullptr;
}

bool is_integer_field(const HopKeySpec& s) { return !std::holds_alternative<double H::*>(s.field); }

std::string show(double v) {
    std::ostringstream o;
    o << std::setprecision(12) << v;
    return o.str();
}

std::string range_text(const HopKeySpec& s) {
    return std::string(s.lo_open ? "(" : "[") + show(s.lo) + ", " + show(s.hi) + (s.hi_open ? ")" : "]");
}

double checked_value(const HopKeySpec& s, const nlohmann::json& v, const std::string& where) {
    const char* what = is_integer_field(s) ? "an integer" : "a number";
    if (!v.is_number() || (is_integer_field(s) && v.is_number_float())) {
        throw ConfigError(where + ": expected " + what + " in " + range_text(s) + ", got " +
                          (v.is_number() ? v.dump() : std::string(v.type_name())));
    }
    const double x = v.get<double>();
    const bool below = s.lo_open ? !(x > s.lo) : !(x >= s.lo);
    const bool above = s.hi_open ? !(x < s.hi) : !(x <= s.hi);
    if (below || above || !std::isfinite(x)) {
        throw ConfigError(where + ": value " + v.dump() + " out of range " + range_text(s));
    }
    return x;
}

}  // namespace

std::span<const HopKeySpec> hop_key_specs() { return kSpecs; }

std::vector<HopSetting> parse_hop_object(const nlohmann::json& v, std::string_view origin) {
    const std::string prefix = std::string(origin) + ": key \"hop";
    if (!v.is_object()) {
        throw ConfigError(prefix + "\": expected an object of Hop link settings, got " + v.type_name());
    }
    std::vector<HopSetting> out;
    for (const auto& [key, value] : v.items()) {
        const std::string key_where = prefix + "." + key + "\"";
        const HopKeySpec* s = find_spec(key);
        if (!s) throw ConfigError(key_where + ": unknown key (Hop link keys: docs/OPERATIONS.md)");
        out.push_back({key, checked_value(*s, value, key_where)});
    }
    return out;
}

void apply_hop_settings(HopConfig& h, std::span<const HopSetting> settings) {
    for (const auto& setting : settings) {
        const HopKeySpec* s = find_spec(setting.name);
        if (!s) throw ConfigError("hop." + setting.name + ": unknown key");
        const double v = setting.value;
        std::visit(
            [&](auto field) {
                using T = std::remove_reference_t<decltype(h.*field)>;
                if constexpr (std::is_same_v<T, Duration>) {
                    h.*field = static_cast<Duration>(std::llround(v)) * kMillisecond;
                } else if constexpr (std::is_same_v<T, std::uint32_t>) {
                    h.*field = static_cast<std::uint32_t>(std::llround(v));
                } else {
                    h.*field = v;
                }
            },
            s->field);
    }
}

double hop_setting_value(const HopConfig& h, std::string_view name) {
    const HopKeySpec* s = find_spec(name);
    if (!s) throw ConfigError("hop." + std::string(name) + ": unknown key");
    return std::visit(
        [&](auto field) {
            using T = std::remove_cvref_t<decltype(h.*field)>;
            if constexpr (std::is_same_v<T, Duration>) {
                return static_cast<double>(h.*field) / static_cast<double>(kMillisecond);
            } else {
                return static_cast<double>(h.*field);
            }
        },
        s->field);
}

}  // namespace gocast

#include "peer/emulation_setup.hpp"

#include <charconv>
#include <string>
#include <string_view>

#include "datasets/loaders.hpp"
#include "datasets/synthetic.hpp"

namespace gocast {

namespace {

constexpr std::string_view kSynthetic = "synthetic";

std::uint64_t number_part(std::string_view text, std::string_view what) {
    std::uint64_t v = 0;
    const auto* end = text.data() + text.size();
    const auto [p, ec] = std::from_chars(text.data(), end, v);
    if (text.empty() || ec != std::errc{} || p != end) {
        throw ConfigError("--emulate-latency: bad " + std::string(what) + " \"" +
                          std::string(text) + "\" in synthetic[:HOSTS[:SEED]]");
    }
    return v;
}

// "synthetic[:HOSTS[:SEED]]" -> the built-in model with those parameters.
datasets::LatencyMatrix synthetic_matrix(std::string_view spec) {
    datasets::GeoModelParams p;
    spec.remove_prefix(kSynthetic.size());
    if (!spec.empty()) {
        if (spec.front() != ':') {
            throw ConfigError("--emulate-latency: expected synthetic[:HOSTS[:SEED]]");
        }
        spec.remove_prefix(1);
        const std::size_t colon = spec.find(':');
        p.hosts = number_part(spec.substr(0, colon), "host count");
        if (p.hosts < 1 || p.hosts > datasets::kMaxHosts) {
            throw ConfigError("--emulate-latency: host count must be in [1, " +
                              std::to_string(datasets::kMaxHosts) + "]");
        }
        if (colon != std::string_view::npos) p.seed = number_part(spec.substr(colon + 1), "seed");
    }
    return datasets::generate_geographic(p);
}

datasets::LatencyMatrix loss_only_matrix() {
    datasets::LatencyMatrix m;
    m.n = 1;
    m.rtt_ms = {0.0f};
    m.source = "none (loss only)";
    return m;
}

}  // namespace

std::unique_ptr<LatencyEmulator> make_latency_emulator(const PeerOptions& o,
                                                       std::uint64_t loss_seed) {
    if (o.emulate_latency.empty() && o.emulate_loss == 0.0) return nullptr;
    EmulationSettings s;
    s.loss = o.emulate_loss;
    s.seed = loss_seed;
    if (o.emulate_latency.empty()) {
        s.intra_host_rtt_ms = 0.0;
        s.base_port = o.listen.port;
        return std::make_unique<LatencyEmulator>(loss_only_matrix(), s);
    }
    datasets::LatencyMatrix m;
    const std::string_view src = o.emulate_latency;
    if (src.substr(0, kSynthetic.size()) == kSynthetic) {
        m = synthetic_matrix(src);
    } else {
        try {
            m = datasets::load_any(o.emulate_latency);
        } catch (const datasets::DatasetError& e) {
            throw ConfigError(std::string("--emulate-latency: ") + e.what());
        }
    }
    s.self_host = o.emulate_host.value_or(0);
    if (s.self_host >= m.n) {
        throw ConfigError("--emulate-host " + std::to_string(s.self_host) + ": the dataset has " +
                          std::to_string(m.n) + " hosts (0.." + std::to_string(m.n - 1) + ")");
    }
    s.base_port = o.emulate_base_port.value_or(
        static_cast<std::uint16_t>(o.listen.port - s.self_host));
    return std::make_unique<LatencyEmulator>(std::move(m), s);
}

}  // namespace gocast

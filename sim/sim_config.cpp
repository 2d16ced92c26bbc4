#include "sim/sim_config.hpp"

#include <algorithm>
#include <cmath>

namespace gocast::sim {

namespace {
// The last messages need this long to spread before the run ends (several gossip rounds
// plus a pull on the slowest paths of a WAN dataset).
constexpr Duration kPublishTail = 20 * kSecond;
// More peers than this would not fit the 127/8 address block used for virtual endpoints.
constexpr std::size_t kMaxNodes = 1u << 22;
}  // namespace

Duration SimConfig::effective_publish_stop() const {
    if (publish_stop) return *publish_stop;
    return std::max<Duration>(0, duration - kPublishTail);
}

Duration SimConfig::effective_fail_at() const {
    return fail_at ? *fail_at : duration / 2;
}

Duration SimConfig::effective_slice_period(std::size_t slices) const {
    if (slice_period > 0) return slice_period;
    return std::max<Duration>(1,
                              duration / static_cast<Duration>(std::max<std::size_t>(1, slices)));
}

Config SimConfig::effective_node_config() const {
    Config c = node_config;
    if (c_near) c.links.c_near = *c_near;
    if (c_rand) c.links.c_rand = *c_rand;
    return apply_protocol(c, protocol);
}

std::uint32_t SimConfig::target_degree() const {
    const Config c = effective_node_config();
    return c.links.c_near + c.links.c_rand;
}

std::vector<std::string> validate(const SimConfig& c) {
    std::vector<std::string> e;
    auto require = [&e](bool ok, const char* what) {
        if (!ok) e.emplace_back(what);
    };
    require(c.nodes >= 1 && c.nodes <= kMaxNodes, "nodes must be in [1, 4194304]");
    require(c.duration > 0, "duration must be > 0");
    require(!c.matrices.empty() || !c.dataset_path.empty() || c.synthetic_hosts >= 1,
            "hosts must be >= 1");
    require(c.slice_period >= 0, "slice period must be >= 0");
    require(std::isfinite(c.intra_site_rtt_ms) && c.intra_site_rtt_ms >= 0.0,
            "intra-site RTT must be >= 0 ms");
    require(c.join_window >= 0, "join window must be >= 0");
    require(std::isfinite(c.publish_rate) && c.publish_rate >= 0.0 && c.publish_rate <= 1e6,
            "publish rate must be in [0, 1e6] per second");
    require(c.publish_start >= 0, "publish start must be >= 0");
    require(!c.publish_stop || *c.publish_stop >= c.publish_start,
            "publish stop must not be before publish start");
    require(c.effective_publish_stop() <= c.duration, "publish stop must be <= duration");
    require(std::isfinite(c.fail_fraction) && c.fail_fraction >= 0.0 && c.fail_fraction <= 1.0,
            "fail fraction must be in [0, 1]");
    require(c.effective_fail_at() >= 0 && c.effective_fail_at() <= c.duration,
            "fail-at must be in [0, duration]");
    require(std::isfinite(c.loss) && c.loss >= 0.0 && c.loss < 1.0, "loss must be in [0, 1)");
    require(std::isfinite(c.jitter) && c.jitter >= 0.0 && c.jitter <= 100.0,
            "jitter must be in [0, 100] (a fraction of the one-way delay)");
    require(c.sample_interval > 0, "sample interval must be > 0");
    require(c.topic.size() <= c.node_config.dissemination.max_topic_bytes,
            "topic is longer than the node config allows");
    require(c.payload_bytes <= c.node_config.dissemination.max_payload_bytes,
            "payload size is larger than the node config allows");
    for (const std::string& problem : c.effective_node_config().validate()) {
        e.push_back("node config: " + problem);
    }
    return e;
}

}  // namespace gocast::sim

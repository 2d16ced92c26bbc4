#include "peer/config.hpp"

namespace gocast {

Config Config::wan() { return Config{}; }

Config Config::lan() {
    Config c;
    c.probe.neighbor_ping_interval = 1 * kSecond;
    c.probe.ping_timeout = 1 * kSecond;
    c.probe.centrality_sample_interval = 200 * kMillisecond;
    c.links.maintenance_interval = 200 * kMillisecond;
    c.links.request_timeout = 1 * kSecond;
    c.links.neighbor_timeout = 2 * kSecond;
    c.links.heartbeat_interval = 600 * kMillisecond;
    c.tree.beacon_interval = 300 * kMillisecond;
    c.dissemination.gossip_interval = 50 * kMillisecond;
    return c;
}

Config Config::for_tests() {
    Config c = lan();
    c.membership.shuffle_interval = 500 * kMillisecond;
    c.membership.join_retry_initial = 200 * kMillisecond;
    c.membership.join_retry_max = 2 * kSecond;
    c.probe.candidate_probe_interval = 300 * kMillisecond;
    c.dissemination.retain = 10 * kSecond;
    c.dissemination.seen_ttl = 30 * kSecond;
    return c;
}

namespace {
void require(std::vector<std::string>& errs, bool ok, const char* what) {
    if (!ok) errs.emplace_back(what);
}
}  // namespace

std::vector<std::string> Config::validate() const {
    std::vector<std::string> e;
    require(e, membership.view_capacity >= 8 && membership.view_capacity <= 65536,
            "membership.view_capacity must be in [8, 65536]");
    require(e, membership.shuffle_interval > 0, "membership.shuffle_interval must be > 0");
    require(e, membership.shuffle_size >= 1 && membership.shuffle_size <= 64,
            "membership.shuffle_size must be in [1, 64]");
    require(e, membership.entry_ttl > membership.shuffle_interval,
            "membership.entry_ttl must exceed membership.shuffle_interval");
    require(e, membership.join_retry_initial > 0 &&
                   membership.join_retry_max >= membership.join_retry_initial,
            "membership.join_retry_max must be >= join_retry_initial > 0");
    require(e, probe.neighbor_ping_interval > 0, "probe.neighbor_ping_interval must be > 0");
    require(e, probe.ping_timeout > 0, "probe.ping_timeout must be > 0");
    require(e, probe.rtt_ewma_shift <= 8, "probe.rtt_ewma_shift must be <= 8");
    require(e, probe.centrality_sample_interval > 0, "probe.centrality_sample_interval must be > 0");
    require(e, probe.centrality_window >= 1 && probe.centrality_window <= 65536,
            "probe.centrality_window must be in [1, 65536]");
    require(e, probe.candidate_probe_interval > 0, "probe.candidate_probe_interval must be > 0");
    require(e, links.c_near + links.c_rand >= 1 && links.c_near <= 64 && links.c_rand <= 64,
            "links.c_near + links.c_rand must be >= 1 and each <= 64");
    require(e, links.near_hysteresis >= 0.0 && links.near_hysteresis < 10.0,
            "links.near_hysteresis must be in [0, 10)");
    require(e, links.maintenance_interval > 0, "links.maintenance_interval must be > 0");
    require(e, links.request_timeout > 0, "links.request_timeout must be > 0");
    require(e, links.neighbor_timeout > tree.beacon_interval,
            "links.neighbor_timeout must exceed tree.beacon_interval (beacons are heartbeats)");
    require(e, links.heartbeat_interval > 0 && 2 * links.heartbeat_interval < links.neighbor_timeout,
            "links.heartbeat_interval must be > 0 and under half of links.neighbor_timeout");
    require(e, tree.beacon_interval > 0, "tree.beacon_interval must be > 0");
    require(e, tree.root_timeout_beacons >= 2, "tree.root_timeout_beacons must be >= 2");
    require(e, tree.root_hysteresis >= 0.0 && tree.root_hysteresis < 1.0,
            "tree.root_hysteresis must be in [0, 1)");
    require(e, dissemination.gossip_interval > 0, "dissemination.gossip_interval must be > 0");
    require(e, dissemination.retain > 0, "dissemination.retain must be > 0");
    require(e, dissemination.seen_ttl >= dissemination.retain,
            "dissemination.seen_ttl must be >= dissemination.retain");
    require(e, dissemination.store_max_messages >= 16, "dissemination.store_max_messages must be >= 16");
    require(e, dissemination.store_max_bytes >= 4096, "dissemination.store_max_bytes must be >= 4096");
    require(e, dissemination.summary_max_ids >= 1 && dissemination.summary_max_ids <= 4096,
            "dissemination.summary_max_ids must be in [1, 4096]");
    require(e, dissemination.pull_retry > 0, "dissemination.pull_retry must be > 0");
    require(e, dissemination.max_payload_bytes >= 1 &&
                   dissemination.max_payload_bytes + 1024 <= transport.max_datagram_bytes,
            "dissemination.max_payload_bytes must be >= 1 and leave 1024 bytes of headroom "
            "below transport.max_datagram_bytes");
    require(e, dissemination.max_topic_bytes <= 255, "dissemination.max_topic_bytes must be <= 255");
    require(e, transport.max_datagram_bytes >= 1200 && transport.max_datagram_bytes <= 65507,
            "transport.max_datagram_bytes must be in [1200, 65507]");
    return e;
}

}  // namespace gocast

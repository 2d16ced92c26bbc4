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
    c.hop.lazy_ack_delay = 1500 * kMillisecond;  // past the beacon refresh period, 4 x 300 ms
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

const char* to_string(PushPolicy p) {
    switch (p) {
        case PushPolicy::tree: return "tree";
        case PushPolicy::random_members: return "random_members";
        case PushPolicy::none: return "none";
    }
    return "?";
}

namespace {
void require(std::vector<std::string>& errs, bool ok, const char* what) {
    if (!ok) errs.emplace_back(what);
}
}  // namespace

void Config::validate_hop(std::vector<std::string>& e) const {
    const HopConfig& h = hop;
    require(e, links.transport == LinkTransport::hop || links.transport == LinkTransport::datagram ||
                   links.transport == LinkTransport::tcp,
            "links.transport must be hop, datagram or tcp");
    // (The node caps the link payload so that a whole packet fits transport.max_datagram_bytes.)
    require(e, h.max_datagram_payload >= 256, "hop.max_datagram_payload must be >= 256");
    require(e, h.max_message_bytes >= h.max_datagram_payload && h.max_message_bytes <= (64u << 20),
            "hop.max_message_bytes must be in [hop.max_datagram_payload, 64 MiB]");
    require(e, h.max_message_bytes >= dissemination.max_payload_bytes + 1024,
            "hop.max_message_bytes must leave 1024 bytes above dissemination.max_payload_bytes");
    require(e, h.max_partial_messages >= 1 && h.max_partial_messages <= 1024,
            "hop.max_partial_messages must be in [1, 1024]");
    require(e, h.reassembly_timeout > 0, "hop.reassembly_timeout must be > 0");
    require(e, h.send_queue_bytes >= h.max_message_bytes, "hop.send_queue_bytes must be >= hop.max_message_bytes");
    require(e, h.window_segments >= 16 && h.window_segments <= 65536, "hop.window_segments must be in [16, 65536]");
    require(e, h.ack_delay > 0 && h.ack_every >= 1, "hop.ack_delay must be > 0 and hop.ack_every >= 1");
    require(e, h.lazy_ack_delay >= h.ack_delay, "hop.lazy_ack_delay must be >= hop.ack_delay");
    require(e, h.nack_delay >= 0 && h.nack_retry_min > 0, "hop.nack_delay must be >= 0 and hop.nack_retry_min > 0");
    require(e, h.max_nack_entries >= 1 && h.max_nack_entries <= 1024, "hop.max_nack_entries must be in [1, 1024]");
    require(e, h.max_nacks >= 1, "hop.max_nacks must be >= 1");
    require(e, h.probe_min > 0 && h.initial_rtt > 0, "hop.probe_min and hop.initial_rtt must be > 0");
    require(e, h.liveness_interval > 0, "hop.liveness_interval must be > 0");
    require(e, h.probe_max >= h.probe_min, "hop.probe_max must be >= hop.probe_min");
    require(e, h.min_rate > 0 && h.min_rate <= h.initial_rate && h.initial_rate <= h.max_rate,
            "hop rates must satisfy 0 < min_rate <= initial_rate <= max_rate");
    require(e, h.burst_bytes >= h.max_datagram_payload, "hop.burst_bytes must be >= hop.max_datagram_payload");
    require(e, h.epoch_min > 0, "hop.epoch_min must be > 0");
    require(e, h.decrease_factor > 0.0 && h.decrease_factor < 1.0, "hop.decrease_factor must be in (0, 1)");
    require(e, h.increase_gain > 0.0 && h.increase_gain <= 1.0, "hop.increase_gain must be in (0, 1]");
    require(e, h.queue_delay_target > 0, "hop.queue_delay_target must be > 0");
    require(e, h.loss_tolerance >= 0.0 && h.loss_tolerance <= 1.0, "hop.loss_tolerance must be in [0, 1]");
    require(e, h.min_rtt_window > 0, "hop.min_rtt_window must be > 0");
    require(e, h.tcp_min_rto > 0 && h.tcp_max_rto >= h.tcp_min_rto, "hop.tcp_max_rto must be >= hop.tcp_min_rto > 0");
    require(e, h.tcp_initial_window >= 1 && h.tcp_max_retries >= 1,
            "hop.tcp_initial_window and hop.tcp_max_retries must be >= 1");
}

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
    require(e, probe.centrality_refresh_interval > 0, "probe.centrality_refresh_interval must be > 0");
    require(e, probe.centrality_window >= 1 && probe.centrality_window <= 65536,
            "probe.centrality_window must be in [1, 65536]");
    require(e, probe.candidate_probe_interval > 0, "probe.candidate_probe_interval must be > 0");
    // Push gossip to random members needs no overlay links (0 + 0 is allowed); the rest do.
    const bool needs_links = dissemination.push != PushPolicy::random_members;
    require(e, (!needs_links || links.c_near + links.c_rand >= 1) && links.c_near <= 64 && links.c_rand <= 64,
            "links.c_near + links.c_rand must be >= 1 and each <= 64");
    require(e, dissemination.push != PushPolicy::tree || tree.enabled,
            "dissemination.push = tree needs tree.enabled");
    require(e, dissemination.push != PushPolicy::none || dissemination.id_gossip,
            "dissemination.push = none needs dissemination.id_gossip (nothing would spread a message)");
    require(e, dissemination.summary_fanout <= 64, "dissemination.summary_fanout must be <= 64");
    require(e, dissemination.catch_up_window >= 0, "dissemination.catch_up_window must be >= 0");
    require(e, dissemination.catch_up_max_ids <= dissemination.summary_max_ids,
            "dissemination.catch_up_max_ids must be <= dissemination.summary_max_ids");
    require(e, dissemination.flood_hops <= 8, "dissemination.flood_hops must be <= 8");
    require(e, dissemination.push != PushPolicy::random_members ||
                   (dissemination.push_fanout >= 1 && dissemination.push_fanout <= 64),
            "dissemination.push_fanout must be in [1, 64]");
    require(e, links.near_hysteresis >= 0.0 && links.near_hysteresis < 10.0,
            "links.near_hysteresis must be in [0, 10)");
    require(e, links.maintenance_interval > 0, "links.maintenance_interval must be > 0");
    require(e, links.request_timeout > 0, "links.request_timeout must be > 0");
    require(e, links.not_linked_notice_interval > 0, "links.not_linked_notice_interval must be > 0");
    require(e, links.neighbor_timeout > tree.beacon_interval,
            "links.neighbor_timeout must exceed tree.beacon_interval (beacons are heartbeats)");
    require(e, links.heartbeat_interval > 0 && 2 * links.heartbeat_interval < links.neighbor_timeout,
            "links.heartbeat_interval must be > 0 and under half of links.neighbor_timeout");
    require(e, tree.beacon_interval > 0, "tree.beacon_interval must be > 0");
    require(e, tree.root_timeout_beacons >= 2, "tree.root_timeout_beacons must be >= 2");
    require(e, tree.beacon_refresh >= 1 && tree.beacon_refresh <= 1000, "tree.beacon_refresh must be in [1, 1000]");
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
    require(e, dissemination.recent_log_entries >= 1 && dissemination.recent_log_entries <= 65536,
            "dissemination.recent_log_entries must be in [1, 65536]");
    require(e, survey.timeout > 2 * survey.guard && survey.guard > 0,
            "survey.timeout must exceed twice survey.guard, which must be > 0");
    require(e, survey.max_entries >= 1 && survey.max_entries <= 100000,
            "survey.max_entries must be in [1, 100000]");
    require(e, survey.max_active >= 1 && survey.results_kept >= 1 && survey.remembered_queries >= 1,
            "survey.max_active, results_kept and remembered_queries must be >= 1");
    require(e, survey.part_bytes >= 512, "survey.part_bytes must be >= 512");
    require(e, transport.max_datagram_bytes >= 1200 && transport.max_datagram_bytes <= 65507,
            "transport.max_datagram_bytes must be in [1200, 65507]");
    validate_hop(e);
    return e;
}

}  // namespace gocast

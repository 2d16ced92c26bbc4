// summary.json: the configuration echo and every headline number of a run. Keys are
// written in a fixed order (ordered_json), values are rounded to a fixed precision, and NaN
// ("no data") becomes null, so the file is stable and easy to diff between runs.

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "sim/report.hpp"

namespace gocast::sim {

namespace {

using json = nlohmann::ordered_json;

// Six decimals are far below anything measured here (microsecond clock, ms values).
json num(double v) {
    if (!std::isfinite(v)) return nullptr;
    return std::round(v * 1e6) / 1e6;
}

double seconds(Duration d) {
    return static_cast<double>(d) / static_cast<double>(kSecond);
}

json config_json(const Simulation& sim) {
    const SimConfig& c = sim.config();
    const datasets::LatencyMatrix& m = sim.matrix();
    const Config node = c.effective_node_config();

    std::vector<std::size_t> per_host(m.n, 0);
    for (const std::uint32_t h : sim.placement().host_of_peer) {
        if (h < per_host.size()) ++per_host[h];
    }
    std::size_t hosts_used = 0, min_per_host = 0, max_per_host = 0;
    for (const std::size_t k : per_host) {
        if (k == 0) continue;
        min_per_host = hosts_used == 0 ? k : std::min(min_per_host, k);
        max_per_host = std::max(max_per_host, k);
        ++hosts_used;
    }

    json j;
    j["dataset"] = c.dataset_path.empty() ? std::string("synthetic") : c.dataset_path;
    j["dataset_source"] = m.source;
    j["hosts"] = m.n;
    j["dataset_mean_rtt_ms"] = num(m.mean_offdiagonal());  // of the first slice
    j["slices"] = sim.slices().size();
    j["slice_period_s"] =
        sim.slices().size() > 1 ? num(seconds(sim.slice_period())) : json(nullptr);
    datasets::FillReport fill;  // summed over slices
    for (const datasets::LatencyMatrix& s : sim.slices()) {
        fill.missing += s.fill.missing;
        fill.from_reverse += s.fill.from_reverse;
        fill.from_two_hop += s.fill.from_two_hop;
        fill.from_mean += s.fill.from_mean;
    }
    j["fill"] = {{"missing", fill.missing},
                 {"from_reverse", fill.from_reverse},
                 {"from_two_hop", fill.from_two_hop},
                 {"from_mean", fill.from_mean}};
    j["nodes"] = c.nodes;
    j["placement"] = {
        {"rule", c.sequential_placement
                     ? "sequential: peer i on host i mod hosts"
                     : "peers <= hosts: distinct hosts; more peers: floor/ceil(peers/hosts) per host"},
        {"hosts_used", hosts_used},
        {"peers_per_host_min", min_per_host},
        {"peers_per_host_max", max_per_host},
        {"intra_site_rtt_ms", num(sim.placement().intra_site_rtt_ms)},
        {"one_way_delay", "rtt / 2, rounded to microseconds"}};
    j["seed"] = c.seed;
    j["duration_s"] = num(seconds(c.duration));
    j["join_window_s"] = num(seconds(c.join_window));
    j["max_seeds"] = c.max_seeds;
    j["publish"] = {{"rate_per_s", num(c.publish_rate)},
                    {"start_s", num(seconds(c.publish_start))},
                    {"stop_s", num(seconds(c.effective_publish_stop()))},
                    {"payload_bytes", c.payload_bytes},
                    {"topic", c.topic},
                    {"service", "reliable"}};
    j["failure"] = {
        {"fraction", num(c.fail_fraction)},
        {"at_s", c.fail_fraction > 0.0 ? num(seconds(c.effective_fail_at())) : json(nullptr)}};
    j["loss"] = num(c.loss);
    j["jitter"] = num(c.jitter);
    j["sample_interval_s"] = num(seconds(c.sample_interval));
    j["random_pair_samples"] = c.random_pair_samples;
    j["protocol"] = to_string(c.protocol);
    j["node_config"] = {
        {"tree", node.tree.enabled},
        {"push", to_string(node.dissemination.push)},
        {"push_fanout", node.dissemination.push_fanout},
        {"push_in_rounds", node.dissemination.push_in_rounds},
        {"id_gossip", node.dissemination.id_gossip},
        {"flood_hops", node.dissemination.flood_hops},
        {"push_after_pull", node.dissemination.push_after_pull},
        {"summary_fanout", node.dissemination.summary_fanout},
        {"c_near", node.links.c_near},
        {"c_rand", node.links.c_rand},
        {"gossip_interval_ms", num(static_cast<double>(node.dissemination.gossip_interval) /
                                   static_cast<double>(kMillisecond))},
        {"beacon_interval_ms",
         num(static_cast<double>(node.tree.beacon_interval) / static_cast<double>(kMillisecond))},
        {"beacon_refresh", node.tree.beacon_refresh},
        {"view_capacity", node.membership.view_capacity}};
    return j;
}

json tally_json(const DeliveryTally& t) {
    return {{"messages", t.messages},
            {"deliveries_expected", t.expected},
            {"deliveries_made", t.made},
            {"delivery_ratio", num(t.ratio())},
            {"complete_messages", t.complete_messages}};
}

json latency_json(const LinkLatency& l) {
    return {{"overlay_link_ms", num(l.overlay_ms)},
            {"tree_link_ms", num(l.tree_ms)},
            {"random_pair_ms", num(l.random_pair_ms)},
            {"near_link_ms", num(l.near_link_ms)},
            {"random_link_ms", num(l.random_link_ms)},
            {"overlay_links", l.overlay_links},
            {"tree_links", l.tree_links}};
}

json degree_json(const DegreeStats& d, std::size_t target) {
    json hist = json::object();
    for (const auto& [degree, count] : d.histogram) hist[std::to_string(degree)] = count;
    return {{"peers", d.peers},
            {"mean", num(d.mean)},
            {"max", d.max},
            {"target", target},
            {"fraction_at_target", num(d.fraction_at_target)},
            {"histogram", hist}};
}

json tree_json(const TreeReport& t) {
    return {{"live_peers", t.live_peers},
            {"spanning", t.spanning()},
            {"acyclic", t.acyclic()},
            {"root_agreed", t.root_agreed()},
            {"roots", t.roots},
            {"claimed_roots", t.claimed_roots},
            {"cycles", t.cycles},
            {"unattached", t.unattached},
            {"bad_parent_links", t.bad_parent_links},
            {"overlay_components", t.overlay_components}};
}

json graph_json(const Results::Graph& g) {
    json res = json::array();
    for (const ResiliencePoint& p : g.resilience) {
        res.push_back({{"failed_fraction", num(p.failed_fraction)},
                       {"trials", p.trials},
                       {"lcc_mean", num(p.lcc_mean)},
                       {"lcc_min", num(p.lcc_min)},
                       {"connected_trials", num(p.connected)}});
    }
    const StretchBounds& s = g.stretch;
    return {{"resilience", res},
            {"hops",
             {{"sources", g.hops.sources},
              {"exact", g.hops.exact},
              {"diameter", g.hops.diameter},
              {"mean_hops", num(g.hops.mean_hops)},
              {"unreachable_pairs", g.hops.unreachable_pairs}}},
            {"stretch_bounds",
             {{"sources", s.sources},
              {"pairs", s.pairs},
              {"central_root_peer", s.central_root},
              {"central_root_mean_ms", num(s.central_root_mean_ms)},
              {"direct_mean_ms", num(s.direct_mean_ms)},
              {"overlay_shortest_path_mean_ms", num(s.overlay_sp_mean_ms)},
              {"central_root_tree_mean_ms", num(s.central_tree_mean_ms)},
              {"overlay_shortest_path_stretch", num(s.overlay_sp_stretch)},
              {"central_root_tree_stretch", num(s.central_tree_stretch)}}}};
}

}  // namespace

nlohmann::ordered_json summary_json(const Simulation& sim, const Results& r) {
    json j;
    j["config"] = config_json(sim);

    const NetworkCounters& n = r.network;
    j["run"] = {{"end_s", num(seconds(r.end_time))},
                {"events_processed", r.events_processed},
                {"stale_timers", r.stale_timers},
                {"timers_clamped", sim.timers_clamped()},
                {"peers", r.peers},
                {"peers_started", r.peers_started},
                {"peers_killed", r.peers_killed},
                {"live_peers_end", r.live_peers},
                {"network",
                 {{"datagrams_sent", n.datagrams_sent},
                  {"datagrams_delivered", n.datagrams_delivered},
                  {"bytes_delivered", n.bytes_delivered},
                  {"dropped_loss", n.dropped_loss},
                  {"dropped_dead", n.dropped_dead},
                  {"dropped_unknown", n.dropped_unknown}}},
                {"node_events",
                 {{"neighbor_up", sim.node_events().neighbor_up},
                  {"neighbor_down", sim.node_events().neighbor_down},
                  {"tree_changed", sim.node_events().tree_changed}}}};

    j["messages"] = {{"published", r.messages_published},
                     {"rejected", r.publish_rejected},
                     {"skipped_no_live_peer", r.publish_skipped},
                     {"all", tally_json(r.all)},
                     {"after_failure", r.fail_at ? tally_json(r.after_failure) : json(nullptr)},
                     {"deliveries_total", r.deliveries_total},
                     {"duplicate_deliveries", r.duplicate_deliveries},
                     {"duplicate_copies_received", r.duplicate_copies},
                     {"repair_pushes", r.repair_pushes},
                     {"unknown_deliveries", r.unknown_deliveries}};

    const DelayStats& d = r.delay;
    j["delay"] = {{"deliveries", d.count},
                  {"mean_ms", num(d.mean_ms)},
                  {"p50_ms", num(d.p50_ms)},
                  {"p90_ms", num(d.p90_ms)},
                  {"p99_ms", num(d.p99_ms)},
                  {"max_ms", num(d.max_ms)},
                  {"mean_direct_ms", num(d.mean_direct_ms)},
                  {"stretch_of_means", num(d.stretch_of_means)},
                  {"mean_stretch", num(d.mean_stretch)}};

    j["degree_end"] = degree_json(r.degrees_end, sim.config().target_degree());
    j["max_degree_observed"] = r.max_degree_observed;
    j["link_latency_end"] = latency_json(r.links_end);
    j["tree_end"] = tree_json(r.tree_end);
    j["traffic_per_node_per_s"] = {{"payload_frames", num(r.payload_frames_per_node_s)},
                                   {"control_frames", num(r.control_frames_per_node_s)},
                                   {"payload_bytes", num(r.payload_bytes_per_node_s)},
                                   {"control_bytes", num(r.control_bytes_per_node_s)}};
    j["redundancy"] = {{"payload_copies_sent", r.payload_copies_sent},
                       {"payload_copies_per_delivery", num(r.payload_copies_per_delivery)}};
    const auto& lt = r.link_totals;
    j["datagrams"] = {{"packets_sent", lt.packets_sent},
                      {"link_datagrams", lt.link_datagrams},
                      {"link_ack_only", lt.ack_only},
                      {"link_retransmits", lt.retransmits},
                      {"link_nacks_sent", lt.nacks_sent},
                      {"link_failures", lt.failures}};
    j["graph"] = r.graph ? graph_json(*r.graph) : json(nullptr);
    return j;
}

}  // namespace gocast::sim

#include "peer/status_json.hpp"

namespace gocast {

nlohmann::json counters_json(const Counters& c) {
    return {
        {"packets_sent", c.packets_sent},
        {"bytes_sent", c.bytes_sent},
        {"packets_received", c.packets_received},
        {"bytes_received", c.bytes_received},
        {"payload_frames_sent", c.payload_frames_sent},
        {"payload_bytes_sent", c.payload_bytes_sent},
        {"control_frames_sent", c.control_frames_sent},
        {"control_bytes_sent", c.control_bytes_sent},
        {"delivered", c.delivered},
        {"duplicates", c.duplicates},
        {"pushed", c.pushed},
        {"pulls_sent", c.pulls_sent},
        {"gossip_frames_sent", c.gossip_frames_sent},
        {"gossip_bytes_sent", c.gossip_bytes_sent},
        {"pulls_served", c.pulls_served},
        {"delivered_via_pull", c.delivered_via_pull},
        {"repair_pushes", c.repair_pushes},
        {"dropped_malformed", c.dropped_malformed},
        {"dropped_unknown_frame", c.dropped_unknown_frame},
        {"dropped_not_neighbor", c.dropped_not_neighbor},
        {"store_evicted", c.store_evicted},
        {"root_changes", c.root_changes},
        {"parent_changes", c.parent_changes},
        // Neighbour links (transport/hop), summed over every link the node had.
        {"link_datagrams_sent", c.link_datagrams_sent},
        {"link_ack_only_sent", c.link_ack_only_sent},
        {"link_retransmits", c.link_retransmits},
        {"link_nacks_sent", c.link_nacks_sent},
        {"link_duplicates", c.link_duplicates},
        {"link_queue_drops", c.link_queue_drops},
        {"link_malformed", c.link_malformed},
        {"link_failures", c.link_failures},
        {"link_failures_unanswered", c.link_failures_unanswered},
        {"link_failures_unfilled_gap", c.link_failures_unfilled_gap},
    };
}

nlohmann::json status_json(const Snapshot& s, const Endpoint& listen, bool leaving) {
    nlohmann::json neighbors = nlohmann::json::array();
    for (const auto& n : s.neighbors) neighbors.push_back(to_string(n.id));
    return {
        {"id", to_string(s.id)},
        {"listen", to_string(listen)},
        {"joined", s.joined},
        {"leaving", leaving},
        {"root", to_string(s.root)},
        {"parent", s.parent ? nlohmann::json(to_string(*s.parent)) : nlohmann::json()},
        {"depth", s.depth},
        {"tree_seq", s.tree_seq},
        {"near_degree", s.near_degree},
        {"rand_degree", s.rand_degree},
        {"neighbors", neighbors},
        {"view_size", s.view_size},
        {"uptime_us", s.now},
        {"counters", counters_json(s.counters)},
    };
}

}  // namespace gocast

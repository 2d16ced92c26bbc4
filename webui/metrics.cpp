#include "webui/metrics.hpp"

#include <cstdio>
#include <sstream>

namespace gocast::webui {

namespace {

class Exposition {
public:
    // A family with one unlabelled sample.
    template <typename T>
    void one(const char* name, const char* type, const char* help, T value) {
        head(name, type, help);
        sample(name, "", value);
    }
    void head(const char* name, const char* type, const char* help) {
        out_ << "# HELP " << name << ' ' << help << '\n' << "# TYPE " << name << ' ' << type << '\n';
    }
    template <typename T>
    void sample(const char* name, const std::string& labels, T value) {
        out_ << name;
        if (!labels.empty()) out_ << '{' << labels << '}';
        out_ << ' ' << number(value) << '\n';
    }
    std::string text() const { return out_.str(); }

private:
    static std::string number(double v) {
        char buf[32];
        std::snprintf(buf, sizeof buf, "%.9g", v);
        return buf;
    }
    static std::string number(std::uint64_t v) { return std::to_string(v); }
    static std::string number(std::int64_t v) { return std::to_string(v); }
    static std::string number(std::uint32_t v) { return std::to_string(v); }
    std::ostringstream out_;
};

std::string label(const char* key, const std::string& value) {
    // Values here are hex ids and fixed words: nothing to escape.
    return std::string(key) + "=\"" + value + "\"";
}

}  // namespace

std::string prometheus_text(const PeerView& v) {
    const Snapshot& s = v.snapshot;
    const Counters& c = s.counters;
    Exposition e;
    e.head("gocast_peer_info", "gauge", "Constant 1, labelled with the peer's id, address and current root.");
    e.sample("gocast_peer_info",
             label("id", to_string(s.id)) + "," + label("address", to_string(v.address)) + "," +
                 label("root", to_string(s.root)),
             std::uint64_t{1});
    e.one("gocast_uptime_seconds", "gauge", "Seconds since the peer started.", static_cast<double>(s.now) / kSecond);
    e.one("gocast_is_root", "gauge", "1 when this peer is the tree root.", std::uint64_t{s.root == s.id ? 1u : 0u});
    e.one("gocast_tree_depth", "gauge", "Hops from this peer to the root.", std::uint32_t{s.depth});
    e.one("gocast_root_distance_seconds", "gauge", "Estimated one-way latency to the root.",
          static_cast<double>(s.root_distance) / kSecond);
    e.head("gocast_degree", "gauge", "Overlay neighbours by link kind.");
    e.sample("gocast_degree", label("kind", "nearby"), s.near_degree);
    e.sample("gocast_degree", label("kind", "random"), s.rand_degree);
    e.one("gocast_view_members", "gauge", "Entries in the partial membership view.", s.view_size);
    e.one("gocast_stored_messages", "gauge", "Payloads kept for pulls.", s.stored_messages);
    e.one("gocast_stored_bytes", "gauge", "Payload bytes kept for pulls.", s.stored_bytes);

    e.head("gocast_link_rtt_seconds", "gauge", "Smoothed round-trip time to each neighbour (0 = not measured).");
    for (const auto& n : s.neighbors) {
        e.sample("gocast_link_rtt_seconds",
                 label("neighbor", to_string(n.id)) + "," + label("kind", to_string(n.kind)) + "," +
                     label("tree", n.is_parent ? "parent" : n.is_child ? "child" : "none"),
                 static_cast<double>(n.rtt) / kSecond);
    }

    e.one("gocast_messages_delivered_total", "counter", "Messages delivered locally (exactly once each).",
          c.delivered);
    e.one("gocast_messages_pushed_total", "counter",
          "Message copies pushed to neighbours (tree links; every link for a repair push).", c.pushed);
    e.one("gocast_messages_delivered_via_pull_total", "counter", "Messages that first arrived by a gossip pull.",
          c.delivered_via_pull);
    e.one("gocast_repair_pushes_total", "counter",
          "Pulled messages pushed on every overlay link (the tree had not brought them).", c.repair_pushes);
    e.one("gocast_duplicates_total", "counter", "Full copies received of a message already seen.", c.duplicates);
    e.one("gocast_pulls_sent_total", "counter", "Message ids asked for after a gossip summary.", c.pulls_sent);
    e.one("gocast_gossip_frames_sent_total", "counter", "Gossip summaries and pull requests sent.",
          c.gossip_frames_sent);
    e.one("gocast_gossip_bytes_sent_total", "counter", "Bytes of gossip summaries and pull requests sent.",
          c.gossip_bytes_sent);
    e.one("gocast_pulls_served_total", "counter", "Messages sent in answer to a pull.", c.pulls_served);
    e.one("gocast_store_evicted_total", "counter", "Payloads evicted from the store.", c.store_evicted);
    e.one("gocast_root_changes_total", "counter", "Times the root changed.", c.root_changes);
    e.one("gocast_parent_changes_total", "counter", "Times the tree parent changed.", c.parent_changes);

    e.head("gocast_packets_total", "counter", "Datagrams by direction.");
    e.sample("gocast_packets_total", label("direction", "sent"), c.packets_sent);
    e.sample("gocast_packets_total", label("direction", "received"), c.packets_received);
    e.head("gocast_bytes_total", "counter", "Datagram bytes by direction.");
    e.sample("gocast_bytes_total", label("direction", "sent"), c.bytes_sent);
    e.sample("gocast_bytes_total", label("direction", "received"), c.bytes_received);
    e.head("gocast_frames_sent_total", "counter", "Frames sent: payload (full message copies) or control (the rest, gossip included).");
    e.sample("gocast_frames_sent_total", label("class", "payload"), c.payload_frames_sent);
    e.sample("gocast_frames_sent_total", label("class", "control"), c.control_frames_sent);
    e.head("gocast_frame_bytes_sent_total", "counter", "Frame bytes sent by class.");
    e.sample("gocast_frame_bytes_sent_total", label("class", "payload"), c.payload_bytes_sent);
    e.sample("gocast_frame_bytes_sent_total", label("class", "control"), c.control_bytes_sent);
    e.head("gocast_link_failures_total", "counter", "Neighbour links declared failed, by the rule that failed them.");
    e.sample("gocast_link_failures_total", label("reason", "unanswered"), c.link_failures_unanswered);
    e.sample("gocast_link_failures_total", label("reason", "unfilled_gap"), c.link_failures_unfilled_gap);
    e.one("gocast_link_retransmits_total", "counter", "Segments sent again on neighbour links (NACK or probe).",
          c.link_retransmits);
    e.one("gocast_link_ack_only_total", "counter", "Neighbour-link datagrams that carried nothing but acks.",
          c.link_ack_only_sent);
    e.head("gocast_dropped_total", "counter", "Received packets or frames dropped, by reason.");
    e.sample("gocast_dropped_total", label("reason", "malformed"), c.dropped_malformed);
    e.sample("gocast_dropped_total", label("reason", "unknown_frame"), c.dropped_unknown_frame);
    e.sample("gocast_dropped_total", label("reason", "not_neighbor"), c.dropped_not_neighbor);
    return e.text();
}

}  // namespace gocast::webui

// The CSV tables of a run and the directory they go to. Columns:
//   deliveries.csv   msg_seq,origin_peer,publish_us,peer,delay_us,direct_us,path,hops
//                    one row per delivery at a peer other than the origin, in event order
//   messages.csv     msg_seq,origin_peer,publish_us,live_at_publish,delivered,expected,
//                    missing_live,mean_delay_ms,max_delay_ms,mean_direct_ms
//   degrees.csv      time_s,degree,count            per sample, degrees ascending
//   link_latency.csv time_s,overlay_link_ms,tree_link_ms,random_pair_ms,near_link_ms,
//                    random_link_ms                 per sample
//   traffic.csv      peer,alive,payload_frames_sent,payload_bytes_sent,control_frames_sent,
//                    control_bytes_sent,packets_sent,bytes_sent,delivered,duplicates,
//                    pulls_sent                     every peer, counters at the end
//   tree.csv         peer,parent_peer,root,depth    live peers at the end; -1 = none/unknown
//   delay_cdf.csv    fraction,delay_ms,stretch      quantiles (nearest rank) of the delivery
//                    delay and of delay / direct latency (deliveries with direct > 0),
//                    at fractions 0 (minimum), 0.005, ..., 1
// With the graph analyses (Results::graph):
//   resilience.csv   failed_fraction,trials,lcc_mean,lcc_min,connected_trials
//   stretch_bounds.csv fraction,overlay_shortest_path,central_root_tree
//                    quantiles of the per-pair lower bounds (graph_analysis.hpp)
// An empty field means "no data" (e.g. no tree links yet).

#include "sim/report.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace gocast::sim {

namespace {

// Rows are formatted into one string and written at once: deliveries.csv of a large run has
// millions of rows and per-field stream insertion is needlessly slow.
class Csv {
  public:
    explicit Csv(const char* header) : text_(header) { text_ += '\n'; }
    Csv& u(std::uint64_t v) { return integer(v); }
    Csv& i(std::int64_t v) { return integer(v); }
    Csv& s(const char* v) { return field(v); }
    // Fixed three decimals; NaN ("no data") becomes an empty field.
    Csv& f(double v) {
        if (!std::isfinite(v)) return field("");
        char buf[48];
        std::snprintf(buf, sizeof buf, "%.3f", v);
        return field(buf);
    }
    void end_row() {
        text_ += '\n';
        first_ = true;
    }
    const std::string& text() const { return text_; }

  private:
    template <typename T>
    Csv& integer(T v) {
        char buf[24];
        const auto res = std::to_chars(buf, buf + sizeof buf, v);
        return field(std::string_view(buf, static_cast<std::size_t>(res.ptr - buf)));
    }
    Csv& field(std::string_view v) {
        if (!first_) text_ += ',';
        text_ += v;
        first_ = false;
        return *this;
    }
    std::string text_;
    bool first_ = true;
};

void write_file(const std::filesystem::path& path, const std::string& text) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    if (!out) throw std::runtime_error("cannot open " + path.string() + " for writing");
    out.write(text.data(), static_cast<std::streamsize>(text.size()));
    out.close();
    if (!out) throw std::runtime_error("cannot write " + path.string());
}

double seconds(Time t) {
    return static_cast<double>(t) / static_cast<double>(kSecond);
}

std::string deliveries_csv(const Metrics& m) {
    Csv csv("msg_seq,origin_peer,publish_us,peer,delay_us,direct_us,path,hops");
    for (const DeliveryRecord& d : m.deliveries()) {
        const MessageRecord& msg = m.messages()[d.msg];
        csv.u(d.msg).u(msg.origin).i(msg.published).u(d.peer).i(d.at - msg.published);
        csv.i(d.direct).s(to_string(d.path)).u(d.hops);
        csv.end_row();
    }
    return csv.text();
}

std::string messages_csv(const Results& r) {
    Csv csv(
        "msg_seq,origin_peer,publish_us,live_at_publish,delivered,expected,missing_live,"
        "mean_delay_ms,max_delay_ms,mean_direct_ms");
    for (const MessageResult& m : r.messages) {
        csv.u(m.seq).u(m.origin).i(m.published).u(m.live_at_publish).u(m.delivered);
        csv.u(m.expected).u(m.missing).f(m.mean_delay_ms).f(m.max_delay_ms).f(m.mean_direct_ms);
        csv.end_row();
    }
    return csv.text();
}

std::string degrees_csv(const Metrics& m) {
    Csv csv("time_s,degree,count");
    for (const OverlaySample& s : m.samples()) {
        for (const auto& [degree, count] : s.degrees.histogram) {
            csv.f(seconds(s.at)).u(degree).u(count);
            csv.end_row();
        }
    }
    return csv.text();
}

std::string link_latency_csv(const Metrics& m) {
    Csv csv("time_s,overlay_link_ms,tree_link_ms,random_pair_ms,near_link_ms,random_link_ms");
    for (const OverlaySample& s : m.samples()) {
        const LinkLatency& l = s.latency;
        csv.f(seconds(s.at)).f(l.overlay_ms).f(l.tree_ms).f(l.random_pair_ms);
        csv.f(l.near_link_ms).f(l.random_link_ms);
        csv.end_row();
    }
    return csv.text();
}

std::string traffic_csv(const Simulation& sim) {
    Csv csv(
        "peer,alive,payload_frames_sent,payload_bytes_sent,control_frames_sent,"
        "control_bytes_sent,packets_sent,bytes_sent,delivered,duplicates,pulls_sent");
    for (std::size_t p = 0; p < sim.peer_count(); ++p) {
        const Counters c = sim.node(p).snapshot().counters;
        csv.u(p).u(sim.alive(p) ? 1 : 0).u(c.payload_frames_sent).u(c.payload_bytes_sent);
        csv.u(c.control_frames_sent).u(c.control_bytes_sent).u(c.packets_sent).u(c.bytes_sent);
        csv.u(c.delivered).u(c.duplicates).u(c.pulls_sent);
        csv.end_row();
    }
    return csv.text();
}

std::string tree_csv(const OverlayView& view) {
    Csv csv("peer,parent_peer,root,depth");
    for (const PeerState& s : view) {
        csv.u(s.peer).i(s.parent_unknown ? -1 : s.parent).i(s.root).u(s.depth);
        csv.end_row();
    }
    return csv.text();
}

constexpr int kCdfPoints = 200;

double quantile(const std::vector<double>& sorted, int i) {
    if (sorted.empty()) return kNoData;
    if (i == 0) return sorted.front();
    return percentile_sorted(sorted, static_cast<double>(i) / kCdfPoints);
}

std::string delay_cdf_csv(const Metrics& m) {
    std::vector<double> delays, stretch;
    delays.reserve(m.deliveries().size());
    for (const DeliveryRecord& d : m.deliveries()) {
        const Duration delay = d.at - m.messages()[d.msg].published;
        delays.push_back(static_cast<double>(delay) / static_cast<double>(kMillisecond));
        if (d.direct > 0) stretch.push_back(static_cast<double>(delay) / static_cast<double>(d.direct));
    }
    std::sort(delays.begin(), delays.end());
    std::sort(stretch.begin(), stretch.end());
    Csv csv("fraction,delay_ms,stretch");
    for (int i = 0; i <= kCdfPoints; ++i) {
        csv.f(static_cast<double>(i) / kCdfPoints).f(quantile(delays, i)).f(quantile(stretch, i));
        csv.end_row();
    }
    return csv.text();
}

std::string resilience_csv(const Results::Graph& g) {
    Csv csv("failed_fraction,trials,lcc_mean,lcc_min,connected_trials");
    for (const ResiliencePoint& p : g.resilience) {
        csv.f(p.failed_fraction).u(p.trials).f(p.lcc_mean).f(p.lcc_min).f(p.connected);
        csv.end_row();
    }
    return csv.text();
}

std::string stretch_bounds_csv(const Results::Graph& g) {
    Csv csv("fraction,overlay_shortest_path,central_root_tree");
    for (int i = 0; i <= kCdfPoints; ++i) {
        csv.f(static_cast<double>(i) / kCdfPoints).f(quantile(g.stretch.overlay_sp_ratios, i));
        csv.f(quantile(g.stretch.central_tree_ratios, i));
        csv.end_row();
    }
    return csv.text();
}

}  // namespace

void write_report(const Simulation& sim, const Results& r, const std::string& dir) {
    const std::filesystem::path base(dir);
    std::error_code ec;
    std::filesystem::create_directories(base, ec);
    if (ec) throw std::runtime_error("cannot create directory " + dir + ": " + ec.message());

    write_file(base / "summary.json", summary_json(sim, r).dump(2) + "\n");
    write_file(base / "deliveries.csv", deliveries_csv(sim.metrics()));
    write_file(base / "messages.csv", messages_csv(r));
    write_file(base / "degrees.csv", degrees_csv(sim.metrics()));
    write_file(base / "link_latency.csv", link_latency_csv(sim.metrics()));
    write_file(base / "traffic.csv", traffic_csv(sim));
    write_file(base / "tree.csv", tree_csv(sim.overlay_view()));
    write_file(base / "delay_cdf.csv", delay_cdf_csv(sim.metrics()));
    if (r.graph) {
        write_file(base / "resilience.csv", resilience_csv(*r.graph));
        write_file(base / "stretch_bounds.csv", stretch_bounds_csv(*r.graph));
    }
}

}  // namespace gocast::sim

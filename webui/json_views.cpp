#include "webui/json_views.hpp"

#include <algorithm>
#include <charconv>
#include <map>

#include "peer/status_json.hpp"

namespace gocast::webui {

namespace {

using nlohmann::json;

json id_or_null(const std::optional<NodeId>& id) {
    return id ? json(to_string(*id)) : json();
}

const char* role_of(const NeighborInfo& n) {
    return n.is_parent ? "parent" : n.is_child ? "child" : "none";
}

}  // namespace

json status_view(const PeerView& v) {
    const Snapshot& s = v.snapshot;
    // The status.json fields (operators' scripts read them) plus what the web UI shows.
    json j = status_json(s, v.address, v.leaving);
    j["address"] = to_string(v.address);
    j["site"] = s.site;
    j["uptime_s"] = static_cast<double>(s.now) / kSecond;
    j["is_root"] = s.root == s.id;
    j["root_distance_us"] = s.root_distance;
    j["degrees"] = {{"nearby", s.near_degree}, {"random", s.rand_degree},
                    {"total", s.neighbors.size()}};
    std::size_t children = 0;
    for (const auto& n : s.neighbors) children += n.is_child ? 1 : 0;
    j["children"] = children;
    j["stored_messages"] = s.stored_messages;
    j["stored_bytes"] = s.stored_bytes;
    if (v.host_status.is_object()) j.update(v.host_status);
    return j;
}

json neighbors_view(const PeerView& v) {
    json out = json::array();
    for (const auto& n : v.snapshot.neighbors) {
        out.push_back({
            {"id", to_string(n.id)},
            {"address", to_string(n.address)},
            {"kind", to_string(n.kind)},
            {"rtt_us", n.rtt},
            {"tree", role_of(n)},
            {"up_for_us", std::max<Duration>(0, v.snapshot.now - n.up_since)},
            {"their_degrees", {{"nearby", n.their_near_degree}, {"random", n.their_rand_degree}}},
        });
    }
    return out;
}

json members_view(const PeerView& v) {
    json out = json::array();
    for (const auto& m : v.snapshot.members) {
        out.push_back({{"id", to_string(m.id)},
                       {"address", to_string(m.address)},
                       {"site", m.site},
                       {"age_us", m.age}});
    }
    return out;
}

json tree_view(const PeerView& v) {
    const Snapshot& s = v.snapshot;
    json children = json::array();
    for (const auto& n : s.neighbors)
        if (n.is_child) children.push_back(to_string(n.id));
    return {{"root", to_string(s.root)},
            {"is_root", s.root == s.id},
            {"parent", id_or_null(s.parent)},
            {"children", children},
            {"depth", s.depth},
            {"tree_seq", s.tree_seq},
            {"root_distance_us", s.root_distance}};
}

json messages_view(const PeerView& v, std::size_t limit) {
    json out = json::array();
    const auto& recent = v.snapshot.recent;
    for (auto it = recent.rbegin(); it != recent.rend() && out.size() < limit; ++it) {
        out.push_back({
            {"id", to_string(it->id)},
            {"topic", it->topic},
            {"service", to_string(it->service)},
            {"bytes", it->bytes},
            {"received_at_us", it->received_at},
            {"age_us", std::max<Duration>(0, v.snapshot.now - it->received_at)},
            {"from", to_string(it->from)},
            {"path", to_string(static_cast<ArrivalPath>(it->path))},
            {"hops", it->hops},
        });
    }
    return out;
}

namespace {

// Arrival times in microseconds after the first arrival, indexed like r.entries (-1: none).
// Each estimate carries the RTT asymmetry of the path back to the requester; where that
// puts a peer before the neighbour it got the message from, it is raised to that
// neighbour's time (the order of a push is certain, the sub-millisecond offset is not).
struct ArrivalTimes {
    std::vector<std::int64_t> at;
    std::vector<bool> clamped;
};

ArrivalTimes arrival_times(const SurveyResult& r) {
    const std::size_t n = r.entries.size();
    ArrivalTimes t{std::vector<std::int64_t>(n, -1), std::vector<bool>(n, false)};
    std::map<NodeId, std::size_t> index;
    std::vector<std::size_t> order;
    for (std::size_t i = 0; i < n; ++i) {
        const auto& a = r.entries[i].arrival;
        if (!a) continue;
        // Ages count back from the end of the survey: larger age, earlier arrival.
        t.at[i] = -static_cast<std::int64_t>(std::min<std::uint64_t>(a->age_us, INT64_MAX / 4));
        index[r.entries[i].id] = i;
        order.push_back(i);
    }
    std::stable_sort(order.begin(), order.end(), [&](std::size_t x, std::size_t y) {
        return r.entries[x].arrival->hops < r.entries[y].arrival->hops;
    });
    // In hop order one pass settles every tree push; pull answers carry hop count 1, so a
    // few more passes let raised times reach them (bounded: a bad answer cannot loop).
    constexpr int kPasses = 8;
    bool changed = true;
    for (int pass = 0; pass < kPasses && changed; ++pass) {
        changed = false;
        for (std::size_t i : order) {
            const auto& a = *r.entries[i].arrival;
            if (a.path == static_cast<std::uint8_t>(ArrivalPath::local)) continue;
            const auto f = index.find(a.from);
            if (f != index.end() && t.at[i] < t.at[f->second]) {
                t.at[i] = t.at[f->second];
                t.clamped[i] = true;
                changed = true;
            }
        }
    }
    std::int64_t first = INT64_MAX;
    for (std::size_t i : order) first = std::min(first, t.at[i]);
    for (std::size_t i : order) t.at[i] -= first;
    return t;
}

}  // namespace

json survey_view(const SurveyResult& r, const Endpoint& requester, const PlaceLookup& place) {
    const ArrivalTimes times = arrival_times(r);
    json peers = json::array();
    std::size_t with_arrival = 0;
    for (std::size_t i = 0; i < r.entries.size(); ++i) {
        const SurveyEntry& e = r.entries[i];
        json nbrs = json::array();
        for (const auto& n : e.neighbors) {
            nbrs.push_back({{"id", to_string(n.id)},
                            {"kind", n.kind == 1 ? "random" : "nearby"},
                            {"tree", to_string(n.role)},
                            {"rtt_us", n.rtt_us}});
        }
        const Endpoint addr = i == 0 && e.address.ip == 0 ? requester : e.address;
        json p = {{"id", to_string(e.id)},
                  {"address", addr.ip == 0 ? json() : json(to_string(addr))},
                  {"site", e.site},
                  {"root", to_string(e.root)},
                  {"parent", e.parent.value == 0 ? json() : json(to_string(e.parent))},
                  {"depth", e.depth},
                  {"neighbors", nbrs}};
        if (e.arrival) {
            ++with_arrival;
            p["arrival"] = {{"from", to_string(e.arrival->from)},
                            {"path", to_string(static_cast<ArrivalPath>(e.arrival->path))},
                            {"hops", e.arrival->hops},
                            {"at_us", times.at[i]},
                            {"clamped", static_cast<bool>(times.clamped[i])}};
        }
        if (place) {
            if (auto pl = place(e.id)) {
                if (!pl->city.empty()) p["city"] = pl->city;
                if (pl->lat && pl->lon) {
                    p["lat"] = *pl->lat;
                    p["lon"] = *pl->lon;
                }
            }
        }
        peers.push_back(std::move(p));
    }
    json j = {{"kind", to_string(r.kind)},
              {"survey", to_string(r.id.origin) + ":" + std::to_string(r.id.seq)},
              {"partial", r.partial},
              {"duration_us", r.finished_at - r.started_at},
              {"count", r.entries.size()},
              {"peers", peers}};
    if (r.kind == SurveyKind::trace) {
        j["message"] = to_string(r.message);
        j["reached"] = with_arrival;
    }
    return j;
}

std::optional<MsgId> parse_msg_id(const std::string& text) {
    const auto colon = text.find(':');
    if (colon != 16 || text.size() < 18 || text.size() > 37) return std::nullopt;
    MsgId id;
    const char* b = text.data();
    auto r1 = std::from_chars(b, b + 16, id.origin.value, 16);
    if (r1.ec != std::errc{} || r1.ptr != b + 16) return std::nullopt;
    auto r2 = std::from_chars(b + 17, b + text.size(), id.seq, 10);
    if (r2.ec != std::errc{} || r2.ptr != b + text.size()) return std::nullopt;
    if (id.origin.value == 0 || id.seq == 0) return std::nullopt;
    return id;
}

}  // namespace gocast::webui

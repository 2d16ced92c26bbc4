#include "sim/sim_webui.hpp"

#include <httplib.h>
#include <pthread.h>
#include <signal.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <mutex>
#include <thread>

#include "webui/routes.hpp"

namespace gocast::sim {

namespace {

// The peer whose page is shown: the root when it is alive (the natural vantage point for a
// tree), else the first live peer.
std::optional<std::uint32_t> local_peer(const Simulation& sim) {
    const auto live = sim.live_peers();
    if (live.empty()) return std::nullopt;
    const NodeId root = sim.node(live.front()).snapshot().root;
    if (auto p = sim.peer_of(root); p && sim.alive(*p)) return *p;
    return live.front();
}

SurveyEntry entry_of(const Simulation& sim, std::uint32_t peer, SurveyKind kind, const MsgId& message) {
    const Snapshot s = sim.node(peer).snapshot();
    SurveyEntry e;
    e.id = s.id;
    e.address = sim.endpoint(peer);
    e.site = s.site;
    e.root = s.root;
    e.parent = s.parent.value_or(NodeId{});
    e.depth = s.depth;
    for (const auto& n : s.neighbors) {
        const TreeRole role = n.is_parent ? TreeRole::parent : n.is_child ? TreeRole::child : TreeRole::none;
        e.neighbors.push_back(SurveyNeighbor{n.id, static_cast<std::uint8_t>(n.kind), role,
                                             static_cast<std::uint32_t>(std::clamp<Duration>(n.rtt, 0, UINT32_MAX))});
    }
    if (kind == SurveyKind::trace) {
        for (const auto& r : s.recent) {
            if (r.id != message) continue;
            // One clock for every simulated peer: ages count back from now.
            e.arrival = SurveyArrival{r.from, r.path, r.hops,
                                      static_cast<std::uint64_t>(std::max<Duration>(0, sim.now() - r.received_at))};
        }
    }
    return e;
}

// The answer a convergecast from `local` would give with every peer answering in time.
SurveyResult global_survey(const Simulation& sim, std::uint32_t local, SurveyKind kind, const MsgId& message,
                           std::uint32_t max_entries) {
    SurveyResult r;
    r.id = SurveyId{sim.node_id(local), 0};
    r.kind = kind;
    r.message = message;
    r.started_at = r.finished_at = sim.now();
    r.entries.push_back(entry_of(sim, local, kind, message));
    for (std::uint32_t p : sim.live_peers()) {
        if (p == local) continue;
        if (r.entries.size() >= max_entries) {
            r.partial = true;
            break;
        }
        r.entries.push_back(entry_of(sim, p, kind, message));
    }
    return r;
}

}  // namespace

int serve_webui(const Simulation& sim, std::uint16_t port) {
    const auto local = local_peer(sim);
    if (!local) {
        std::fprintf(stderr, "gocast-sim: --webui: no live peer to show\n");
        return 1;
    }
    // httplib answers on a pool of threads; the simulation is only read, and one lock keeps
    // the reads simple to reason about.
    auto lock = std::make_shared<std::mutex>();
    webui::WebBackend b;
    b.mode = "sim";
    b.view = [&sim, local, lock]() -> std::optional<webui::PeerView> {
        const std::lock_guard g(*lock);
        return webui::PeerView{sim.node(*local).snapshot(), sim.endpoint(*local), false};
    };
    b.survey = [&sim, local, lock](SurveyKind kind, MsgId message, std::uint32_t max) -> std::optional<SurveyResult> {
        const std::lock_guard g(*lock);
        return global_survey(sim, *local, kind, message, max);
    };
    b.place = [&sim](NodeId id) -> std::optional<webui::PeerPlace> {
        const auto p = sim.peer_of(id);
        if (!p) return std::nullopt;
        const auto& m = sim.matrix();
        const std::uint32_t host = sim.placement().host_of_peer[*p];
        webui::PeerPlace place;
        if (host < m.names.size()) place.city = m.names[host];
        if (host < m.lat.size() && host < m.lon.size() && std::isfinite(m.lat[host]) && std::isfinite(m.lon[host])) {
            place.lat = m.lat[host];
            place.lon = m.lon[host];
        }
        return place;
    };
    b.decorate_status = [&sim](nlohmann::json& j) {
        j["sim"] = {{"peers", sim.peer_count()}, {"live", sim.live_peers().size()},
                    {"seed", sim.config().seed}, {"time_s", static_cast<double>(sim.now()) / kSecond}};
    };

    httplib::Server server;
    webui::install_web_routes(server, std::move(b));
    if (!server.bind_to_port("127.0.0.1", port)) {
        std::fprintf(stderr, "gocast-sim: --webui: cannot bind 127.0.0.1:%u (in use?)\n", unsigned{port});
        return 1;
    }
    // SIGINT/SIGTERM are taken by a waiting thread (blocked everywhere else), which stops
    // the server: no work in a signal handler.
    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGINT);
    sigaddset(&stop_signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
    std::thread waiter([&] {
        int sig = 0;
        sigwait(&stop_signals, &sig);
        server.stop();
    });
    std::fprintf(stderr, "gocast-sim: web UI of the simulated overlay on http://127.0.0.1:%u/ (Ctrl-C stops)\n",
                 unsigned{port});
    server.listen_after_bind();
    // listen returned: a signal stopped it (or the server failed); make sure the waiter ends.
    pthread_kill(waiter.native_handle(), SIGTERM);
    waiter.join();
    return 0;
}

}  // namespace gocast::sim

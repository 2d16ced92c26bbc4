#include "peer/asio_host.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <csignal>
#include <fstream>
#include <random>
#include <system_error>
#include <variant>

#include <boost/asio.hpp>
#include <nlohmann/json.hpp>

#include "peer/node.hpp"

namespace gocast {

namespace asio = boost::asio;
using udp = asio::ip::udp;

namespace {

// status.json is for operators and the integration tests; once a second is fresh enough
// to watch convergence and cheap next to the protocol traffic.
constexpr auto kStatusPeriod = std::chrono::seconds(1);
// Bound on waiting for the leave announcements to leave the socket; UDP sends complete
// almost at once, so this only matters when the kernel buffer is full.
constexpr auto kLeaveFlushLimit = std::chrono::milliseconds(500);
// Largest UDP payload over IPv4.
constexpr std::size_t kReceiveBufferBytes = 65507;

udp::endpoint to_asio(const Endpoint& ep) {
    return udp::endpoint(asio::ip::address_v4(ep.ip), ep.port);
}

Endpoint from_asio(const udp::endpoint& ep) {
    if (!ep.address().is_v4()) return Endpoint{};
    return Endpoint{ep.address().to_v4().to_uint(), ep.port()};
}

std::uint64_t random_seed() {
    std::random_device rd;
    return (std::uint64_t{rd()} << 32) | rd();
}

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
        {"pulls_served", c.pulls_served},
        {"delivered_via_pull", c.delivered_via_pull},
        {"dropped_malformed", c.dropped_malformed},
        {"dropped_unknown_frame", c.dropped_unknown_frame},
        {"dropped_not_neighbor", c.dropped_not_neighbor},
        {"store_evicted", c.store_evicted},
        {"root_changes", c.root_changes},
        {"parent_changes", c.parent_changes},
    };
}

}  // namespace

struct AsioHost::Impl {
    Impl(const Config& config, NodeId id, HostOptions options, Logger& logger)
        : opts(std::move(options)),
          log(logger),
          socket(io),
          timer(io),
          status_timer(io),
          leave_timer(io),
          signals(io, SIGINT, SIGTERM),
          node(config, id, random_seed()),
          start(std::chrono::steady_clock::now()) {
        boost::system::error_code ec;
        socket.open(udp::v4(), ec);
        if (!ec) socket.bind(to_asio(opts.listen), ec);
        if (ec) {
            throw HostError("cannot bind UDP " + to_string(opts.listen) + ": " + ec.message());
        }
    }

    // Microseconds since the host started. steady_clock never goes back, and the max()
    // keeps the Node's "now never decreases" contract even across rounding.
    Time now() {
        const auto d = std::chrono::steady_clock::now() - start;
        const Time t = std::chrono::duration_cast<std::chrono::microseconds>(d).count();
        last_now = std::max(last_now, t);
        return last_now;
    }

    int run() {
        log.log(LogLevel::info, "peer starting",
                {{"id", to_string(node.id())},
                 {"listen", to_string(opts.listen)},
                 {"seeds", std::to_string(opts.seeds.size())}});
        signals.async_wait([this](const boost::system::error_code& ec, int signo) {
            if (!ec) on_signal(signo);
        });
        receive();
        node.handle_start(now(), opts.seeds);
        drain();
        write_status();
        arm_status_timer();
        io.run();
        log.log(LogLevel::info, "peer stopped", {{"id", to_string(node.id())}});
        return 0;
    }

    void receive() {
        socket.async_receive_from(
            asio::buffer(rx_buffer), rx_from,
            [this](const boost::system::error_code& ec, std::size_t n) {
                if (ec == asio::error::operation_aborted || leaving) return;
                if (ec) {
                    // UDP errors (e.g. ICMP unreachable reported late) concern one
                    // datagram, not the socket: note it and keep receiving.
                    log.log(LogLevel::debug, "receive error", {{"error", ec.message()}});
                } else {
                    const Endpoint from = from_asio(rx_from);
                    if (from.ip != 0) {
                        const auto* p = reinterpret_cast<const std::byte*>(rx_buffer.data());
                        node.handle_datagram(now(), from, std::span<const std::byte>(p, n));
                        drain();
                    }
                }
                receive();
            });
    }

    void send(Transmit t) {
        auto bytes = std::make_shared<Bytes>(std::move(t.bytes));
        ++sends_in_flight;
        socket.async_send_to(
            asio::buffer(bytes->data(), bytes->size()), to_asio(t.to),
            [this, bytes, to = t.to](const boost::system::error_code& ec, std::size_t) {
                --sends_in_flight;
                if (ec && ec != asio::error::operation_aborted) {
                    log.log(LogLevel::debug, "send error",
                            {{"to", to_string(to)}, {"error", ec.message()}});
                }
                if (leaving && sends_in_flight == 0) io.stop();
            });
    }

    void drain() {
        while (auto t = node.poll_transmit()) send(std::move(*t));
        while (auto e = node.poll_event()) log_event(*e);
        if (!leaving) arm_timer();
    }

    void arm_timer() {
        const auto deadline = node.poll_timeout();
        if (!deadline) {
            if (armed_deadline) timer.cancel();
            armed_deadline.reset();
            return;
        }
        if (armed_deadline == deadline) return;  // the pending wait already covers it
        armed_deadline = deadline;
        timer.expires_at(start + std::chrono::microseconds(*deadline));
        timer.async_wait([this](const boost::system::error_code& ec) {
            if (ec == asio::error::operation_aborted || leaving) return;
            armed_deadline.reset();
            node.handle_timeout(now());
            drain();
        });
    }

    void arm_status_timer() {
        status_timer.expires_after(kStatusPeriod);
        status_timer.async_wait([this](const boost::system::error_code& ec) {
            if (ec || leaving) return;
            write_status();
            arm_status_timer();
        });
    }

    void on_signal(int signo) {
        log.log(LogLevel::info, "leaving", {{"signal", std::to_string(signo)}});
        node.handle_leave(now());
        leaving = true;
        timer.cancel();
        status_timer.cancel();
        while (auto t = node.poll_transmit()) send(std::move(*t));
        while (auto e = node.poll_event()) log_event(*e);
        write_status();
        if (sends_in_flight == 0) {
            io.stop();
            return;
        }
        leave_timer.expires_after(kLeaveFlushLimit);
        leave_timer.async_wait([this](const boost::system::error_code& ec) {
            if (ec) return;
            log.log(LogLevel::warn, "leave flush timed out",
                    {{"unsent", std::to_string(sends_in_flight)}});
            io.stop();
        });
    }

    void log_event(const Event& e) {
        if (const auto* up = std::get_if<NeighborUp>(&e)) {
            log.log(LogLevel::info, "neighbor up",
                    {{"id", to_string(up->id)}, {"kind", to_string(up->kind)}});
        } else if (const auto* down = std::get_if<NeighborDown>(&e)) {
            log.log(LogLevel::info, "neighbor down",
                    {{"id", to_string(down->id)}, {"reason", to_string(down->reason)}});
        } else if (const auto* tc = std::get_if<TreeChanged>(&e)) {
            log.log(LogLevel::info, "tree changed",
                    {{"root", to_string(tc->root)},
                     {"parent", tc->parent ? to_string(*tc->parent) : std::string("none")}});
        } else if (const auto* d = std::get_if<Delivered>(&e)) {
            if (!log.enabled(LogLevel::debug)) return;
            log.log(LogLevel::debug, "delivered",
                    {{"msg", to_string(d->message.id)},
                     {"topic", d->message.topic},
                     {"bytes", std::to_string(d->message.payload.size())},
                     {"from", to_string(d->from)},
                     {"path", to_string(d->path)},
                     {"hops", std::to_string(d->hops)}});
        }
    }

    void write_status() {
        const Snapshot s = node.snapshot();
        nlohmann::json neighbors = nlohmann::json::array();
        for (const auto& n : s.neighbors) neighbors.push_back(to_string(n.id));
        const nlohmann::json j = {
            {"id", to_string(s.id)},
            {"listen", to_string(opts.listen)},
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
        const auto file = opts.data_dir / "status.json";
        const auto tmp = opts.data_dir / "status.json.tmp";
        {
            std::ofstream out(tmp, std::ios::trunc);
            out << j.dump(2) << '\n';
            out.flush();
            if (!out) {
                log.log(LogLevel::warn, "cannot write status", {{"file", tmp.string()}});
                return;
            }
        }
        std::error_code ec;
        std::filesystem::rename(tmp, file, ec);
        if (ec) {
            log.log(LogLevel::warn, "cannot write status",
                    {{"file", file.string()}, {"error", ec.message()}});
        }
    }

    HostOptions opts;
    Logger& log;
    asio::io_context io;
    udp::socket socket;
    asio::steady_timer timer;
    asio::steady_timer status_timer;
    asio::steady_timer leave_timer;
    asio::signal_set signals;
    Node node;
    const std::chrono::steady_clock::time_point start;
    Time last_now = 0;
    std::optional<Time> armed_deadline;
    std::array<char, kReceiveBufferBytes> rx_buffer{};
    udp::endpoint rx_from;
    std::size_t sends_in_flight = 0;
    bool leaving = false;
};

AsioHost::AsioHost(const Config& config, NodeId id, HostOptions options, Logger& log)
    : impl_(std::make_unique<Impl>(config, id, std::move(options), log)) {}

AsioHost::~AsioHost() = default;

int AsioHost::run() { return impl_->run(); }

}  // namespace gocast

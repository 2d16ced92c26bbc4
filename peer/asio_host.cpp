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

#include "peer/http_api.hpp"
#include "peer/node.hpp"
#include "peer/status_json.hpp"

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

}  // namespace

struct AsioHost::Impl {
    Impl(const Config& config, NodeId id, HostOptions options, Logger& logger)
        : opts(std::move(options)),
          log(logger),
          socket(io),
          timer(io),
          status_timer(io),
          leave_timer(io),
          emulation_timer(io),
          signals(io, SIGINT, SIGTERM),
          node(config, id, random_seed()),
          start(std::chrono::steady_clock::now()) {
        boost::system::error_code ec;
        socket.open(udp::v4(), ec);
        if (!ec) socket.bind(to_asio(opts.listen), ec);
        if (ec) {
            throw HostError("cannot bind UDP " + to_string(opts.listen) + ": " + ec.message());
        }
        if (opts.api) api = std::make_unique<HttpApi>(*opts.api, io.get_executor(),
                                                       api_backend(config), log);
    }

    // The API's view of the node; HttpApi calls these on the io thread only.
    ApiBackend api_backend(const Config& config) {
        ApiBackend b;
        b.view = [this] { return webui::PeerView{node.snapshot(), opts.listen, leaving, host_status()}; };
        b.start_survey = [this](SurveyKind kind, MsgId message, std::uint32_t max_entries) {
            const auto id = node.start_survey(now(), kind, message, max_entries);
            drain();
            return id;
        };
        b.survey_result = [this](const SurveyId& id) { return node.survey_result(id); };
        b.survey_timeout = config.survey.timeout;
        b.token = opts.api_token;
        b.publish = [this](const std::string& topic, Service service, Bytes payload) {
            const auto id = node.publish(now(), topic, payload, service);
            drain();
            if (id) {
                log.log(LogLevel::debug, "published",
                        {{"msg", to_string(*id)}, {"topic", topic},
                         {"bytes", std::to_string(payload.size())}});
            }
            return id;
        };
        b.max_payload_bytes = config.dissemination.max_payload_bytes;
        b.max_topic_bytes = config.dissemination.max_topic_bytes;
        return b;
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
        if (api) api->stop();
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

    // Fields only the host knows, added to status.json and /api/status.
    nlohmann::json host_status() {
        nlohmann::json j = nlohmann::json::object();
        if (const auto& e = opts.emulator) {
            j["emulation"] = {{"hosts", e->hosts()},
                              {"delayed", e->delayed()},
                              {"dropped", e->dropped()},
                              {"queued", e->queued()}};
        }
        return j;
    }

    nlohmann::json full_status() {
        nlohmann::json j = status_json(node.snapshot(), opts.listen, leaving);
        j.update(host_status());
        return j;
    }

    // Every datagram the node emits goes through here; the emulator, if any, holds it.
    void emit(Transmit t) {
        if (!opts.emulator || leaving) {
            send(std::move(t));
            return;
        }
        opts.emulator->push(now(), std::move(t));
        release_due();
    }

    void release_due() {
        const Time t = now();
        while (auto due = opts.emulator->pop_due(t)) send(std::move(*due));
        const auto next = opts.emulator->next_due();
        if (!next || next == emulation_deadline) return;
        emulation_deadline = next;
        emulation_timer.expires_at(start + std::chrono::microseconds(*next));
        emulation_timer.async_wait([this](const boost::system::error_code& ec) {
            if (ec == asio::error::operation_aborted || leaving) return;
            emulation_deadline.reset();
            release_due();
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
        while (auto t = node.poll_transmit()) emit(std::move(*t));
        while (auto e = node.poll_event()) on_event(*e);
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
        if (api) api->begin_stop();
        timer.cancel();
        status_timer.cancel();
        emulation_timer.cancel();
        if (opts.emulator) {
            while (auto t = opts.emulator->pop_due(kNever)) send(std::move(*t));
        }
        while (auto t = node.poll_transmit()) send(std::move(*t));
        while (auto e = node.poll_event()) on_event(*e);
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

    void on_event(const Event& e) {
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
            if (api) api->on_delivered(*d);
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
        const nlohmann::json j = full_status();
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
    asio::steady_timer emulation_timer;
    std::optional<Time> emulation_deadline;
    asio::signal_set signals;
    Node node;
    const std::chrono::steady_clock::time_point start;
    Time last_now = 0;
    std::optional<Time> armed_deadline;
    std::array<char, kReceiveBufferBytes> rx_buffer{};
    udp::endpoint rx_from;
    std::size_t sends_in_flight = 0;
    bool leaving = false;
    // Last, so it is destroyed first: its threads must not outlive the io_context.
    std::unique_ptr<HttpApi> api;
};

AsioHost::AsioHost(const Config& config, NodeId id, HostOptions options, Logger& log)
    : impl_(std::make_unique<Impl>(config, id, std::move(options), log)) {}

AsioHost::~AsioHost() = default;

int AsioHost::run() { return impl_->run(); }

}  // namespace gocast

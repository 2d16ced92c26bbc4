#include "bench/hop/link_real_process.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <ctime>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <vector>

#include "bench/hop/link_experiment.hpp"

namespace gocast::bench {

namespace {

constexpr std::size_t kMaxDatagram = 65536;
// Wake-up lateness samples kept for the percentile; a 30 s run wakes ~10^5 times.
constexpr std::size_t kMaxLatenessSamples = 1u << 20;
constexpr int kStuckLimit = 100;
constexpr Duration kStuckWait = 200;  // microseconds

class Socket {
  public:
    explicit Socket(int fd) : fd_(fd) {}
    ~Socket() {
        if (fd_ >= 0) ::close(fd_);
    }
    Socket(const Socket&) = delete;
    Socket& operator=(const Socket&) = delete;
    int fd() const { return fd_; }

  private:
    int fd_;
};

sockaddr_in loopback(std::uint16_t port) {
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    return a;
}

}  // namespace

std::int64_t monotonic_us() {
    timespec ts{};
    ::clock_gettime(CLOCK_MONOTONIC, &ts);
    return static_cast<std::int64_t>(ts.tv_sec) * 1000000 + ts.tv_nsec / 1000;
}

int run_node_process(const ProcessSpec& spec) {
    Socket sock(::socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, 0));
    if (sock.fd() < 0) {
        std::cerr << "gocast-link-real: socket: " << std::strerror(errno) << "\n";
        return 1;
    }
    const int size = 4 << 20;  // a 64 KB emulated buffer per neighbour must never overflow here
    ::setsockopt(sock.fd(), SOL_SOCKET, SO_RCVBUF, &size, sizeof size);
    ::setsockopt(sock.fd(), SOL_SOCKET, SO_SNDBUF, &size, sizeof size);
    const auto self_port = static_cast<std::uint16_t>(spec.base_port + spec.node.index);
    const sockaddr_in self = loopback(self_port);
    if (::bind(sock.fd(), reinterpret_cast<const sockaddr*>(&self), sizeof self) != 0) {
        std::cerr << "gocast-link-real: bind 127.0.0.1:" << self_port << ": "
                  << std::strerror(errno) << "\n";
        return 3;
    }

    RealNode node(spec.node);
    auto now = [&] { return static_cast<Time>(monotonic_us() - spec.epoch_us); };
    // Time 0 is when every node of the run has bound its socket (the driver picks it far
    // enough ahead); the links start there, so link time never goes below 0.
    if (now() < -10 * kSecond) {
        std::cerr << "gocast-link-real: --epoch-us is more than 10 s ahead\n";
        return 2;
    }
    for (Time t = now(); t < 0; t = now()) {
        const timespec ts{static_cast<time_t>(-t / kSecond),
                          static_cast<long>((-t % kSecond) * 1000)};
        ::nanosleep(&ts, nullptr);
    }
    std::vector<double> lateness_ms;
    double lateness_max_ms = 0;
    std::uint64_t send_errors = 0;
    std::vector<std::byte> buf(kMaxDatagram);
    int stuck = 0;  // wake-ups in a row for a deadline that was already due

    for (;;) {
        const Time t0 = now();
        if (t0 >= spec.end) break;
        const Time deadline = std::min(node.next_deadline(), spec.end);
        // A deadline that stays due without anything to do would spin a shared core (the
        // simulator steps past it the same way).
        stuck = deadline <= t0 ? stuck + 1 : 0;
        const Duration wait =
            stuck > kStuckLimit ? kStuckWait : std::max<Duration>(0, deadline - t0);
        pollfd pfd{sock.fd(), POLLIN, 0};
        const timespec ts{static_cast<time_t>(wait / kSecond),
                          static_cast<long>((wait % kSecond) * 1000)};
        const int r = ::ppoll(&pfd, 1, &ts, nullptr);
        if (r < 0 && errno != EINTR) {
            std::cerr << "gocast-link-real: ppoll: " << std::strerror(errno) << "\n";
            return 1;
        }
        const Time t = now();
        if (r == 0 && deadline < spec.end && stuck <= kStuckLimit) {
            // How late the OS woke us for a timer: on 2 shared cores this adds to every
            // emulated delay and to the links' own timers.
            const double late = static_cast<double>(std::max<Duration>(0, t - deadline)) / 1000.0;
            lateness_max_ms = std::max(lateness_max_ms, late);
            if (lateness_ms.size() < kMaxLatenessSamples) lateness_ms.push_back(late);
        }
        for (;;) {
            sockaddr_in from{};
            socklen_t len = sizeof from;
            const ssize_t n = ::recvfrom(sock.fd(), buf.data(), buf.size(), 0,
                                         reinterpret_cast<sockaddr*>(&from), &len);
            if (n < 0) break;  // EAGAIN: drained (errors on UDP receive are not fatal)
            if (from.sin_addr.s_addr != htonl(INADDR_LOOPBACK)) continue;
            const int peer =
                static_cast<int>(ntohs(from.sin_port)) - static_cast<int>(spec.base_port);
            node.on_datagram(t, peer,
                             std::span<const std::byte>(buf.data(), static_cast<std::size_t>(n)));
        }
        node.on_timeout(t);
        while (auto d = node.poll_send(t)) {
            const sockaddr_in to = loopback(static_cast<std::uint16_t>(spec.base_port + d->first));
            if (::sendto(sock.fd(), d->second.data(), d->second.size(), 0,
                         reinterpret_cast<const sockaddr*>(&to), sizeof to) < 0)
                ++send_errors;
        }
    }

    nlohmann::json j;
    j["index"] = spec.node.index;
    j["published"] = node.published();
    j["handed_up"] = node.handed_up();
    j["duplicates"] = node.duplicates();
    j["relay_drops"] = node.relay_drops();
    std::uint64_t in_window = 0;
    std::vector<double> lat_ms;
    for (const RealDelivery& d : node.deliveries()) {
        if (d.at >= spec.window_from && d.at <= spec.end) ++in_window;
        if (d.sent >= spec.window_from)
            lat_ms.push_back(static_cast<double>(d.at - d.sent) / 1000.0);
    }
    j["distinct"] = node.deliveries().size();
    j["delivered_in_window"] = in_window;
    j["window_s"] = static_cast<double>(spec.end - spec.window_from) / 1e6;
    j["latency_ms"] = lat_ms;
    const LinkStats ls = node.link_stats();
    j["retransmits"] = ls.retransmits;
    j["segments_sent"] = ls.segments_sent;
    j["datagrams_sent"] = ls.datagrams_sent;
    const ShaperStats ss = node.shaper_stats();
    j["shaper_passed"] = ss.passed;
    j["shaper_dropped_loss"] = ss.dropped_loss;
    j["shaper_dropped_full"] = ss.dropped_full;
    j["send_errors"] = send_errors;
    j["wakeups"] = lateness_ms.size();
    double sum = 0;
    for (double x : lateness_ms) sum += x;
    j["wake_late_mean_ms"] =
        lateness_ms.empty() ? 0.0 : sum / static_cast<double>(lateness_ms.size());
    j["wake_late_p99_ms"] = floor_percentile(lateness_ms, 0.99, 0);
    j["wake_late_max_ms"] = lateness_max_ms;
    std::ofstream f(spec.out);
    f << j.dump() << "\n";
    if (!f) {
        std::cerr << "gocast-link-real: cannot write " << spec.out << "\n";
        return 1;
    }
    return 0;
}

}  // namespace gocast::bench

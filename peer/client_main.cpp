// gocast: command-line client of a peer's HTTP API (docs/OPERATIONS.md "Client API").
//
//   gocast publish   [--api ADDR] [--token T] [--service S] TOPIC MESSAGE
//   gocast subscribe [--api ADDR] [TOPIC] [--count N]
//   gocast status    [--api ADDR]
//
// Exit codes: 0 success; 2 bad usage; 1 the peer is unreachable or refused the request.

#include <arpa/inet.h>
#include <httplib.h>

#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "peer/config_file.hpp"

namespace {

constexpr int kExitFailure = 1;
constexpr int kExitUsage = 2;
// Default API of a peer started with the default --listen 127.0.0.1:7000.
constexpr const char* kDefaultApi = "127.0.0.1:8000";
// Status and publish answer at once; the peer itself waits at most 2 s for its io thread.
constexpr time_t kRequestTimeoutSec = 10;
// A subscribe stream may stay quiet for a long time; only a dead peer should end it.
constexpr time_t kStreamTimeoutSec = 24 * 3600;

const char* const kUsage =
    "usage: gocast publish   [--api ADDR] [--token TOKEN] [--service reliable|unreliable|fifo]\n"
    "                        TOPIC MESSAGE\n"
    "       gocast subscribe [--api ADDR] [TOPIC] [--count N]\n"
    "       gocast status    [--api ADDR]\n"
    "ADDR is the peer's API address, A.B.C.D:PORT (default 127.0.0.1:8000).\n"
    "TOKEN is the peer's api_token; without --token, publish reads GOCAST_TOKEN.\n";

struct UsageError {
    std::string message;
};

struct Args {
    std::string command;
    gocast::Endpoint api;
    std::string service = "reliable";
    std::string token;
    std::optional<std::uint64_t> count;
    std::vector<std::string> positional;
};

Args parse_args(const std::vector<std::string>& argv) {
    if (argv.empty()) throw UsageError{"missing command"};
    Args a;
    a.command = argv[0];
    if (a.command != "publish" && a.command != "subscribe" && a.command != "status") {
        throw UsageError{"unknown command \"" + a.command + "\""};
    }
    std::string api_text = kDefaultApi;
    for (std::size_t i = 1; i < argv.size(); ++i) {
        const std::string& arg = argv[i];
        const bool is_flag = arg.size() > 2 && arg.rfind("--", 0) == 0;
        if (!is_flag) {
            a.positional.push_back(arg);
            continue;
        }
        if (i + 1 >= argv.size()) throw UsageError{arg + ": missing value"};
        const std::string& value = argv[++i];
        if (arg == "--api") {
            api_text = value;
        } else if (arg == "--token" && a.command == "publish") {
            a.token = value;
        } else if (arg == "--service" && a.command == "publish") {
            a.service = value;
        } else if (arg == "--count" && a.command == "subscribe") {
            try {
                std::size_t used = 0;
                const auto n = std::stoull(value, &used);
                if (used != value.size() || n == 0 || value[0] == '-') throw std::exception();
                a.count = n;
            } catch (...) {
                throw UsageError{"--count: expected a positive integer, got \"" + value + "\""};
            }
        } else {
            throw UsageError{arg + ": unknown flag for " + a.command};
        }
    }
    if (a.command == "publish" && a.token.empty()) {
        if (const char* env = std::getenv("GOCAST_TOKEN")) a.token = env;
    }
    const auto api = gocast::parse_endpoint(api_text);
    if (!api) throw UsageError{"--api: bad address \"" + api_text + "\" (expected A.B.C.D:PORT)"};
    a.api = *api;
    const std::size_t want_min = a.command == "publish" ? 2 : 0;
    const std::size_t want_max = a.command == "publish" ? 2 : a.command == "subscribe" ? 1 : 0;
    if (a.positional.size() < want_min || a.positional.size() > want_max) {
        throw UsageError{"wrong number of arguments for " + a.command};
    }
    return a;
}

std::string host_text(const gocast::Endpoint& ep) {
    in_addr addr{};
    addr.s_addr = htonl(ep.ip);
    char buf[INET_ADDRSTRLEN] = {};
    ::inet_ntop(AF_INET, &addr, buf, sizeof buf);
    return buf;
}

int unreachable(const Args& a, httplib::Error e) {
    std::cerr << "gocast: cannot reach the peer API at " << gocast::to_string(a.api) << ": "
              << httplib::to_string(e) << " (is gocast-peer running with this --api?)\n";
    return kExitFailure;
}

// Prints the body of a finished request; non-2xx answers are the peer's refusal.
int finish(const Args& a, const httplib::Result& r) {
    if (!r) return unreachable(a, r.error());
    if (r->status == 401 || r->status == 403) {
        std::cerr << "gocast: " << a.command << " refused (HTTP " << r->status << "): " << r->body;
        std::cerr << (r->status == 401 ? "gocast: pass the peer's api_token with --token or GOCAST_TOKEN\n"
                                       : "gocast: the peer accepts publications only once api_token is set in "
                                         "its config\n");
        return kExitFailure;
    }
    if (r->status / 100 != 2) {
        std::cerr << "gocast: " << a.command << " refused (HTTP " << r->status << "): " << r->body;
        return kExitFailure;
    }
    std::cout << r->body;
    return 0;
}

int subscribe(const Args& a, httplib::Client& client) {
    client.set_read_timeout(kStreamTimeoutSec, 0);
    httplib::Params params;
    if (!a.positional.empty()) params.emplace("topic", a.positional[0]);
    const std::string path = httplib::append_query_params("/api/subscribe", params);
    std::uint64_t printed = 0;
    std::string pending;
    int status = 0;
    std::string error_body;
    const auto r = client.Get(
        path,
        [&](const httplib::Response& res) {
            status = res.status;
            return true;
        },
        [&](const char* data, std::size_t n) {
            if (status != 200) {
                error_body.append(data, n);
                return true;
            }
            pending.append(data, n);
            std::size_t nl = 0;
            while ((nl = pending.find('\n')) != std::string::npos) {
                std::cout << pending.substr(0, nl + 1) << std::flush;
                pending.erase(0, nl + 1);
                if (a.count && ++printed >= *a.count) return false;  // done: close the stream
            }
            return true;
        });
    if (a.count && printed >= *a.count) return 0;
    if (!r) {
        if (status == 0) return unreachable(a, r.error());
        std::cerr << "gocast: subscribe stream ended: " << httplib::to_string(r.error()) << '\n';
        return kExitFailure;
    }
    if (r->status != 200) {
        std::cerr << "gocast: subscribe refused (HTTP " << r->status << "): " << error_body
                  << r->body;
        return kExitFailure;
    }
    // The peer closed the stream (it is leaving) before --count lines arrived.
    if (a.count) {
        std::cerr << "gocast: stream closed after " << printed << " of " << *a.count << " lines\n";
        return kExitFailure;
    }
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    const std::vector<std::string> args(argv + 1, argv + argc);
    if (!args.empty() && (args[0] == "--help" || args[0] == "-h" || args[0] == "help")) {
        std::cout << kUsage;
        return 0;
    }
    Args a;
    try {
        a = parse_args(args);
    } catch (const UsageError& e) {
        std::cerr << "gocast: " << e.message << '\n' << kUsage;
        return kExitUsage;
    }
    httplib::Client client(host_text(a.api), a.api.port);
    // Headers and body go out as separate writes; without this the body waits for the
    // peer's delayed ACK (~40 ms).
    client.set_tcp_nodelay(true);
    client.set_connection_timeout(kRequestTimeoutSec, 0);
    client.set_read_timeout(kRequestTimeoutSec, 0);
    client.set_write_timeout(kRequestTimeoutSec, 0);
    if (a.command == "status") return finish(a, client.Get("/api/status"));
    if (a.command == "publish") {
        const std::string path = httplib::append_query_params(
            "/api/publish", {{"topic", a.positional[0]}, {"service", a.service}});
        if (!a.token.empty()) client.set_bearer_token_auth(a.token.c_str());
        return finish(a, client.Post(path, a.positional[1], "application/octet-stream"));
    }
    return subscribe(a, client);
}

#pragma once
// AsioHost drives one gocast::Node on one io_context thread (DESIGN.md "The sans-IO
// contract"): a UDP socket feeds handle_datagram, one steady_timer follows poll_timeout(),
// and after every input the host drains poll_transmit (async_send_to) and poll_event (log,
// and the API's subscribers).
// SIGINT/SIGTERM trigger a graceful leave: handle_leave, flush the transmits, stop.
// Every second it writes DATA_DIR/status.json (temp file + rename, so readers never see a
// half-written file). With HostOptions::api set it also serves the local client API
// (peer/http_api) and feeds it the Delivered events; the API stops when the peer leaves.
// With HostOptions::emulator set, outgoing datagrams wait in it for their emulated delay
// (a second timer follows its next_due()); a graceful leave sends what is still held at
// once, since the goodbye matters more than its emulated latency.

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <stdexcept>
#include <vector>

#include "peer/config.hpp"
#include "peer/latency_emulator.hpp"
#include "peer/log.hpp"
#include "transport/types.hpp"

namespace gocast {

// Setting up the host failed in a way the operator must fix (address in use, not local...).
class HostError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct HostOptions {
    Endpoint listen;
    std::vector<Endpoint> seeds;
    std::filesystem::path data_dir;
    std::optional<Endpoint> api;  // TCP address of the client API; unset = no API
    std::string api_token;        // bearer token for POST /api/publish; empty = refused
    // Outgoing datagrams pass through it (delay, loss) when set; see peer/latency_emulator.
    std::unique_ptr<LatencyEmulator> emulator;
};

class AsioHost {
public:
    // Binds the socket and the API; throws HostError (UDP) or ApiError (API) when it cannot.
    AsioHost(const Config& config, NodeId id, HostOptions options, Logger& log);
    ~AsioHost();
    AsioHost(const AsioHost&) = delete;
    AsioHost& operator=(const AsioHost&) = delete;

    // Starts the node and runs until a signal made it leave. Returns the exit code (0).
    int run();

    struct Impl;

private:
    std::unique_ptr<Impl> impl_;
};

}  // namespace gocast

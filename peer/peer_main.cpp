// gocast-peer: one GoCast peer on UDP. Options come from --config and flags
// (peer/config_file), the identity from DATA_DIR/node_id (peer/id_store), and AsioHost
// runs the node, and the client API (peer/http_api), until SIGINT/SIGTERM.
//
// Exit codes: 0 graceful leave; 2 the operator must fix something before a start can
// succeed (flag, config file, node id file, listen or API address); 1 anything else.

#include <exception>
#include <iostream>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "peer/asio_host.hpp"
#include "peer/config_file.hpp"
#include "peer/emulation_setup.hpp"
#include "peer/http_api.hpp"
#include "peer/id_store.hpp"
#include "peer/log.hpp"

namespace {

constexpr int kExitBadSetup = 2;
constexpr int kExitFailure = 1;

}  // namespace

int main(int argc, char** argv) {
    using namespace gocast;
    const std::vector<std::string> args(argv + 1, argv + argc);
    PeerOptions options;
    Config config;
    std::unique_ptr<LatencyEmulator> emulator;
    try {
        options = load_peer_options(args);
        if (options.help) {
            std::cout << usage_text();
            return 0;
        }
        config = build_config(options);
        emulator = make_latency_emulator(options, std::random_device{}());
    } catch (const ConfigError& e) {
        std::cerr << "gocast-peer: " << e.what() << "\n(run gocast-peer --help for usage)\n";
        return kExitBadSetup;
    }

    Logger log(options.log_level);
    try {
        const NodeId id = load_or_create_node_id(options.data_dir);
        AsioHost host(config, id,
                      HostOptions{options.listen, options.seeds, options.data_dir,
                                  api_endpoint(options), options.api_token, std::move(emulator)},
                      log);
        return host.run();
    } catch (const IdStoreError& e) {
        std::cerr << "gocast-peer: " << e.what() << '\n';
        return kExitBadSetup;
    } catch (const HostError& e) {
        std::cerr << "gocast-peer: " << e.what() << '\n';
        return kExitBadSetup;
    } catch (const ApiError& e) {
        std::cerr << "gocast-peer: " << e.what() << '\n';
        return kExitBadSetup;
    } catch (const std::exception& e) {
        std::cerr << "gocast-peer: fatal: " << e.what() << '\n';
        return kExitFailure;
    }
}

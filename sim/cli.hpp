#pragma once
// Command-line interface of gocast-sim: flags -> SimConfig plus output options. Parsing never
// throws anything but CliError, whose message is meant for the user as is (the caller prints
// it and exits with status 2).

#include <stdexcept>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sim/sim_config.hpp"

namespace gocast::sim {

struct CliError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

struct CliOptions {
    SimConfig sim;
    std::string out_dir = "./sim-out";
    bool quiet = false;
    bool graph_analysis = false;  // --graph-analysis: resilience, diameter, stretch bounds
    // After the run, serve the web UI of the simulated overlay on 127.0.0.1:PORT.
    std::optional<std::uint16_t> webui_port;
    bool help = false;  // --help given: print usage_text() and exit 0
};

// `args` excludes the program name. Accepts "--flag value" and "--flag=value".
CliOptions parse_cli(const std::vector<std::string>& args);

// Every flag with its default and meaning.
std::string usage_text();

}  // namespace gocast::sim

#pragma once
// Helpers shared by the simulator scenario tests: a scratch directory and file reading.

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "sim/sim_config.hpp"

namespace gocast::sim::testing {

// A scratch directory unique to this process and tag, removed on destruction.
class TempDir {
  public:
    explicit TempDir(const std::string& tag)
        : path_(std::filesystem::temp_directory_path() /
                ("gocast-sim-" + tag + "-" + std::to_string(::getpid()))) {
        std::filesystem::remove_all(path_);
        std::filesystem::create_directories(path_);
    }
    ~TempDir() {
        std::error_code ec;
        std::filesystem::remove_all(path_, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    std::string str() const { return path_.string(); }
    std::string file(const std::string& name) const { return (path_ / name).string(); }

  private:
    std::filesystem::path path_;
};

inline std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

// The scenario the property tests share: synthetic dataset, WAN config, default publication
// schedule (20 s to duration - 20 s at 1/s).
inline SimConfig scenario(std::size_t nodes, Duration duration, std::uint64_t seed = 1) {
    SimConfig c;
    c.nodes = nodes;
    c.duration = duration;
    c.seed = seed;
    return c;
}

}  // namespace gocast::sim::testing

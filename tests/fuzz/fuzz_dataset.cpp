// Fuzz target: the latency dataset loaders (datasets/loaders.hpp). The input is written to
// a scratch file (the loaders read paths, not memory) and loaded with load_any under both
// missing-entry policies; the same file is also read as a WonderNetwork nodes CSV by
// attach_coordinates, the other text parser in datasets/. DatasetError is the documented way
// to reject a file; any other exception escapes and counts as a crash.
// Properties of an accepted matrix, from the contracts in loaders.hpp / latency_matrix.hpp:
// 1 <= n <= kMaxHosts, n*n finite entries, diagonal 0; with MissingPolicy::fill nothing is
// negative; with keep the only negative value is -1. A rejected nodes CSV leaves the matrix
// unchanged; an accepted one sets names/lat/lon for every host.

#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <string>

#include "datasets/loaders.hpp"
#include "fuzz_support.hpp"

using namespace gocast;
using namespace gocast::datasets;

namespace {

// Where the scratch file lives: a memory file system when there is one. Rewriting a file
// on disk for every input made the target I/O-bound (6 s instead of 0.3 s for the replay
// test on a busy machine, and a tenth of the libFuzzer exec rate).
std::filesystem::path scratch_dir() {
    std::error_code ec;
    if (std::filesystem::is_directory("/dev/shm", ec)) return "/dev/shm";
    return std::filesystem::temp_directory_path();
}

// One scratch file per process (libFuzzer may run several workers side by side), removed
// when the process exits normally.
class ScratchFile {
  public:
    ScratchFile()
        : path_((scratch_dir() / ("gocast_fuzz_dataset_" + std::to_string(::getpid()))).string()) {}
    ~ScratchFile() {
        std::error_code ec;
        std::filesystem::remove(path_, ec);
    }
    const std::string& write(const std::uint8_t* data, std::size_t size) {
        std::ofstream out(path_, std::ios::binary | std::ios::trunc);
        out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
        out.close();
        GOCAST_FUZZ_CHECK(out.good());
        return path_;
    }

  private:
    std::string path_;
};

void check_matrix(const LatencyMatrix& m, MissingPolicy policy) {
    GOCAST_FUZZ_CHECK(m.n >= 1 && m.n <= kMaxHosts);
    GOCAST_FUZZ_CHECK(m.rtt_ms.size() == m.n * m.n);
    for (std::size_t i = 0; i < m.n; ++i) {
        for (std::size_t j = 0; j < m.n; ++j) {
            const float v = m.rtt_ms[i * m.n + j];
            GOCAST_FUZZ_CHECK(std::isfinite(v));
            if (i == j) GOCAST_FUZZ_CHECK(v == 0.0f);
            if (policy == MissingPolicy::fill)
                GOCAST_FUZZ_CHECK(v >= 0.0f);
            else
                GOCAST_FUZZ_CHECK(v >= 0.0f || v == -1.0f);
        }
    }
}

void try_load(const std::string& path, MissingPolicy policy) {
    try {
        check_matrix(load_any(path, policy), policy);
    } catch (const DatasetError&) {
    }
}

// A 4-host matrix to attach coordinates to; only its size matters to attach_coordinates.
LatencyMatrix four_hosts() {
    LatencyMatrix m;
    m.n = 4;
    m.rtt_ms.assign(16, 1.0f);
    for (std::size_t i = 0; i < 4; ++i) m.rtt_ms[i * 4 + i] = 0.0f;
    m.source = "fuzz";
    return m;
}

void try_coordinates(const std::string& path) {
    LatencyMatrix m = four_hosts();
    try {
        attach_coordinates(m, path);
    } catch (const DatasetError&) {
        GOCAST_FUZZ_CHECK(m.names.empty() && m.lat.empty() && m.lon.empty());
        return;
    }
    GOCAST_FUZZ_CHECK(m.names.size() == m.n && m.lat.size() == m.n && m.lon.size() == m.n);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static ScratchFile scratch;
    const std::string& path = scratch.write(data, size);
    try_load(path, MissingPolicy::fill);
    try_load(path, MissingPolicy::keep);
    try_coordinates(path);
    return 0;
}

// The shared measured datasets, when present: N and mean must match the statistics in
// shared/datasets/README.md within 1%. Absent files are skipped with a message.

#include <doctest/doctest.h>

#include <chrono>
#include <filesystem>
#include <string>

#include "datasets/loaders.hpp"

using namespace gocast::datasets;

namespace {

std::string shared(const std::string& name) {
    return std::string(GOCAST_SHARED_DATASETS_DIR) + "/" + name;
}

bool present(const std::string& path) {
    if (std::filesystem::is_regular_file(path)) return true;
    MESSAGE("skipped: " << path << " is absent");
    return false;
}

// Loads without filling, so the mean is over measured entries as in the README.
LatencyMatrix timed_load(const std::string& path) {
    const auto start = std::chrono::steady_clock::now();
    LatencyMatrix m = load_any(path, MissingPolicy::keep);
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                        std::chrono::steady_clock::now() - start)
                        .count();
    MESSAGE(path << ": N = " << m.n << ", mean " << m.mean_offdiagonal() << " ms, missing "
                 << m.fill.missing << ", loaded in " << ms << " ms");
    return m;
}

}  // namespace

TEST_CASE("datasets: real PlanetLab 490 median matrix") {
    const std::string path =
        shared("netlatency-planetlab-seattle/planetlab490_median18_rtt_ms.txt");
    if (!present(path)) return;
    const LatencyMatrix m = timed_load(path);
    CHECK(m.n == 490);
    CHECK(m.fill.missing == 0);
    CHECK(m.mean_offdiagonal() == doctest::Approx(145.08).epsilon(0.01));
}

TEST_CASE("datasets: real King 128 in both layouts") {
    const std::string top = shared("king128-bamboo/king128.top");
    const std::string square = shared("king128-bamboo/king128_matrix_ms.txt");
    if (present(top)) {
        const LatencyMatrix m = timed_load(top);
        CHECK(m.n == 128);
        CHECK(m.fill.missing == 0);
        CHECK(m.mean_offdiagonal() == doctest::Approx(78.80).epsilon(0.01));
        if (present(square)) {
            // The square file is the same data; node k of the .top file is index k-1.
            CHECK(load_any(square).rtt_ms == m.rtt_ms);
        }
    }
}

TEST_CASE("datasets: real WonderNetwork 242 matrices and nodes") {
    const std::string avg =
        shared("wondernetwork-2018/wondernetwork_2018-11-10_242_avg_rtt_ms.txt");
    const std::string min =
        shared("wondernetwork-2018/wondernetwork_2018-11-10_242_min_rtt_ms.txt");
    const std::string nodes = shared("wondernetwork-2018/wondernetwork_2018-11-10_242_nodes.csv");
    if (present(avg)) {
        const LatencyMatrix kept = timed_load(avg);
        CHECK(kept.n == 242);
        CHECK(kept.fill.missing == 515);
        CHECK(kept.mean_offdiagonal() == doctest::Approx(156.16).epsilon(0.01));

        LatencyMatrix filled = load_any(avg);
        const FillReport& f = filled.fill;
        MESSAGE("wondernetwork avg fill: " << f.missing << " missing, " << f.from_reverse
                                           << " reverse, " << f.from_two_hop << " two-hop, "
                                           << f.from_mean << " mean; mean after fill "
                                           << filled.mean_offdiagonal());
        CHECK(f.missing == 515);
        CHECK(f.from_reverse + f.from_two_hop + f.from_mean == 515);
        CHECK(count_missing(filled) == 0);
        CHECK(filled.mean_offdiagonal() == doctest::Approx(156.16).epsilon(0.02));

        if (present(nodes)) {
            attach_coordinates(filled, nodes);
            CHECK(filled.names[0] == "Adelaide");
            CHECK(filled.lat[0] == doctest::Approx(-34.928661));
            CHECK(filled.lon[5] == doctest::Approx(4.88968849182129));
        }
    }
    if (present(min)) {
        const LatencyMatrix m = timed_load(min);
        CHECK(m.n == 242);
        CHECK(m.mean_offdiagonal() == doctest::Approx(151.25).epsilon(0.01));
    }
}

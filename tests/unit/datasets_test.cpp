// Loaders on well-formed fixtures: values, layout detection, slice directories, node files.

#include <doctest/doctest.h>

#include <cmath>
#include <string>

#include "datasets/loaders.hpp"

using namespace gocast::datasets;

namespace {

std::string fixture(const std::string& name) {
    return std::string(GOCAST_FIXTURES_DIR) + "/datasets/" + name;
}

// Invariants every loaded (and filled) matrix must hold.
void check_well_formed(const LatencyMatrix& m) {
    REQUIRE(m.rtt_ms.size() == m.n * m.n);
    for (std::size_t i = 0; i < m.n; ++i) {
        CHECK(m.rtt(i, i) == 0.0);
        for (std::size_t j = 0; j < m.n; ++j) {
            if (i != j) CHECK(m.rtt(i, j) > 0.0);
        }
    }
}

}  // namespace

TEST_CASE("datasets: square matrix values and reverse fill") {
    const LatencyMatrix m = load_square_matrix(fixture("square4.txt"));
    REQUIRE(m.n == 4);
    check_well_formed(m);
    CHECK(m.rtt(0, 3) == 30.0);
    CHECK(m.rtt(3, 2) == 5.0);
    CHECK(m.rtt(2, 1) == 15.0);
    // (1,2) is -1 in the file and its reverse is measured.
    CHECK(m.rtt(1, 2) == 15.0);
    CHECK(m.fill.missing == 1);
    CHECK(m.fill.from_reverse == 1);
    CHECK(m.fill.from_two_hop == 0);
    CHECK(m.fill.from_mean == 0);
    CHECK(m.source == fixture("square4.txt"));
    CHECK(m.names.empty());
}

TEST_CASE("datasets: E2EGraph file is symmetric and fills the absent pair") {
    const LatencyMatrix m = load_e2egraph(fixture("tiny4.top"));
    REQUIRE(m.n == 4);
    check_well_formed(m);
    CHECK(m.rtt(0, 1) == 42.0);
    CHECK(m.rtt(1, 0) == 42.0);
    CHECK(m.rtt(3, 2) == 20.0);
    // Pair 2,4 is absent: best two-hop path is 2-3-4 = 50 + 20.
    CHECK(m.rtt(1, 3) == 70.0);
    CHECK(m.rtt(3, 1) == 70.0);
    CHECK(m.fill.missing == 2);
    CHECK(m.fill.from_two_hop == 2);
}

TEST_CASE("datasets: raw tab-separated slice") {
    const LatencyMatrix m = load_raw_slice(fixture("slice3.tsv"));
    REQUIRE(m.n == 3);
    check_well_formed(m);
    CHECK(m.rtt(0, 2) == 2.25);
    CHECK(m.rtt(1, 2) == 3.0);
    CHECK(m.fill.missing == 0);
}

TEST_CASE("datasets: load_any detects each layout") {
    CHECK(load_any(fixture("square4.txt")).n == 4);
    CHECK(load_any(fixture("tiny4.top")).rtt(1, 3) == 70.0);
    CHECK(load_any(fixture("slice3.tsv")).n == 3);
    CHECK(load_any(fixture("slices/PlanetLabData_2")).rtt(0, 1) == 2.0);
    // keep leaves the -1 in place and only counts it.
    const LatencyMatrix kept = load_any(fixture("square4.txt"), MissingPolicy::keep);
    CHECK(kept.rtt(1, 2) == -1.0);
    CHECK(kept.fill.missing == 1);
    CHECK(kept.fill.from_reverse == 0);
}

TEST_CASE("datasets: slice directory sorted by the number in the name") {
    const auto slices = load_slices_dir(fixture("slices"));
    REQUIRE(slices.size() == 3);
    // Numeric order 1, 2, 10 (a text sort would give 1, 10, 2).
    CHECK(slices[0].rtt(0, 1) == 1.0);
    CHECK(slices[1].rtt(0, 1) == 2.0);
    CHECK(slices[2].rtt(0, 1) == 10.0);
    for (const auto& s : slices) CHECK(s.n == 3);
}

TEST_CASE("datasets: slice directory errors") {
    CHECK_THROWS_WITH_AS(load_slices_dir(fixture("slices_mixed_n")), doctest::Contains("N = 2"),
                         DatasetError);
    CHECK_THROWS_WITH_AS(load_slices_dir(fixture("no_such_dir")),
                         doctest::Contains("not a directory"), DatasetError);
}

TEST_CASE("datasets: attach_coordinates reads names and positions") {
    LatencyMatrix m = load_square_matrix(fixture("square4.txt"));
    attach_coordinates(m, fixture("nodes4.csv"));
    REQUIRE(m.names.size() == 4);
    REQUIRE(m.lat.size() == 4);
    REQUIRE(m.lon.size() == 4);
    CHECK(m.names[0] == "Adelaide");
    CHECK(m.names[2] == "Quote \"Town\"");  // doubled quotes inside a quoted field
    CHECK(m.lat[0] == doctest::Approx(-34.93));
    CHECK(m.lon[1] == doctest::Approx(-73.76));
    // Both coordinates empty: position unknown.
    CHECK(m.names[3] == "Westpoort");
    CHECK(std::isnan(m.lat[3]));
    CHECK(std::isnan(m.lon[3]));
}

// The missing-entry policy: reverse, then two-hop, then the measured mean, each counted.

#include <doctest/doctest.h>

#include <limits>
#include <string>
#include <vector>

#include "datasets/loaders.hpp"

using namespace gocast::datasets;

namespace {

std::string fixture(const std::string& name) {
    return std::string(GOCAST_FIXTURES_DIR) + "/datasets/" + name;
}

LatencyMatrix make(std::size_t n, std::vector<float> values) {
    LatencyMatrix m;
    m.n = n;
    m.rtt_ms = std::move(values);
    m.source = "in-memory";
    return m;
}

}  // namespace

TEST_CASE("datasets: fill uses two-hop then mean and counts each") {
    const LatencyMatrix m = load_square_matrix(fixture("square_fill.txt"));
    REQUIRE(m.n == 5);
    CHECK(m.fill.missing == 10);
    CHECK(m.fill.from_reverse == 0);
    CHECK(m.fill.from_two_hop == 2);
    CHECK(m.fill.from_mean == 8);
    // 0 -> 2 -> 1 costs 10 + 20, cheaper than 0 -> 3 -> 1 at 5 + 40.
    CHECK(m.rtt(0, 1) == 30.0);
    CHECK(m.rtt(1, 0) == 30.0);
    // Host 4 has no measurement at all: the mean of the 10 measured entries, 87*2/10.
    CHECK(m.rtt(4, 0) == doctest::Approx(17.4));
    CHECK(m.rtt(2, 4) == doctest::Approx(17.4));
    CHECK(m.fill.missing == m.fill.from_reverse + m.fill.from_two_hop + m.fill.from_mean);
}

TEST_CASE("datasets: keep policy leaves holes and mean skips them") {
    const LatencyMatrix m = load_square_matrix(fixture("square_fill.txt"), MissingPolicy::keep);
    CHECK(m.fill.missing == 10);
    CHECK(m.fill.from_two_hop == 0);
    CHECK(m.rtt(0, 1) == -1.0);
    CHECK(count_missing(m) == 10);
    CHECK(m.mean_offdiagonal() == doctest::Approx(17.4));
}

TEST_CASE("datasets: a reverse-filled entry can serve a two-hop path") {
    // (1,0) is filled from (0,1); then (2,0) = (2,1) + (1,0) uses that filled entry.
    LatencyMatrix m = make(3, {0, 10, -1,  //
                               -1, 0, 5,   //
                               -1, 5, 0});
    fill_missing(m);
    CHECK(m.fill.missing == 3);
    CHECK(m.fill.from_reverse == 1);
    CHECK(m.fill.from_two_hop == 2);
    CHECK(m.rtt(1, 0) == 10.0);
    CHECK(m.rtt(0, 2) == 15.0);
    CHECK(m.rtt(2, 0) == 15.0);
}

TEST_CASE("datasets: two-hop estimates never chain") {
    // A line 0-1-2-3: (0,2) and (1,3) have two-hop paths; (0,3) would need a chained
    // estimate, so it falls back to the mean.
    LatencyMatrix m = make(4, {0, 1, -1, -1,  //
                               1, 0, 2, -1,   //
                               -1, 2, 0, 3,   //
                               -1, -1, 3, 0});
    fill_missing(m);
    CHECK(m.fill.from_two_hop == 4);
    CHECK(m.fill.from_mean == 2);
    CHECK(m.rtt(0, 2) == 3.0);
    CHECK(m.rtt(1, 3) == 5.0);
    CHECK(m.rtt(0, 3) == doctest::Approx(2.0));  // mean of 1, 2, 3 (each twice)
}

TEST_CASE("datasets: a filled entry is never zero") {
    LatencyMatrix m = make(3, {0, 0, -1,  //
                               0, 0, 0,   //
                               -1, 0, 0});
    fill_missing(m);
    CHECK(m.fill.from_two_hop == 2);
    CHECK(m.rtt(0, 2) == doctest::Approx(kMinFilledRttMs));
    CHECK(m.rtt(0, 2) > 0.0);
}

TEST_CASE("datasets: fill with nothing measured is an error") {
    LatencyMatrix m = make(2, {0, -1, -1, 0});
    CHECK_THROWS_WITH_AS(fill_missing(m), doctest::Contains("in-memory: all 2"), DatasetError);
}

TEST_CASE("datasets: fill refuses NaN and infinite entries") {
    LatencyMatrix m = make(2, {0, -1, std::numeric_limits<float>::quiet_NaN(), 0});
    CHECK_THROWS_WITH_AS(fill_missing(m), doctest::Contains("(1, 0) is NaN"), DatasetError);
}

TEST_CASE("datasets: fill on a complete matrix changes nothing") {
    LatencyMatrix m = make(2, {0, 4, 6, 0});
    fill_missing(m);
    CHECK(m.fill.missing == 0);
    CHECK(m.rtt(0, 1) == 4.0);
    CHECK(m.rtt(1, 0) == 6.0);
}

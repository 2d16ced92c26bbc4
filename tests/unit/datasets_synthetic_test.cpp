// The synthetic geographic model and peer placement: shape, determinism, balance.

#include <doctest/doctest.h>

#include <algorithm>
#include <map>
#include <set>
#include <string>

#include "datasets/placement.hpp"
#include "datasets/synthetic.hpp"

using namespace gocast::datasets;

namespace {

// "na-3-17" -> "na-3": the region and city part of a synthetic host name.
std::string city_of(const std::string& name) {
    return name.substr(0, name.rfind('-'));
}

}  // namespace

TEST_CASE("datasets: synthetic matrix is symmetric with zero diagonal") {
    GeoModelParams p;
    p.hosts = 200;
    const LatencyMatrix m = generate_geographic(p);
    REQUIRE(m.n == 200);
    REQUIRE(m.rtt_ms.size() == 200u * 200u);
    REQUIRE(m.names.size() == 200);
    REQUIRE(m.lat.size() == 200);
    REQUIRE(m.lon.size() == 200);
    for (std::size_t i = 0; i < m.n; ++i) {
        CHECK(m.rtt(i, i) == 0.0);
        CHECK(m.lat[i] >= -90.0);
        CHECK(m.lat[i] <= 90.0);
        CHECK(m.lon[i] >= -180.0);
        CHECK(m.lon[i] <= 180.0);
        for (std::size_t j = i + 1; j < m.n; ++j) {
            CHECK(m.rtt(i, j) == m.rtt(j, i));
            // Two access delays of at least 0.2 ms each.
            CHECK(m.rtt(i, j) >= 0.4);
        }
    }
    // Names are "<region>-<city>-<host index>".
    CHECK(m.names[17].size() > 5);
    CHECK(m.names[17].substr(m.names[17].rfind('-') + 1) == "17");
    CHECK(m.fill.missing == 0);
}

TEST_CASE("datasets: synthetic model is deterministic for a seed") {
    GeoModelParams p;
    p.hosts = 120;
    p.seed = 42;
    const LatencyMatrix a = generate_geographic(p);
    const LatencyMatrix b = generate_geographic(p);
    CHECK(a.rtt_ms == b.rtt_ms);
    CHECK(a.names == b.names);
    CHECK(a.lat == b.lat);
    p.seed = 43;
    const LatencyMatrix c = generate_geographic(p);
    CHECK(a.rtt_ms != c.rtt_ms);
    // Host i does not depend on how many hosts follow it.
    p.seed = 42;
    p.hosts = 60;
    const LatencyMatrix d = generate_geographic(p);
    CHECK(std::equal(d.names.begin(), d.names.end(), a.names.begin()));
    CHECK(d.rtt(5, 9) == a.rtt(5, 9));
}

TEST_CASE("datasets: synthetic world spread and near clusters") {
    for (const std::uint64_t seed : {1u, 2u, 3u}) {
        GeoModelParams p;
        p.hosts = 256;
        p.seed = seed;
        const LatencyMatrix m = generate_geographic(p);
        const double mean = m.mean_offdiagonal();
        INFO("seed ", seed, " mean ", mean);
        CHECK(mean > 100.0);
        CHECK(mean < 180.0);

        // Hosts of one city are within the two access delays plus ~1 ms of propagation.
        double same_city_sum = 0, far_min = 1e9;
        std::size_t same_city = 0;
        for (std::size_t i = 0; i < m.n; ++i) {
            for (std::size_t j = i + 1; j < m.n; ++j) {
                if (city_of(m.names[i]) == city_of(m.names[j])) {
                    CHECK(m.rtt(i, j) <= 2 * p.access_delay_ms_max + 1.5);
                    same_city_sum += m.rtt(i, j);
                    ++same_city;
                } else if (m.names[i].substr(0, 2) != m.names[j].substr(0, 2)) {
                    far_min = std::min(far_min, m.rtt(i, j));
                }
            }
        }
        REQUIRE(same_city > 0);
        const double same_city_mean = same_city_sum / static_cast<double>(same_city);
        INFO("same-city mean ", same_city_mean, " cross-region min ", far_min);
        CHECK(same_city_mean < 12.0);
        CHECK(far_min > same_city_mean);
    }
}

TEST_CASE("datasets: synthetic parameter checks") {
    GeoModelParams p;
    p.route_inflation = 0.5;
    CHECK_THROWS_AS(generate_geographic(p), DatasetError);
    p = GeoModelParams{};
    p.access_delay_ms_max = 0.0;
    CHECK_THROWS_AS(generate_geographic(p), DatasetError);
    p = GeoModelParams{};
    p.hosts = kMaxHosts + 1;
    CHECK_THROWS_AS(generate_geographic(p), DatasetError);
    p = GeoModelParams{};
    p.hosts = 0;
    CHECK(generate_geographic(p).n == 0);
}

TEST_CASE("datasets: placement with fewer or equal peers than hosts") {
    const Placement all = place_peers(10, 10, 7);
    for (std::uint32_t i = 0; i < 10; ++i) CHECK(all.host_of_peer[i] == i);

    const Placement some = place_peers(20, 100, 7);
    REQUIRE(some.host_of_peer.size() == 20);
    const std::set<std::uint32_t> distinct(some.host_of_peer.begin(), some.host_of_peer.end());
    CHECK(distinct.size() == 20);
    CHECK(*distinct.rbegin() < 100);
    CHECK(place_peers(20, 100, 7).host_of_peer == some.host_of_peer);
    CHECK(place_peers(20, 100, 8).host_of_peer != some.host_of_peer);
}

TEST_CASE("datasets: placement with more peers than hosts is balanced") {
    const std::size_t peers = 1003, hosts = 10;
    const Placement p = place_peers(peers, hosts, 99, 0.3);
    REQUIRE(p.host_of_peer.size() == peers);
    std::map<std::uint32_t, std::size_t> per_host;
    for (const std::uint32_t h : p.host_of_peer) {
        REQUIRE(h < hosts);
        ++per_host[h];
    }
    REQUIRE(per_host.size() == hosts);
    std::size_t ceil_hosts = 0;
    for (const auto& [h, count] : per_host) {
        CHECK((count == 100 || count == 101));
        if (count == 101) ++ceil_hosts;
    }
    CHECK(ceil_hosts == 3);
    // Shuffled: the first peers are not all on host 0.
    CHECK(std::set<std::uint32_t>(p.host_of_peer.begin(), p.host_of_peer.begin() + 20).size() > 1);
    CHECK(place_peers(peers, hosts, 99, 0.3).host_of_peer == p.host_of_peer);
    CHECK(place_peers(peers, hosts, 100, 0.3).host_of_peer != p.host_of_peer);
}

TEST_CASE("datasets: sequential placement puts peer i on host i mod hosts") {
    const Placement p = place_peers_sequential(7, 3, 0.4);
    CHECK(p.host_of_peer == std::vector<std::uint32_t>{0, 1, 2, 0, 1, 2, 0});
    CHECK(p.intra_site_rtt_ms == 0.4);
    CHECK(place_peers_sequential(0, 3).host_of_peer.empty());
    CHECK_THROWS_AS(place_peers_sequential(2, 0), std::invalid_argument);
    CHECK_THROWS_AS(place_peers_sequential(2, 2, -1.0), std::invalid_argument);
}

TEST_CASE("datasets: placement rtt between peers") {
    GeoModelParams g;
    g.hosts = 4;
    const LatencyMatrix m = generate_geographic(g);
    const Placement p = place_peers(8, 4, 3, 0.25);
    for (std::size_t a = 0; a < 8; ++a) {
        CHECK(p.rtt(m, a, a) == 0.0);
        for (std::size_t b = 0; b < 8; ++b) {
            if (a == b) continue;
            const auto ha = p.host_of_peer[a], hb = p.host_of_peer[b];
            CHECK(p.rtt(m, a, b) == (ha == hb ? 0.25 : m.rtt(ha, hb)));
        }
    }
    CHECK_THROWS(place_peers(3, 0, 1));
    CHECK(place_peers(0, 5, 1).host_of_peer.empty());
}

// Geographic latency model: weighted regions, a few real metro areas in each, hosts
// scattered around the metros. RTT = 2 * great-circle distance / (2/3 c) * route inflation
// + the access delay of each end. Only gocast::Rng is used, so a seed fixes the result.

#include "datasets/synthetic.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numbers>
#include <string>
#include <vector>

#include "transport/rng.hpp"

namespace gocast::datasets {

namespace {

struct City {
    double lat, lon;  // degrees
};

struct Region {
    const char* code;  // first part of a host name, e.g. "na-3-17"
    double weight;     // share of hosts; the weights sum to 1
    std::vector<City> cities;
};

// Shares loosely follow where Internet hosts (and PlanetLab / WonderNetwork sites) are:
// most in North America, Europe and East Asia, fewer elsewhere. Coordinates are those of
// well-known data-centre metros.
const std::vector<Region>& regions() {
    static const std::vector<Region> table = {
        {"na",
         0.30,
         {{40.71, -74.01},
          {41.88, -87.63},
          {32.78, -96.80},
          {34.05, -118.24},
          {47.61, -122.33},
          {43.65, -79.38},
          {33.75, -84.39},
          {39.04, -77.49},
          {37.34, -121.89},
          {39.74, -104.99}}},
        {"eu",
         0.28,
         {{51.51, -0.13},
          {50.11, 8.68},
          {52.37, 4.90},
          {48.86, 2.35},
          {59.33, 18.07},
          {40.42, -3.70},
          {45.46, 9.19},
          {52.23, 21.01}}},
        {"as",
         0.20,
         {{35.68, 139.69},
          {37.57, 126.98},
          {22.32, 114.17},
          {1.35, 103.82},
          {31.23, 121.47},
          {25.03, 121.57}}},
        {"sa",
         0.07,
         {{-23.55, -46.63}, {-34.60, -58.38}, {-33.45, -70.67}, {4.71, -74.07}, {-12.05, -77.04}}},
        {"oc", 0.05, {{-33.87, 151.21}, {-37.81, 144.96}, {-36.85, 174.76}, {-31.95, 115.86}}},
        {"in", 0.05, {{19.08, 72.88}, {12.97, 77.59}, {28.61, 77.21}, {13.08, 80.27}}},
        {"af", 0.05, {{-26.20, 28.05}, {6.52, 3.38}, {-1.29, 36.82}, {30.04, 31.24}}},
    };
    return table;
}

constexpr double kEarthRadiusKm = 6371.0;
// Light in fibre travels at about 2/3 c: 299,792.458 km/s * 2/3 = 199.86 km per ms.
constexpr double kFibreKmPerMs = 299792.458 * 2.0 / 3.0 / 1000.0;
// Hosts of one metro lie within this radius of its centre, so two hosts in a city are
// under 1 ms of propagation apart and their RTT is dominated by access delay.
constexpr double kCityRadiusKm = 40.0;
constexpr double kKmPerDegreeLatitude = kEarthRadiusKm * std::numbers::pi / 180.0;
// Lower end of the per-host access delay (GeoModelParams::access_delay_ms_max is the top).
constexpr double kMinAccessDelayMs = 0.2;

double radians(double deg) {
    return deg * std::numbers::pi / 180.0;
}

// Haversine formula; stable for the short distances inside a city.
double great_circle_km(double lat1, double lon1, double lat2, double lon2) {
    const double dlat = radians(lat2 - lat1);
    const double dlon = radians(lon2 - lon1);
    const double s =
        std::sin(dlat / 2) * std::sin(dlat / 2) +
        std::cos(radians(lat1)) * std::cos(radians(lat2)) * std::sin(dlon / 2) * std::sin(dlon / 2);
    return 2 * kEarthRadiusKm * std::asin(std::sqrt(std::min(1.0, s)));
}

std::size_t pick_region(Rng& rng) {
    const auto& table = regions();
    double u = rng.unit();
    for (std::size_t r = 0; r + 1 < table.size(); ++r) {
        if (u < table[r].weight) return r;
        u -= table[r].weight;
    }
    return table.size() - 1;  // absorbs rounding in the weight sum
}

void check_params(const GeoModelParams& p) {
    if (p.hosts > kMaxHosts) {
        throw DatasetError("synthetic: hosts = " + std::to_string(p.hosts) + " exceeds the limit " +
                           std::to_string(kMaxHosts));
    }
    if (!std::isfinite(p.route_inflation) || p.route_inflation < 1.0) {
        throw DatasetError("synthetic: route_inflation must be a finite value >= 1");
    }
    if (!std::isfinite(p.access_delay_ms_max) || p.access_delay_ms_max < kMinAccessDelayMs) {
        throw DatasetError("synthetic: access_delay_ms_max must be finite and >= 0.2");
    }
}

std::string describe(const GeoModelParams& p) {
    char buf[160];
    std::snprintf(buf, sizeof buf,
                  "synthetic geographic model (hosts=%zu seed=%llu route_inflation=%g "
                  "access_delay_ms_max=%g)",
                  p.hosts, static_cast<unsigned long long>(p.seed), p.route_inflation,
                  p.access_delay_ms_max);
    return buf;
}

}  // namespace

LatencyMatrix generate_geographic(const GeoModelParams& p) {
    check_params(p);
    const std::size_t n = p.hosts;
    LatencyMatrix m;
    m.n = n;
    m.source = describe(p);
    m.names.resize(n);
    m.lat.resize(n);
    m.lon.resize(n);
    std::vector<double> access_ms(n);

    // Draw order per host is fixed (region, city, radius, bearing, access) so that a seed
    // reproduces the same hosts, and host i does not depend on how many hosts follow it.
    Rng rng(p.seed);
    for (std::size_t i = 0; i < n; ++i) {
        const std::size_t r = pick_region(rng);
        const Region& region = regions()[r];
        const std::size_t c = rng.below(region.cities.size());
        const City& city = region.cities[c];
        // sqrt makes the density uniform over the disc rather than bunched at its centre.
        const double dist_km = kCityRadiusKm * std::sqrt(rng.unit());
        const double bearing = 2 * std::numbers::pi * rng.unit();
        const double lat = city.lat + dist_km * std::cos(bearing) / kKmPerDegreeLatitude;
        double lon = city.lon + dist_km * std::sin(bearing) /
                                    (kKmPerDegreeLatitude * std::cos(radians(city.lat)));
        if (lon > 180) lon -= 360;
        if (lon < -180) lon += 360;
        m.lat[i] = lat;
        m.lon[i] = lon;
        access_ms[i] = kMinAccessDelayMs + (p.access_delay_ms_max - kMinAccessDelayMs) * rng.unit();
        m.names[i] = std::string(region.code) + "-" + std::to_string(c) + "-" + std::to_string(i);
    }

    m.rtt_ms.assign(n * n, 0.0f);
    const double ms_per_km = 2.0 / kFibreKmPerMs * p.route_inflation;
    for (std::size_t i = 0; i < n; ++i) {
        for (std::size_t j = i + 1; j < n; ++j) {
            const double km = great_circle_km(m.lat[i], m.lon[i], m.lat[j], m.lon[j]);
            const float rtt = static_cast<float>(km * ms_per_km + access_ms[i] + access_ms[j]);
            m.rtt_ms[i * n + j] = rtt;
            m.rtt_ms[j * n + i] = rtt;
        }
    }
    return m;
}

}  // namespace gocast::datasets

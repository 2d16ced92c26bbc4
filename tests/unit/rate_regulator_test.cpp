// The pacing law: back off on a building queue or heavy loss, probe upward when held back,
// stay put when the application is the limit.
#include <doctest/doctest.h>

#include "transport/hop/rate_regulator.hpp"

using namespace gocast;

TEST_CASE("rate regulator: probes upward only while it holds data back") {
    HopConfig c;
    RateRegulator r(c);
    r.can_send(0);
    r.tick(30 * kMillisecond, 0);
    CHECK(r.rate() == doctest::Approx(c.initial_rate));  // application-limited: unchanged
    r.note_limited();
    r.tick(60 * kMillisecond, 0);
    CHECK(r.rate() == doctest::Approx(c.initial_rate * (1 + c.increase_gain)));
}

TEST_CASE("rate regulator: a building queue or loss above the tolerance backs off") {
    HopConfig c;
    RateRegulator r(c);
    r.can_send(0);
    r.on_rtt_sample(1 * kMillisecond, 20 * kMillisecond);
    r.tick(30 * kMillisecond, 20 * kMillisecond);
    const double base = r.rate();
    r.on_rtt_sample(40 * kMillisecond, 20 * kMillisecond + c.queue_delay_target + kMillisecond);
    r.tick(60 * kMillisecond, 20 * kMillisecond);
    CHECK(r.rate() == doctest::Approx(base * c.decrease_factor));
    // Random loss below the tolerance: no back-off.
    for (int i = 0; i < 100; ++i) r.on_sent(70 * kMillisecond, 100, true);
    r.on_missing(20);
    r.note_limited();
    r.tick(90 * kMillisecond, 20 * kMillisecond);
    CHECK(r.rate() > base * c.decrease_factor);
    const double before = r.rate();
    for (int i = 0; i < 100; ++i) r.on_sent(100 * kMillisecond, 100, true);
    r.on_missing(50);
    r.tick(120 * kMillisecond, 20 * kMillisecond);
    CHECK(r.rate() == doctest::Approx(before * c.decrease_factor));
    CHECK(r.decreases() == 2);
}

TEST_CASE("rate regulator: never below min_rate nor above max_rate") {
    HopConfig c;
    c.min_rate = 50e3;
    c.max_rate = 2e6;
    RateRegulator r(c);
    r.can_send(0);
    Time t = 0;
    for (int i = 0; i < 50; ++i) {
        t += 30 * kMillisecond;
        r.note_limited();
        r.tick(t, 0);
    }
    CHECK(r.rate() == doctest::Approx(c.max_rate));
    for (int i = 0; i < 50; ++i) {
        t += 30 * kMillisecond;
        for (int k = 0; k < 10; ++k) r.on_sent(t, 10, true);
        r.on_missing(10);
        r.tick(t + kMillisecond, 0);
    }
    CHECK(r.rate() == doctest::Approx(c.min_rate));
}

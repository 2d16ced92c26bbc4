#include "sim/progress.hpp"

#include <sys/resource.h>
#include <unistd.h>

#include <cstdio>

namespace gocast::sim {

namespace {
using Clock = std::chrono::steady_clock;
constexpr auto kQuietStart = std::chrono::seconds(1);          // short runs draw nothing
constexpr auto kRedrawEvery = std::chrono::milliseconds(100);  // at most ~10 redraws/s
constexpr int kBarWidth = 40;
}  // namespace

Progress::Progress(bool wanted, Time total)
    : enabled_(wanted && ::isatty(STDERR_FILENO) == 1),
      total_(total),
      start_(Clock::now()),
      last_draw_(start_) {}

void Progress::update(Time sim_now) {
    if (!enabled_) return;
    const auto now = Clock::now();
    if (now - start_ < kQuietStart || now - last_draw_ < kRedrawEvery) return;
    last_draw_ = now;
    const double frac =
        total_ > 0 ? static_cast<double>(sim_now) / static_cast<double>(total_) : 1.0;
    const int filled = static_cast<int>(frac * kBarWidth);
    char bar[kBarWidth + 1];
    for (int i = 0; i < kBarWidth; ++i) bar[i] = i < filled ? '#' : '.';
    bar[kBarWidth] = '\0';
    std::fprintf(stderr, "\r[%s] %5.1f%%  sim %.1f s  wall %.1f s", bar, frac * 100.0,
                 static_cast<double>(sim_now) / static_cast<double>(kSecond), wall_seconds());
    std::fflush(stderr);
    drawn_ = true;
}

void Progress::finish() {
    if (!drawn_) return;
    std::fprintf(stderr, "\r%*s\r", kBarWidth + 50, "");
    std::fflush(stderr);
    drawn_ = false;
}

double Progress::wall_seconds() const {
    return std::chrono::duration<double>(Clock::now() - start_).count();
}

double peak_rss_mib() {
    rusage usage{};
    if (::getrusage(RUSAGE_SELF, &usage) != 0) return 0.0;
    return static_cast<double>(usage.ru_maxrss) / 1024.0;  // Linux reports KiB
}

}  // namespace gocast::sim

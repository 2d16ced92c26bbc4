#pragma once
// A one-line progress bar on stderr showing simulated time. This is the only simulator code
// that reads the wall clock, and it writes only to the terminal, never to report files.
// It stays silent for the first second (short runs print nothing) and redraws at most ten
// times per wall-clock second.

#include <chrono>

#include "transport/types.hpp"

namespace gocast::sim {

class Progress {
  public:
    // Enabled only when `wanted` and stderr is a terminal.
    Progress(bool wanted, Time total);
    void update(Time sim_now);
    // Erases the bar if one was drawn.
    void finish();
    double wall_seconds() const;

  private:
    bool enabled_;
    bool drawn_ = false;
    Time total_;
    std::chrono::steady_clock::time_point start_;
    std::chrono::steady_clock::time_point last_draw_;
};

// Peak resident set size of this process in MiB (getrusage), for the stderr footer.
double peak_rss_mib();

}  // namespace gocast::sim

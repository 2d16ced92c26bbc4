#pragma once
// Timers are data (STYLE rule 3): one deadline per kind; the node reports the earliest.

#include <array>
#include <cstddef>

#include "transport/types.hpp"

namespace gocast {

enum class TimerKind : std::size_t {
    join_retry,
    maintenance,
    shuffle,
    gossip,
    neighbor_ping,
    centrality_sample,
    candidate_probe,
    heartbeat,
    housekeeping,
    push_round,  // push-gossip baseline in rounds: forward what arrived since the last round
    count_
};

class TimerTable {
public:
    TimerTable() { deadlines_.fill(kNever); }
    void set(TimerKind k, Time t) { deadlines_[index(k)] = t; }
    void cancel(TimerKind k) { deadlines_[index(k)] = kNever; }
    Time get(TimerKind k) const { return deadlines_[index(k)]; }
    bool due(TimerKind k, Time now) const { return deadlines_[index(k)] <= now; }
    Time earliest() const {
        Time t = kNever;
        for (Time d : deadlines_) t = d < t ? d : t;
        return t;
    }

private:
    static std::size_t index(TimerKind k) { return static_cast<std::size_t>(k); }
    std::array<Time, static_cast<std::size_t>(TimerKind::count_)> deadlines_{};
};

}  // namespace gocast

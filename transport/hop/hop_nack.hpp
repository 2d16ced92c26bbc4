#pragma once
// Lazy selective NACKs on the receiving end of a Hop link. A missing sequence number waits
// `nack_delay` before its first NACK, so mere reordering (the gap fills within the delay)
// costs nothing; then it is NACKed again every retry interval until it arrives. A gap NACKed
// `max_nacks` times without arriving means the link is broken.

#include <cstdint>
#include <map>
#include <vector>

#include "transport/hop/hop_config.hpp"

namespace gocast {

class GapTracker {
public:
    explicit GapTracker(const HopConfig& cfg) : cfg_(cfg) {}

    // Sequence `seq` is known to be missing (a later one arrived or was announced).
    void add(Time now, std::uint64_t seq);
    void fill(std::uint64_t seq) { gaps_.erase(seq); }
    // Forgets every gap at or below `seq` (the sender no longer holds them).
    void forget_through(std::uint64_t seq);
    void clear() { gaps_.clear(); }

    // The gaps due for a NACK now, ascending, at most `max` of them; each counts as NACKed
    // once more and is due again after `retry`.
    std::vector<std::uint64_t> take_due(Time now, Duration retry, std::size_t max);
    // True when some gap has been NACKed max_nacks times and is due again.
    bool exhausted(Time now) const;
    Time next_deadline() const;
    std::size_t size() const { return gaps_.size(); }
    bool contains(std::uint64_t seq) const { return gaps_.count(seq) != 0; }

private:
    struct Gap {
        Time due = 0;
        std::uint32_t nacks = 0;
    };
    HopConfig cfg_;
    std::map<std::uint64_t, Gap> gaps_;  // ordered: NACK lists ascending, deterministic
};

}  // namespace gocast

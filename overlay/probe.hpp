#pragma once
// Round-trip measurement (DESIGN: Probing): outstanding pings, smoothed RTT per peer,
// a cache of recent measurements to candidates, and the centrality estimate (mean RTT to
// uniformly sampled members) that the root election compares.

#include <cstdint>
#include <deque>
#include <optional>
#include <vector>

#include "peer/config.hpp"
#include "transport/flat_id_map.hpp"
#include "transport/types.hpp"

namespace gocast {

enum class PingPurpose : std::uint8_t { neighbor, candidate, centrality };

struct PendingPing {
    NodeId target;
    PingPurpose purpose = PingPurpose::neighbor;
    Time sent_at = 0;
};

// EWMA with gain 2^-shift; the first sample initialises it.
class RttEstimator {
public:
    explicit RttEstimator(std::uint32_t shift = 3) : shift_(shift) {}
    void add(Duration sample);
    Duration value() const { return value_; }
    bool has_value() const { return samples_ > 0; }

private:
    std::uint32_t shift_;
    Duration value_ = 0;
    std::uint64_t samples_ = 0;
};

// Mean of the last `window` RTT samples to uniformly chosen members: an unbiased estimate
// of this node's mean latency to the fleet, the quantity the root should minimise.
class CentralityEstimator {
public:
    explicit CentralityEstimator(std::uint32_t window) : window_(window) {}
    void add(Duration rtt);
    std::uint32_t samples() const { return static_cast<std::uint32_t>(ring_.size()); }
    // Mean RTT in microseconds; 0 when there are no samples.
    double mean() const;

private:
    std::uint32_t window_;
    std::deque<Duration> ring_;
    std::int64_t sum_ = 0;
};

class PingTracker {
public:
    std::uint32_t start(NodeId target, PingPurpose purpose, Time now);
    // The matching outstanding ping, removed; nullopt for unknown or replayed nonces.
    std::optional<PendingPing> finish(std::uint32_t nonce, NodeId from);
    // Removes pings older than `timeout` and returns them (unanswered).
    std::vector<PendingPing> expire(Time now, Duration timeout);
    bool outstanding_to(NodeId target) const;
    std::size_t size() const { return pending_.size(); }

private:
    struct Outstanding {
        std::uint32_t nonce;
        PendingPing ping;
    };
    std::uint32_t next_nonce_ = 1;
    // In the order sent. A node has a handful of pings out at a time (answered within an
    // RTT, unanswered ones expire after ping_timeout), so a scan beats hashing, and
    // iteration order depends on the inputs only.
    std::vector<Outstanding> pending_;
};

// Latest RTT measured to peers that are not (yet) neighbours, kept sorted by RTT so the
// nearest candidate is found without scanning. Bounded: when full the farthest goes, since
// only near peers are ever wanted from it.
class RttCache {
public:
    explicit RttCache(std::size_t capacity) : capacity_(capacity) {}
    void put(NodeId id, Duration rtt, Time now);
    std::optional<Duration> get(NodeId id) const;
    void erase(NodeId id);
    std::size_t size() const { return by_rtt_.size(); }
    // Visits entries nearest first until `f` returns false.
    template <typename F>
    void for_each_nearest(F&& f) const {
        for (const auto& [rtt, id] : by_rtt_)
            if (!f(id, rtt)) return;
    }

private:
    std::size_t capacity_;
    FlatIdMap<Duration> rtt_of_;
    std::vector<std::pair<Duration, NodeId>> by_rtt_;  // ascending (rtt, id)
};

}  // namespace gocast

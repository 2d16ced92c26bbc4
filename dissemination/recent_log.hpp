#pragma once
// The last N first arrivals of messages at this node, for the web UI (message list and
// traces). A fixed-size ring: recording never allocates once full, and the oldest record
// is overwritten. Lookups by id scan the ring; N is small (Config recent_log_entries).

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "dissemination/message.hpp"

namespace gocast {

struct ArrivalRecord {
    MsgId id;
    std::string topic;
    Service service = Service::reliable;
    Time received_at = 0;       // this node's clock
    NodeId from;                // neighbour it came from (self when published here)
    std::uint8_t path = 0;      // ArrivalPath as a number (dissemination does not know it)
    std::uint16_t hops = 0;
    std::uint32_t bytes = 0;    // payload size
};

class RecentLog {
public:
    explicit RecentLog(std::size_t capacity) : capacity_(capacity == 0 ? 1 : capacity) {}

    void record(ArrivalRecord r);
    // Oldest first.
    std::vector<ArrivalRecord> records() const;
    std::optional<ArrivalRecord> find(const MsgId& id) const;
    std::size_t size() const { return ring_.size(); }

private:
    std::size_t capacity_;
    std::vector<ArrivalRecord> ring_;
    std::size_t next_ = 0;  // slot overwritten next once the ring is full
};

}  // namespace gocast

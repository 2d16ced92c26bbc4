#pragma once
// Local delivery in the order a message's service asks for. Exactly-once is guaranteed
// upstream (the store admits an id once); this class only orders. FIFO messages from one
// origin are held back until every earlier sequence arrived, or until the oldest held
// message waited `fifo_gap_timeout` (the missing one is then presumed lost and skipped).

#include <map>
#include <memory>
#include <unordered_map>
#include <vector>

#include "dissemination/message.hpp"

namespace gocast {

struct Arrival {
    std::shared_ptr<const Message> message;
    NodeId from;
    std::uint8_t path = 0;
    std::uint16_t hops = 0;
};

class Delivery {
public:
    explicit Delivery(Duration fifo_gap_timeout) : gap_timeout_(fifo_gap_timeout) {}

    // Returns what becomes deliverable now, in order.
    std::vector<Arrival> accept(Time now, Arrival a);
    std::vector<Arrival> expire(Time now);
    Time next_deadline() const;
    std::size_t held() const;

private:
    struct Origin {
        std::uint64_t next = 0;  // next FIFO sequence to deliver; 0 = not started
        std::map<std::uint64_t, std::pair<Time, Arrival>> held;
    };
    void drain(Origin& o, std::vector<Arrival>& out);

    Duration gap_timeout_;
    std::unordered_map<NodeId, Origin> origins_;
    std::vector<NodeId> origin_order_;
};

}  // namespace gocast

#include "dissemination/delivery.hpp"

#include <algorithm>

namespace gocast {

void Delivery::drain(Origin& o, std::vector<Arrival>& out) {
    while (!o.held.empty() && o.held.begin()->first <= o.next) {
        auto node = o.held.extract(o.held.begin());
        if (node.key() == o.next) ++o.next;
        out.push_back(std::move(node.mapped().second));
    }
}

std::vector<Arrival> Delivery::accept(Time now, Arrival a) {
    std::vector<Arrival> out;
    if (a.message->service != Service::fifo) {
        out.push_back(std::move(a));
        return out;
    }
    const NodeId origin = a.message->id.origin;
    auto [it, fresh] = origins_.try_emplace(origin);
    if (fresh) origin_order_.push_back(origin);
    Origin& o = it->second;
    const std::uint64_t seq = a.message->id.seq;
    // The first FIFO message seen from an origin starts its order: a node joining late
    // does not wait for history it never subscribed to.
    if (o.next == 0) o.next = seq;
    if (seq < o.next) {
        out.push_back(std::move(a));  // late after a skipped gap: deliver rather than lose
        return out;
    }
    o.held.emplace(seq, std::make_pair(now, std::move(a)));
    drain(o, out);
    return out;
}

std::vector<Arrival> Delivery::expire(Time now) {
    std::vector<Arrival> out;
    for (NodeId id : origin_order_) {
        Origin& o = origins_.at(id);
        while (!o.held.empty() && now - o.held.begin()->second.first >= gap_timeout_) {
            o.next = o.held.begin()->first;  // give up on the gap before it
            drain(o, out);
        }
    }
    return out;
}

Time Delivery::next_deadline() const {
    Time t = kNever;
    for (const auto& [id, o] : origins_) {
        for (const auto& [seq, held] : o.held) t = std::min(t, held.first + gap_timeout_);
    }
    return t;
}

std::size_t Delivery::held() const {
    std::size_t n = 0;
    for (const auto& [id, o] : origins_) n += o.held.size();
    return n;
}

}  // namespace gocast

#pragma once
// What the simulator records while it runs: one record per publication, one per delivery at
// a peer other than the origin, and the periodic overlay samples. Everything is appended in
// event order, so the report is a deterministic function of the run.

#include <cstdint>
#include <unordered_map>
#include <utility>
#include <vector>

#include "dissemination/message.hpp"
#include "peer/node_types.hpp"
#include "sim/overlay_stats.hpp"

namespace gocast::sim {

struct MessageRecord {
    std::uint32_t seq = 0;  // the simulator's publication number, from 0
    MsgId id;
    std::uint32_t origin = 0;
    Time published = 0;
    std::uint32_t live_at_publish = 0;  // running peers at publish time, origin included
    bool origin_delivered = false;      // the origin's own local delivery was seen
    std::vector<bool> delivered_at;     // by peer index; first delivery seen
};

struct DeliveryRecord {
    std::uint32_t msg = 0;  // MessageRecord::seq
    std::uint32_t peer = 0;
    Time at = 0;
    Duration direct = 0;  // true one-way latency origin -> peer
    ArrivalPath path = ArrivalPath::other;
    std::uint16_t hops = 0;
};

class Metrics {
  public:
    explicit Metrics(std::size_t peers) : peers_(peers) {}

    std::uint32_t add_message(MsgId id, std::uint32_t origin, Time published,
                              std::uint32_t live_at_publish);
    // A Delivered event at `peer`; `direct` is the true origin -> peer latency, computed by
    // the caller from find(id).
    void on_delivered(std::uint32_t peer, const Delivered& d, Time now, Duration direct);
    // The record of a message the simulator published, or nullptr.
    const MessageRecord* find(const MsgId& id) const;

    void add_sample(OverlaySample s) { samples_.push_back(std::move(s)); }

    const std::vector<MessageRecord>& messages() const { return messages_; }
    const std::vector<DeliveryRecord>& deliveries() const { return deliveries_; }
    const std::vector<OverlaySample>& samples() const { return samples_; }

    // Second deliveries of one id at one peer: a breach of exactly-once delivery.
    std::uint64_t duplicate_deliveries() const { return duplicate_deliveries_; }
    // Deliveries of ids the simulator never published (should never happen).
    std::uint64_t unknown_deliveries() const { return unknown_deliveries_; }

  private:
    std::size_t peers_;
    std::vector<MessageRecord> messages_;
    std::vector<DeliveryRecord> deliveries_;
    std::vector<OverlaySample> samples_;
    std::unordered_map<MsgId, std::uint32_t> index_;  // lookups only, never iterated
    std::uint64_t duplicate_deliveries_ = 0;
    std::uint64_t unknown_deliveries_ = 0;
};

}  // namespace gocast::sim

#pragma once
// Gossip of id summaries and pull of missing messages (DESIGN: Gossip, after the GoCast
// patent). Each call of next_summary() gives the next neighbour in round-robin order that
// has ids queued: those this node received since its last summary to that neighbour,
// leaving out ids that came from that neighbour or went to it on a tree link. The node
// calls it once per neighbour it summarises to in a gossip round (Config summary_fanout).
// A neighbour that lacks an id pulls it; if the holder does not answer within
// `pull_retry`, the next known holder is asked.

#include <optional>
#include <unordered_map>
#include <vector>

#include "dissemination/message.hpp"
#include "peer/config.hpp"

namespace gocast {

struct Summary {
    NodeId to;
    std::vector<MsgId> ids;
};

struct PullRequest {
    NodeId from;
    std::vector<MsgId> ids;
};

class Gossip {
public:
    explicit Gossip(const DisseminationConfig& cfg) : cfg_(cfg) {}

    // A new neighbour; `catch_up` (id, receipt time) are queued for it at once, so a peer that
    // was cut off while they spread learns of them from its new links.
    void on_neighbor_up(NodeId id, const std::vector<std::pair<MsgId, Time>>& catch_up = {});
    void on_neighbor_down(NodeId id);
    // A message was received for the first time: queue its id for every neighbour but `skip`.
    void note_new(const MsgId& id, Time now, const std::vector<NodeId>& skip);
    // The next summary, round-robin over neighbours with queued ids; ids older than
    // `retain` are dropped (their payload may be gone, so nobody could pull them).
    std::optional<Summary> next_summary(Time now);
    // Ids in a summary from `from` that we lack; returns those to pull from it now. The
    // ids it listed are no longer queued for it: it has them.
    template <typename SeenFn>
    std::vector<MsgId> on_summary(Time now, NodeId from, const std::vector<MsgId>& ids, SeenFn&& seen);
    // The message arrived: its pull (if any) is over. Returns the neighbours that announced
    // it, which hold it.
    std::vector<NodeId> on_received(const MsgId& id);
    // Pulls whose holder did not answer in time, regrouped by the next holder to ask.
    std::vector<PullRequest> retry_pulls(Time now);
    Time next_retry_deadline() const;
    std::size_t queued_for(NodeId id) const;
    bool has_queued() const { return queued_total_ > 0; }
    std::size_t pulls_outstanding() const { return pulls_.size(); }

private:
    struct Queued {
        MsgId id;
        Time noted;
    };
    struct PullState {
        std::vector<NodeId> holders;  // in the order they told us
        std::size_t asked = 0;        // holders[asked - 1] was asked last
        Time asked_at = 0;
        Time first_asked = 0;
    };
    struct Peer {
        NodeId id;
        std::vector<Queued> queued;
    };
    // Drops `ids` from the queue of neighbour `id` (it told us it has them).
    void forget_queued(NodeId id, const std::vector<MsgId>& ids);

    DisseminationConfig cfg_;
    std::vector<Peer> peers_;  // neighbours in round-robin order, each with its queue
    std::size_t cursor_ = 0;
    std::size_t queued_total_ = 0;
    std::unordered_map<MsgId, PullState> pulls_;
    std::vector<MsgId> pull_order_;  // deterministic iteration over pulls_
};

template <typename SeenFn>
std::vector<MsgId> Gossip::on_summary(Time now, NodeId from, const std::vector<MsgId>& ids, SeenFn&& seen) {
    forget_queued(from, ids);
    std::vector<MsgId> pull_now;
    for (const MsgId& id : ids) {
        if (seen(id)) continue;
        auto [it, fresh] = pulls_.try_emplace(id);
        PullState& p = it->second;
        if (std::find(p.holders.begin(), p.holders.end(), from) == p.holders.end()) p.holders.push_back(from);
        if (fresh) {
            // Answered pulls leave stale ids here until the next retry pass; if no pull ever
            // times out that pass never runs, so compact before the list can grow.
            if (pull_order_.size() > 2 * pulls_.size() + 64)
                std::erase_if(pull_order_, [&](const MsgId& m) { return pulls_.count(m) == 0; });
            pull_order_.push_back(id);
            p.asked = p.holders.size();
            p.asked_at = now;
            p.first_asked = now;
            pull_now.push_back(id);
        }
    }
    return pull_now;
}

}  // namespace gocast

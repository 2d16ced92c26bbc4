#include "dissemination/gossip.hpp"

#include <algorithm>

namespace gocast {

void Gossip::on_neighbor_up(NodeId id, const std::vector<std::pair<MsgId, Time>>& catch_up) {
    for (const Peer& p : peers_)
        if (p.id == id) return;
    Peer& p = peers_.emplace_back(Peer{id, {}});
    // Oldest first, as note_new would have queued them.
    for (auto it = catch_up.rbegin(); it != catch_up.rend(); ++it) p.queued.push_back(Queued{it->first, it->second});
    queued_total_ += catch_up.size();
}

void Gossip::on_neighbor_down(NodeId id) {
    auto it = std::find_if(peers_.begin(), peers_.end(), [&](const Peer& p) { return p.id == id; });
    if (it != peers_.end()) {
        const auto pos = static_cast<std::size_t>(it - peers_.begin());
        queued_total_ -= it->queued.size();
        peers_.erase(it);
        if (cursor_ > pos) --cursor_;
        if (cursor_ >= peers_.size()) cursor_ = 0;
    }
    // A holder that is no longer a neighbour cannot be asked; a later summary re-adds one.
    for (auto& [mid, p] : pulls_) std::erase(p.holders, id);
}

void Gossip::note_new(const MsgId& id, Time now, const std::vector<NodeId>& skip) {
    for (Peer& p : peers_) {
        if (std::find(skip.begin(), skip.end(), p.id) != skip.end()) continue;
        p.queued.push_back(Queued{id, now});
        ++queued_total_;
    }
}

void Gossip::forget_queued(NodeId id, const std::vector<MsgId>& ids) {
    if (queued_total_ == 0 || ids.empty()) return;
    for (Peer& p : peers_) {
        if (p.id != id) continue;
        if (p.queued.empty()) return;
        // Both lists are short at ordinary rates (ids of one gossip interval); past that,
        // sort a copy rather than compare every pair.
        std::size_t dropped = 0;
        if (p.queued.size() * ids.size() <= 256) {
            dropped = std::erase_if(p.queued, [&](const Queued& q) {
                return std::find(ids.begin(), ids.end(), q.id) != ids.end();
            });
        } else {
            std::vector<MsgId> known(ids);
            std::sort(known.begin(), known.end());
            dropped = std::erase_if(p.queued, [&](const Queued& q) {
                return std::binary_search(known.begin(), known.end(), q.id);
            });
        }
        queued_total_ -= dropped;
        return;
    }
}

std::optional<Summary> Gossip::next_summary(Time now) {
    for (std::size_t tried = 0; tried < peers_.size(); ++tried) {
        Peer& p = peers_[cursor_];
        cursor_ = (cursor_ + 1) % peers_.size();
        auto& q = p.queued;
        queued_total_ -= std::erase_if(q, [&](const Queued& e) { return now - e.noted > cfg_.retain; });
        if (q.empty()) continue;
        Summary s;
        s.to = p.id;
        const std::size_t take = std::min<std::size_t>(q.size(), cfg_.summary_max_ids);
        s.ids.reserve(take);
        for (std::size_t i = 0; i < take; ++i) s.ids.push_back(q[i].id);
        q.erase(q.begin(), q.begin() + static_cast<std::ptrdiff_t>(take));
        queued_total_ -= take;
        return s;
    }
    return std::nullopt;
}

std::vector<NodeId> Gossip::on_received(const MsgId& id) {
    const auto it = pulls_.find(id);
    if (it == pulls_.end()) return {};
    std::vector<NodeId> holders = std::move(it->second.holders);
    pulls_.erase(it);
    return holders;
}

std::vector<PullRequest> Gossip::retry_pulls(Time now) {
    std::vector<PullRequest> out;
    std::vector<MsgId> keep;
    keep.reserve(pull_order_.size());
    for (const MsgId& id : pull_order_) {
        auto it = pulls_.find(id);
        if (it == pulls_.end()) continue;  // answered
        PullState& p = it->second;
        if (now - p.first_asked > cfg_.retain || p.holders.empty()) {
            pulls_.erase(it);  // every holder has released it by now
            continue;
        }
        keep.push_back(id);
        if (now - p.asked_at < cfg_.pull_retry) continue;
        // Next holder, cycling, so a lost answer is retried even with a single holder.
        const NodeId holder = p.holders[p.asked % p.holders.size()];
        ++p.asked;
        p.asked_at = now;
        auto g = std::find_if(out.begin(), out.end(), [&](const PullRequest& r) { return r.from == holder; });
        if (g == out.end()) {
            out.push_back(PullRequest{holder, {}});
            g = out.end() - 1;
        }
        g->ids.push_back(id);
    }
    pull_order_.swap(keep);
    return out;
}

Time Gossip::next_retry_deadline() const {
    Time t = kNever;
    for (const auto& [id, p] : pulls_) t = std::min(t, p.asked_at + cfg_.pull_retry);
    return t;
}

std::size_t Gossip::queued_for(NodeId id) const {
    for (const Peer& p : peers_)
        if (p.id == id) return p.queued.size();
    return 0;
}


}  // namespace gocast

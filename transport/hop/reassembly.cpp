#include "transport/hop/reassembly.hpp"

namespace gocast {

Reassembly::Outcome Reassembly::add(Time now, const FragmentView& f, Bytes& out) {
    if (f.total > cfg_.max_message_bytes) return Outcome::rejected;
    auto it = partial_.find(f.msg);
    if (it == partial_.end()) {
        if (partial_.size() >= cfg_.max_partial_messages) return Outcome::rejected;
        Partial p;
        p.count = f.count;
        p.total = f.total;
        p.started = now;
        p.chunks.resize(f.count);
        it = partial_.emplace(f.msg, std::move(p)).first;
    }
    Partial& p = it->second;
    if (p.count != f.count || p.total != f.total || p.bytes + f.chunk.size() > p.total) {
        partial_.erase(it);
        return Outcome::rejected;
    }
    Bytes& slot = p.chunks[f.index];
    if (!slot.empty()) return Outcome::duplicate;
    slot.assign(f.chunk.begin(), f.chunk.end());
    p.bytes += f.chunk.size();
    if (++p.received < p.count) return Outcome::partial;
    if (p.bytes != p.total) {
        partial_.erase(it);
        return Outcome::rejected;
    }
    out.clear();
    out.reserve(p.total);
    for (const Bytes& c : p.chunks) out.insert(out.end(), c.begin(), c.end());
    partial_.erase(it);
    return Outcome::complete;
}

void Reassembly::expire(Time now) {
    std::erase_if(partial_, [&](const auto& kv) { return now - kv.second.started >= cfg_.reassembly_timeout; });
}

Time Reassembly::next_deadline() const {
    Time t = kNever;
    for (const auto& [msg, p] : partial_) t = std::min(t, p.started + cfg_.reassembly_timeout);
    return t;
}

}  // namespace gocast

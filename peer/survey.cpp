#include "peer/survey.hpp"

#include <algorithm>
#include <set>

namespace gocast {

namespace {
// Bytes of a reply frame around its entries (ids, part numbers, flags, count).
constexpr std::size_t kReplyOverheadBytes = 32;
}  // namespace

std::optional<SurveyId> Survey::start(Time now, SurveyKind kind, const MsgId& message,
                                      std::uint32_t max_entries, SurveyEntry self_entry,
                                      const std::vector<SurveyTarget>& targets,
                                      std::vector<SurveySend>& out) {
    if (active_.size() >= cfg_.max_active) return std::nullopt;
    Active a;
    a.id = SurveyId{self_, next_seq_++};
    a.kind = kind;
    a.message = message;
    a.local = true;
    a.reply_to = self_;
    a.max_entries = std::clamp<std::uint32_t>(max_entries, 1, cfg_.max_entries);
    const SurveyId id = a.id;
    const Duration timeout = std::min<Duration>(cfg_.timeout, UINT32_MAX);
    begin(std::move(a), std::move(self_entry), now, static_cast<std::uint32_t>(timeout), NodeId{},
          targets, out);
    return id;
}

bool Survey::is_new(const SurveyId& id) const {
    if (std::find(answered_.begin(), answered_.end(), id) != answered_.end()) return false;
    return std::none_of(active_.begin(), active_.end(), [&](const Active& a) { return a.id == id; });
}

void Survey::on_request(Time now, NodeId from, const SurveyRequestFrame& f, SurveyEntry self_entry,
                        const std::vector<SurveyTarget>& targets, std::vector<SurveySend>& out) {
    if (!is_new(f.id) || f.id.origin == self_) {
        // Reached twice (the tree changed under the survey): the first copy counts us.
        answer(f.id, from, false, 0, {}, out);
        return;
    }
    if (active_.size() >= cfg_.max_active) {
        // Too busy to explore a subtree: report ourselves only, and say so.
        remember(f.id);
        std::vector<SurveyEntry> own;
        own.push_back(std::move(self_entry));
        answer(f.id, from, true, 0, std::move(own), out);
        return;
    }
    Active a;
    a.id = f.id;
    a.kind = f.kind;
    a.message = f.message;
    a.reply_to = from;
    a.max_entries = std::clamp<std::uint32_t>(f.max_entries, 1, cfg_.max_entries);
    // No sender may hold one of our survey slots longer than our own timeout.
    const auto budget = static_cast<std::uint32_t>(std::min<Duration>(f.budget_us, cfg_.timeout));
    begin(std::move(a), std::move(self_entry), now, budget, from, targets, out);
}

void Survey::begin(Active a, SurveyEntry self_entry, Time now, std::uint32_t budget, NodeId skip,
                   const std::vector<SurveyTarget>& targets, std::vector<SurveySend>& out) {
    a.started = now;
    a.deadline = now + budget;
    add_entry(a, std::move(self_entry), now, 0);
    SurveyRequestFrame fwd;
    fwd.id = a.id;
    fwd.kind = a.kind;
    fwd.message = a.message;
    fwd.max_entries = a.max_entries;
    for (const SurveyTarget& t : targets) {
        if (t.id == skip || t.id == self_) continue;
        // The child's answer must cross the link back before our deadline, with a guard.
        const Duration child_budget = Duration{budget} - std::max<Duration>(0, t.rtt) - cfg_.guard;
        if (child_budget <= cfg_.guard) {
            a.partial = true;  // too little time left to explore this subtree
            continue;
        }
        fwd.budget_us = static_cast<std::uint32_t>(child_budget);
        out.push_back(SurveySend{t.id, FrameType::survey_request, encode(fwd)});
        a.waiting.push_back(Waiting{t.id, now, 0, {}, 0, false});
    }
    remember(a.id);
    active_.push_back(std::move(a));
    finish_done(now, out);
}

void Survey::add_entry(Active& a, SurveyEntry e, Time now, Duration age_offset) {
    if (a.entries.size() >= a.max_entries) {
        a.partial = true;  // size bound reached
        return;
    }
    Time at = 0;
    if (e.arrival) {
        const Duration age = static_cast<Duration>(std::min<std::uint64_t>(e.arrival->age_us, INT64_MAX / 4));
        at = now - age_offset - age;
    }
    a.entries.push_back(std::move(e));
    a.arrived_at.push_back(at);
}

void Survey::on_reply(Time now, NodeId from, const Endpoint& from_address, Duration link_rtt,
                      SurveyReplyFrame f, std::vector<SurveySend>& out) {
    const auto it = std::find_if(active_.begin(), active_.end(), [&](const Active& a) { return a.id == f.id; });
    if (it == active_.end()) return;  // late, or never asked: nothing waits for it
    Active& a = *it;
    const auto w = std::find_if(a.waiting.begin(), a.waiting.end(),
                                [&](const Waiting& x) { return x.child == from && !x.done; });
    if (w == a.waiting.end()) return;
    if (w->parts == 0) {
        w->parts = f.parts;
        w->got.assign(f.parts, false);
    }
    if (f.parts != w->parts || f.part >= w->parts || w->got[f.part]) return;  // inconsistent or repeated
    w->got[f.part] = true;
    ++w->received;
    a.partial = a.partial || f.partial;
    // This survey's own RTT sample of the link; the smoothed one if the child's figure is
    // implausible (held longer than we waited).
    const Duration waited = now - w->asked_at;
    const Duration held = static_cast<Duration>(std::min<std::uint64_t>(f.held_us, INT64_MAX / 4));
    const Duration rtt = held <= waited ? waited - held : std::max<Duration>(0, link_rtt);
    for (auto& e : f.entries) {
        if (e.id == from && e.address.ip == 0) e.address = from_address;
        add_entry(a, std::move(e), now, rtt / 2);
    }
    if (w->received == w->parts) w->done = true;
    finish_done(now, out);
}

void Survey::on_neighbor_down(Time now, NodeId id, std::vector<SurveySend>& out) {
    for (Active& a : active_) {
        for (Waiting& w : a.waiting) {
            if (w.child != id || w.done) continue;
            w.done = true;
            a.partial = true;
        }
    }
    finish_done(now, out);
}

void Survey::tick(Time now, std::vector<SurveySend>& out) {
    for (std::size_t i = 0; i < active_.size();) {
        if (active_[i].deadline > now) {
            ++i;
            continue;
        }
        for (const Waiting& w : active_[i].waiting)
            if (!w.done) active_[i].partial = true;
        finish(i, now, out);
    }
}

Time Survey::next_deadline() const {
    Time t = kNever;
    for (const Active& a : active_) t = std::min(t, a.deadline);
    return t;
}

const SurveyResult* Survey::result(const SurveyId& id) const {
    for (const auto& r : results_)
        if (r.id == id) return &r;
    return nullptr;
}

void Survey::finish_done(Time now, std::vector<SurveySend>& out) {
    for (std::size_t i = 0; i < active_.size();) {
        const auto& w = active_[i].waiting;
        if (std::all_of(w.begin(), w.end(), [](const Waiting& x) { return x.done; }))
            finish(i, now, out);
        else
            ++i;
    }
}

void Survey::finish(std::size_t index, Time now, std::vector<SurveySend>& out) {
    Active a = std::move(active_[index]);
    active_.erase(active_.begin() + static_cast<std::ptrdiff_t>(index));
    for (std::size_t i = 0; i < a.entries.size(); ++i) {
        auto& arrival = a.entries[i].arrival;
        if (arrival) arrival->age_us = static_cast<std::uint64_t>(std::max<Duration>(0, now - a.arrived_at[i]));
    }
    if (!a.local) {
        answer(a.id, a.reply_to, a.partial, now - a.started, std::move(a.entries), out);
        return;
    }
    // A peer that some answer names as a neighbour but that did not answer itself was
    // missed (it changed parents while the survey passed): say so.
    std::set<NodeId> reported;
    for (const auto& e : a.entries) reported.insert(e.id);
    for (const auto& e : a.entries)
        for (const auto& n : e.neighbors)
            if (!reported.count(n.id)) a.partial = true;
    SurveyResult r;
    r.id = a.id;
    r.kind = a.kind;
    r.message = a.message;
    r.started_at = a.started;
    r.finished_at = now;
    r.partial = a.partial;
    r.entries = std::move(a.entries);
    results_.push_back(std::move(r));
    while (results_.size() > cfg_.results_kept) results_.pop_front();
}

void Survey::remember(const SurveyId& id) {
    answered_.push_back(id);
    while (answered_.size() > cfg_.remembered_queries) answered_.pop_front();
}

void Survey::answer(const SurveyId& id, NodeId to, bool partial, Duration held, std::vector<SurveyEntry> entries,
                    std::vector<SurveySend>& out) const {
    // Split into parts of about part_bytes each (at least one entry per part).
    std::vector<SurveyReplyFrame> parts(1);
    std::size_t bytes = kReplyOverheadBytes;
    for (auto& e : entries) {
        const std::size_t size = encoded_size(e);
        SurveyReplyFrame& cur = parts.back();
        const bool full = !cur.entries.empty() &&
                          (bytes + size > cfg_.part_bytes || cur.entries.size() >= kMaxSurveyEntriesPerFrame);
        if (full) {
            if (parts.size() >= kMaxSurveyParts) {
                partial = true;  // cannot say more in one answer
                break;
            }
            parts.emplace_back();
            bytes = kReplyOverheadBytes;
        }
        parts.back().entries.push_back(std::move(e));
        bytes += size;
    }
    const auto count = static_cast<std::uint16_t>(parts.size());
    for (std::uint16_t i = 0; i < count; ++i) {
        parts[i].id = id;
        parts[i].part = i;
        parts[i].parts = count;
        parts[i].partial = partial;
        parts[i].held_us = static_cast<std::uint64_t>(std::max<Duration>(0, held));
        out.push_back(SurveySend{to, FrameType::survey_reply, encode(parts[i])});
    }
}

}  // namespace gocast

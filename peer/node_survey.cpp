// Node: surveys of the overlay (topology and message traces) by convergecast along the tree.
#include <algorithm>

#include "peer/node_impl.hpp"

namespace gocast {

std::optional<SurveyId> Node::start_survey(Time now, SurveyKind kind, MsgId message, std::uint32_t max_entries) {
    Impl& m = *impl_;
    if (!m.started || m.left) return std::nullopt;
    m.last_now = std::max(m.last_now, now);
    std::vector<SurveySend> out;
    auto id = m.survey.start(now, kind, message, max_entries, m.survey_entry(now, kind, message), m.survey_targets(),
                             out);
    m.send_survey(out);
    m.flush();
    return id;
}

std::optional<SurveyResult> Node::survey_result(const SurveyId& id) const {
    if (const SurveyResult* r = impl_->survey.result(id)) return *r;
    return std::nullopt;
}

SurveyEntry Node::Impl::survey_entry(Time now, SurveyKind kind, const MsgId& message) const {
    SurveyEntry e;
    e.id = self;
    e.site = cfg.site;
    e.root = tree.root().id;
    e.parent = tree.parent().value_or(NodeId{});
    e.depth = tree.depth();
    for (const auto& n : links.neighbors()) {
        if (e.neighbors.size() >= kMaxSurveyNeighbors) break;
        SurveyNeighbor s;
        s.id = n.id;
        s.kind = static_cast<std::uint8_t>(n.kind);
        s.role = tree.parent() == n.id ? TreeRole::parent : tree.is_child(n.id) ? TreeRole::child : TreeRole::none;
        s.rtt_us = static_cast<std::uint32_t>(std::clamp<Duration>(n.rtt.value(), 0, UINT32_MAX));
        e.neighbors.push_back(s);
    }
    if (kind == SurveyKind::trace) {
        if (auto r = recent.find(message)) {
            e.arrival = SurveyArrival{r->from, r->path, r->hops,
                                      static_cast<std::uint64_t>(std::max<Duration>(0, now - r->received_at))};
        }
    }
    return e;
}

std::vector<SurveyTarget> Node::Impl::survey_targets() const {
    std::vector<SurveyTarget> out;
    if (auto p = tree.parent()) out.push_back(SurveyTarget{*p, 2 * link_cost(*p)});
    for (NodeId c : tree.children()) out.push_back(SurveyTarget{c, 2 * link_cost(c)});
    return out;
}

void Node::Impl::on_survey_request(Time now, NodeId from, std::span<const std::byte> body) {
    const auto f = decode_survey_request(body);
    if (!admit_from_neighbor(f, from)) return;
    std::vector<SurveySend> out;
    SurveyEntry own = survey.is_new(f->id) ? survey_entry(now, f->kind, f->message) : SurveyEntry{};
    survey.on_request(now, from, *f, std::move(own), survey_targets(), out);
    send_survey(out);
}

void Node::Impl::on_survey_reply(Time now, NodeId from, const Endpoint& addr, std::span<const std::byte> body) {
    auto f = decode_survey_reply(body);
    if (!admit_from_neighbor(f, from)) return;
    const Neighbor* n = links.find(from);
    const Duration rtt = n && n->rtt.has_value() ? n->rtt.value() : 0;
    std::vector<SurveySend> out;
    survey.on_reply(now, from, addr, rtt, std::move(*f), out);
    send_survey(out);
}

void Node::Impl::send_survey(std::vector<SurveySend>& out) {
    for (const SurveySend& s : out) send_to_neighbor(s.to, s.type, s.body);
    out.clear();
}

}  // namespace gocast

#include "peer/survey_frames.hpp"

#include "transport/codec.hpp"

namespace gocast {

namespace {

constexpr std::uint8_t kHasArrival = 0x01;
constexpr std::uint8_t kPartialFlag = 0x01;

void put_id(Writer& w, const SurveyId& id) {
    w.node_id(id.origin);
    w.varint(id.seq);
}

SurveyId get_id(Reader& r) {
    SurveyId id;
    id.origin = r.node_id();
    id.seq = r.varint();
    return id;
}

void put_entry(Writer& w, const SurveyEntry& e) {
    w.node_id(e.id);
    w.endpoint(e.address);
    w.varint(e.site);
    w.node_id(e.root);
    w.node_id(e.parent);
    w.varint(e.depth);
    const std::size_t n = std::min(e.neighbors.size(), kMaxSurveyNeighbors);
    w.u8(static_cast<std::uint8_t>(n));
    for (std::size_t i = 0; i < n; ++i) {
        const auto& nb = e.neighbors[i];
        w.node_id(nb.id);
        w.u8(static_cast<std::uint8_t>(nb.kind | (static_cast<std::uint8_t>(nb.role) << 4)));
        w.varint(nb.rtt_us);
    }
    w.u8(e.arrival ? kHasArrival : 0);
    if (e.arrival) {
        w.node_id(e.arrival->from);
        w.u8(e.arrival->path);
        w.varint(e.arrival->hops);
        w.varint(e.arrival->age_us);
    }
}

SurveyEntry get_entry(Reader& r) {
    SurveyEntry e;
    e.id = r.node_id();
    e.address = r.endpoint();
    e.site = static_cast<std::uint32_t>(r.varint_max(UINT32_MAX));
    e.root = r.node_id();
    e.parent = r.node_id();
    e.depth = static_cast<std::uint16_t>(r.varint_max(UINT16_MAX));
    const std::size_t n = r.u8();
    for (std::size_t i = 0; i < n && r.ok(); ++i) {
        SurveyNeighbor nb;
        nb.id = r.node_id();
        const std::uint8_t bits = r.u8();
        nb.kind = bits & 0x0f;
        const std::uint8_t role = bits >> 4;
        if (nb.kind > 1 || role > 2) r.fail();
        nb.role = static_cast<TreeRole>(role);
        nb.rtt_us = static_cast<std::uint32_t>(r.varint_max(UINT32_MAX));
        e.neighbors.push_back(nb);
    }
    const std::uint8_t flags = r.u8();
    if ((flags & ~kHasArrival) != 0) r.fail();
    if (flags & kHasArrival) {
        SurveyArrival a;
        a.from = r.node_id();
        a.path = r.u8();
        if (a.path > 3) r.fail();
        a.hops = static_cast<std::uint16_t>(r.varint_max(UINT16_MAX));
        a.age_us = r.varint();
        e.arrival = a;
    }
    return e;
}

template <typename T>
std::optional<T> finish(const Reader& r, T value) {
    if (!r.ok() || !r.at_end()) return std::nullopt;
    return value;
}

}  // namespace

const char* to_string(SurveyKind k) { return k == SurveyKind::trace ? "trace" : "topology"; }

const char* to_string(TreeRole r) {
    switch (r) {
        case TreeRole::parent: return "parent";
        case TreeRole::child: return "child";
        case TreeRole::none: break;
    }
    return "none";
}

Bytes encode(const SurveyRequestFrame& f) {
    Bytes out;
    Writer w(out);
    put_id(w, f.id);
    w.u8(static_cast<std::uint8_t>(f.kind));
    if (f.kind == SurveyKind::trace) {
        w.node_id(f.message.origin);
        w.varint(f.message.seq);
    }
    w.varint(f.budget_us);
    w.varint(f.max_entries);
    return out;
}

std::optional<SurveyRequestFrame> decode_survey_request(std::span<const std::byte> b) {
    Reader r(b);
    SurveyRequestFrame f;
    f.id = get_id(r);
    const std::uint8_t kind = r.u8();
    if (kind > 1) r.fail();
    f.kind = static_cast<SurveyKind>(kind);
    if (r.ok() && f.kind == SurveyKind::trace) {
        f.message.origin = r.node_id();
        f.message.seq = r.varint();
    }
    f.budget_us = static_cast<std::uint32_t>(r.varint_max(UINT32_MAX));
    f.max_entries = static_cast<std::uint32_t>(r.varint_max(UINT32_MAX));
    return finish(r, f);
}

Bytes encode(const SurveyReplyFrame& f) {
    Bytes out;
    Writer w(out);
    put_id(w, f.id);
    w.varint(f.part);
    w.varint(f.parts);
    w.u8(f.partial ? kPartialFlag : 0);
    w.varint(f.held_us);
    const std::size_t n = std::min(f.entries.size(), kMaxSurveyEntriesPerFrame);
    w.varint(n);
    for (std::size_t i = 0; i < n; ++i) put_entry(w, f.entries[i]);
    return out;
}

std::optional<SurveyReplyFrame> decode_survey_reply(std::span<const std::byte> b) {
    Reader r(b);
    SurveyReplyFrame f;
    f.id = get_id(r);
    f.part = static_cast<std::uint16_t>(r.varint_max(kMaxSurveyParts - 1));
    f.parts = static_cast<std::uint16_t>(r.varint_max(kMaxSurveyParts));
    if (f.parts == 0 || f.part >= f.parts) r.fail();
    const std::uint8_t flags = r.u8();
    if ((flags & ~kPartialFlag) != 0) r.fail();
    f.partial = (flags & kPartialFlag) != 0;
    f.held_us = r.varint();
    const auto n = r.varint_max(kMaxSurveyEntriesPerFrame);
    for (std::uint64_t i = 0; i < n && r.ok(); ++i) f.entries.push_back(get_entry(r));
    return finish(r, std::move(f));
}

std::size_t encoded_size(const SurveyEntry& e) {
    Bytes out;
    Writer w(out);
    put_entry(w, e);
    return out.size();
}

}  // namespace gocast

#pragma once
// Helpers shared by the fuzz targets in tests/fuzz/. Each target defines
// LLVMFuzzerTestOneInput; it is linked either with libFuzzer (clang, GOCAST_FUZZ=ON) or with
// replay_main.cpp, which runs it over the seed corpus and deterministic mutations.
//
// A target "fails" only by crashing, so the property checks below abort() instead of using
// assert(): release builds define NDEBUG, and a fuzzer that silently skips its checks in
// the configuration CI runs would test nothing.

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <span>
#include <vector>

#include "dissemination/dissemination_frames.hpp"
#include "overlay/overlay_frames.hpp"
#include "peer/survey_frames.hpp"
#include "peer/config.hpp"
#include "transport/packet.hpp"

#define GOCAST_FUZZ_CHECK(cond)                                                                   \
    do {                                                                                          \
        if (!(cond)) {                                                                            \
            std::fprintf(stderr, "%s:%d: fuzz property failed: %s\n", __FILE__, __LINE__, #cond); \
            std::abort();                                                                         \
        }                                                                                         \
    } while (0)

namespace gocast::fuzz {

inline std::span<const std::byte> as_span(const std::uint8_t* data, std::size_t size) {
    // libFuzzer passes a null pointer for the empty input; a span needs none.
    if (size == 0) return {};
    return std::as_bytes(std::span(data, size));
}

// The frames of a packet that decode_packet accepted, in order.
inline std::vector<FrameView> frames_of(const PacketView& p) {
    std::vector<FrameView> out;
    for_each_frame(p, [&](const FrameView& f) { out.push_back(f); });
    return out;
}

// The limits a real Node decodes data frames with (Config defaults), so the fuzzers test
// what a peer on the wire would accept.
inline DataLimits node_data_limits() {
    const DisseminationConfig d = Config{}.dissemination;
    return DataLimits{d.max_topic_bytes, d.max_payload_bytes};
}

// decode -> encode -> decode -> encode must give the same bytes twice. The first encoding
// need not equal the input (a decoder accepts over-long varints, an encoder writes the
// shortest form), but once canonical an encoding must survive a round trip unchanged:
// anything else means an encoder writes something its decoder reads differently.
template <typename Decode>
void check_round_trip(std::span<const std::byte> body, Decode decode) {
    const auto first = decode(body);
    if (!first) return;
    const Bytes once = encode(*first);
    const auto second = decode(std::span<const std::byte>(once));
    GOCAST_FUZZ_CHECK(second.has_value());
    const Bytes twice = encode(*second);
    GOCAST_FUZZ_CHECK(once == twice);
}

inline void check_overlay_decoders(std::span<const std::byte> body) {
    check_round_trip(body, [](auto b) { return decode_entries(b); });
    check_round_trip(body, [](auto b) { return decode_ping(b); });
    check_round_trip(body, [](auto b) { return decode_pong(b); });
    check_round_trip(body, [](auto b) { return decode_link_request(b); });
    check_round_trip(body, [](auto b) { return decode_link_answer(b); });
    check_round_trip(body, [](auto b) { return decode_link_close(b); });
    check_round_trip(body, [](auto b) { return decode_beacon(b); });
    if (const auto e = decode_entries(body))
        GOCAST_FUZZ_CHECK(e->entries.size() <= kMaxEntriesPerFrame);
    if (const auto p = decode_pong(body))
        GOCAST_FUZZ_CHECK(p->nearby.size() <= kMaxEntriesPerFrame);
}

inline void check_dissemination_decoders(std::span<const std::byte> body) {
    // Both the Node's limits and the struct defaults: they differ (60 KiB vs 64 KiB payload).
    for (const DataLimits limits : {node_data_limits(), DataLimits{}}) {
        check_round_trip(body, [&](auto b) { return decode_data(b, limits); });
        if (const auto d = decode_data(body, limits)) {
            GOCAST_FUZZ_CHECK(d->message.topic.size() <= limits.max_topic_bytes);
            GOCAST_FUZZ_CHECK(d->message.payload.size() <= limits.max_payload_bytes);
            GOCAST_FUZZ_CHECK(d->message.id.seq != 0 && d->message.id.origin.value != 0);
            GOCAST_FUZZ_CHECK(is_valid_service(static_cast<std::uint8_t>(d->message.service)));
        }
    }
    check_round_trip(body, [](auto b) { return decode_id_list(b); });
    if (const auto l = decode_id_list(body)) {
        GOCAST_FUZZ_CHECK(l->ids.size() <= kMaxIdsPerFrame);
        for (const MsgId& id : l->ids) GOCAST_FUZZ_CHECK(id.seq != 0 && id.origin.value != 0);
    }
}

inline void check_survey_decoders(std::span<const std::byte> body) {
    check_round_trip(body, [](auto b) { return decode_survey_request(b); });
    check_round_trip(body, [](auto b) { return decode_survey_reply(b); });
    if (const auto r = decode_survey_reply(body)) {
        GOCAST_FUZZ_CHECK(r->parts >= 1 && r->part < r->parts);
        GOCAST_FUZZ_CHECK(r->entries.size() <= kMaxSurveyEntriesPerFrame);
        for (const auto& e : r->entries) GOCAST_FUZZ_CHECK(e.neighbors.size() <= kMaxSurveyNeighbors);
    }
}

}  // namespace gocast::fuzz

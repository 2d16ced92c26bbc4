// Fuzz target: a whole sans-IO Node receiving the input as a datagram from one peer.
// The node is started with one seed and has published one message (so pulls can find a
// payload). It then gets the datagram, an early timeout, the same datagram again 100 ms
// later (frames that need state made by the first copy - a link it opened, the ping it sent
// on that link - now meet that state), and timeouts spread over the lifetimes in
// Config::for_tests() (neighbour timeout, retain, seen_ttl, entry_ttl). Outputs are drained
// after every input.
//
// Properties beyond "never crashes":
//  - a packet decode_packet rejects changes nothing but packets_received, bytes_received
//    and dropped_malformed (+1), and produces no output;
//  - every frame type outside the registry in transport/frame_type.hpp is counted in
//    dropped_unknown_frame, once per frame;
//  - every datagram the node emits decodes, names the node as sender and fits
//    transport.max_datagram_bytes;
//  - a survey the node started between the two copies (a trace of its own message, id
//    {1, 1}, which the seeds answer) has finished by the last timeout.

#include <algorithm>
#include <array>
#include <cstring>
#include <string_view>
#include <type_traits>

#include "fuzz_support.hpp"
#include "peer/node.hpp"

using namespace gocast;

namespace {

constexpr NodeId kSelf{1};
constexpr std::uint64_t kRngSeed = 42;
constexpr Endpoint kSeed{0x0a000001, 7000};
constexpr Endpoint kPeer{0x0a000002, 7000};
constexpr Time kStart = 1 * kSecond;

// Offsets from the second datagram's arrival at which handle_timeout runs. Sparse on purpose: a
// late call runs every due timer once, so a handful of calls reaches every timer path at a
// tiny fraction of the cost of stepping through each deadline.
constexpr std::array<Duration, 7> kTimeoutSteps{50 * kMillisecond, 300 * kMillisecond, 1 * kSecond,
                                                3 * kSecond,       11 * kSecond,       31 * kSecond,
                                                61 * kSecond};

// The frame type numbers of transport/frame_type.hpp, as listed in docs/PROTOCOL.md. Kept
// as a separate list (not derived from the enum) on purpose: when the Node starts handling
// a new type, the unknown-frame check below fails until the type is added here, which is
// the reminder to document it.
constexpr std::array<std::uint8_t, 22> kKnownFrameTypes{1,  2,  3,  4,  5,           // membership
                                                        10, 11,                      // probing
                                                        20, 21, 22, 23, 24, 25, 26,  // links
                                                        30,                          // tree
                                                        40, 41, 42,                  // dissemination
                                                        50, 51,                      // neighbour links
                                                        60, 61};                     // surveys

bool known_frame_type(std::uint8_t t) {
    return std::find(kKnownFrameTypes.begin(), kKnownFrameTypes.end(), t) != kKnownFrameTypes.end();
}

void drain(Node& node, const Config& cfg) {
    while (auto t = node.poll_transmit()) {
        const DecodeResult d = decode_packet(t->bytes);
        GOCAST_FUZZ_CHECK(d.packet.has_value());
        GOCAST_FUZZ_CHECK(d.packet->sender == kSelf);
        GOCAST_FUZZ_CHECK(t->bytes.size() <= cfg.transport.max_datagram_bytes);
    }
    while (node.poll_event()) {
    }
}

// Everything but the receive counters must stay as it was when a packet is rejected whole.
// Counters is plain uint64_t fields, so memcmp compares exactly the values.
static_assert(std::has_unique_object_representations_v<Counters>);
bool same_except_receive(Counters a, Counters b) {
    a.packets_received = b.packets_received;
    a.bytes_received = b.bytes_received;
    a.dropped_malformed = b.dropped_malformed;
    return std::memcmp(&a, &b, sizeof a) == 0;
}

void deliver(Node& node, const Config& cfg, Time now, std::span<const std::byte> bytes) {
    const Counters before = node.snapshot().counters;
    node.handle_datagram(now, kPeer, bytes);
    const Counters after = node.snapshot().counters;
    GOCAST_FUZZ_CHECK(after.packets_received == before.packets_received + 1);

    const DecodeResult d = decode_packet(bytes);
    if (!d.packet || d.packet->sender == kSelf || d.packet->sender.value == 0) {
        GOCAST_FUZZ_CHECK(after.dropped_malformed == before.dropped_malformed + 1);
        GOCAST_FUZZ_CHECK(same_except_receive(before, after));
        GOCAST_FUZZ_CHECK(!node.poll_transmit().has_value());
        GOCAST_FUZZ_CHECK(!node.poll_event().has_value());
        return;
    }
    std::uint64_t unknown = 0;
    for (const FrameView& f : fuzz::frames_of(*d.packet))
        if (!known_frame_type(f.type)) ++unknown;
    GOCAST_FUZZ_CHECK(after.dropped_unknown_frame == before.dropped_unknown_frame + unknown);
    drain(node, cfg);
}

void run_timeouts(Node& node, const Config& cfg, Time from) {
    for (const Duration step : kTimeoutSteps) {
        node.handle_timeout(from + step);
        drain(node, cfg);
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::span<const std::byte> bytes = fuzz::as_span(data, size);
    const Config cfg = Config::for_tests();
    Node node(cfg, kSelf, kRngSeed);
    const std::array<Endpoint, 1> seeds{kSeed};
    node.handle_start(kStart, seeds);
    drain(node, cfg);
    const std::array<std::byte, 4> payload{std::byte{'f'}, std::byte{'u'}, std::byte{'z'},
                                           std::byte{'z'}};
    GOCAST_FUZZ_CHECK(node.publish(kStart, std::string_view("fuzz"), payload).has_value());
    drain(node, cfg);

    const Time first = kStart + kMillisecond;
    deliver(node, cfg, first, bytes);
    node.handle_timeout(first + 50 * kMillisecond);
    drain(node, cfg);
    const auto survey = node.start_survey(first + 60 * kMillisecond, SurveyKind::trace, MsgId{kSelf, 1});
    GOCAST_FUZZ_CHECK(survey.has_value());
    drain(node, cfg);
    const Time second = first + 100 * kMillisecond;
    deliver(node, cfg, second, bytes);
    run_timeouts(node, cfg, second);
    GOCAST_FUZZ_CHECK(node.survey_result(*survey).has_value());
    (void)node.snapshot();
    return 0;
}

// Fuzz target: the neighbour-link frame and fragment decoders (transport/hop/hop_frames.hpp)
// and the two link state machines behind them. Beyond not crashing: an accepted link frame
// keeps its ordering rules and re-encodes to bytes that decode to the same frame; a link fed
// arbitrary frames only ever emits frames that decode and fit its datagram budget, and
// follows a sender that jumps far ahead in bounded time.

#include "fuzz_support.hpp"
#include "transport/hop/hop_frames.hpp"
#include "transport/hop/hop_link.hpp"
#include "transport/hop/tcp_link.hpp"

namespace {

using namespace gocast;

void check_frame(std::span<const std::byte> in) {
    const auto f = decode_link_frame(in);
    if (!f) return;
    const LinkHeader& h = f->header;
    GOCAST_FUZZ_CHECK(h.session != 0 && h.send_low >= 1 && h.send_low - 1 <= h.sent_high);
    GOCAST_FUZZ_CHECK(h.cum_ack <= h.recv_high);
    for (std::size_t i = 1; i < f->nacks.size(); ++i) GOCAST_FUZZ_CHECK(f->nacks[i - 1] < f->nacks[i]);
    std::vector<SegmentOut> segs;
    for (const SegmentView& s : f->segments) {
        GOCAST_FUZZ_CHECK(s.seq >= h.send_low && s.seq <= h.sent_high && !s.body.empty());
        segs.push_back(SegmentOut{s.seq, s.kind, s.body});
    }
    const Bytes again = encode_link_frame(h, f->nacks, segs);
    const auto g = decode_link_frame(again);
    GOCAST_FUZZ_CHECK(g && g->nacks == f->nacks && g->segments.size() == f->segments.size());
    GOCAST_FUZZ_CHECK(encode_link_frame(g->header, g->nacks, segs) == again);
    if (const auto frag = decode_fragment(in)) {
        GOCAST_FUZZ_CHECK(frag->count >= 2 && frag->index < frag->count && !frag->chunk.empty());
        GOCAST_FUZZ_CHECK(frag->chunk.size() <= frag->total);
    }
}

void drive(NeighborLink& link, const HopConfig& cfg, std::span<const std::byte> in) {
    // Some data of our own first, so acks and NACKs in the input have something to name.
    for (int i = 0; i < 3; ++i) link.send(FrameType::data, Bytes(700, std::byte{static_cast<unsigned char>(i)}));
    Time now = 0;
    auto drain = [&] {
        while (auto d = link.poll_transmit(now)) {
            GOCAST_FUZZ_CHECK(d->size() <= cfg.max_datagram_payload);
            GOCAST_FUZZ_CHECK(decode_link_frame(*d).has_value());
        }
    };
    drain();
    std::vector<Bytes> runs;
    link.on_receive(now, in, runs);
    // The same input again, as a duplicate would arrive, then time passes.
    now += kMillisecond;
    link.on_receive(now, in, runs);
    drain();
    // Then the same sender claiming to have moved far on (it freed everything below a
    // sequence number near 2^62): the link must follow in bounded time.
    if (const auto f = decode_link_frame(in)) {
        LinkHeader jump = f->header;
        const std::uint64_t far = std::uint64_t{1} << 62;
        if (jump.sent_high < far) {
            jump.send_low = jump.sent_high + far;
            jump.sent_high = jump.send_low;
            now += kMillisecond;
            link.on_receive(now, encode_link_frame(jump, {}, {}), runs);
            drain();
        }
    }
    for (int i = 0; i < 20 && !link.failed(); ++i) {
        now = std::max(now + 1, std::min(link.next_deadline(), now + kSecond));
        link.on_timeout(now);
        drain();
    }
    for (const Bytes& r : runs) GOCAST_FUZZ_CHECK(r.size() <= cfg.max_message_bytes + cfg.max_datagram_payload);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto in = gocast::fuzz::as_span(data, size);
    check_frame(in);
    HopConfig cfg;
    cfg.max_message_bytes = 64 * 1024;
    HopLink hop(cfg, 0x1234);
    drive(hop, cfg, in);
    TcpLink tcp(cfg, 0x1234);
    drive(tcp, cfg, in);
    return 0;
}

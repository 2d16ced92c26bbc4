// Writes the seed corpus of the fuzz targets: valid encodings made with the project's own
// encoders (so the seeds follow the wire format as implemented, not as remembered), plus a
// few small dataset files. Run it after a wire format change and commit the result:
//
//   fuzz_make_corpus tests/fuzz/corpus
//
// Output is deterministic (fixed ids, times and contents) so regenerating an unchanged
// format leaves git clean. Every seed stays well under 2 KB: fuzzers mutate small inputs
// far faster, and the deep paths need structure, not size.

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

#include "dissemination/dissemination_frames.hpp"
#include "overlay/overlay_frames.hpp"
#include "peer/survey_frames.hpp"
#include "transport/hop/hop_frames.hpp"
#include "transport/packet.hpp"

using namespace gocast;
namespace fs = std::filesystem;

namespace {

// The fuzz_node target runs a node with id 1 receiving from 10.0.0.2:7000, which published
// message (1, 1); its first ping, sent when the seeds below open a link, carries nonce 1 and
// the send time 1.001 s. Seeds use those values so they reach past the identity checks.
constexpr NodeId kNodeUnderTest{1};
constexpr NodeId kSender{2};
constexpr std::uint64_t kFirstArrivalUs = 1'001'000;

struct Frame {
    FrameType type;
    Bytes body;
};

Bytes packet(NodeId sender, const std::vector<Frame>& frames) {
    Bytes out;
    write_packet_header(out, sender);
    for (const Frame& f : frames) append_frame(out, f.type, f.body);
    return out;
}

Bytes packet(const std::vector<Frame>& frames) {
    return packet(kSender, frames);
}

MemberEntry entry(std::uint64_t id, std::uint32_t age_ms = 0) {
    return MemberEntry{NodeId{id}, Endpoint{0x0a000000u + static_cast<std::uint32_t>(id), 7000},
                       static_cast<std::uint32_t>(id % 3), age_ms};
}

std::vector<MemberEntry> entries(std::size_t n) {
    std::vector<MemberEntry> out;
    for (std::size_t i = 0; i < n; ++i)
        out.push_back(entry(3 + i, static_cast<std::uint32_t>(i * 250)));
    return out;
}

Bytes text(std::string_view s) {
    const auto b = std::as_bytes(std::span(s.data(), s.size()));
    return Bytes(b.begin(), b.end());
}

Message message(std::uint64_t origin, std::uint64_t seq, Service service, std::string topic,
                std::string_view payload) {
    Message m;
    m.id = MsgId{NodeId{origin}, seq};
    m.service = service;
    m.origin_time = 1'000'000;
    m.topic = std::move(topic);
    m.payload = text(payload);
    return m;
}

BeaconFrame beacon(std::uint32_t distance_us, NodeId parent) {
    BeaconFrame b;
    b.root = kSender;
    b.root_priority = 0;
    b.root_score = 12'000;
    b.seq = 5;
    b.distance_us = distance_us;
    b.depth = 0;
    b.parent = parent;
    b.near_degree = 3;
    b.rand_degree = 1;
    return b;
}

// --- bodies of each frame type ---
Bytes join_request() {
    return encode(EntriesFrame{{}, 1});
}
Bytes some_entries() {
    return encode(EntriesFrame{entries(3), 2});
}
Bytes ping() {
    return encode(PingFrame{7, 123'456, true});
}
Bytes pong_first_ping() {
    return encode(PongFrame{1, kFirstArrivalUs, 2, 1, {entry(20), entry(21)}});
}
Bytes link_request() {
    return encode(LinkRequestFrame{LinkKindWire::nearby, false, 8'000});
}
Bytes link_request_replace() {
    return encode(LinkRequestFrame{LinkKindWire::random, true, 40'000});
}
Bytes link_answer() {
    return encode(LinkAnswerFrame{LinkKindWire::nearby, 6, 1});
}
Bytes close(std::uint8_t reason) {
    return encode(LinkCloseFrame{reason, 6, 2});
}
Bytes data(bool pull_answer, Service service) {
    return encode(DataFrame{message(2, 1, service, "news", "hello gocast"), 3, pull_answer});
}
Bytes ids(std::vector<MsgId> list) {
    return encode(IdListFrame{std::move(list)});
}

SurveyRequestFrame survey_request(SurveyKind kind) {
    SurveyRequestFrame f;
    f.id = SurveyId{kSender, 4};
    f.kind = kind;
    if (kind == SurveyKind::trace) f.message = MsgId{kSender, 1};
    f.budget_us = 900'000;
    f.max_entries = 4096;
    return f;
}

SurveyEntry survey_entry(std::uint64_t id, bool with_arrival) {
    SurveyEntry e;
    e.id = NodeId{id};
    e.address = Endpoint{0x0a000000u + static_cast<std::uint32_t>(id), 7000};
    e.site = 2;
    e.root = kSender;
    e.parent = NodeId{id - 1};
    e.depth = 1;
    e.neighbors = {SurveyNeighbor{NodeId{id - 1}, 0, TreeRole::parent, 4'000},
                   SurveyNeighbor{NodeId{id + 1}, 1, TreeRole::none, 0}};
    if (with_arrival) e.arrival = SurveyArrival{NodeId{id - 1}, 1, 2, 35'000};
    return e;
}

Bytes survey_reply(std::uint16_t part, std::uint16_t parts, bool partial, bool with_arrival) {
    SurveyReplyFrame f;
    f.id = SurveyId{kNodeUnderTest, 1};
    f.part = part;
    f.parts = parts;
    f.partial = partial;
    f.held_us = 12'000;
    f.entries = {survey_entry(5, with_arrival), survey_entry(6, with_arrival)};
    return encode(f);
}

class SeedWriter {
  public:
    explicit SeedWriter(fs::path root) : root_(std::move(root)) {}

    void put(const std::string& target, const std::string& name, const Bytes& bytes) {
        const fs::path dir = root_ / target;
        fs::create_directories(dir);
        std::ofstream out(dir / name, std::ios::binary | std::ios::trunc);
        out.write(reinterpret_cast<const char*>(bytes.data()),
                  static_cast<std::streamsize>(bytes.size()));
        if (!out) {
            std::fprintf(stderr, "cannot write %s\n", (dir / name).c_str());
            failed_ = true;
        }
        if (bytes.size() >= 2048) {
            std::fprintf(stderr, "seed %s/%s is %zu bytes, over the 2 KB budget\n", target.c_str(),
                         name.c_str(), bytes.size());
            failed_ = true;
        }
        ++count_;
    }
    bool failed() const { return failed_; }
    int count() const { return count_; }

  private:
    fs::path root_;
    bool failed_ = false;
    int count_ = 0;
};

void packets(SeedWriter& w) {
    const std::vector<std::pair<std::string, Bytes>> single = {
        {"join_request", packet({{FrameType::join_request, join_request()}})},
        {"join_reply", packet({{FrameType::join_reply, some_entries()}})},
        {"shuffle", packet({{FrameType::shuffle, some_entries()}})},
        {"shuffle_reply", packet({{FrameType::shuffle_reply, some_entries()}})},
        {"leave", packet({{FrameType::leave, {}}})},
        {"ping", packet({{FrameType::ping, ping()}})},
        {"pong", packet({{FrameType::pong, pong_first_ping()}})},
        {"link_request", packet({{FrameType::link_request, link_request()}})},
        {"link_accept", packet({{FrameType::link_accept, link_answer()}})},
        {"link_reject", packet({{FrameType::link_reject, link_answer()}})},
        {"link_close", packet({{FrameType::link_close, close(1)}})},
        {"drop_request", packet({{FrameType::drop_request, close(0)}})},
        {"drop_refuse", packet({{FrameType::drop_refuse, close(0)}})},
        {"keepalive", packet({{FrameType::keepalive, close(0)}})},
        {"beacon", packet({{FrameType::beacon, encode(beacon(4'000, NodeId{0}))}})},
        {"data", packet({{FrameType::data, data(false, Service::reliable)}})},
        {"summary", packet({{FrameType::summary, ids({{NodeId{2}, 1}, {NodeId{9}, 300}})}})},
        {"pull", packet({{FrameType::pull, ids({{kNodeUnderTest, 1}})}})},
        {"unknown_type",
         packet({{static_cast<FrameType>(99), text("future")}, {FrameType::ping, ping()}})},
    };
    for (const auto& [name, bytes] : single) {
        w.put("packet", name + ".bin", bytes);
        w.put("node", name + ".bin", bytes);
    }
    // A packet with most frame kinds, for the packet decoder's frame loop.
    w.put("packet", "many_frames.bin",
          packet({{FrameType::ping, ping()},
                  {FrameType::shuffle, some_entries()},
                  {FrameType::keepalive, close(0)},
                  {FrameType::beacon, encode(beacon(4'000, NodeId{0}))},
                  {FrameType::summary, ids({{NodeId{2}, 1}})},
                  {FrameType::leave, {}}}));
    // Node sessions: the first frame opens a link from the sender (an unsolicited accept or
    // a request), so the neighbour-only frames behind it are acted on rather than dropped.
    // The same datagram arrives twice, so on the second copy the pong matches the ping the
    // node sent when the link came up.
    w.put("node", "session_accept.bin",
          packet({{FrameType::link_accept, link_answer()},
                  {FrameType::beacon, encode(beacon(4'000, NodeId{0}))},
                  {FrameType::data, data(false, Service::fifo)},
                  {FrameType::summary, ids({{NodeId{2}, 2}, {NodeId{2}, 3}})},
                  {FrameType::pull, ids({{kNodeUnderTest, 1}})},
                  {FrameType::pong, pong_first_ping()}}));
    w.put("node", "session_request.bin",
          packet({{FrameType::link_request, link_request()},
                  {FrameType::beacon, encode(beacon(4'000, kNodeUnderTest))},
                  {FrameType::data, data(true, Service::unreliable)},
                  {FrameType::drop_request, close(0)},
                  {FrameType::keepalive, close(0)}}));
    w.put("node", "session_survey.bin",
          packet({{FrameType::link_accept, link_answer()},
                  {FrameType::beacon, encode(beacon(4'000, kNodeUnderTest))},
                  {FrameType::survey_request, encode(survey_request(SurveyKind::topology))},
                  {FrameType::survey_request, encode(survey_request(SurveyKind::trace))},
                  {FrameType::survey_reply, survey_reply(0, 2, false, true)}}));
    w.put("node", "survey_request.bin",
          packet({{FrameType::survey_request, encode(survey_request(SurveyKind::topology))}}));
    w.put("node", "survey_reply.bin", packet({{FrameType::survey_reply, survey_reply(0, 1, true, false)}}));
    w.put("node", "session_retract.bin",
          packet({{FrameType::link_request, link_request_replace()},
                  {FrameType::beacon, encode(beacon(4'000, NodeId{0}))},
                  {FrameType::beacon, encode(beacon(0xFFFFFFFFu, NodeId{0}))},
                  {FrameType::link_close, close(0)},
                  {FrameType::join_reply, some_entries()}}));
    // Rejected whole: bad magic, truncated frame, our own id as sender.
    Bytes bad_magic = packet({{FrameType::ping, ping()}});
    bad_magic[0] = std::byte{0x00};
    w.put("node", "bad_magic.bin", bad_magic);
    Bytes truncated = packet({{FrameType::data, data(false, Service::reliable)}});
    truncated.resize(truncated.size() - 3);
    w.put("node", "truncated.bin", truncated);
    w.put("node", "from_self.bin", packet(kNodeUnderTest, {{FrameType::ping, ping()}}));
}

void bodies(SeedWriter& w) {
    w.put("overlay_frames", "entries_empty.bin", join_request());
    w.put("overlay_frames", "entries_3.bin", some_entries());
    w.put("overlay_frames", "entries_64.bin",
          encode(EntriesFrame{entries(kMaxEntriesPerFrame), 7}));
    w.put("overlay_frames", "ping.bin", ping());
    w.put("overlay_frames", "pong.bin", pong_first_ping());
    w.put("overlay_frames", "link_request.bin", link_request_replace());
    w.put("overlay_frames", "link_answer.bin", link_answer());
    w.put("overlay_frames", "link_close.bin", close(3));
    w.put("overlay_frames", "beacon.bin", encode(beacon(4'000, NodeId{77})));
    w.put("overlay_frames", "beacon_retraction.bin", encode(beacon(0xFFFFFFFFu, NodeId{0})));

    w.put("dissemination_frames", "data.bin", data(false, Service::reliable));
    w.put("dissemination_frames", "data_pull_answer.bin", data(true, Service::fifo));
    w.put("dissemination_frames", "data_empty.bin",
          encode(DataFrame{
              message(0xffffffffffffffffull, 0xffffffffffffffffull, Service::unreliable, "", ""),
              0xffff, false}));
    w.put("survey_frames", "request_topology.bin", encode(survey_request(SurveyKind::topology)));
    w.put("survey_frames", "request_trace.bin", encode(survey_request(SurveyKind::trace)));
    w.put("survey_frames", "reply_topology.bin", survey_reply(0, 1, false, false));
    w.put("survey_frames", "reply_trace_part.bin", survey_reply(1, 3, true, true));
    w.put("survey_frames", "reply_empty.bin", encode(SurveyReplyFrame{SurveyId{kSender, 9}, 0, 1, false, 0, {}}));

    w.put("dissemination_frames", "ids_empty.bin", ids({}));
    w.put("dissemination_frames", "ids_3.bin",
          ids({{NodeId{2}, 1}, {NodeId{3}, 127}, {NodeId{4}, 128}}));
}

// Small dataset files in each layout load_any detects, a nodes CSV for attach_coordinates,
// and a near miss of each (the fuzzer reaches error paths from both sides).
// Link frames as they arrive at a link whose own session is 0x1234 (fuzz_hop_frames), and
// fragments.
void hop_frames(SeedWriter& w) {
    Bytes run;
    append_frame(run, FrameType::data, Bytes(40, std::byte{7}));
    LinkHeader h;
    h.session = 0x777;
    h.peer_session = 0x1234;
    h.send_low = 1;
    h.sent_high = 3;
    h.cum_ack = 1;
    h.recv_high = 2;
    h.echo_delay_us = 500;
    const std::uint64_t nacks[] = {2, 3};
    const SegmentOut segs[] = {{1, SegmentKind::frames, run}, {3, SegmentKind::frames, run}};
    w.put("hop_frames", "data_ack_nack", encode_link_frame(h, nacks, segs));
    w.put("hop_frames", "ack_only", encode_link_frame(h, {}, {}));
    Bytes frag;
    encode_fragment_header(frag, 1, 0, 2, 60);
    frag.insert(frag.end(), 30, std::byte{9});
    const SegmentOut fsegs[] = {{2, SegmentKind::fragment, frag}};
    w.put("hop_frames", "fragment", encode_link_frame(h, {}, fsegs));
    w.put("hop_frames", "fragment_body", frag);
    const std::uint64_t bad_nacks[] = {50, 1000000};
    h.sent_high = 1;
    w.put("hop_frames", "nack_never_sent", encode_link_frame(h, bad_nacks, {}));
}

void datasets(SeedWriter& w) {
    const std::vector<std::pair<std::string, std::string>> files = {
        {"square3.txt", "3\n0 10 20\n10 0 -1\n20 15 0\n"},
        {"square_missing_host.txt", "4\n0 -1 8 -1\n-1 0 9 -1\n8 9 0 -1\n-1 -1 -1 0\n"},
        {"e2egraph4.top",
         "topology E2EGraph 4\nfailure_model ConstantFailureModel delay=1\nloss_rate 0\n\n"
         "node 1\nnode 2\nnode 3\nnode 4\n1,2 30\n1,3 70\n2,3 45\n3,4 12\n2,4 -1\n"},
        {"raw_slice.tsv", "0\t2.5\t7\n2.5\t0\t4.75\n7\t4.75\t0\n"},
        {"raw_slice_spaces.txt", "0 1 2 3\n1 0 -1 4\n2 5 0 6\n3 4 6 0\n"},
        {"nodes.csv",
         "index,city,country,continent,lat,long\n0,\"Perth\",\"Australia\",\"Oceania\",-31.95,115."
         "86\n"
         "1,\"Oslo\",\"Norway\",\"Europe\",59.91,10.75\n2,\"Say \"\"Hi\"\"\",\"A, "
         "B\",\"Asia\",1.5,2.5\n"
         "3,\"Unknown\",\"\",\"\",,\n"},
        {"square_bad_value.txt", "2\n0 nan\n3 0\n"},
        {"e2egraph_sparse.top",
         "topology E2EGraph 5\nnode 1\nnode 2\nnode 3\nnode 4\nnode 5\n1,2 9\n"},
    };
    for (const auto& [name, content] : files) w.put("dataset", name, text(content));
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: %s CORPUS_DIR\n", argv[0]);
        return 2;
    }
    SeedWriter w(argv[1]);
    packets(w);
    bodies(w);
    hop_frames(w);
    datasets(w);
    std::printf("wrote %d seed files under %s\n", w.count(), argv[1]);
    return w.failed() ? 1 : 0;
}

// dissemination/dissemination_frames: data and id-list frames round-trip; limits on topic
// and payload, invalid services and flags, zero ids, oversized counts, truncation and
// trailing bytes are all refused.

#include "dissemination/dissemination_frames.hpp"

#include <doctest/doctest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "transport/codec.hpp"

using namespace gocast;

namespace {

DataFrame sample_data() {
    DataFrame f;
    f.message.id = MsgId{NodeId{0xabcdef}, 12345};
    f.message.service = Service::fifo;
    f.message.origin_time = 987654321;
    f.message.topic = "metrics/cpu";
    f.message.payload = Bytes(300, std::byte{0x42});
    f.hops = 7;
    f.pull_answer = true;
    return f;
}

// Builds a data body field by field so single fields can be made invalid.
struct RawData {
    std::uint64_t origin = 1;
    std::uint64_t seq = 1;
    std::uint8_t service = 1;
    std::uint64_t origin_time = 0;
    std::uint64_t hops = 0;
    std::uint8_t flags = 0;
    std::string topic = "t";
    Bytes payload = Bytes(3, std::byte{1});

    Bytes encode() const {
        Bytes out;
        Writer w(out);
        w.node_id(NodeId{origin});
        w.varint(seq);
        w.u8(service);
        w.varint(origin_time);
        w.varint(hops);
        w.u8(flags);
        w.str(topic);
        w.blob(payload);
        return out;
    }
};

const DataLimits kLimits{};

}  // namespace

TEST_CASE("unit: dissemination_frames: data frame round-trips") {
    const DataFrame f = sample_data();
    const auto d = decode_data(encode(f), kLimits);
    REQUIRE(d.has_value());
    CHECK(d->message.id == f.message.id);
    CHECK(d->message.service == Service::fifo);
    CHECK(d->message.origin_time == f.message.origin_time);
    CHECK(d->message.topic == f.message.topic);
    CHECK(d->message.payload == f.message.payload);
    CHECK(d->hops == 7);
    CHECK(d->pull_answer);

    DataFrame plain = f;
    plain.message.service = Service::unreliable;
    plain.message.topic.clear();
    plain.message.payload.clear();
    plain.pull_answer = false;
    plain.hops = UINT16_MAX;
    const auto p = decode_data(encode(plain), kLimits);
    REQUIRE(p.has_value());
    CHECK(p->message.service == Service::unreliable);
    CHECK(p->message.topic.empty());
    CHECK(p->message.payload.empty());
    CHECK_FALSE(p->pull_answer);
    CHECK(p->hops == UINT16_MAX);
}

TEST_CASE("unit: dissemination_frames: data frame refuses truncation and trailing bytes") {
    const Bytes valid = encode(sample_data());
    for (std::size_t cut = 0; cut < valid.size(); ++cut) {
        CAPTURE(cut);
        const Bytes prefix(valid.begin(), valid.begin() + static_cast<std::ptrdiff_t>(cut));
        CHECK_FALSE(decode_data(prefix, kLimits).has_value());
    }
    Bytes trailing = valid;
    trailing.push_back(std::byte{0});
    CHECK_FALSE(decode_data(trailing, kLimits).has_value());
}

TEST_CASE("unit: dissemination_frames: data frame enforces topic and payload limits") {
    const DataLimits limits{8, 100};
    RawData r;
    r.topic = std::string(8, 'x');
    r.payload = Bytes(100, std::byte{7});
    CHECK(decode_data(r.encode(), limits).has_value());
    r.topic = std::string(9, 'x');
    CHECK_FALSE(decode_data(r.encode(), limits).has_value());
    r.topic = "ok";
    r.payload = Bytes(101, std::byte{7});
    CHECK_FALSE(decode_data(r.encode(), limits).has_value());
}

TEST_CASE("unit: dissemination_frames: data frame refuses invalid enums and ids") {
    for (std::uint8_t s = 0; s <= 2; ++s) {
        RawData r;
        r.service = s;
        CHECK(decode_data(r.encode(), kLimits).has_value());
    }
    RawData total;  // total order is not accepted until the site Ring exists
    total.service = static_cast<std::uint8_t>(Service::total);
    CHECK_FALSE(decode_data(total.encode(), kLimits).has_value());
    RawData bad_service;
    bad_service.service = 200;
    CHECK_FALSE(decode_data(bad_service.encode(), kLimits).has_value());

    RawData flags;
    flags.flags = 2;
    CHECK_FALSE(decode_data(flags.encode(), kLimits).has_value());

    RawData zero_seq;
    zero_seq.seq = 0;
    CHECK_FALSE(decode_data(zero_seq.encode(), kLimits).has_value());
    RawData zero_origin;
    zero_origin.origin = 0;
    CHECK_FALSE(decode_data(zero_origin.encode(), kLimits).has_value());

    RawData hops;
    hops.hops = UINT16_MAX + 1;
    CHECK_FALSE(decode_data(hops.encode(), kLimits).has_value());
    RawData time;
    time.origin_time = std::uint64_t{INT64_MAX} + 1;
    CHECK_FALSE(decode_data(time.encode(), kLimits).has_value());
}

TEST_CASE("unit: dissemination_frames: id list round-trips") {
    IdListFrame f;
    f.ids = {MsgId{NodeId{1}, 1}, MsgId{NodeId{UINT64_MAX}, UINT64_MAX}, MsgId{NodeId{5}, 300}};
    const auto d = decode_id_list(encode(f));
    REQUIRE(d.has_value());
    CHECK(d->ids == f.ids);

    const auto empty = decode_id_list(encode(IdListFrame{}));
    REQUIRE(empty.has_value());
    CHECK(empty->ids.empty());

    const Bytes valid = encode(f);
    for (std::size_t cut = 0; cut < valid.size(); ++cut) {
        CAPTURE(cut);
        const Bytes prefix(valid.begin(), valid.begin() + static_cast<std::ptrdiff_t>(cut));
        CHECK_FALSE(decode_id_list(prefix).has_value());
    }
    Bytes trailing = valid;
    trailing.push_back(std::byte{0});
    CHECK_FALSE(decode_id_list(trailing).has_value());
}

TEST_CASE("unit: dissemination_frames: id list counts and ids are checked") {
    IdListFrame many;
    for (std::uint64_t i = 1; i <= kMaxIdsPerFrame + 10; ++i)
        many.ids.push_back(MsgId{NodeId{9}, i});
    const auto d = decode_id_list(encode(many));
    REQUIRE(d.has_value());
    CHECK(d->ids.size() == kMaxIdsPerFrame);  // the encoder never exceeds the bound

    Bytes over;
    Writer w(over);
    w.varint(kMaxIdsPerFrame + 1);
    CHECK_FALSE(decode_id_list(over).has_value());

    Bytes zero_seq;
    Writer zw(zero_seq);
    zw.varint(1);
    zw.node_id(NodeId{3});
    zw.varint(0);
    CHECK_FALSE(decode_id_list(zero_seq).has_value());

    Bytes zero_origin;
    Writer ow(zero_origin);
    ow.varint(1);
    ow.node_id(NodeId{0});
    ow.varint(4);
    CHECK_FALSE(decode_id_list(zero_origin).has_value());
}

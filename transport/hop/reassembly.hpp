#pragma once
// Reassembly of fragmented frames on the receiving end of a link. Memory is bounded: at most
// `max_partial_messages` messages at once, each at most `max_message_bytes`, and a message
// not completed within `reassembly_timeout` is dropped. Fragments that contradict the first
// fragment of their message (count, total) or overrun its total are refused, and the
// partial message goes with them: it can no longer be trusted.

#include <cstdint>
#include <map>
#include <optional>
#include <vector>

#include "transport/hop/hop_config.hpp"
#include "transport/hop/hop_frames.hpp"

namespace gocast {

class Reassembly {
public:
    explicit Reassembly(const HopConfig& cfg) : cfg_(cfg) {}

    enum class Outcome : std::uint8_t { partial, complete, duplicate, rejected };
    // On `complete`, `out` holds the whole message.
    Outcome add(Time now, const FragmentView& f, Bytes& out);
    void expire(Time now);
    Time next_deadline() const;
    std::size_t partial_messages() const { return partial_.size(); }
    void clear() { partial_.clear(); }

private:
    struct Partial {
        std::uint32_t count = 0;
        std::uint32_t total = 0;
        std::uint32_t received = 0;
        std::size_t bytes = 0;
        std::vector<Bytes> chunks;  // by index; empty = not yet
        Time started = 0;
    };
    HopConfig cfg_;
    std::map<std::uint64_t, Partial> partial_;  // ordered: deterministic expiry
};

}  // namespace gocast

#pragma once
// Registry of frame type numbers on the wire (docs/PROTOCOL.md). One table for all layers
// so numbers never collide; a receiver skips types it does not know.

#include <cstdint>

namespace gocast {

enum class FrameType : std::uint8_t {
    // membership
    join_request = 1,
    join_reply = 2,
    shuffle = 3,
    shuffle_reply = 4,
    leave = 5,
    // probing
    ping = 10,
    pong = 11,
    // links
    link_request = 20,
    link_accept = 21,
    link_reject = 22,
    link_close = 23,
    drop_request = 24,
    drop_refuse = 25,
    keepalive = 26,
    // tree
    beacon = 30,
    // dissemination
    data = 40,
    summary = 41,
    pull = 42,
    // neighbour links (transport/hop): a link header and segments carrying other frames
    hop_link = 50,
    tcp_link = 51,
    // surveys (web UI: topology and traces by convergecast along the tree)
    survey_request = 60,
    survey_reply = 61,
};

}  // namespace gocast

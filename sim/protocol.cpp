#include "sim/protocol.hpp"

#include <array>
#include <utility>

namespace gocast::sim {

namespace {
constexpr std::array<std::pair<Protocol, const char*>, 5> kNames{{
    {Protocol::gocast, "gocast"},
    {Protocol::push_gossip, "push-gossip"},
    {Protocol::push_gossip_rounds, "push-gossip-rounds"},
    {Protocol::gossip_random, "gossip-random"},
    {Protocol::gossip_proximity, "gossip-proximity"},
}};
}  // namespace

const char* to_string(Protocol p) {
    for (const auto& [k, name] : kNames)
        if (k == p) return name;
    return "?";
}

std::optional<Protocol> parse_protocol(std::string_view name) {
    for (const auto& [k, n] : kNames)
        if (name == n) return k;
    return std::nullopt;
}

std::string protocol_names() {
    std::string out;
    for (const auto& [k, name] : kNames) {
        if (!out.empty()) out += '|';
        out += name;
    }
    return out;
}

Config apply_protocol(Config c, Protocol p) {
    switch (p) {
        case Protocol::gocast:
            break;
        case Protocol::push_gossip:
        case Protocol::push_gossip_rounds:
            // Pure push gossip: the membership view is the only structure it keeps.
            c.tree.enabled = false;
            c.links.c_near = 0;
            c.links.c_rand = 0;
            c.dissemination.push = PushPolicy::random_members;
            c.dissemination.push_in_rounds = p == Protocol::push_gossip_rounds;
            c.dissemination.id_gossip = false;
            break;
        case Protocol::gossip_random:
            c.links.c_rand += c.links.c_near;
            c.links.c_near = 0;
            [[fallthrough]];
        case Protocol::gossip_proximity:
            c.tree.enabled = false;
            c.dissemination.push = PushPolicy::none;
            c.dissemination.id_gossip = true;
            break;
    }
    return c;
}

}  // namespace gocast::sim

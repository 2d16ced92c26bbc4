#pragma once
// The dissemination protocols gocast-sim compares (GoCast and the baselines of the GoCast
// paper's evaluation). Each is a setting of the production Node's Config, never a
// simulator-only imitation, so every protocol runs the same membership, link and gossip
// code and reports the same metrics.
//
//   gocast              tree push along a latency-chosen overlay (c_near nearby + c_rand
//                       random links) plus id gossip and pulls to repair
//   push-gossip         on first receipt, the full message to `push_fanout` (5) members
//                       drawn uniformly from the membership view, at once; no overlay, no
//                       repair
//   push-gossip-rounds  the same, but forwarded at the next gossip round (every
//                       gossip_interval)
//   gossip-random       no tree, no push: id gossip and pulls over a random overlay whose
//                       degree is c_near + c_rand (6), all random links
//   gossip-proximity    no tree, no push: id gossip and pulls over GoCast's own overlay
//                       (c_near nearby + c_rand random links)

#include <optional>
#include <string>
#include <string_view>

#include "peer/config.hpp"

namespace gocast::sim {

enum class Protocol { gocast, push_gossip, push_gossip_rounds, gossip_random, gossip_proximity };

const char* to_string(Protocol p);
std::optional<Protocol> parse_protocol(std::string_view name);
// "gocast|push-gossip|..." for usage and error messages.
std::string protocol_names();

// `base` switched to protocol `p` (links keep base's c_near + c_rand as the total degree).
Config apply_protocol(Config base, Protocol p);

}  // namespace gocast::sim

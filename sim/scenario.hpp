#pragma once
// The scenario's decisions as pure functions of their inputs and a generator: who starts
// when, which seeds a joining peer gets, when publications happen, who dies, and how peer
// identities and generator streams derive from the run seed. Simulation wires them to
// events; keeping them here makes each rule testable on its own.

#include <cstdint>
#include <vector>

#include "transport/rng.hpp"
#include "transport/types.hpp"

namespace gocast::sim {

// --- Identity and seeding -------------------------------------------------------------

// splitmix64's finaliser: a bijection on 64-bit words with good avalanche.
std::uint64_t mix64(std::uint64_t x);

// Distinct, nonzero NodeIds for distinct indices under one seed (mix64 is a bijection, so
// distinct inputs cannot collide; the single input that maps to 0 is remapped).
NodeId node_id_for(std::uint64_t seed, std::uint32_t index);
std::uint64_t node_rng_seed(std::uint64_t seed, std::uint32_t index);

// Independent generator streams of the simulator itself. Separate streams keep one concern
// from shifting another: turning on loss must not change who publishes or who dies.
enum class Stream : std::uint64_t { network = 1, scenario = 2, sampling = 3, analysis = 4 };
std::uint64_t stream_seed(std::uint64_t seed, Stream s);

// --- Joins ----------------------------------------------------------------------------

// Peer i of n starts at window * i / n: peer 0 at time 0, evenly staggered after it.
Time start_time(std::size_t index, std::size_t peers, Duration window);

// Up to k distinct entries of pool, uniformly, in the order drawn. Consumes k draws at most.
std::vector<std::uint32_t> choose_uniform(std::vector<std::uint32_t> pool, std::size_t k, Rng& rng);

// --- Publications ---------------------------------------------------------------------

// Time of the k-th publication (k from 0) at `rate` per second from `start`. The k-th time is
// computed from k, not by adding intervals, so rounding does not accumulate.
Time publish_time(std::uint64_t k, Time start, double rate);

// Deterministic payload: the 8-byte little-endian sequence number, then a repeating
// pattern. Different messages therefore never carry identical bytes.
Bytes make_payload(std::uint64_t msg_seq, std::size_t size);

// --- Failures -------------------------------------------------------------------------

// How many of `live` peers a failure of `fraction` kills: round to nearest, at most live.
std::size_t kill_count(double fraction, std::size_t live);

}  // namespace gocast::sim

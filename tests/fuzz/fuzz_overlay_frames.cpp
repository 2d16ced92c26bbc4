// Fuzz target: the membership, probing, link and tree frame decoders (overlay_frames.hpp).
// The whole input is one frame body and every decoder runs on it, since a receiver picks the
// decoder from an attacker-chosen type byte. Beyond not crashing: an accepted body re-encodes
// to bytes that survive a further round trip unchanged, and entry lists respect
// kMaxEntriesPerFrame (see fuzz_support.hpp).

#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    gocast::fuzz::check_overlay_decoders(gocast::fuzz::as_span(data, size));
    return 0;
}

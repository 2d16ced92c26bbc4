// Fuzz target: the data, summary and pull frame decoders (dissemination_frames.hpp). The
// whole input is one frame body. Beyond not crashing: accepted bodies round-trip (see
// fuzz_support.hpp), respect the topic/payload limits they were decoded with and
// kMaxIdsPerFrame, and never carry the reserved id values (origin 0, sequence 0).

#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    gocast::fuzz::check_dissemination_decoders(gocast::fuzz::as_span(data, size));
    return 0;
}

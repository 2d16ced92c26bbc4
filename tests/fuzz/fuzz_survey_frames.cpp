// Fuzz target: the survey frame decoders (peer/survey_frames.hpp). The whole input is one
// frame body and both decoders run on it. Beyond not crashing: an accepted body re-encodes
// to bytes that survive a further round trip unchanged, and part numbers, entry and
// neighbour counts stay within their bounds (see fuzz_support.hpp).

#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    gocast::fuzz::check_survey_decoders(gocast::fuzz::as_span(data, size));
    return 0;
}

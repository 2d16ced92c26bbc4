// Driver that stands in for libFuzzer when the fuzz targets are built without it (gcc, or
// GOCAST_FUZZ=OFF). It runs LLVMFuzzerTestOneInput over every seed file, then over
// deterministic pseudo-random mutations of those seeds, so the ordinary test suite keeps
// every decoder exercised on malformed input. Same arguments, same inputs: a failure seen
// in CI reproduces locally, and --dump writes the failing input out before it runs.
//
//   fuzz_<target> [--mutations N] [--seed S] [--dump FILE] PATH...
//
// A PATH is a file or a directory whose regular files are read (sorted by name, so the
// order, and with it every mutation, does not depend on the file system). Exit status 0
// when every input ran; a target reports failure by crashing, as under libFuzzer.

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

#include "transport/rng.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace {

namespace fs = std::filesystem;
using Input = std::vector<std::uint8_t>;

// Mutants never grow beyond this: the seeds are < 2 KB, and longer inputs only slow the
// run without reaching new code in decoders whose limits are all far smaller or far larger.
constexpr std::size_t kMaxInputBytes = 4096;
constexpr std::uint64_t kDefaultMutations = 3000;
constexpr std::uint64_t kDefaultSeed = 1;

// clang-format off: tables read better in rows.
// Byte values at the edges of what the wire format and the text parsers treat specially:
// varint continuation (0x80), u8 limits, ASCII digits, separators and signs.
constexpr std::uint8_t kInterestingBytes[] = {0x00, 0x01, 0x02, 0x40, 0x7f, 0x80, 0x81,
                                              0xfe, 0xff, '0',  '1',  '9',  '-',  '.',
                                              ',',  ' ',  '\t', '\n', '\r', '"',  'e'};

// Little-endian integers at type and limit boundaries (u16/u32/u64 edges, 64 entries and
// 4096 ids per frame, 255-byte topics, 60/64 KiB payloads).
constexpr std::uint64_t kInterestingInts[] = {0,
                                              1,
                                              63,
                                              64,
                                              65,
                                              255,
                                              256,
                                              4095,
                                              4096,
                                              4097,
                                              0x4347,
                                              0xffff,
                                              0x10000,
                                              61440,
                                              65536,
                                              0x7fffffff,
                                              0xffffffff,
                                              0x100000000ull,
                                              0x7fffffffffffffffull,
                                              0xffffffffffffffffull};

// Tokens the text formats give meaning to, and over-long or maximal LEB128 varints.
const std::vector<std::string_view> kTokens = {
    "-1",
    "nan",
    "inf",
    "-0",
    "1e309",
    "99999999999999999999",
    "0x10",
    "100000",
    "100001",
    "topology E2EGraph ",
    "node ",
    "failure_model ",
    "loss_rate ",
    "\"",
    ",,",
    "\n\n",
    std::string_view("\x80\x80\x80\x80\x80\x80\x80\x80\x80\x01", 10),
    std::string_view("\xff\xff\xff\xff\xff\xff\xff\xff\xff\x01", 10),
    std::string_view("\xff\xff\xff\xff\x0f", 5),
    std::string_view("\x80\x00", 2),
    std::string_view("\x80\x20", 2)};
// clang-format on

struct Options {
    std::uint64_t mutations = kDefaultMutations;
    std::uint64_t seed = kDefaultSeed;
    std::string dump;
    std::vector<std::string> paths;
};

[[noreturn]] void usage(const char* argv0) {
    std::fprintf(stderr, "usage: %s [--mutations N] [--seed S] [--dump FILE] PATH...\n", argv0);
    std::exit(2);
}

Options parse(int argc, char** argv) {
    Options o;
    for (int i = 1; i < argc; ++i) {
        const std::string_view a = argv[i];
        auto value = [&]() -> const char* {
            if (i + 1 >= argc) usage(argv[0]);
            return argv[++i];
        };
        if (a == "--mutations") {
            o.mutations = std::strtoull(value(), nullptr, 10);
        } else if (a == "--seed") {
            o.seed = std::strtoull(value(), nullptr, 10);
        } else if (a == "--dump") {
            o.dump = value();
        } else if (a.starts_with("--")) {
            usage(argv[0]);
        } else {
            o.paths.emplace_back(a);
        }
    }
    if (o.paths.empty()) usage(argv[0]);
    return o;
}

Input read_file(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    return Input(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

std::vector<std::pair<std::string, Input>> load(const std::vector<std::string>& paths) {
    std::vector<std::pair<std::string, Input>> out;
    for (const auto& path : paths) {
        std::vector<fs::path> files;
        if (fs::is_directory(path)) {
            for (const auto& e : fs::directory_iterator(path))
                if (e.is_regular_file()) files.push_back(e.path());
            std::sort(files.begin(), files.end());
        } else if (fs::is_regular_file(path)) {
            files.emplace_back(path);
        } else {
            std::fprintf(stderr, "no such file or directory: %s\n", path.c_str());
            std::exit(2);
        }
        for (const auto& f : files) out.emplace_back(f.string(), read_file(f));
    }
    return out;
}

std::size_t pick(gocast::Rng& rng, std::size_t bound) {
    return bound == 0 ? 0 : static_cast<std::size_t>(rng.below(bound));
}

// One random edit, in the spirit of libFuzzer's mutators; `other` is a second seed for
// splicing. Never grows the input beyond kMaxInputBytes.
void mutate_once(gocast::Rng& rng, Input& in, const Input& other) {
    const std::size_t n = in.size();
    switch (rng.below(10)) {
        case 0:  // flip one bit
            if (n) in[pick(rng, n)] ^= static_cast<std::uint8_t>(1u << rng.below(8));
            break;
        case 1:  // set one byte to a boundary value
            if (n) in[pick(rng, n)] = kInterestingBytes[pick(rng, std::size(kInterestingBytes))];
            break;
        case 2:  // nudge one byte: off-by-one lengths and counts
            if (n) in[pick(rng, n)] += rng.chance(0.5) ? 1 : 0xff;
            break;
        case 3: {  // insert a few random bytes
            const std::size_t count = 1 + pick(rng, 8);
            const std::size_t at = pick(rng, n + 1);
            for (std::size_t i = 0; i < count; ++i)
                in.insert(in.begin() + static_cast<std::ptrdiff_t>(at),
                          static_cast<std::uint8_t>(rng.next()));
            break;
        }
        case 4: {  // erase a range
            if (!n) break;
            const std::size_t at = pick(rng, n);
            const std::size_t count = 1 + pick(rng, std::min<std::size_t>(n - at, 16));
            in.erase(in.begin() + static_cast<std::ptrdiff_t>(at),
                     in.begin() + static_cast<std::ptrdiff_t>(at + count));
            break;
        }
        case 5: {  // duplicate a range (repeated frames, entries, rows)
            if (!n) break;
            const std::size_t at = pick(rng, n);
            const std::size_t count = 1 + pick(rng, std::min<std::size_t>(n - at, 64));
            const Input copy(in.begin() + static_cast<std::ptrdiff_t>(at),
                             in.begin() + static_cast<std::ptrdiff_t>(at + count));
            in.insert(in.begin() + static_cast<std::ptrdiff_t>(pick(rng, n + 1)), copy.begin(),
                      copy.end());
            break;
        }
        case 6:  // truncate
            in.resize(pick(rng, n + 1));
            break;
        case 7: {  // splice: our head, the other seed's tail
            const std::size_t head = pick(rng, n + 1);
            const std::size_t from = pick(rng, other.size() + 1);
            in.resize(head);
            in.insert(in.end(), other.begin() + static_cast<std::ptrdiff_t>(from), other.end());
            break;
        }
        case 8: {  // overwrite with a boundary integer, 1/2/4/8 bytes little-endian
            const std::size_t width = std::size_t{1} << rng.below(4);
            if (n < width) break;
            const std::size_t at = pick(rng, n - width + 1);
            const std::uint64_t v = kInterestingInts[pick(rng, std::size(kInterestingInts))];
            for (std::size_t i = 0; i < width; ++i)
                in[at + i] = static_cast<std::uint8_t>(v >> (8 * i));
            break;
        }
        default: {  // insert a token
            const std::string_view t = kTokens[pick(rng, kTokens.size())];
            in.insert(in.begin() + static_cast<std::ptrdiff_t>(pick(rng, n + 1)), t.begin(),
                      t.end());
            break;
        }
    }
    if (in.size() > kMaxInputBytes) in.resize(kMaxInputBytes);
}

void dump(const std::string& path, const Input& in) {
    if (path.empty()) return;
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(in.data()), static_cast<std::streamsize>(in.size()));
}

void run(const Options& o, const Input& in) {
    dump(o.dump, in);
    LLVMFuzzerTestOneInput(in.empty() ? nullptr : in.data(), in.size());
}

}  // namespace

int main(int argc, char** argv) {
    const Options o = parse(argc, argv);
    const auto seeds = load(o.paths);
    if (seeds.empty()) {
        // An empty corpus would make the test pass while exercising nothing.
        std::fprintf(stderr, "no seed inputs found\n");
        return 1;
    }
    for (const auto& [name, input] : seeds) run(o, input);
    run(o, Input{});  // the empty input, which libFuzzer always tries first

    gocast::Rng rng(o.seed);
    for (std::uint64_t i = 0; i < o.mutations; ++i) {
        Input in = seeds[pick(rng, seeds.size())].second;
        const Input& other = seeds[pick(rng, seeds.size())].second;
        // Mostly single edits (they keep the input near valid, where the deep code is),
        // sometimes a stack of them.
        const std::uint64_t edits = rng.chance(0.6) ? 1 : 2 + rng.below(6);
        for (std::uint64_t e = 0; e < edits; ++e) mutate_once(rng, in, other);
        run(o, in);
    }
    std::printf("%zu seed inputs and %llu mutations ran without a failure\n", seeds.size(),
                static_cast<unsigned long long>(o.mutations));
    return 0;
}

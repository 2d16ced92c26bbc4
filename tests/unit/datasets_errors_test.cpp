// Every malformed-input path of the loaders raises DatasetError naming file and line, and
// mutated or random files never crash, hang, or yield a matrix that breaks the invariants.

#include <doctest/doctest.h>

#include "tests/support/scratch_dir.hpp"
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "datasets/loaders.hpp"
#include "transport/rng.hpp"

using namespace gocast::datasets;
namespace fs = std::filesystem;

namespace {

std::string fixture(const std::string& name) {
    return std::string(GOCAST_FIXTURES_DIR) + "/datasets/" + name;
}

using gocast::testing::read_file;
using TempDir = gocast::testing::ScratchDir;

enum class Loader { square, e2e, raw, any, nodes };

void run(Loader loader, const std::string& path) {
    switch (loader) {
        case Loader::square:
            load_square_matrix(path);
            break;
        case Loader::e2e:
            load_e2egraph(path);
            break;
        case Loader::raw:
            load_raw_slice(path);
            break;
        case Loader::any:
            load_any(path);
            break;
        case Loader::nodes: {
            LatencyMatrix m;  // two hosts, as the bad node files expect
            m.n = 2;
            m.rtt_ms = {0, 1, 1, 0};
            attach_coordinates(m, path);
            CHECK(m.names.empty());  // unreachable for bad files; kept for clarity
            break;
        }
    }
}

// The message must start with "path:line: " and mention `what`.
void expect_error(Loader loader, const std::string& path, std::size_t line,
                  const std::string& what) {
    INFO("file: ", path);
    std::string message;
    try {
        run(loader, path);
    } catch (const DatasetError& e) {
        message = e.what();
    }
    INFO("message: ", message);
    REQUIRE_FALSE(message.empty());
    CHECK(message.rfind(path + ":" + std::to_string(line) + ": ", 0) == 0);
    CHECK(message.find(what) != std::string::npos);
}

// After a successful load the matrix must satisfy the documented invariants.
void check_invariants(const LatencyMatrix& m) {
    REQUIRE(m.n >= 1);
    REQUIRE(m.n <= kMaxHosts);
    REQUIRE(m.rtt_ms.size() == m.n * m.n);
    for (std::size_t i = 0; i < m.n; ++i) {
        for (std::size_t j = 0; j < m.n; ++j) {
            const double v = m.rtt(i, j);
            REQUIRE(std::isfinite(v));
            if (i == j) {
                REQUIRE(v == 0.0);
            } else {
                REQUIRE(v >= 0.0);
            }
        }
    }
}

}  // namespace

TEST_CASE("datasets: square matrix errors name file and line") {
    struct Case {
        const char* file;
        std::size_t line;
        const char* what;
    };
    const Case cases[] = {
        {"bad/empty.txt", 1, "empty file"},
        {"bad/header_word.txt", 1, "bad host count 'four'"},
        {"bad/header_two_numbers.txt", 1, "bad header"},
        {"bad/header_zero.txt", 1, "at least 1"},
        {"bad/header_too_large.txt", 1, "too large"},
        {"bad/header_file_too_small.txt", 1, "truncated"},
        {"bad/short_row.txt", 3, "has 2 values, expected 3"},
        {"bad/long_row.txt", 4, "more than 3 values"},
        {"bad/non_numeric.txt", 3, "non-numeric value 'abc'"},
        {"bad/negative.txt", 4, "negative value '-2.5'"},
        {"bad/nan.txt", 2, "NaN or infinite"},
        {"bad/inf.txt", 3, "NaN or infinite"},
        {"bad/out_of_range.txt", 3, "out of range"},
        {"bad/truncated.txt", 4, "file ends after 2 of 4 rows"},
        {"bad/extra_row.txt", 4, "unexpected content"},
    };
    for (const Case& c : cases) expect_error(Loader::square, fixture(c.file), c.line, c.what);
    // load_any reaches the same checks for files whose first line is a single integer.
    expect_error(Loader::any, fixture("bad/short_row.txt"), 3, "expected 3");
    expect_error(Loader::any, fixture("bad/empty.txt"), 1, "empty file");
}

TEST_CASE("datasets: E2EGraph errors name file and line") {
    struct Case {
        const char* file;
        std::size_t line;
        const char* what;
    };
    const Case cases[] = {
        {"bad/empty.txt", 1, "empty file"},
        {"bad/e2e_wrong_kind.top", 1, "is not E2EGraph"},
        {"bad/e2e_out_of_range.top", 6, "node number 5 out of range 1..3"},
        {"bad/e2e_truncated.top", 6, "file ends after 2 of 4 node lines"},
        {"bad/e2e_duplicate_pair.top", 7, "already given on line 5"},
        {"bad/e2e_self_pair.top", 6, "with itself"},
        {"bad/e2e_sparse.top", 9, "only 2 of 10 host pairs"},
        {"bad/e2e_unknown_directive.top", 2, "unexpected line starting with 'bandwidth'"},
        {"bad/e2e_bad_value.top", 6, "non-numeric value 'x'"},
    };
    for (const Case& c : cases) expect_error(Loader::e2e, fixture(c.file), c.line, c.what);
    // A valid square matrix is not an E2EGraph file.
    expect_error(Loader::e2e, fixture("square4.txt"), 1, "bad header");
    expect_error(Loader::any, fixture("bad/e2e_out_of_range.top"), 6, "out of range");
}

TEST_CASE("datasets: raw slice errors name file and line") {
    expect_error(Loader::raw, fixture("bad/raw_ragged.tsv"), 2, "has 2 values, expected 3");
    expect_error(Loader::raw, fixture("bad/raw_truncated.tsv"), 3, "file ends after 2 of 3");
    expect_error(Loader::raw, fixture("bad/empty.txt"), 1, "empty file");
    expect_error(Loader::any, fixture("bad/raw_ragged.tsv"), 2, "expected 3");
}

TEST_CASE("datasets: node file errors name file and line") {
    expect_error(Loader::nodes, fixture("bad/nodes_bad_header.csv"), 1, "bad header");
    expect_error(Loader::nodes, fixture("bad/nodes_bad_lat.csv"), 3, "latitude '95'");
    expect_error(Loader::nodes, fixture("bad/nodes_index_range.csv"), 3, "index 7 out of range");
    expect_error(Loader::nodes, fixture("bad/nodes_missing_row.csv"), 3, "1 of 2 hosts");
    expect_error(Loader::nodes, fixture("bad/nodes_unterminated.csv"), 3, "quote");
    expect_error(Loader::nodes, fixture("bad/nodes_half_coords.csv"), 3, "bad latitude ''");
    expect_error(Loader::nodes, fixture("bad/empty.txt"), 1, "empty file");
    // A rejected file leaves the matrix as it was.
    LatencyMatrix m = load_square_matrix(fixture("square4.txt"));
    CHECK_THROWS_AS(attach_coordinates(m, fixture("bad/nodes_bad_lat.csv")), DatasetError);
    CHECK(m.names.empty());
    CHECK(m.lat.empty());
}

TEST_CASE("datasets: missing file and non-regular paths") {
    const std::string missing = fixture("no_such_file.txt");
    for (const Loader l : {Loader::square, Loader::e2e, Loader::raw, Loader::any, Loader::nodes}) {
        CHECK_THROWS_WITH_AS(run(l, missing), doctest::Contains("cannot open"), DatasetError);
        CHECK_THROWS_WITH_AS(run(l, fixture("slices")), doctest::Contains("not a regular file"),
                             DatasetError);
    }
}

TEST_CASE("datasets: slice directory naming errors") {
    TempDir dir("slicenames");
    CHECK_THROWS_WITH_AS(load_slices_dir(dir.str()), doctest::Contains("no slice files"),
                         DatasetError);
    dir.write(".hidden", "junk");  // skipped
    dir.write("slice_1", "0 1\n1 0\n");
    dir.write("slice_01", "0 2\n2 0\n");
    CHECK_THROWS_WITH_AS(load_slices_dir(dir.str()), doctest::Contains("same slice number"),
                         DatasetError);
    fs::remove(dir.str() + "/slice_01");
    CHECK(load_slices_dir(dir.str()).size() == 1);
    dir.write("notes", "hello");
    CHECK_THROWS_WITH_AS(load_slices_dir(dir.str()), doctest::Contains("no number"), DatasetError);
    fs::remove(dir.str() + "/notes");
    dir.write("slice_2", "0 1\n1 zz\n");
    CHECK_THROWS_WITH_AS(load_slices_dir(dir.str()), doctest::Contains("slice_2:2: "),
                         DatasetError);
}

TEST_CASE("datasets: mutated and random files never break the invariants") {
    TempDir dir("fuzz");
    const std::vector<std::string> seeds = {
        read_file(fixture("square4.txt")), read_file(fixture("square_fill.txt")),
        read_file(fixture("tiny4.top")), read_file(fixture("slice3.tsv")),
        read_file(fixture("nodes4.csv"))};
    // Bytes that are most likely to reach deep parser states.
    const std::string alphabet = "0123456789-.+eEnaif \t\n\r,\"x";
    gocast::Rng rng(20240601);
    std::size_t loaded = 0, rejected = 0;
    for (int round = 0; round < 600; ++round) {
        std::string text;
        if (round % 6 == 5) {
            // Pure random bytes, including NUL and high bytes.
            const std::size_t len = rng.below(400);
            for (std::size_t k = 0; k < len; ++k) text += static_cast<char>(rng.below(256));
        } else {
            text = seeds[rng.below(seeds.size())];
            const int edits = 1 + static_cast<int>(rng.below(4));
            for (int e = 0; e < edits && !text.empty(); ++e) {
                const std::size_t at = rng.below(text.size());
                switch (rng.below(3)) {
                    case 0:
                        text[at] = alphabet[rng.below(alphabet.size())];
                        break;
                    case 1:
                        text.erase(at, 1 + rng.below(8));
                        break;
                    default:
                        text.insert(at, 1, alphabet[rng.below(alphabet.size())]);
                        break;
                }
            }
        }
        // A fresh name per round: rewriting one file in place is slow on some file systems.
        const std::string path = dir.write("case_" + std::to_string(round), text);
        INFO("round ", round, " content: ", text);
        try {
            const LatencyMatrix m = load_any(path);
            check_invariants(m);
            ++loaded;
        } catch (const DatasetError& e) {
            // Every message names the file.
            CHECK(std::string(e.what()).rfind(path + ":", 0) == 0);
            ++rejected;
        }
        try {
            LatencyMatrix m;
            m.n = 4;
            m.rtt_ms.assign(16, 1.0f);
            attach_coordinates(m, path);
            REQUIRE(m.lat.size() == 4);
        } catch (const DatasetError&) {
        }
    }
    MESSAGE("fuzz: " << loaded << " loaded, " << rejected << " rejected");
    CHECK(loaded > 0);
    CHECK(rejected > 0);
}

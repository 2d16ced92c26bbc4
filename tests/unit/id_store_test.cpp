// peer/id_store: the node id is created once, survives restarts, and a damaged file is an
// error rather than a silent new identity.

#include "peer/id_store.hpp"

#include <doctest/doctest.h>

#include "tests/support/scratch_dir.hpp"

#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>

using namespace gocast;

namespace {

using gocast::testing::read_file;
using gocast::testing::ScratchDir;
using gocast::testing::write_file;

std::string error_of(const std::filesystem::path& dir) {
    try {
        (void)load_or_create_node_id(dir);
    } catch (const IdStoreError& e) {
        return e.what();
    }
    return "";
}

}  // namespace

TEST_CASE("unit: peer: a node id is created once, as hex, and reloaded") {
    const ScratchDir dir("id-store", /*create=*/false);
    const auto data = dir.path() / "nested" / "data";  // created on demand
    const NodeId first = load_or_create_node_id(data);
    CHECK(first.value != 0);
    CHECK(read_file(data / "node_id") == to_string(first) + "\n");
    CHECK_FALSE(std::filesystem::exists(data / "node_id.tmp"));
    CHECK(load_or_create_node_id(data) == first);

    const ScratchDir other("id-store", /*create=*/false);
    CHECK(load_or_create_node_id(other.path()) != first);  // 2^-64 chance of a false failure
}

TEST_CASE("unit: peer: an id file written by hand is read as hex") {
    const ScratchDir dir("id-store", /*create=*/false);
    std::filesystem::create_directories(dir.path());
    write_file(dir.path() / "node_id", "00000000000000aB\n");
    CHECK(load_or_create_node_id(dir.path()) == NodeId{0xab});
    write_file(dir.path() / "node_id", "ffffffffffffffff");  // no newline is fine too
    CHECK(load_or_create_node_id(dir.path()) == NodeId{~std::uint64_t{0}});
}

TEST_CASE("unit: peer: a corrupt id file is an error naming the file, never a new id") {
    const ScratchDir dir("id-store", /*create=*/false);
    std::filesystem::create_directories(dir.path());
    const auto file = dir.path() / "node_id";
    for (const char* bad : {"", "\n", "xyz\n", "12 34\n", "0000000000000000\n",
                            "1234567890abcdef0\n", "-1\n", "abc\n\n"}) {
        write_file(file, bad);
        const std::string e = error_of(dir.path());
        CHECK_MESSAGE(e.find("corrupt node id file") != std::string::npos, bad);
        CHECK_MESSAGE(e.find(file.string()) != std::string::npos, bad);
        CHECK(read_file(file) == bad);  // left as found for the operator
    }
}

TEST_CASE("unit: peer: parse_node_id gives the reason") {
    CHECK(parse_node_id("1") == NodeId{1});
    CHECK_THROWS_WITH_AS(parse_node_id("0"), "id 0 is reserved", IdStoreError);
    CHECK_THROWS_WITH_AS(parse_node_id("g"), "not a hex number", IdStoreError);
    CHECK_THROWS_WITH_AS(parse_node_id(""), "empty (expected 16 hex digits)", IdStoreError);
}

TEST_CASE("unit: peer: an unusable data directory is an error") {
    const ScratchDir dir("id-store", /*create=*/false);
    std::filesystem::create_directories(dir.path());
    write_file(dir.path() / "file", "x");  // a regular file where a directory is expected
    const std::string e = error_of(dir.path() / "file" / "sub");
    CHECK(e.find("cannot create data directory") != std::string::npos);
}

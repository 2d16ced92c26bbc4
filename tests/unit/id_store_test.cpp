// peer/id_store: the node id is created once, survives restarts, and a damaged file is an
// error rather than a silent new identity.

#include "peer/id_store.hpp"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>

using namespace gocast;

namespace {

struct TempDir {
    TempDir() {
        std::random_device rd;
        path = std::filesystem::temp_directory_path() /
               ("gocast-id-test-" + std::to_string(rd()) + std::to_string(rd()));
    }
    ~TempDir() {
        std::error_code ec;
        std::filesystem::remove_all(path, ec);
    }
    std::filesystem::path path;
};

std::string read_all(const std::filesystem::path& p) {
    std::ifstream in(p);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

void write_all(const std::filesystem::path& p, const std::string& text) {
    std::ofstream(p, std::ios::trunc) << text;
}

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
    const TempDir dir;
    const auto data = dir.path / "nested" / "data";  // created on demand
    const NodeId first = load_or_create_node_id(data);
    CHECK(first.value != 0);
    CHECK(read_all(data / "node_id") == to_string(first) + "\n");
    CHECK_FALSE(std::filesystem::exists(data / "node_id.tmp"));
    CHECK(load_or_create_node_id(data) == first);

    const TempDir other;
    CHECK(load_or_create_node_id(other.path) != first);  // 2^-64 chance of a false failure
}

TEST_CASE("unit: peer: an id file written by hand is read as hex") {
    const TempDir dir;
    std::filesystem::create_directories(dir.path);
    write_all(dir.path / "node_id", "00000000000000aB\n");
    CHECK(load_or_create_node_id(dir.path) == NodeId{0xab});
    write_all(dir.path / "node_id", "ffffffffffffffff");  // no newline is fine too
    CHECK(load_or_create_node_id(dir.path) == NodeId{~std::uint64_t{0}});
}

TEST_CASE("unit: peer: a corrupt id file is an error naming the file, never a new id") {
    const TempDir dir;
    std::filesystem::create_directories(dir.path);
    const auto file = dir.path / "node_id";
    for (const char* bad : {"", "\n", "xyz\n", "12 34\n", "0000000000000000\n",
                            "1234567890abcdef0\n", "-1\n", "abc\n\n"}) {
        write_all(file, bad);
        const std::string e = error_of(dir.path);
        CHECK_MESSAGE(e.find("corrupt node id file") != std::string::npos, bad);
        CHECK_MESSAGE(e.find(file.string()) != std::string::npos, bad);
        CHECK(read_all(file) == bad);  // left as found for the operator
    }
}

TEST_CASE("unit: peer: parse_node_id gives the reason") {
    CHECK(parse_node_id("1") == NodeId{1});
    CHECK_THROWS_WITH_AS(parse_node_id("0"), "id 0 is reserved", IdStoreError);
    CHECK_THROWS_WITH_AS(parse_node_id("g"), "not a hex number", IdStoreError);
    CHECK_THROWS_WITH_AS(parse_node_id(""), "empty (expected 16 hex digits)", IdStoreError);
}

TEST_CASE("unit: peer: an unusable data directory is an error") {
    const TempDir dir;
    std::filesystem::create_directories(dir.path);
    write_all(dir.path / "file", "x");  // a regular file where a directory is expected
    const std::string e = error_of(dir.path / "file" / "sub");
    CHECK(e.find("cannot create data directory") != std::string::npos);
}

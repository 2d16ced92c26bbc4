#include "peer/id_store.hpp"

#include <fstream>
#include <random>
#include <sstream>
#include <system_error>

namespace gocast {

namespace {

constexpr const char* kIdFileName = "node_id";
constexpr std::size_t kMaxHexDigits = 16;  // 64-bit id

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

NodeId new_random_id() {
    std::random_device rd;
    for (;;) {
        // random_device yields 32 bits per call on libstdc++; two calls fill the id.
        const std::uint64_t hi = rd();
        const std::uint64_t lo = rd();
        const std::uint64_t v = (hi << 32) | (lo & 0xffffffffu);
        if (v != 0) return NodeId{v};  // 0 means "no node" throughout the core
    }
}

void write_id_file(const std::filesystem::path& file, NodeId id) {
    const std::filesystem::path tmp = file.string() + ".tmp";
    {
        std::ofstream out(tmp, std::ios::trunc);
        out << to_string(id) << '\n';
        out.flush();
        if (!out) throw IdStoreError("cannot write " + tmp.string());
    }
    std::error_code ec;
    std::filesystem::rename(tmp, file, ec);
    if (ec) throw IdStoreError("cannot rename " + tmp.string() + " to " + file.string() + ": " +
                               ec.message());
}

}  // namespace

NodeId parse_node_id(std::string_view text) {
    if (!text.empty() && text.back() == '\n') text.remove_suffix(1);
    if (text.empty()) throw IdStoreError("empty (expected 16 hex digits)");
    if (text.size() > kMaxHexDigits) throw IdStoreError("longer than 16 hex digits");
    std::uint64_t v = 0;
    for (const char c : text) {
        const int d = hex_value(c);
        if (d < 0) throw IdStoreError("not a hex number");
        v = (v << 4) | static_cast<std::uint64_t>(d);
    }
    if (v == 0) throw IdStoreError("id 0 is reserved");
    return NodeId{v};
}

NodeId load_or_create_node_id(const std::filesystem::path& data_dir) {
    std::error_code ec;
    std::filesystem::create_directories(data_dir, ec);
    if (ec) throw IdStoreError("cannot create data directory " + data_dir.string() + ": " +
                               ec.message());
    const std::filesystem::path file = data_dir / kIdFileName;
    if (std::filesystem::exists(file, ec)) {
        std::ifstream in(file);
        std::ostringstream content;
        content << in.rdbuf();
        if (!in) throw IdStoreError("cannot read " + file.string());
        try {
            return parse_node_id(content.str());
        } catch (const IdStoreError& e) {
            throw IdStoreError("corrupt node id file " + file.string() + ": " + e.what() +
                               " (fix or delete it; deleting gives this peer a new identity)");
        }
    }
    if (ec) throw IdStoreError("cannot check " + file.string() + ": " + ec.message());
    const NodeId id = new_random_id();
    write_id_file(file, id);
    return id;
}

}  // namespace gocast

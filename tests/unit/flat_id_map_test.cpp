#include <doctest/doctest.h>

#include <map>
#include <string>
#include <utility>

#include "transport/flat_id_map.hpp"
#include "transport/flat_map.hpp"
#include "transport/rng.hpp"

using namespace gocast;

TEST_CASE("unit: flat_id_map: matches std::map under random puts and erases") {
    FlatIdMap<std::uint32_t> flat;
    std::map<std::uint64_t, std::uint32_t> ref;
    Rng rng(5);
    for (int step = 0; step < 200000; ++step) {
        // Small key space so probe runs collide, wrap around and get erased from the middle.
        const NodeId id{1 + rng.below(300)};
        const auto op = rng.below(3);
        if (op == 0) {
            const auto v = static_cast<std::uint32_t>(rng.below(1000));
            flat.put(id, v);
            ref[id.value] = v;
        } else if (op == 1) {
            CHECK(flat.erase(id) == (ref.erase(id.value) == 1));
        } else {
            const std::uint32_t* got = flat.find(id);
            auto it = ref.find(id.value);
            REQUIRE((got != nullptr) == (it != ref.end()));
            if (got) CHECK(*got == it->second);
        }
        REQUIRE(flat.size() == ref.size());
    }
    for (const auto& [k, v] : ref) {
        REQUIRE(flat.find(NodeId{k}) != nullptr);
        CHECK(*flat.find(NodeId{k}) == v);
    }
}

TEST_CASE("unit: flat_id_map: the reserved zero id is never stored") {
    FlatIdMap<int> flat;
    flat.put(NodeId{0}, 7);
    CHECK(flat.size() == 0);
    CHECK(flat.find(NodeId{0}) == nullptr);
    CHECK_FALSE(flat.erase(NodeId{0}));
}

namespace {
struct PairKeys {
    static bool is_empty(const std::pair<std::uint64_t, std::uint64_t>& k) { return k.first == 0; }
    static std::uint64_t hash(const std::pair<std::uint64_t, std::uint64_t>& k) {
        return (k.first ^ k.second) * 0x9E3779B97F4A7C15ull;
    }
};
}  // namespace

TEST_CASE("unit: flat_map: a composite key and a value that owns memory survive growth and erasure") {
    using Key = std::pair<std::uint64_t, std::uint64_t>;
    FlatMap<Key, std::string, PairKeys> flat;
    std::map<Key, std::string> ref;
    Rng rng(9);
    for (int step = 0; step < 100000; ++step) {
        const Key k{1 + rng.below(20), rng.below(40)};
        const auto op = rng.below(3);
        if (op == 0) {
            auto [slot, inserted] = flat.try_emplace(k);
            REQUIRE(slot != nullptr);
            CHECK(inserted == (ref.count(k) == 0));
            if (inserted) CHECK(slot->empty());  // a fresh slot holds a default value
            *slot = "value " + std::to_string(step) + " with room for a heap allocation";
            ref[k] = *slot;
        } else if (op == 1) {
            CHECK(flat.erase(k) == (ref.erase(k) == 1));
        } else {
            const std::string* got = flat.find(k);
            auto it = ref.find(k);
            REQUIRE((got != nullptr) == (it != ref.end()));
            if (got) CHECK(*got == it->second);
        }
        REQUIRE(flat.size() == ref.size());
    }
    CHECK(flat.try_emplace(Key{0, 5}).first == nullptr);  // the empty key is refused
    CHECK(flat.size() == ref.size());
}

#include <doctest/doctest.h>

#include <map>

#include "transport/flat_id_map.hpp"
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

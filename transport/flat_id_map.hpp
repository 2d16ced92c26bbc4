#pragma once
// Open-addressing hash map from NodeId to a small trivially copyable value: one flat
// array, linear probing, backward-shift deletion (no tombstones), power-of-two capacity.
// Used on hot per-packet paths where std::unordered_map's node allocations and pointer
// chasing dominated the simulator's profile. NodeId 0 is reserved as the empty marker.

#include <cstdint>
#include <vector>

#include "transport/types.hpp"

namespace gocast {

template <typename V>
class FlatIdMap {
public:
    std::size_t size() const { return size_; }

    V* find(NodeId id) {
        if (slots_.empty() || id.value == 0) return nullptr;
        for (std::size_t i = home(id);; i = (i + 1) & mask()) {
            if (slots_[i].key == id.value) return &slots_[i].value;
            if (slots_[i].key == 0) return nullptr;
        }
    }
    const V* find(NodeId id) const { return const_cast<FlatIdMap*>(this)->find(id); }

    // Inserts or overwrites.
    void put(NodeId id, const V& value) {
        if (id.value == 0) return;
        if ((size_ + 1) * 4 > slots_.size() * 3) grow();
        for (std::size_t i = home(id);; i = (i + 1) & mask()) {
            if (slots_[i].key == id.value) {
                slots_[i].value = value;
                return;
            }
            if (slots_[i].key == 0) {
                slots_[i] = Slot{id.value, value};
                ++size_;
                return;
            }
        }
    }

    bool erase(NodeId id) {
        if (slots_.empty() || id.value == 0) return false;
        std::size_t i = home(id);
        while (slots_[i].key != id.value) {
            if (slots_[i].key == 0) return false;
            i = (i + 1) & mask();
        }
        // Backward shift: pull later entries of the probe run into the hole.
        std::size_t hole = i;
        for (std::size_t j = (i + 1) & mask(); slots_[j].key != 0; j = (j + 1) & mask()) {
            const std::size_t want = home(NodeId{slots_[j].key});
            const bool movable = hole <= j ? (want <= hole || want > j) : (want <= hole && want > j);
            if (movable) {
                slots_[hole] = slots_[j];
                hole = j;
            }
        }
        slots_[hole] = Slot{};
        --size_;
        return true;
    }

private:
    struct Slot {
        std::uint64_t key = 0;
        V value{};
    };
    std::size_t mask() const { return slots_.size() - 1; }
    std::size_t home(NodeId id) const {
        return static_cast<std::size_t>((id.value * 0x9E3779B97F4A7C15ull) >> 32) & mask();
    }
    void grow() {
        std::vector<Slot> old;
        old.swap(slots_);
        slots_.assign(old.empty() ? 16 : old.size() * 2, Slot{});
        size_ = 0;
        for (const Slot& s : old)
            if (s.key != 0) put(NodeId{s.key}, s.value);
    }

    std::vector<Slot> slots_;
    std::size_t size_ = 0;
};

}  // namespace gocast

#pragma once
// Open-addressing hash map: one flat array, linear probing, backward-shift deletion (no
// tombstones), power-of-two capacity. Used on hot per-packet paths where
// std::unordered_map's node allocations and pointer chasing dominated the simulator's
// profile. `Keys` names the key's empty marker (never stored) and hash:
//   static bool is_empty(const K&); static std::uint64_t hash(const K&);
// and K{} must be the empty key. Pointers into the map are valid until the next insert
// or erase.

#include <cstdint>
#include <utility>
#include <vector>

namespace gocast {

template <typename K, typename V, typename Keys>
class FlatMap {
public:
    std::size_t size() const { return size_; }

    V* find(const K& key) {
        if (slots_.empty() || Keys::is_empty(key)) return nullptr;
        for (std::size_t i = home(key);; i = (i + 1) & mask()) {
            if (slots_[i].key == key) return &slots_[i].value;
            if (Keys::is_empty(slots_[i].key)) return nullptr;
        }
    }
    const V* find(const K& key) const { return const_cast<FlatMap*>(this)->find(key); }

    // The value under `key`, default-constructed if it was absent (second: inserted), or
    // nullptr for the empty key.
    std::pair<V*, bool> try_emplace(const K& key) {
        if (Keys::is_empty(key)) return {nullptr, false};
        if ((size_ + 1) * 4 > slots_.size() * 3) grow();
        for (std::size_t i = home(key);; i = (i + 1) & mask()) {
            if (slots_[i].key == key) return {&slots_[i].value, false};
            if (Keys::is_empty(slots_[i].key)) {
                slots_[i].key = key;
                slots_[i].value = V{};
                ++size_;
                return {&slots_[i].value, true};
            }
        }
    }

    // Inserts or overwrites.
    void put(const K& key, V value) {
        if (auto [slot, inserted] = try_emplace(key); slot) *slot = std::move(value);
    }

    bool erase(const K& key) {
        if (slots_.empty() || Keys::is_empty(key)) return false;
        std::size_t i = home(key);
        while (!(slots_[i].key == key)) {
            if (Keys::is_empty(slots_[i].key)) return false;
            i = (i + 1) & mask();
        }
        // Backward shift: pull later entries of the probe run into the hole.
        std::size_t hole = i;
        for (std::size_t j = (i + 1) & mask(); !Keys::is_empty(slots_[j].key); j = (j + 1) & mask()) {
            const std::size_t want = home(slots_[j].key);
            const bool movable = hole <= j ? (want <= hole || want > j) : (want <= hole && want > j);
            if (movable) {
                slots_[hole] = std::move(slots_[j]);
                hole = j;
            }
        }
        slots_[hole] = Slot{};
        --size_;
        return true;
    }

private:
    struct Slot {
        K key{};
        V value{};
    };
    std::size_t mask() const { return slots_.size() - 1; }
    std::size_t home(const K& key) const { return static_cast<std::size_t>(Keys::hash(key) >> 32) & mask(); }
    void grow() {
        std::vector<Slot> old;
        old.swap(slots_);
        slots_.resize(old.empty() ? 16 : old.size() * 2);
        size_ = 0;
        for (Slot& s : old)
            if (!Keys::is_empty(s.key)) *try_emplace(s.key).first = std::move(s.value);
    }

    std::vector<Slot> slots_;
    std::size_t size_ = 0;
};

}  // namespace gocast

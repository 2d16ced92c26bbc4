#pragma once
// The node's links to its overlay neighbours (transport/hop), one per neighbour, ordered by
// id so that every pass over them is deterministic.
//
// A node polls its links after every input and asks for their earliest deadline before it
// returns; with ~7 links and several sub-deadlines each, asking every link every time was
// the simulator's largest cost. So a link is polled only after it was handed work (a frame
// to send, a link frame received, a timeout) - the only things that change what it would
// send - and its deadline is cached when the poll leaves it clean.

#include <memory>
#include <vector>

#include "transport/hop/neighbor_link.hpp"
#include "transport/types.hpp"

namespace gocast {

class NeighborLinkSet {
public:
    struct Slot {
        NodeId id;
        std::unique_ptr<NeighborLink> link;
        Time deadline = 0;  // link->next_deadline() when last cleaned; stale while dirty
        bool dirty = true;  // handed work since the last poll
    };

    // The link to `id`, or nullptr. Marks nothing.
    NeighborLink* find(NodeId id);
    bool contains(NodeId id) const { return index_of(id) >= 0; }
    bool empty() const { return slots_.empty(); }

    // Adds a link (dirty). `id` must not have one.
    void add(NodeId id, std::unique_ptr<NeighborLink> link);
    // Removes and returns the link to `id`, or nullptr.
    std::unique_ptr<NeighborLink> remove(NodeId id);

    // The link to `id`, marked as handed work; nullptr when there is none.
    NeighborLink* touch(NodeId id);

    // Earliest cached deadline; a dirty link counts as due now (time 0).
    Time earliest() const;

    // Calls fn(id, link) for each dirty link in id order, then caches its deadline and
    // marks it clean.
    template <class Fn>
    void drain_dirty(Fn&& fn) {
        if (dirty_ == 0) return;
        for (Slot& s : slots_) {
            if (!s.dirty) continue;
            fn(s.id, *s.link);
            s.deadline = s.link->next_deadline();
            s.dirty = false;
        }
        dirty_ = 0;
    }

    // Every slot, in id order (read-only use, or with mark_dirty for what the caller changed).
    const std::vector<Slot>& slots() const { return slots_; }
    // Marks the slot at `index` of slots() dirty.
    void mark_dirty(std::size_t index);
    NeighborLink& link_at(std::size_t index) { return *slots_[index].link; }

private:
    std::ptrdiff_t index_of(NodeId id) const;

    std::vector<Slot> slots_;
    std::size_t dirty_ = 0;  // how many slots are dirty
};

}  // namespace gocast

#include "peer/neighbor_link_set.hpp"

#include <algorithm>

namespace gocast {

std::ptrdiff_t NeighborLinkSet::index_of(NodeId id) const {
    // A handful of links: a linear scan beats any tree or hash here.
    for (std::size_t i = 0; i < slots_.size(); ++i)
        if (slots_[i].id == id) return static_cast<std::ptrdiff_t>(i);
    return -1;
}

NeighborLink* NeighborLinkSet::find(NodeId id) {
    const auto i = index_of(id);
    return i < 0 ? nullptr : slots_[static_cast<std::size_t>(i)].link.get();
}

void NeighborLinkSet::add(NodeId id, std::unique_ptr<NeighborLink> link) {
    const auto at = std::lower_bound(slots_.begin(), slots_.end(), id,
                                     [](const Slot& s, NodeId v) { return s.id < v; });
    slots_.insert(at, Slot{id, std::move(link), 0, true});
    ++dirty_;
}

std::unique_ptr<NeighborLink> NeighborLinkSet::remove(NodeId id) {
    const auto i = index_of(id);
    if (i < 0) return nullptr;
    const auto it = slots_.begin() + i;
    if (it->dirty) --dirty_;
    std::unique_ptr<NeighborLink> link = std::move(it->link);
    slots_.erase(it);
    return link;
}

void NeighborLinkSet::mark_dirty(std::size_t index) {
    Slot& s = slots_[index];
    if (!s.dirty) {
        s.dirty = true;
        ++dirty_;
    }
}

NeighborLink* NeighborLinkSet::touch(NodeId id) {
    const auto i = index_of(id);
    if (i < 0) return nullptr;
    mark_dirty(static_cast<std::size_t>(i));
    return slots_[static_cast<std::size_t>(i)].link.get();
}

Time NeighborLinkSet::earliest() const {
    if (dirty_ > 0) return 0;
    Time t = kNever;
    for (const Slot& s : slots_) t = std::min(t, s.deadline);
    return t;
}

}  // namespace gocast

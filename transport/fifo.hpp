#pragma once
// First-in first-out queue over one vector. A Node's outputs (packets, transmits, events)
// are produced by one input and drained right after it, so the queue empties again and
// again: a vector that keeps its capacity reuses the same few cache lines and allocates
// nothing, where std::deque allocates and frees a 512-byte block as its ends move on.

#include <cstddef>
#include <utility>
#include <vector>

namespace gocast {

template <typename T>
class Fifo {
public:
    bool empty() const { return head_ == items_.size(); }
    std::size_t size() const { return items_.size() - head_; }
    void push_back(T v) { items_.push_back(std::move(v)); }
    template <typename... Args>
    T& emplace_back(Args&&... args) {
        return items_.emplace_back(std::forward<Args>(args)...);
    }
    // Front element; only valid when !empty(). Callers move it out before pop_front(); the
    // moved-from shell is destroyed when the queue drains.
    T& front() { return items_[head_]; }
    void pop_front() {
        ++head_;
        if (head_ == items_.size()) {
            items_.clear();  // drained: start over at the front, keeping the capacity
            head_ = 0;
        } else if (head_ >= kCompactAt && 2 * head_ >= items_.size()) {
            // Never drained (a host that polls less often): drop the consumed prefix.
            items_.erase(items_.begin(), items_.begin() + static_cast<std::ptrdiff_t>(head_));
            head_ = 0;
        }
    }
    // Iteration over the queued items, front first.
    auto begin() { return items_.begin() + static_cast<std::ptrdiff_t>(head_); }
    auto end() { return items_.end(); }
    void clear() {
        items_.clear();
        head_ = 0;
    }

private:
    static constexpr std::size_t kCompactAt = 64;
    std::vector<T> items_;
    std::size_t head_ = 0;
};

}  // namespace gocast

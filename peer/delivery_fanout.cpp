#include "peer/delivery_fanout.hpp"

#include <algorithm>

namespace gocast {

Subscription::Subscription(std::string topic, std::size_t capacity)
    : topic_(std::move(topic)), capacity_(capacity) {}

std::vector<std::string> Subscription::take(std::chrono::milliseconds limit) {
    std::unique_lock lock(mutex_);
    ready_.wait_for(lock, limit, [this] { return closed_ || !queue_.empty(); });
    std::vector<std::string> out(std::make_move_iterator(queue_.begin()),
                                 std::make_move_iterator(queue_.end()));
    queue_.clear();
    return out;
}

bool Subscription::closed() const {
    const std::lock_guard lock(mutex_);
    return closed_;
}

std::uint64_t Subscription::dropped() const {
    const std::lock_guard lock(mutex_);
    return dropped_;
}

void Subscription::offer(const std::string& line) {
    {
        const std::lock_guard lock(mutex_);
        if (closed_) return;
        if (queue_.size() >= capacity_) {
            ++dropped_;
            return;
        }
        queue_.push_back(line);
    }
    ready_.notify_one();
}

void Subscription::close() {
    {
        const std::lock_guard lock(mutex_);
        closed_ = true;
    }
    ready_.notify_all();
}

std::shared_ptr<Subscription> DeliveryFanout::subscribe(const std::string& topic) {
    const std::lock_guard lock(mutex_);
    if (closed_) return nullptr;
    subs_.push_back(std::make_shared<Subscription>(topic, capacity_));
    return subs_.back();
}

void DeliveryFanout::unsubscribe(const std::shared_ptr<Subscription>& sub) {
    const std::lock_guard lock(mutex_);
    std::erase(subs_, sub);
}

void DeliveryFanout::push(const std::string& topic, const std::string& line) {
    const std::lock_guard lock(mutex_);
    for (const auto& s : subs_) {
        if (s->topic().empty() || s->topic() == topic) s->offer(line);
    }
}

void DeliveryFanout::close() {
    const std::lock_guard lock(mutex_);
    closed_ = true;
    for (const auto& s : subs_) s->close();
}

std::size_t DeliveryFanout::subscriber_count() const {
    const std::lock_guard lock(mutex_);
    return subs_.size();
}

}  // namespace gocast

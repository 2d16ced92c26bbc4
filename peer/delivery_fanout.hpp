#pragma once
// Hands delivered messages from the io thread to HTTP subscribe streams on other threads.
// Each subscriber has its own bounded queue: push() never waits, and a subscriber whose
// queue is full loses the line (counted in dropped()) instead of slowing the node down.

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace gocast {

class Subscription {
  public:
    Subscription(std::string topic, std::size_t capacity);

    // Empty topic means every topic.
    const std::string& topic() const { return topic_; }
    // Waits at most `limit` for lines; returns all queued lines (empty on timeout or close).
    std::vector<std::string> take(std::chrono::milliseconds limit);
    bool closed() const;
    std::uint64_t dropped() const;

    // Called by the fanout only.
    void offer(const std::string& line);
    void close();

  private:
    const std::string topic_;
    const std::size_t capacity_;
    mutable std::mutex mutex_;
    std::condition_variable ready_;
    std::deque<std::string> queue_;
    std::uint64_t dropped_ = 0;
    bool closed_ = false;
};

class DeliveryFanout {
  public:
    explicit DeliveryFanout(std::size_t queue_capacity) : capacity_(queue_capacity) {}

    // Returns nullptr once closed, so no stream starts after the peer began to leave.
    std::shared_ptr<Subscription> subscribe(const std::string& topic);
    void unsubscribe(const std::shared_ptr<Subscription>& sub);
    // Offers `line` to every subscriber of `topic` (and of all topics). Never blocks on a
    // subscriber: only short critical sections.
    void push(const std::string& topic, const std::string& line);
    // Ends every stream; later subscribe() calls fail.
    void close();
    std::size_t subscriber_count() const;

  private:
    const std::size_t capacity_;
    mutable std::mutex mutex_;
    std::vector<std::shared_ptr<Subscription>> subs_;
    bool closed_ = false;
};

}  // namespace gocast

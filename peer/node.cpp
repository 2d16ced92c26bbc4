// TEMPORARY placeholder so dependants build; replaced by the real composition.
#include "peer/node.hpp"

namespace gocast {
struct Node::Impl {
    NodeId id;
};
Node::Node(const Config&, NodeId id, std::uint64_t) : impl_(std::make_unique<Impl>()) {
    impl_->id = id;
}
Node::~Node() = default;
void Node::handle_start(Time, std::span<const Endpoint>) {}
void Node::handle_datagram(Time, Endpoint, std::span<const std::byte>) {}
void Node::handle_timeout(Time) {}
std::optional<MsgId> Node::publish(Time, std::string_view, std::span<const std::byte>, Service) {
    return std::nullopt;
}
void Node::handle_leave(Time) {}
std::optional<Transmit> Node::poll_transmit() { return std::nullopt; }
std::optional<Time> Node::poll_timeout() const { return std::nullopt; }
std::optional<Event> Node::poll_event() { return std::nullopt; }
Snapshot Node::snapshot() const { return Snapshot{.id = impl_->id}; }
NodeId Node::id() const { return impl_->id; }
}  // namespace gocast

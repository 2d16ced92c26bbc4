#pragma once
// The sans-IO GoCast peer (DESIGN.md "The sans-IO contract"). It composes membership,
// probing, links, tree, and dissemination. It never touches sockets, clocks or global
// randomness: the host feeds inputs with the current time and drains outputs after each.

#include <memory>
#include <optional>
#include <span>
#include <string_view>

#include "peer/config.hpp"
#include "peer/node_types.hpp"
#include "peer/survey.hpp"

namespace gocast {

class Node {
public:
    Node(const Config& config, NodeId id, std::uint64_t rng_seed);
    ~Node();
    Node(const Node&) = delete;
    Node& operator=(const Node&) = delete;
    // Movable, so that many nodes can sit in one contiguous array (the simulator's).
    Node(Node&&) noexcept;
    Node& operator=(Node&&) noexcept;

    // Inputs; `now` must never decrease across calls.
    void handle_start(Time now, std::span<const Endpoint> seeds);
    void handle_datagram(Time now, Endpoint from, std::span<const std::byte> bytes);
    void handle_timeout(Time now);  // safe to call early: does nothing not yet due
    // Publishes and delivers locally at once. Payload and topic sizes are checked against
    // Config; std::nullopt means rejected (too large), nothing is sent.
    std::optional<MsgId> publish(Time now, std::string_view topic,
                                 std::span<const std::byte> payload,
                                 Service service = Service::reliable);
    void handle_leave(Time now);
    // Starts a survey of the overlay along the tree (docs/PROTOCOL.md "Surveys"); for a
    // trace, `message` names the message. max_entries is capped by Config survey.max_entries.
    // std::nullopt when the node is not running or too many surveys are under way.
    std::optional<SurveyId> start_survey(Time now, SurveyKind kind, MsgId message = {},
                                         std::uint32_t max_entries = UINT32_MAX);
    // The finished result, once the survey is done (within Config survey.timeout).
    std::optional<SurveyResult> survey_result(const SurveyId& id) const;

    // Outputs, drained after every input.
    std::optional<Transmit> poll_transmit();
    std::optional<Time> poll_timeout() const;
    std::optional<Event> poll_event();

    // Everything (status pages, reports), or only the topology part: id, root, parent,
    // depth, degrees and neighbours, without the view, arrivals and counters (the
    // simulator samples that for every peer every few seconds).
    enum class SnapshotDetail : std::uint8_t { full, topology };
    Snapshot snapshot(SnapshotDetail detail = SnapshotDetail::full) const;
    NodeId id() const;

    struct Impl;

private:
    std::unique_ptr<Impl> impl_;
};

}  // namespace gocast

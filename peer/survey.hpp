#pragma once
// Surveys of the overlay by convergecast along the tree (docs/PROTOCOL.md "Surveys"),
// sans-IO: inputs carry the time, outputs are frames to send, and deadlines are data.
//
// The requester sends a request to each of its tree neighbours; every peer that gets one
// forwards it to its other tree neighbours, waits for their answers (or its deadline), and
// answers its sender with its own entry plus everything its subtree sent. The tree is a
// spanning tree, so the request reaches each attached peer once; a peer that gets the same
// survey again (a tree change mid-survey) answers that copy empty at once.
//
// Time budget: a request carries the time its receiver has to answer. A peer forwards with
// its own budget minus the link RTT and a guard, and does not forward when too little is
// left. So a deep or slow subtree is cut off rather than stalling everyone, and the
// requester always finishes by its timeout; any cut, lost or refused part marks the answer
// partial.
//
// Arrival times in trace surveys: each peer reports how long ago it received the message,
// measured at the moment it sends its answer. A parent turns a child's ages into its own
// clock (arrival = reply receipt - RTT/2 - age), so no clocks need to agree. The RTT is
// measured by the survey itself (ask-to-answer time minus the time the child held the
// survey), so a stale smoothed RTT does not skew it; the error is the asymmetry of the
// two crossings of each link on the path.

#include <deque>
#include <optional>
#include <vector>

#include "peer/config.hpp"
#include "peer/survey_frames.hpp"
#include "transport/frame_type.hpp"

namespace gocast {

struct SurveyResult {
    SurveyId id;
    SurveyKind kind = SurveyKind::topology;
    MsgId message;  // trace surveys
    Time started_at = 0;
    Time finished_at = 0;
    bool partial = false;
    // The requester's entry first. In trace surveys arrival->age_us counts back from
    // finished_at. The requester's own address is 0: only its host knows it.
    std::vector<SurveyEntry> entries;
};

struct SurveyTarget {
    NodeId id;
    Duration rtt = 0;  // estimate used to shrink the budget passed on
};

struct SurveySend {
    NodeId to;
    FrameType type = FrameType::survey_request;
    Bytes body;
};

class Survey {
public:
    Survey(const SurveyConfig& cfg, NodeId self) : cfg_(cfg), self_(self) {}

    // Starts a survey requested here. `self_entry` is this node's contribution (for a trace,
    // arrival->age_us counts back from `now`), `targets` its tree neighbours. std::nullopt
    // when max_active surveys are already running.
    std::optional<SurveyId> start(Time now, SurveyKind kind, const MsgId& message,
                                  std::uint32_t max_entries, SurveyEntry self_entry,
                                  const std::vector<SurveyTarget>& targets,
                                  std::vector<SurveySend>& out);

    // False when this survey was already seen: on_request then answers empty and does not
    // need an entry (callers may skip building one).
    bool is_new(const SurveyId& id) const;
    void on_request(Time now, NodeId from, const SurveyRequestFrame& f, SurveyEntry self_entry,
                    const std::vector<SurveyTarget>& targets, std::vector<SurveySend>& out);
    // `from_address` fills in the address of the sender's own entry; `link_rtt` (smoothed)
    // converts its arrival ages into this node's clock when the survey's own RTT sample of
    // the link is unusable.
    void on_reply(Time now, NodeId from, const Endpoint& from_address, Duration link_rtt,
                  SurveyReplyFrame f, std::vector<SurveySend>& out);
    // A neighbour we wait for went away: stop waiting for it (the answer becomes partial).
    void on_neighbor_down(Time now, NodeId id, std::vector<SurveySend>& out);
    void tick(Time now, std::vector<SurveySend>& out);
    Time next_deadline() const;

    // The result of a survey started here, once finished (kept for cfg.results_kept surveys).
    const SurveyResult* result(const SurveyId& id) const;
    std::size_t active() const { return active_.size(); }

private:
    struct Waiting {
        NodeId child;
        Time asked_at = 0;
        std::uint16_t parts = 0;  // 0 until its first part arrives
        std::vector<bool> got;
        std::uint16_t received = 0;
        bool done = false;
    };
    struct Active {
        SurveyId id;
        SurveyKind kind = SurveyKind::topology;
        MsgId message;
        bool local = false;  // requested here
        NodeId reply_to;
        Time started = 0;
        Time deadline = 0;
        std::uint32_t max_entries = 0;
        bool partial = false;
        std::vector<SurveyEntry> entries;
        std::vector<Time> arrived_at;  // per entry with an arrival, in this node's clock
        std::vector<Waiting> waiting;
    };

    void begin(Active a, SurveyEntry self_entry, Time now, std::uint32_t budget, NodeId skip,
               const std::vector<SurveyTarget>& targets, std::vector<SurveySend>& out);
    void add_entry(Active& a, SurveyEntry e, Time now, Duration age_offset);
    // Sends the answer (or stores the local result) and forgets the survey.
    void finish(std::size_t index, Time now, std::vector<SurveySend>& out);
    void finish_done(Time now, std::vector<SurveySend>& out);
    void remember(const SurveyId& id);
    void answer(const SurveyId& id, NodeId to, bool partial, Duration held, std::vector<SurveyEntry> entries,
                std::vector<SurveySend>& out) const;

    SurveyConfig cfg_;
    NodeId self_;
    std::uint64_t next_seq_ = 1;
    std::vector<Active> active_;
    std::deque<SurveyId> answered_;
    std::deque<SurveyResult> results_;
};

}  // namespace gocast

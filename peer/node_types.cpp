#include "peer/node_types.hpp"

namespace gocast {

const char* to_string(LinkKind k) { return k == LinkKind::nearby ? "nearby" : "random"; }

const char* to_string(ArrivalPath p) {
    switch (p) {
        case ArrivalPath::local: return "local";
        case ArrivalPath::tree: return "tree";
        case ArrivalPath::pull: return "pull";
        case ArrivalPath::other: return "other";
    }
    return "unknown";
}

const char* to_string(DownReason r) {
    switch (r) {
        case DownReason::dropped: return "dropped";
        case DownReason::timeout: return "timeout";
        case DownReason::left: return "left";
        case DownReason::rejected: return "rejected";
        case DownReason::link_failed: return "link_failed";
    }
    return "unknown";
}

}  // namespace gocast

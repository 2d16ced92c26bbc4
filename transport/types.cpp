#include "transport/types.hpp"

#include <cstdio>

namespace gocast {

std::string to_string(NodeId id) {
    char buf[20];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(id.value));
    return buf;
}

std::string to_string(const Endpoint& ep) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%u.%u.%u.%u:%u", (ep.ip >> 24) & 0xff, (ep.ip >> 16) & 0xff,
                  (ep.ip >> 8) & 0xff, ep.ip & 0xff, ep.port);
    return buf;
}

}  // namespace gocast

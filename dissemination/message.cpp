#include "dissemination/message.hpp"

namespace gocast {

std::string to_string(const MsgId& id) {
    return to_string(id.origin) + ":" + std::to_string(id.seq);
}

bool is_valid_service(std::uint8_t raw) {
    return raw <= static_cast<std::uint8_t>(Service::fifo);
}

const char* to_string(Service s) {
    switch (s) {
        case Service::unreliable: return "unreliable";
        case Service::reliable: return "reliable";
        case Service::fifo: return "fifo";
        case Service::total: return "total";
    }
    return "unknown";
}

}  // namespace gocast

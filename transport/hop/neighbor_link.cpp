#include "transport/hop/neighbor_link.hpp"

#include "transport/hop/hop_link.hpp"
#include "transport/hop/tcp_link.hpp"

namespace gocast {

const char* to_string(LinkTransport t) {
    switch (t) {
        case LinkTransport::hop: return "hop";
        case LinkTransport::datagram: return "datagram";
        case LinkTransport::tcp: return "tcp";
    }
    return "unknown";
}

std::optional<LinkTransport> parse_link_transport(std::string_view text) {
    if (text == "hop") return LinkTransport::hop;
    if (text == "datagram") return LinkTransport::datagram;
    if (text == "tcp") return LinkTransport::tcp;
    return std::nullopt;
}

std::unique_ptr<NeighborLink> make_neighbor_link(LinkTransport kind, const HopConfig& cfg,
                                                 std::uint32_t session) {
    switch (kind) {
        case LinkTransport::hop: return std::make_unique<HopLink>(cfg, session);
        case LinkTransport::tcp: return std::make_unique<TcpLink>(cfg, session);
        case LinkTransport::datagram: return nullptr;
    }
    return nullptr;
}

}  // namespace gocast

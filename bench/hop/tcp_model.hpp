#pragma once
// Closed-form TCP throughput models, printed beside the TCP-like link's figures as a
// reference for what a Reno-style sender should reach at a given loss rate and RTT.
//   Mathis, Semke, Mahdavi, Ott, "The macroscopic behavior of the TCP congestion avoidance
//   algorithm", CCR 1997: B = (MSS / RTT) * sqrt(3 / (2 b p)); no timeouts, so it
//   overestimates once losses cause timeouts.
//   Padhye, Firoiu, Towsley, Kurose, "Modeling TCP throughput", SIGCOMM 1998, eq. (33):
//   B = min(Wmax / RTT, 1 / (RTT sqrt(2bp/3) + T0 min(1, 3 sqrt(3bp/8)) p (1 + 32 p^2)))
//   segments per second; includes timeouts with back-off.
// p is the probability that a data segment is lost, b the segments per ack (1 here: the
// TCP-like link acks every segment).

#include <algorithm>
#include <cmath>

namespace gocast::bench {

struct TcpModelInput {
    double loss = 0;           // data segment loss probability
    double rtt_s = 0;          // round trip time, seconds
    double rto_s = 0.2;        // first retransmission timeout T0, seconds
    double segment_bytes = 0;  // useful bytes per segment
    double max_window = 4096;  // receiver window, segments
    double acked_per_ack = 1;  // b
};

// Bits per second of useful data; the link-limited rate when p == 0.
inline double mathis_bps(const TcpModelInput& in) {
    if (in.loss <= 0) return INFINITY;
    return in.segment_bytes * 8 / in.rtt_s * std::sqrt(3.0 / (2.0 * in.acked_per_ack * in.loss));
}

inline double padhye_bps(const TcpModelInput& in) {
    const double p = in.loss;
    const double b = in.acked_per_ack;
    const double cap = in.max_window / in.rtt_s;
    if (p <= 0) return cap * in.segment_bytes * 8;
    const double denom =
        in.rtt_s * std::sqrt(2 * b * p / 3) +
        in.rto_s * std::min(1.0, 3 * std::sqrt(3 * b * p / 8)) * p * (1 + 32 * p * p);
    return std::min(cap, 1.0 / denom) * in.segment_bytes * 8;
}

}  // namespace gocast::bench

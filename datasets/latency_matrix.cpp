#include "datasets/latency_matrix.hpp"

namespace gocast::datasets {

double LatencyMatrix::mean_offdiagonal() const {
    double sum = 0;
    std::size_t count = 0;
    for (std::size_t i = 0; i < n; ++i) {
        const float* row = rtt_ms.data() + i * n;
        for (std::size_t j = 0; j < n; ++j) {
            // Negative entries are missing (only present under MissingPolicy::keep).
            if (i != j && row[j] >= 0) {
                sum += row[j];
                ++count;
            }
        }
    }
    return count == 0 ? 0.0 : sum / static_cast<double>(count);
}

}  // namespace gocast::datasets

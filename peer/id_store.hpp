#pragma once
// The peer's NodeId is created once and kept in DATA_DIR/node_id (16 hex digits and a
// newline), so a restarted peer rejoins under the same identity. A file that exists but
// cannot be read as an id is an error: silently minting a new id would make the fleet see
// a stranger and leave the old identity to time out.

#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>

#include "transport/types.hpp"

namespace gocast {

class IdStoreError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Reads DATA_DIR/node_id, or creates DATA_DIR (if needed) and a new random nonzero id from
// std::random_device, written via a temporary file and rename. Throws IdStoreError.
NodeId load_or_create_node_id(const std::filesystem::path& data_dir);

// Parses the file content: 1-16 hex digits, optional trailing newline, nonzero.
// Throws IdStoreError with a reason that does not name the file.
NodeId parse_node_id(std::string_view text);

}  // namespace gocast

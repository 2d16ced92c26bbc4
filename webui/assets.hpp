#pragma once
// The web page's files, embedded into the binary at compile time (webui/assets/ and the
// vendored graph library in webui/vendor/), so a peer serves its UI with no files on disk
// and no network.

#include <string_view>

namespace gocast::webui {

struct Asset {
    std::string_view path;          // URL path, e.g. "/app.js"
    std::string_view content_type;
    std::string_view body;
};

// The asset served at `path` ("/" is the page), or nullptr.
const Asset* find_asset(std::string_view path);

}  // namespace gocast::webui

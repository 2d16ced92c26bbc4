#include "webui/assets.hpp"

#include <array>

// The files are pulled in by the assembler (.incbin) from GOCAST_WEBUI_DIR, set by CMake,
// which also lists them as dependencies of this file so an edit rebuilds it. A NUL follows
// each file only for safety; sizes come from the end labels.
#define GOCAST_EMBED(name, file)                                              \
    asm(".section .rodata\n"                                                  \
        ".global gocast_asset_" #name "_begin\n"                              \
        ".global gocast_asset_" #name "_end\n"                                \
        ".balign 16\n"                                                        \
        "gocast_asset_" #name "_begin:\n"                                     \
        ".incbin \"" GOCAST_WEBUI_DIR "/" file "\"\n"                         \
        "gocast_asset_" #name "_end:\n"                                       \
        ".byte 0\n"                                                           \
        ".previous\n");                                                       \
    extern "C" const char gocast_asset_##name##_begin[];                      \
    extern "C" const char gocast_asset_##name##_end[];

GOCAST_EMBED(index_html, "assets/index.html")
GOCAST_EMBED(app_js, "assets/app.js")
GOCAST_EMBED(app_css, "assets/app.css")
GOCAST_EMBED(cytoscape_js, "vendor/cytoscape.min.js")
GOCAST_EMBED(cytoscape_license, "vendor/cytoscape.LICENSE")

namespace gocast::webui {

namespace {

std::string_view span(const char* begin, const char* end) {
    return std::string_view(begin, static_cast<std::size_t>(end - begin));
}

const std::array<Asset, 6>& assets() {
    static const std::array<Asset, 6> all{{
        {"/", "text/html; charset=utf-8", span(gocast_asset_index_html_begin, gocast_asset_index_html_end)},
        {"/index.html", "text/html; charset=utf-8", span(gocast_asset_index_html_begin, gocast_asset_index_html_end)},
        {"/app.js", "text/javascript; charset=utf-8", span(gocast_asset_app_js_begin, gocast_asset_app_js_end)},
        {"/app.css", "text/css; charset=utf-8", span(gocast_asset_app_css_begin, gocast_asset_app_css_end)},
        {"/vendor/cytoscape.min.js", "text/javascript; charset=utf-8",
         span(gocast_asset_cytoscape_js_begin, gocast_asset_cytoscape_js_end)},
        {"/vendor/cytoscape.LICENSE", "text/plain; charset=utf-8",
         span(gocast_asset_cytoscape_license_begin, gocast_asset_cytoscape_license_end)},
    }};
    return all;
}

}  // namespace

const Asset* find_asset(std::string_view path) {
    for (const Asset& a : assets())
        if (a.path == path) return &a;
    return nullptr;
}

}  // namespace gocast::webui

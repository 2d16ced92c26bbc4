// Layout detection (load_any) and directories of time slices (load_slices_dir).

#include "datasets/loaders.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

#include "datasets/text_input.hpp"

namespace gocast::datasets {

namespace {

bool is_unsigned_integer(std::string_view tok) {
    return !tok.empty() && std::all_of(tok.begin(), tok.end(), [](char c) {
        return std::isdigit(static_cast<unsigned char>(c)) != 0;
    });
}

// The last run of decimal digits in a file name ("PlanetLabData_12" -> 12).
bool number_in_name(std::string_view name, std::uint64_t& out) {
    std::size_t end = name.size();
    while (end > 0 && !std::isdigit(static_cast<unsigned char>(name[end - 1]))) --end;
    if (end == 0) return false;
    std::size_t begin = end;
    while (begin > 0 && std::isdigit(static_cast<unsigned char>(name[begin - 1]))) --begin;
    const auto [ptr, ec] = std::from_chars(name.data() + begin, name.data() + end, out, 10);
    return ec == std::errc() && ptr == name.data() + end;
}

enum class Layout { e2egraph, square_matrix, raw_slice };

// Only line 1 is read; the chosen loader then reports any problem with the rest.
Layout detect_layout(const std::string& path) {
    detail::LineReader r(path);
    std::string_view line;
    if (!r.next(line)) r.fail_at(1, "empty file");
    detail::Tokens tokens(line);
    std::string_view first;
    if (!tokens.next(first)) return Layout::raw_slice;
    if (first == "topology") return Layout::e2egraph;
    std::string_view second;
    if (!tokens.next(second) && is_unsigned_integer(first)) return Layout::square_matrix;
    return Layout::raw_slice;
}

}  // namespace

LatencyMatrix load_any(const std::string& path, MissingPolicy missing) {
    switch (detect_layout(path)) {
        case Layout::e2egraph:
            return load_e2egraph(path, missing);
        case Layout::square_matrix:
            return load_square_matrix(path, missing);
        case Layout::raw_slice:
            break;
    }
    return load_raw_slice(path, missing);
}

LatencyMatrix load_any(const std::string& path) {
    return load_any(path, MissingPolicy::fill);
}

std::vector<LatencyMatrix> load_slices_dir(const std::string& dir) {
    namespace fs = std::filesystem;
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) throw DatasetError(dir + ": not a directory");

    std::vector<std::pair<std::uint64_t, std::string>> files;
    fs::directory_iterator it(dir, ec);
    if (ec) throw DatasetError(dir + ": cannot list: " + ec.message());
    for (; it != fs::directory_iterator(); it.increment(ec)) {
        if (ec) throw DatasetError(dir + ": cannot list: " + ec.message());
        const std::string name = it->path().filename().string();
        if (name.empty() || name[0] == '.') continue;  // editor and OS leftovers
        if (!it->is_regular_file(ec)) continue;
        std::uint64_t number = 0;
        if (!number_in_name(name, number)) {
            throw DatasetError(it->path().string() +
                               ": file name has no number to order the slices by");
        }
        files.emplace_back(number, it->path().string());
    }
    if (ec) throw DatasetError(dir + ": cannot list: " + ec.message());
    if (files.empty()) throw DatasetError(dir + ": no slice files");
    std::sort(files.begin(), files.end());
    for (std::size_t f = 1; f < files.size(); ++f) {
        if (files[f].first == files[f - 1].first) {
            throw DatasetError(files[f].second + ": same slice number as " + files[f - 1].second);
        }
    }

    std::vector<LatencyMatrix> slices;
    slices.reserve(files.size());
    for (const auto& [number, path] : files) {
        slices.push_back(load_any(path));
        if (slices.back().n != slices.front().n) {
            throw DatasetError(path + ": N = " + std::to_string(slices.back().n) +
                               " differs from N = " + std::to_string(slices.front().n) + " in " +
                               files.front().second);
        }
    }
    return slices;
}

}  // namespace gocast::datasets

#pragma once
// Scratch directories and whole-file helpers shared by every test tier.

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>

namespace gocast::testing {

// A directory under the system temp dir, unique to this process (pid plus a random tag, so
// parallel ctest runs never collide), removed with its contents on destruction. With
// `create` false only the name is reserved, for code that must create it itself.
class ScratchDir {
public:
    explicit ScratchDir(const std::string& prefix, bool create = true) {
        std::random_device rd;
        path_ = std::filesystem::temp_directory_path() /
                ("gocast-" + prefix + "-" + std::to_string(::getpid()) + "-" + std::to_string(rd()));
        std::filesystem::remove_all(path_);
        if (create) std::filesystem::create_directories(path_);
    }
    ~ScratchDir() {
        std::error_code ec;
        std::filesystem::remove_all(path_, ec);
    }
    ScratchDir(const ScratchDir&) = delete;
    ScratchDir& operator=(const ScratchDir&) = delete;

    const std::filesystem::path& path() const { return path_; }
    std::string str() const { return path_.string(); }
    std::string file(const std::string& name) const { return (path_ / name).string(); }
    // Writes `content` to a file in the directory and returns its path.
    std::string write(const std::string& name, const std::string& content) const {
        const std::string p = file(name);
        std::ofstream(p, std::ios::binary | std::ios::trunc) << content;
        return p;
    }

private:
    std::filesystem::path path_;
};

inline std::string read_file(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

inline void write_file(const std::filesystem::path& p, const std::string& content) {
    std::ofstream(p, std::ios::binary | std::ios::trunc) << content;
}

}  // namespace gocast::testing

// libFuzzer target for the RESP2 request parser. The first byte of the input picks the sizes of
// the pieces the rest is fed in (so splits land everywhere) and whether the pre-AUTH limits
// apply; every command parsed must be consistent with the bytes (no argument longer than what was
// fed), and the parser must end in one of its three states without crashing.
//
// Built with clang's -fsanitize=fuzzer when meson's `fuzz` option is on (`./dev test` runs it for
// a bounded time); otherwise with a main that replays the files or folders given (the seed corpus
// in tests/fuzz/resp_corpus), in the normal and ASan builds.
#include "resp.h"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    const unsigned mode = data[0];
    const std::size_t piece = 1 + (mode & 0x3F);
    const bool authenticated = (mode & 0x40) == 0;
    jetstore::server::Limits limits;
    limits.max_inline = 256;  // small limits, so that inputs reach them
    limits.max_bulk = 1024;
    limits.max_args = 64;
    jetstore::server::RequestParser p(limits);
    const std::string_view rest(reinterpret_cast<const char*>(data + 1), size - 1);
    std::size_t fed = 0;
    while (fed < rest.size()) {
        const std::size_t n = std::min(piece, rest.size() - fed);
        p.Feed(rest.substr(fed, n));
        fed += n;
        for (;;) {
            std::vector<std::string> args;
            std::string error;
            const auto r = p.Next(&args, &error, authenticated);
            if (r == jetstore::server::RequestParser::Result::kError) {
                if (error.rfind("Protocol error: ", 0) != 0) std::abort();
                return 0;
            }
            if (r == jetstore::server::RequestParser::Result::kNeedMore) break;
            std::size_t total = 0;
            for (const auto& a : args) total += a.size();
            // Multibulk requests hold at most max_args arguments; inline ones at most a word per
            // two bytes of a max_inline line.
            if (total > fed || args.size() > std::max(limits.max_args, limits.max_inline)) std::abort();
        }
    }
    return 0;
}

#ifndef JETSTORE_LIBFUZZER
#include <filesystem>
#include <fstream>

// Replays every file named (folders: every file in them).
int main(int argc, char** argv) {
    int runs = 0;
    for (int i = 1; i < argc; ++i) {
        std::vector<std::filesystem::path> files;
        if (std::filesystem::is_directory(argv[i])) {
            for (const auto& e : std::filesystem::directory_iterator(argv[i])) files.push_back(e.path());
        } else {
            files.emplace_back(argv[i]);
        }
        for (const auto& f : files) {
            std::ifstream in(f, std::ios::binary);
            const std::string bytes((std::istreambuf_iterator<char>(in)), {});
            LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
            ++runs;
        }
    }
    std::printf("resp_fuzz: %d inputs replayed\n", runs);
    return runs > 0 ? 0 : 1;
}
#endif

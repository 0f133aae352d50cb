// The workload of the OS-crash test, run under the write recorder (write_recorder.c): it makes
// two databases, stops cleanly, then commits lazy, durable and cross-database transactions with
// checkpoints and log-generation switches among them, marking each acknowledgement in the trace,
// and ends without stopping (as a crash would). Usage: os_crash_workload <folder> [nosync]
// ("nosync": the negative control, an instance that never flushes its log).
#include <esent.h>

#include <dlfcn.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <string>

#include "engine/seams.h"
#include "tests/recovery/log_fixture.h"

namespace {

using jetstore::test::LogDb;
using jetstore::test::LogInstance;
using jetstore::test::LogInstanceOptions;

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) return 2;
    const std::string folder = std::string(argv[1]) + "/";
    if (argc > 2 && std::string(argv[2]) == "nosync") jetstore::engine::seam::SetSkipLogSyncForTesting(true);
    using MarkFn = void (*)(std::uint64_t);
    auto mark = reinterpret_cast<MarkFn>(dlsym(RTLD_DEFAULT, "jetstore_record_mark"));
    if (mark == nullptr) {
        std::fprintf(stderr, "os_crash_workload: the write recorder is not preloaded\n");
        return 3;
    }
    const LogInstanceOptions options{64, false, 0};
    {
        LogInstance li(folder, options);
        LogDb a;
        LogDb b;
        if (li.Init() < 0 || li.Create(folder + "a.edb", &a) < 0 || li.Create(folder + "b.edb", &b) < 0) return 4;
        if (li.Term() < 0) return 5;
    }
    mark(0);
    LogInstance li(folder, options);
    LogDb a;
    LogDb b;
    if (li.Init() < 0 || li.Open(folder + "a.edb", &a) < 0 || li.Open(folder + "b.edb", &b) < 0) return 6;
    for (std::uint64_t n = 1; n <= 90; ++n) {
        const bool lazy = n % 3 == 1;
        const bool cross = n % 3 == 2;
        // Announce the transaction before it begins: the checker bounds what may be there.
        mark(n * 4 + 2);
        if (JetBeginTransaction(li.session()) < 0) return 7;
        const std::string value = "w" + std::to_string(n) + std::string(static_cast<std::size_t>(n % 9) * 50, 'o');
        if (li.PutIn(a, static_cast<std::int32_t>(n), value) < 0) return 8;
        if (cross && li.PutIn(b, static_cast<std::int32_t>(n), value) < 0) return 9;
        if (JetCommitTransaction(li.session(), lazy ? JET_bitCommitLazyFlush : 0) < 0) return 10;
        mark(n * 4 + (lazy ? 0 : 1));  // acknowledged: durable (1) or lazy (0)
        if (n % 23 == 0 && jetstore::engine::seam::CheckpointNow(li.instance()) < 0) return 11;
        if (n % 31 == 0 && JetCommitTransaction(li.session(), JET_bitForceNewLog) < 0) return 12;
    }
    std::fflush(stdout);
    _exit(0);  // no JetTerm: the trace ends as a crash would leave it
}

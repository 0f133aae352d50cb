#include "storage/kill_point.h"

#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <string>

namespace jetstore::storage {
namespace kill_point_detail {

std::atomic<int> g_state{0};

namespace {

std::mutex g_mu;
std::string g_name;      // guarded by g_mu; constant once g_state is 2
long g_remaining = 1;    // guarded by g_mu

}  // namespace

int Load() {
    std::lock_guard lock(g_mu);
    const int s = g_state.load(std::memory_order_relaxed);
    if (s != 0) return s;
    const char* v = std::getenv("JETSTORE_KILL_POINT");
    if (v == nullptr || *v == '\0') {
        g_state.store(1, std::memory_order_relaxed);
        return 1;
    }
    std::string spec(v);
    const auto colon = spec.find(':');
    if (colon != std::string::npos) {
        g_remaining = std::max(1L, std::strtol(spec.c_str() + colon + 1, nullptr, 10));
        spec.resize(colon);
    }
    g_name = spec;
    g_state.store(2, std::memory_order_relaxed);
    return 2;
}

bool Due(const char* name) {
    std::lock_guard lock(g_mu);
    if (g_name != name) return false;
    return --g_remaining == 0;
}

}  // namespace kill_point_detail

void ArmKillPoint(const char* name, long count) {
    using namespace kill_point_detail;
    std::lock_guard lock(g_mu);
    g_name = name;
    g_remaining = std::max(1L, count);
    g_state.store(2, std::memory_order_relaxed);
}

void KillNow() {
    ::kill(::getpid(), SIGKILL);
    for (;;) ::pause();  // SIGKILL is not delivered synchronously on every kernel
}

}  // namespace jetstore::storage

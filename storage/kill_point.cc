#include "storage/kill_point.h"

#include <signal.h>
#include <unistd.h>

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

void Reached(const char* name) {
    std::lock_guard lock(g_mu);
    if (g_name != name) return;
    if (--g_remaining > 0) return;
    ::kill(::getpid(), SIGKILL);
    for (;;) ::pause();  // SIGKILL is not delivered synchronously on every kernel
}

}  // namespace kill_point_detail

bool KillPointArmed(const char* name) {
    using namespace kill_point_detail;
    int s = g_state.load(std::memory_order_relaxed);
    if (s == 0) s = Load();
    if (s != 2) return false;
    std::lock_guard lock(g_mu);
    return g_name == name && g_remaining == 1;
}

}  // namespace jetstore::storage

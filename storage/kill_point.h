// Named kill points for the crash tests: a process started with JETSTORE_KILL_POINT=<name>[:<n>]
// sends itself SIGKILL the n-th time (default: the first) it reaches KillPoint(<name>), so a
// test can stop it exactly inside the log write, between the write and its fdatasync, inside a
// checkpoint, during a generation switch or during replay. Without the variable a kill point is
// one relaxed load of a flag.
//
// The names (tests/recovery/crash_test.cc kills at each):
//   log-write          after the first half of a group's write reached the file (a torn write)
//   log-before-sync    after a group's write, before its fdatasync
//   log-before-wake    after the group's flush, before the followers are woken
//   log-switch         during a generation switch, after the old generation is archived
//   checkpoint-apply   inside a checkpoint, after one database's LMDB commit, before the next
//   checkpoint-file    after the checkpoint's LMDB commits, before the checkpoint file moves
//   replay             during replay, after an LMDB commit of replayed records
#pragma once

#include <atomic>

namespace jetstore::storage {

namespace kill_point_detail {
// 0: not read yet; 1: no kill point armed; 2: armed.
extern std::atomic<int> g_state;
void Reached(const char* name);
int Load();
}  // namespace kill_point_detail

inline void KillPoint(const char* name) {
    int s = kill_point_detail::g_state.load(std::memory_order_relaxed);
    if (s == 0) s = kill_point_detail::Load();
    if (s == 2) kill_point_detail::Reached(name);
}

// True when `name` is the armed kill point and the next KillPoint(name) kills the process.
bool KillPointArmed(const char* name);

}  // namespace jetstore::storage

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
//   backup-database    during a backup, after one database's copy (tests/recovery/backup_test.cc)
//   backup-manifest    during a backup, after its manifest, before the truncation
//   restore-staged     during a restore, after every file is staged, before any is renamed
//   restore-commit     during a restore, after the logs (1st) or the databases (2nd) are renamed
//   log-cut            in a point-in-time recovery, after the stop's generation is ended there,
//                      before the later generations are deleted
#pragma once

#include <atomic>

namespace jetstore::storage {

namespace kill_point_detail {
// 0: not read yet; 1: no kill point armed; 2: armed.
extern std::atomic<int> g_state;
// Counts a hit of `name`; true when it is the one that must kill.
bool Due(const char* name);
int Load();
}  // namespace kill_point_detail

// Counts a hit of `name` and returns true when it is the armed one: the caller does what a crash
// should find half done, then calls KillNow().
inline bool KillPointDue(const char* name) {
    int s = kill_point_detail::g_state.load(std::memory_order_relaxed);
    if (s == 0) s = kill_point_detail::Load();
    return s == 2 && kill_point_detail::Due(name);
}

[[noreturn]] void KillNow();

inline void KillPoint(const char* name) {
    if (KillPointDue(name)) KillNow();
}

// Arms kill point `name` to kill at its `count`-th hit (the crash tests' forked children, which
// cannot set the variable before the process starts).
void ArmKillPoint(const char* name, long count);

}  // namespace jetstore::storage

// The snapshot-writer API (os_snapshot.cc): JetOSSnapshotPrepare / PrepareInstance / Freeze / Thaw
// / Abort / End. A freeze pauses each included instance's group commit (storage/log_committer.h)
// and checkpointer after flushing its log, so that an outside tool can copy its files; a watchdog
// thread ends a freeze that outlives kFreezeTimeout.
#pragma once

#include <esent.h>

#include <chrono>

namespace jetstore::engine {

inline constexpr std::chrono::seconds kFreezeTimeout{20};

[[nodiscard]] JET_ERR OsSnapshotPrepare(JET_OSSNAPID* id, JET_GRBIT grbit);
[[nodiscard]] JET_ERR OsSnapshotPrepareInstance(JET_OSSNAPID id, JET_INSTANCE instance, JET_GRBIT grbit);
[[nodiscard]] JET_ERR OsSnapshotFreeze(JET_OSSNAPID id, JET_ULONG* count, JET_INSTANCE_INFO** info, JET_GRBIT grbit);
[[nodiscard]] JET_ERR OsSnapshotThaw(JET_OSSNAPID id, JET_GRBIT grbit);
[[nodiscard]] JET_ERR OsSnapshotAbort(JET_OSSNAPID id, JET_GRBIT grbit);
[[nodiscard]] JET_ERR OsSnapshotEnd(JET_OSSNAPID id, JET_GRBIT grbit);

namespace seam {
// Tests: the freeze timeout (0: kFreezeTimeout).
void SetFreezeTimeoutForTesting(std::chrono::milliseconds timeout);
}  // namespace seam

}  // namespace jetstore::engine

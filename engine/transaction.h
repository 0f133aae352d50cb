// Session-level transactions and their data (transaction.cc): levels, the binding to a thread or a
// context value, and the commit path: write sets into one log record (or, with Recovery off, one
// LMDB transaction), locks stamped with its seq.
#pragma once

#include "engine/session.h"

#include <esent.h>
#include <cstdint>

namespace jetstore::engine {

[[nodiscard]] JET_ERR BeginTransaction(JET_SESID sesid, JET_GRBIT grbit);
[[nodiscard]] JET_ERR CommitTransaction(JET_SESID sesid, JET_GRBIT grbit, JET_ULONG cmsec_durable, JET_COMMIT_ID* commit_id);
[[nodiscard]] JET_ERR Rollback(JET_SESID sesid, JET_GRBIT grbit);
[[nodiscard]] JET_ERR RollbackSlot(CallGuard& g, bool all);
bool BindingHolds(const CallGuard& g);
[[nodiscard]] JET_ERR DataBeginLevel0(CallGuard& g);
void DataBeginNested(CallGuard& g);
[[nodiscard]] JET_ERR DataCommitLevel(CallGuard& g, bool to_level0, bool lazy);
void DataRollbackLevel(CallGuard& g, bool to_level0, std::uint8_t level_after);
// JET_bitForceNewLog: the log's next generation begins (nothing happens without the log).
[[nodiscard]] JET_ERR ForceNewLog(CallGuard& g);
// JET_bitWaitLastLevel0Commit / WaitAllLevel0Commit: make lazy commits durable.
[[nodiscard]] JET_ERR FlushLazyCommits(CallGuard& g, bool all_sessions);
// JetIdle.
[[nodiscard]] JET_ERR Idle(JET_SESID sesid, JET_GRBIT grbit);

}  // namespace jetstore::engine

// Records (records.cc): prepared updates, set and retrieve columns, update, delete, explicit locks,
// and escrow updates merged at commit.
#pragma once

#include "engine/data.h"
#include "storage/env.h"

#include <esent.h>

#include <functional>
#include <string>
#include <string_view>

namespace jetstore::engine {

class CallGuard;
struct Cursor;
struct CursorContext;

[[nodiscard]] JET_ERR PrepareUpdate(JET_SESID sesid, JET_TABLEID tableid, JET_ULONG prep);
[[nodiscard]] JET_ERR SetColumn(JET_SESID sesid, JET_TABLEID tableid, JET_COLUMNID columnid, const void* pv, JET_ULONG cb,
                  JET_GRBIT grbit, const JET_SETINFO* setinfo);
[[nodiscard]] JET_ERR SetColumnIn(Cursor& c, JET_COLUMNID columnid, const void* pv, JET_ULONG cb, JET_GRBIT grbit,
                    const JET_SETINFO* setinfo);
[[nodiscard]] JET_ERR Update(JET_SESID sesid, JET_TABLEID tableid, void* bookmark, JET_ULONG cb_bookmark,
               JET_ULONG* pcb_actual);
[[nodiscard]] JET_ERR Delete(JET_SESID sesid, JET_TABLEID tableid);
[[nodiscard]] JET_ERR RetrieveColumn(JET_SESID sesid, JET_TABLEID tableid, JET_COLUMNID columnid, void* pv, JET_ULONG cb,
                       JET_ULONG* pcb_actual, JET_GRBIT grbit, JET_RETINFO* retinfo);
[[nodiscard]] JET_ERR RetrieveColumns(JET_SESID sesid, JET_TABLEID tableid, JET_RETRIEVECOLUMN* cols, JET_ULONG n);
[[nodiscard]] JET_ERR SetColumns(JET_SESID sesid, JET_TABLEID tableid, JET_SETCOLUMN* cols, JET_ULONG n);
[[nodiscard]] JET_ERR GetLock(JET_SESID sesid, JET_TABLEID tableid, JET_GRBIT grbit);
[[nodiscard]] JET_ERR EscrowUpdate(JET_SESID sesid, JET_TABLEID tableid, JET_COLUMNID columnid, const void* pv, JET_ULONG cb,
                     void* pv_old, JET_ULONG cb_old, JET_ULONG* pcb_old_actual, JET_GRBIT grbit);
// JetUpdate's work on a resolved cursor (records.cc).
[[nodiscard]] JET_ERR UpdateIn(CallGuard& g, CursorContext& x, void* bookmark, JET_ULONG cb_bookmark,
                 JET_ULONG* pcb_actual);
// The latest committed bytes of a record (JET_errRecordDeleted when there is none).
using LatestRecord = std::function<JET_ERR(std::string_view key, std::string* record)>;
// Escrow deltas of a level-0 commit merged into the latest committed records (records.cc): with
// the log by the commit's group leader (transaction.cc), without it under escrow_mu.
[[nodiscard]] JET_ERR MergeEscrow(JET_SESID sesid, OpenDatabase& odb, storage::WriteBatch* batch, const LatestRecord& latest);
// LatestRecord's answer from a snapshot.
[[nodiscard]] JET_ERR SnapshotRecord(storage::Snapshot& snapshot, std::string_view key, std::string* record);
// Takes the transaction's escrow deltas made above `level` (0: all of them) out of the database's
// live deltas (AttachedDatabase::escrow_pending): at its commit (REQUIRES: escrow_mu held, the
// commit published) or at a rollback (Locked: takes escrow_mu). The deltas stay in odb.escrow.
void ReleaseEscrowPending(OpenDatabase& odb, std::uint8_t level);
void ReleaseEscrowPendingLocked(OpenDatabase& odb, std::uint8_t level);

}  // namespace jetstore::engine

// Navigation (navigation.cc): moves, keys and seeks, index ranges, bookmarks, the current index,
// positions and counts.
#pragma once

#include <esent.h>

namespace jetstore::engine {

class CallGuard;
struct CursorContext;

[[nodiscard]] JET_ERR Move(JET_SESID sesid, JET_TABLEID tableid, JET_LONG crow, JET_GRBIT grbit);
[[nodiscard]] JET_ERR MakeKey(JET_SESID sesid, JET_TABLEID tableid, const void* pv, JET_ULONG cb, JET_GRBIT grbit);
[[nodiscard]] JET_ERR Seek(JET_SESID sesid, JET_TABLEID tableid, JET_GRBIT grbit);
[[nodiscard]] JET_ERR GetBookmark(JET_SESID sesid, JET_TABLEID tableid, void* pv, JET_ULONG cb, JET_ULONG* pcb_actual);
[[nodiscard]] JET_ERR GotoBookmark(JET_SESID sesid, JET_TABLEID tableid, const void* pv, JET_ULONG cb);
[[nodiscard]] JET_ERR DupCursor(JET_SESID sesid, JET_TABLEID tableid, JET_TABLEID* ptableid, JET_GRBIT grbit);
[[nodiscard]] JET_ERR GetCurrentIndex(JET_SESID sesid, JET_TABLEID tableid, char* name, JET_ULONG cb);
[[nodiscard]] JET_ERR SetCurrentIndex(JET_SESID sesid, JET_TABLEID tableid, const char* name, JET_GRBIT grbit);
[[nodiscard]] JET_ERR IndexRecordCount(JET_SESID sesid, JET_TABLEID tableid, JET_ULONG* pcrec, JET_ULONG max);
[[nodiscard]] JET_ERR IndexRecordCount2(JET_SESID sesid, JET_TABLEID tableid, unsigned long long* pcrec,
                                        unsigned long long max);
// JetSetCurrentIndex2/3/4: `hint` (JetSetCurrentIndex4's pindexid) may be null; itag counts from 1.
[[nodiscard]] JET_ERR SetCurrentIndexEx(JET_SESID sesid, JET_TABLEID tableid, const char* name, const JET_INDEXID* hint,
                                        JET_GRBIT grbit, JET_ULONG itag);
struct TableDef;
struct IndexDef;
// The JET_INDEXID of index `x` of `t` (nullptr: the clustered index), as JET_IdxInfoIndexId gives it.
void FillIndexId(const TableDef& t, const IndexDef* x, JET_INDEXID* out);
[[nodiscard]] JET_ERR GetSecondaryIndexBookmark(JET_SESID sesid, JET_TABLEID tableid, void* pv_key, JET_ULONG cb_key,
                                                JET_ULONG* pcb_key, void* pv_bookmark, JET_ULONG cb_bookmark,
                                                JET_ULONG* pcb_bookmark, JET_GRBIT grbit);
[[nodiscard]] JET_ERR GotoSecondaryIndexBookmark(JET_SESID sesid, JET_TABLEID tableid, const void* pv_key, JET_ULONG cb_key,
                                                 const void* pv_bookmark, JET_ULONG cb_bookmark, JET_GRBIT grbit);
[[nodiscard]] JET_ERR IntersectIndexes(JET_SESID sesid, JET_INDEXRANGE* ranges, JET_ULONG n, JET_RECORDLIST* out,
                                       JET_GRBIT grbit);
[[nodiscard]] JET_ERR ComputeStats(JET_SESID sesid, JET_TABLEID tableid);
[[nodiscard]] JET_ERR RetrieveKey(JET_SESID sesid, JET_TABLEID tableid, void* pv, JET_ULONG cb, JET_ULONG* pcb_actual,
                    JET_GRBIT grbit);
[[nodiscard]] JET_ERR SetIndexRange(JET_SESID sesid, JET_TABLEID tableid, JET_GRBIT grbit);
[[nodiscard]] JET_ERR GetCursorInfo(JET_SESID sesid, JET_TABLEID tableid, void* pv, JET_ULONG cb, JET_ULONG level);
[[nodiscard]] JET_ERR GetRecordPosition(JET_SESID sesid, JET_TABLEID tableid, JET_RECPOS* pos, JET_ULONG cb);
[[nodiscard]] JET_ERR GotoPosition(JET_SESID sesid, JET_TABLEID tableid, const JET_RECPOS* pos);
// JetSetTableSequential (set) / JetResetTableSequential.
[[nodiscard]] JET_ERR SetTableSequential(JET_SESID sesid, JET_TABLEID tableid, JET_GRBIT grbit, bool set);
// JetMove's work on a resolved cursor (navigation.cc).
[[nodiscard]] JET_ERR MoveIn(CallGuard& g, CursorContext& x, JET_LONG crow, JET_GRBIT grbit);
// [esent] Stands the cursor on the first entry of its index, or on none when the index is empty
// (not an error): where JetDupCursor, JetSetCurrentIndex and the info lists leave a cursor.
[[nodiscard]] JET_ERR StandOnFirstIn(CallGuard& g, CursorContext& x);

}  // namespace jetstore::engine

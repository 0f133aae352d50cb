// The list info levels (info_list.cc): temporary tables of esent's layout that list a table's
// columns or indexes (JET_COLUMNLIST, JET_INDEXLIST), and JetGetObjectInfo.
#pragma once

#include "engine/catalog.h"

#include <esent.h>

#include <string>
#include <vector>

namespace jetstore::engine {

class CallGuard;

// JET_ColInfoList, ListCompact, ListSortColumnid: a temporary table with one row per column of
// `t`, described in the JET_COLUMNLIST at pv. REQUIRES: g admitted.
[[nodiscard]] JET_ERR ColumnListOf(CallGuard& g, const TableDef& t, void* pv, JET_ULONG cb, JET_ULONG level);
// JET_IdxInfo / JET_IdxInfoList: a temporary table with one row per key column of the index `name`
// (every index when name is NULL or ""), described in the JET_INDEXLIST at pv. REQUIRES: g admitted.
[[nodiscard]] JET_ERR IndexListOf(CallGuard& g, const TableDef& t, const char* name, void* pv, JET_ULONG cb);
// JetIntersectIndexes' answer: a temporary table with one row per bookmark (sorted), described in
// `out` (its cbStruct already checked). REQUIRES: g admitted.
[[nodiscard]] JET_ERR BookmarkListOf(CallGuard& g, const std::vector<std::string>& bookmarks, JET_RECORDLIST* out);
// What JetGetTableInfo JET_TblInfo and JetGetObjectInfo report for a table (info_list.cc): cPage
// only with `stats`.
JET_OBJECTINFO ObjectInfoOf(const TableDef& t, bool read_only, bool stats);
[[nodiscard]] JET_ERR GetObjectInfo(JET_SESID sesid, JET_DBID dbid, JET_OBJTYP objtyp, const char* container, const char* name,
                      void* pv, JET_ULONG cb, JET_ULONG level);

}  // namespace jetstore::engine

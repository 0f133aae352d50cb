// JetCompact and JetDefragment (compact.cc). LMDB keeps its B+trees without ESE's fragmentation,
// so online defragmentation has nothing to do; an offline compaction writes a compacted copy
// (LMDB's MDB_CP_COMPACT: live pages only, renumbered).
#pragma once

#include <esent.h>

namespace jetstore::engine {

// A compacted, consistent copy of `src` (attached to the session's instance or not) at `dest`.
[[nodiscard]] JET_ERR Compact(JET_SESID sesid, const char* src, const char* dest, JET_PFNSTATUS status,
                              const JET_CONVERT_A* convert, JET_GRBIT grbit);
[[nodiscard]] JET_ERR Defragment(JET_SESID sesid, JET_DBID dbid, const char* table, JET_ULONG* passes,
                                 JET_ULONG* seconds, JET_GRBIT grbit);

}  // namespace jetstore::engine

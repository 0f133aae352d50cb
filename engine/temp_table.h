// Temporary tables (temp_table.cc): JetOpenTempTable's session-private tables kept in memory.
#pragma once

#include <esent.h>

namespace jetstore::engine {

class CallGuard;
struct SessionData;

[[nodiscard]] JET_ERR OpenTempTable(JET_SESID sesid, const JET_COLUMNDEF* defs, JET_ULONG n, JET_GRBIT grbit,
                      JET_TABLEID* ptableid, JET_COLUMNID* ids);
// JetOpenTempTable's work (temp_table.cc). REQUIRES: g admitted, d = DataOf(g).
[[nodiscard]] JET_ERR OpenTempTableIn(CallGuard& g, SessionData& d, const JET_COLUMNDEF* defs, JET_ULONG n, JET_GRBIT grbit,
                        JET_TABLEID* ptableid, JET_COLUMNID* ids);

}  // namespace jetstore::engine

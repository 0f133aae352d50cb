// JetEnumerateColumns (enumerate.cc): the columns and values of the current record or of the copy
// buffer, returned in memory the caller's realloc-compatible allocator gives.
#pragma once

#include <esent.h>

namespace jetstore::engine {

// esent.h's JetEnumerateColumns: every parameter, grbit and code as documented there.
[[nodiscard]] JET_ERR EnumerateColumns(JET_SESID sesid, JET_TABLEID tableid, JET_ULONG c_enum_column_id,
                                       const JET_ENUMCOLUMNID* rg_enum_column_id, JET_ULONG* pc_enum_column,
                                       JET_ENUMCOLUMN** prg_enum_column, JET_PFNREALLOC pfn_realloc,
                                       void* realloc_context, JET_ULONG cb_data_most, JET_GRBIT grbit);

}  // namespace jetstore::engine

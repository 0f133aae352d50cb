// Tables, columns and indexes (ddl.cc): create, open, close, delete and rename tables, add and
// delete columns and indexes, and their info calls.
#pragma once

#include <esent.h>

namespace jetstore::engine {

class CallGuard;
struct CursorContext;

// template_name: a derived table (JetCreateTableColumnIndex's szTemplateTableName).
[[nodiscard]] JET_ERR CreateTable(JET_SESID sesid, JET_DBID dbid, const char* name, JET_ULONG pages, JET_ULONG density,
                    JET_TABLEID* ptableid, const char* template_name = nullptr);
// Sets the DDL flags JetCreateTableColumnIndex's grbit asks for (JET_bitTableCreateFixedDDL,
// TemplateTable, NoFixedVarColumnsInDerivedTables) once the table's columns and indexes exist.
[[nodiscard]] JET_ERR FixTableDdl(JET_SESID sesid, JET_TABLEID tableid, JET_GRBIT create_grbit);
[[nodiscard]] JET_ERR OpenTable(JET_SESID sesid, JET_DBID dbid, const char* name, JET_GRBIT grbit, JET_TABLEID* ptableid);
[[nodiscard]] JET_ERR CloseTable(JET_SESID sesid, JET_TABLEID tableid);
[[nodiscard]] JET_ERR DeleteTable(JET_SESID sesid, JET_DBID dbid, const char* name);
[[nodiscard]] JET_ERR AddColumn(JET_SESID sesid, JET_TABLEID tableid, const char* name, const JET_COLUMNDEF* def,
                  const void* pv_default, JET_ULONG cb_default, JET_COLUMNID* pcolumnid);
[[nodiscard]] JET_ERR DeleteColumn(JET_SESID sesid, JET_TABLEID tableid, const char* name, JET_GRBIT grbit);
[[nodiscard]] JET_ERR RenameColumn(JET_SESID sesid, JET_TABLEID tableid, const char* name, const char* new_name, JET_GRBIT grbit);
[[nodiscard]] JET_ERR SetColumnDefaultValue(JET_SESID sesid, JET_DBID dbid, const char* table, const char* column,
                                            const void* pv, JET_ULONG cb, JET_GRBIT grbit);
[[nodiscard]] JET_ERR GetTableColumnInfo(JET_SESID sesid, JET_TABLEID tableid, const char* name, void* pv, JET_ULONG cb,
                           JET_ULONG level);
[[nodiscard]] JET_ERR GetColumnInfo(JET_SESID sesid, JET_DBID dbid, const char* table, const char* name, void* pv,
                      JET_ULONG cb, JET_ULONG level);
[[nodiscard]] JET_ERR CreateIndexCall(JET_SESID sesid, JET_TABLEID tableid, const char* name, JET_GRBIT grbit, const char* key,
                           JET_ULONG cb_key, JET_ULONG density);
[[nodiscard]] JET_ERR GetTableInfo(JET_SESID sesid, JET_TABLEID tableid, void* pv, JET_ULONG cb, JET_ULONG level);
[[nodiscard]] JET_ERR DeleteIndex(JET_SESID sesid, JET_TABLEID tableid, const char* name);
[[nodiscard]] JET_ERR RenameTable(JET_SESID sesid, JET_DBID dbid, const char* name, const char* new_name);
[[nodiscard]] JET_ERR GetTableIndexInfo(JET_SESID sesid, JET_TABLEID tableid, const char* name, void* pv, JET_ULONG cb,
                          JET_ULONG level);
[[nodiscard]] JET_ERR GetIndexInfo(JET_SESID sesid, JET_DBID dbid, const char* table, const char* name, void* pv, JET_ULONG cb,
                     JET_ULONG level);

// JetComputeStats' work on a resolved cursor: counts the table's records and pages and keeps the
// figures in the catalog (what JET_TblInfo / JetGetObjectInfo then report as cRecord).
[[nodiscard]] JET_ERR ComputeStatsIn(CallGuard& g, CursorContext& x);

}  // namespace jetstore::engine

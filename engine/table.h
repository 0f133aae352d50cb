// Databases, tables, columns, records and navigation: the engine side of the ISAM calls.
#pragma once

#include <esent.h>

namespace jetstore::engine {

struct Cursor;
class CallGuard;

// Databases (database.cc).
JET_ERR CreateDatabase(JET_SESID sesid, const char* file, JET_DBID* pdbid, JET_GRBIT grbit, unsigned long max_pages);
JET_ERR AttachDatabase(JET_SESID sesid, const char* file, JET_GRBIT grbit, unsigned long max_pages);
JET_ERR DetachDatabase(JET_SESID sesid, const char* file, JET_GRBIT grbit);
JET_ERR OpenDatabaseCall(JET_SESID sesid, const char* file, JET_DBID* pdbid, JET_GRBIT grbit);
JET_ERR CloseDatabase(JET_SESID sesid, JET_DBID dbid, JET_GRBIT grbit);
JET_ERR GetDatabaseInfo(JET_SESID sesid, JET_DBID dbid, void* pv, unsigned long cb, unsigned long level);

// Tables and columns (ddl.cc).
// template_name: a derived table (JetCreateTableColumnIndex's szTemplateTableName).
JET_ERR CreateTable(JET_SESID sesid, JET_DBID dbid, const char* name, unsigned long pages, unsigned long density,
                    JET_TABLEID* ptableid, const char* template_name = nullptr);
// Sets the DDL flags JetCreateTableColumnIndex's grbit asks for (JET_bitTableCreateFixedDDL,
// TemplateTable, NoFixedVarColumnsInDerivedTables) once the table's columns and indexes exist.
JET_ERR FixTableDdl(JET_SESID sesid, JET_TABLEID tableid, JET_GRBIT create_grbit);
JET_ERR OpenTable(JET_SESID sesid, JET_DBID dbid, const char* name, JET_GRBIT grbit, JET_TABLEID* ptableid);
JET_ERR CloseTable(JET_SESID sesid, JET_TABLEID tableid);
JET_ERR DeleteTable(JET_SESID sesid, JET_DBID dbid, const char* name);
JET_ERR AddColumn(JET_SESID sesid, JET_TABLEID tableid, const char* name, const JET_COLUMNDEF* def,
                  const void* pv_default, unsigned long cb_default, JET_COLUMNID* pcolumnid);
JET_ERR DeleteColumn(JET_SESID sesid, JET_TABLEID tableid, const char* name, JET_GRBIT grbit);
JET_ERR GetTableColumnInfo(JET_SESID sesid, JET_TABLEID tableid, const char* name, void* pv, unsigned long cb,
                           unsigned long level);
JET_ERR GetColumnInfo(JET_SESID sesid, JET_DBID dbid, const char* table, const char* name, void* pv,
                      unsigned long cb, unsigned long level);
JET_ERR CreateIndexCall(JET_SESID sesid, JET_TABLEID tableid, const char* name, JET_GRBIT grbit, const char* key,
                           unsigned long cb_key, unsigned long density);

// Records and navigation (records.cc, navigation.cc; temporary tables in temp_table.cc).
JET_ERR PrepareUpdate(JET_SESID sesid, JET_TABLEID tableid, unsigned long prep);
JET_ERR SetColumn(JET_SESID sesid, JET_TABLEID tableid, JET_COLUMNID columnid, const void* pv, unsigned long cb,
                  JET_GRBIT grbit, const JET_SETINFO* setinfo);
JET_ERR SetColumnIn(Cursor& c, JET_COLUMNID columnid, const void* pv, unsigned long cb, JET_GRBIT grbit,
                    const JET_SETINFO* setinfo);
JET_ERR Update(JET_SESID sesid, JET_TABLEID tableid, void* bookmark, unsigned long cb_bookmark,
               unsigned long* pcb_actual);
JET_ERR Delete(JET_SESID sesid, JET_TABLEID tableid);
JET_ERR RetrieveColumn(JET_SESID sesid, JET_TABLEID tableid, JET_COLUMNID columnid, void* pv, unsigned long cb,
                       unsigned long* pcb_actual, JET_GRBIT grbit, JET_RETINFO* retinfo);
JET_ERR Move(JET_SESID sesid, JET_TABLEID tableid, long crow, JET_GRBIT grbit);
JET_ERR MakeKey(JET_SESID sesid, JET_TABLEID tableid, const void* pv, unsigned long cb, JET_GRBIT grbit);
JET_ERR Seek(JET_SESID sesid, JET_TABLEID tableid, JET_GRBIT grbit);
JET_ERR GetBookmark(JET_SESID sesid, JET_TABLEID tableid, void* pv, unsigned long cb, unsigned long* pcb_actual);
JET_ERR GotoBookmark(JET_SESID sesid, JET_TABLEID tableid, const void* pv, unsigned long cb);
JET_ERR RetrieveColumns(JET_SESID sesid, JET_TABLEID tableid, JET_RETRIEVECOLUMN* cols, unsigned long n);
JET_ERR SetColumns(JET_SESID sesid, JET_TABLEID tableid, JET_SETCOLUMN* cols, unsigned long n);
JET_ERR DupCursor(JET_SESID sesid, JET_TABLEID tableid, JET_TABLEID* ptableid, JET_GRBIT grbit);
JET_ERR GetCurrentIndex(JET_SESID sesid, JET_TABLEID tableid, char* name, unsigned long cb);
JET_ERR SetCurrentIndex(JET_SESID sesid, JET_TABLEID tableid, const char* name, JET_GRBIT grbit);
JET_ERR GetTableInfo(JET_SESID sesid, JET_TABLEID tableid, void* pv, unsigned long cb, unsigned long level);
JET_ERR IndexRecordCount(JET_SESID sesid, JET_TABLEID tableid, unsigned long* pcrec, unsigned long max);
JET_ERR RetrieveKey(JET_SESID sesid, JET_TABLEID tableid, void* pv, unsigned long cb, unsigned long* pcb_actual,
                    JET_GRBIT grbit);
JET_ERR GetLock(JET_SESID sesid, JET_TABLEID tableid, JET_GRBIT grbit);
JET_ERR DeleteIndex(JET_SESID sesid, JET_TABLEID tableid, const char* name);
JET_ERR SetIndexRange(JET_SESID sesid, JET_TABLEID tableid, JET_GRBIT grbit);
JET_ERR RenameTable(JET_SESID sesid, JET_DBID dbid, const char* name, const char* new_name);
JET_ERR GetTableIndexInfo(JET_SESID sesid, JET_TABLEID tableid, const char* name, void* pv, unsigned long cb,
                          unsigned long level);
JET_ERR GetIndexInfo(JET_SESID sesid, JET_DBID dbid, const char* table, const char* name, void* pv, unsigned long cb,
                     unsigned long level);
JET_ERR GetCursorInfo(JET_SESID sesid, JET_TABLEID tableid, void* pv, unsigned long cb, unsigned long level);
JET_ERR GetRecordPosition(JET_SESID sesid, JET_TABLEID tableid, JET_RECPOS* pos, unsigned long cb);
JET_ERR GetObjectInfo(JET_SESID sesid, JET_DBID dbid, JET_OBJTYP objtyp, const char* container, const char* name,
                      void* pv, unsigned long cb, unsigned long level);
JET_ERR GotoPosition(JET_SESID sesid, JET_TABLEID tableid, const JET_RECPOS* pos);
// JetSetTableSequential (set) / JetResetTableSequential.
JET_ERR SetTableSequential(JET_SESID sesid, JET_TABLEID tableid, JET_GRBIT grbit, bool set);
JET_ERR OpenTempTable(JET_SESID sesid, const JET_COLUMNDEF* defs, unsigned long n, JET_GRBIT grbit,
                      JET_TABLEID* ptableid, JET_COLUMNID* ids);
JET_ERR EscrowUpdate(JET_SESID sesid, JET_TABLEID tableid, JET_COLUMNID columnid, const void* pv, unsigned long cb,
                     void* pv_old, unsigned long cb_old, unsigned long* pcb_old_actual, JET_GRBIT grbit);
// JET_bitWaitLastLevel0Commit / WaitAllLevel0Commit: make lazy commits durable.
JET_ERR FlushLazyCommits(CallGuard& g, bool all_sessions);

}  // namespace jetstore::engine

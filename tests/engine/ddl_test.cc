// JetCreateTableColumnIndex[2|3], JetCreateIndex2 and JetRenameTable (esent-scenarios.md DDL-11,
// DDL-12, and the DML fixture's table).
#include <esent.h>

#include <gtest/gtest.h>

#include <cstring>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "tests/test_support.h"

namespace {

class DdlTest : public jetstore::test::InstanceTest {
protected:
    DdlTest() : InstanceTest("jetstore_ddl_") {}

    void SetUp() override {
        InstanceTest::SetUp();
        if (HasFatalFailure()) return;
        inst_ = CreateConfigured("ddl", /*recovery=*/false);
        ASSERT_EQ(JET_errSuccess, JetInit(&inst_));
        live_.push_back(inst_);
        ASSERT_EQ(JET_errSuccess, JetBeginSession(inst_, &s_, nullptr, nullptr));
        ASSERT_EQ(JET_errSuccess, JetCreateDatabase(s_, (dir_ + "/ddl.edb").c_str(), "", &db_, 0));
    }

    static JET_COLUMNCREATE Column(const char* name, JET_COLTYP coltyp, JET_GRBIT grbit = 0) {
        JET_COLUMNCREATE c{};
        c.cbStruct = sizeof c;
        c.szColumnName = const_cast<char*>(name);
        c.coltyp = coltyp;
        c.grbit = grbit;
        return c;
    }
    template <typename IC>
    static IC Index(const char* name, const char* key, JET_ULONG cb_key, JET_GRBIT grbit = 0) {
        IC i{};
        i.cbStruct = sizeof i;
        i.szIndexName = const_cast<char*>(name);
        i.szKey = const_cast<char*>(key);
        i.cbKey = cb_key;
        i.grbit = grbit;
        i.ulDensity = 100;
        return i;
    }

    JET_INSTANCE inst_ = 0;
    JET_SESID s_ = 0;
    JET_DBID db_ = 0;
};

// The table of DMLCurrencyTests.cs (F_DML): 1 table + 4 columns + 3 indexes = 8 objects.
TEST_F(DdlTest, CreateTableColumnIndex3CountsEveryObjectCreated) {
    JET_COLUMNCREATE cols[] = {Column("columnkey", JET_coltypLong), Column("columndata1", JET_coltypLong),
                               Column("columndata2", JET_coltypLong),
                               Column("columnautoinc", JET_coltypLong, JET_bitColumnAutoincrement)};
    JET_INDEXCREATE2 idx[] = {
        Index<JET_INDEXCREATE2>("clustered", "+columnkey\0", 12, JET_bitIndexPrimary),
        Index<JET_INDEXCREATE2>("secondarywithprimary", "+columndata1\0-columnkey\0", 25),
        Index<JET_INDEXCREATE2>("secondarywithoutprimary", "+columndata1\0+columndata2\0", 27)};
    JET_TABLECREATE3 tc{};
    tc.cbStruct = sizeof tc;
    tc.szTableName = const_cast<char*>("table");
    tc.ulDensity = 100;
    tc.rgcolumncreate = cols;
    tc.cColumns = 4;
    tc.rgindexcreate = idx;
    tc.cIndexes = 3;
    ASSERT_EQ(JET_errSuccess, JetCreateTableColumnIndex3(s_, db_, &tc));
    EXPECT_EQ(8u, tc.cCreated);
    EXPECT_NE(JET_tableidNil, tc.tableid);
    for (const JET_COLUMNCREATE& c : cols) {
        EXPECT_EQ(JET_errSuccess, c.err);
        EXPECT_NE(0u, c.columnid);
    }
    for (const JET_INDEXCREATE2& i : idx) EXPECT_EQ(JET_errSuccess, i.err);
    // The returned cursor works: insert through it and find the row by a secondary index.
    int key = -3;
    int d1 = 42;
    ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s_, tc.tableid, JET_prepInsert));
    ASSERT_EQ(JET_errSuccess, JetSetColumn(s_, tc.tableid, cols[0].columnid, &key, sizeof key, 0, nullptr));
    ASSERT_EQ(JET_errSuccess, JetSetColumn(s_, tc.tableid, cols[1].columnid, &d1, sizeof d1, 0, nullptr));
    ASSERT_EQ(JET_errSuccess, JetUpdate(s_, tc.tableid, nullptr, 0, nullptr));
    ASSERT_EQ(JET_errSuccess, JetSetCurrentIndex(s_, tc.tableid, "secondarywithprimary"));
    ASSERT_EQ(JET_errSuccess, JetMakeKey(s_, tc.tableid, &d1, sizeof d1, JET_bitNewKey));
    // [esent] a key for one of the index's two columns sorts before the entries it is a prefix of.
    ASSERT_EQ(JET_wrnSeekNotEqual, JetSeek(s_, tc.tableid, JET_bitSeekGE));
    int got = 0;
    JET_ULONG cb = 0;
    ASSERT_EQ(JET_errSuccess, JetRetrieveColumn(s_, tc.tableid, cols[0].columnid, &got, sizeof got, &cb, 0, nullptr));
    EXPECT_EQ(-3, got);
}

// The cursor comes from the call's own transaction, committed: a later rollback leaves it open.
TEST_F(DdlTest, CursorOfCreateTableColumnIndexOutlivesALaterRollback) {
    JET_COLUMNCREATE cols[] = {Column("k", JET_coltypLong)};
    JET_TABLECREATE tc{};
    tc.cbStruct = sizeof tc;
    tc.szTableName = const_cast<char*>("kept");
    tc.ulDensity = 100;
    tc.rgcolumncreate = cols;
    tc.cColumns = 1;
    ASSERT_EQ(JET_errSuccess, JetCreateTableColumnIndex(s_, db_, &tc));
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s_));
    ASSERT_EQ(JET_errSuccess, JetRollback(s_, 0));
    int v = 7;
    ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s_, tc.tableid, JET_prepInsert));
    ASSERT_EQ(JET_errSuccess, JetSetColumn(s_, tc.tableid, cols[0].columnid, &v, sizeof v, 0, nullptr));
    ASSERT_EQ(JET_errSuccess, JetUpdate(s_, tc.tableid, nullptr, 0, nullptr));
    EXPECT_EQ(JET_errSuccess, JetCloseTable(s_, tc.tableid));
}

// DDL-12: an invalid index name fails the whole call; the entries before it report success and
// nothing is left behind.
TEST_F(DdlTest, InvalidIndexNameFailsTheCallAndCreatesNothing) {
    JET_COLUMNCREATE cols[] = {Column("col1_short", JET_coltypShort), Column("col2_text", JET_coltypText)};
    JET_INDEXCREATE idx[] = {Index<JET_INDEXCREATE>("ix1", "+col1_short\0-col2_text\0", 24),
                             Index<JET_INDEXCREATE>("ix2", "+col2_text\0-col1_short\0", 24),
                             Index<JET_INDEXCREATE>("[BAD!NAME]", "+col1_short\0", 13)};
    JET_TABLECREATE tc{};
    tc.cbStruct = sizeof tc;
    tc.szTableName = const_cast<char*>("tableBigBang");
    tc.ulPages = 23;
    tc.ulDensity = 75;
    tc.rgcolumncreate = cols;
    tc.cColumns = 2;
    tc.rgindexcreate = idx;
    tc.cIndexes = 3;
    EXPECT_EQ(JET_errInvalidName, JetCreateTableColumnIndex(s_, db_, &tc));
    EXPECT_EQ(JET_errSuccess, idx[0].err);
    EXPECT_EQ(JET_errSuccess, idx[1].err);
    EXPECT_EQ(JET_errInvalidName, idx[2].err);
    EXPECT_EQ(JET_tableidNil, tc.tableid);
    JET_TABLEID t = JET_tableidNil;
    EXPECT_EQ(JET_errObjectNotFound, JetOpenTable(s_, db_, "tableBigBang", nullptr, 0, 0, &t));
}

TEST_F(DdlTest, BadStructureSizesGrbitsAndTemplatesAreRefused) {
    JET_TABLECREATE tc{};
    tc.cbStruct = sizeof tc - 1;
    tc.szTableName = const_cast<char*>("t");
    EXPECT_EQ(JET_errInvalidParameter, JetCreateTableColumnIndex(s_, db_, &tc));
    EXPECT_EQ(JET_errInvalidParameter, JetCreateTableColumnIndex(s_, db_, nullptr));
    tc.cbStruct = sizeof tc;
    tc.szTemplateTableName = const_cast<char*>("base");
    EXPECT_EQ(JET_errObjectNotFound, JetCreateTableColumnIndex(s_, db_, &tc)) << "no such template";
    tc.grbit = JET_bitTableCreateTemplateTable;
    EXPECT_EQ(JET_errCannotNestDDL, JetCreateTableColumnIndex(s_, db_, &tc));
    tc.szTemplateTableName = nullptr;
    tc.grbit = 0x100;
    EXPECT_EQ(JET_errInvalidGrbit, JetCreateTableColumnIndex(s_, db_, &tc));
    tc.grbit = JET_bitTableCreateNoFixedVarColumnsInDerivedTables;  // a template's option only
    EXPECT_EQ(JET_errInvalidGrbit, JetCreateTableColumnIndex(s_, db_, &tc));
    // An ordinary table is no template.
    tc.grbit = 0;
    ASSERT_EQ(JET_errSuccess, JetCreateTableColumnIndex(s_, db_, &tc));
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s_, tc.tableid));
    tc.szTableName = const_cast<char*>("child");
    tc.szTemplateTableName = const_cast<char*>("t");
    EXPECT_EQ(JET_errDDLNotInheritable, JetCreateTableColumnIndex(s_, db_, &tc));
    JET_TABLEID probe = JET_tableidNil;
    EXPECT_EQ(JET_errObjectNotFound, JetOpenTable(s_, db_, "child", nullptr, 0, 0, &probe));
}

// DDL-11's template part: a template table (fixed DDL) and a table derived from it, which has the
// template's columns and indexes, its own records, and may add columns of its own.
class TemplateTest : public DdlTest {
protected:
    void SetUp() override {
        DdlTest::SetUp();
        if (HasFatalFailure()) return;
        JET_COLUMNCREATE cols[] = {Column("k", JET_coltypLong), Column("name", JET_coltypText),
                                   Column("tags", JET_coltypLong, JET_bitColumnTagged | JET_bitColumnMultiValued)};
        JET_INDEXCREATE idx[] = {Index<JET_INDEXCREATE>("pk", "+k\0", 4, JET_bitIndexPrimary),
                                 Index<JET_INDEXCREATE>("byname", "+name\0", 7)};
        JET_TABLECREATE tc{};
        tc.cbStruct = sizeof tc;
        tc.szTableName = const_cast<char*>("tableOld");
        tc.ulDensity = 100;
        tc.rgcolumncreate = cols;
        tc.cColumns = 3;
        tc.rgindexcreate = idx;
        tc.cIndexes = 2;
        tc.grbit = JET_bitTableCreateTemplateTable;
        ASSERT_EQ(JET_errSuccess, JetCreateTableColumnIndex(s_, db_, &tc));
        EXPECT_EQ(6u, tc.cCreated);
        template_ = tc.tableid;
        for (int i = 0; i < 3; ++i) template_ids_[i] = cols[i].columnid;
    }
    JET_TABLEID Derive(const char* name, JET_COLUMNCREATE* cols = nullptr, JET_ULONG n = 0,
                       JET_ULONG* created = nullptr) {
        JET_TABLECREATE tc{};
        tc.cbStruct = sizeof tc;
        tc.szTableName = const_cast<char*>(name);
        tc.szTemplateTableName = const_cast<char*>("tableOld");
        tc.ulDensity = 100;
        tc.rgcolumncreate = cols;
        tc.cColumns = n;
        EXPECT_EQ(JET_errSuccess, JetCreateTableColumnIndex(s_, db_, &tc));
        if (created != nullptr) *created = tc.cCreated;
        return tc.tableid;
    }
    JET_ERR Insert(JET_TABLEID t, int k, const char* name) {
        JET_ERR err = JetPrepareUpdate(s_, t, JET_prepInsert);
        if (err >= 0) err = JetSetColumn(s_, t, template_ids_[0], &k, sizeof k, 0, nullptr);
        if (err >= 0) err = JetSetColumn(s_, t, template_ids_[1], name, static_cast<JET_ULONG>(strlen(name)), 0, nullptr);
        if (err >= 0) err = JetUpdate(s_, t, nullptr, 0, nullptr);
        if (err < 0) JetPrepareUpdate(s_, t, JET_prepCancel);
        return err;
    }
    JET_TABLEID template_ = JET_tableidNil;
    JET_COLUMNID template_ids_[3] = {};
};

TEST_F(TemplateTest, ADerivedTableWithNoColumnsOfItsOwnCountsOneObject) {
    JET_ULONG created = 0;
    const JET_TABLEID child = Derive("tableNew", nullptr, 0, &created);
    EXPECT_EQ(1u, created);  // DDL-11
    // It has the template's columns, with the template's ids, and its indexes.
    JET_COLUMNDEF def{};
    ASSERT_EQ(JET_errSuccess, JetGetTableColumnInfo(s_, child, "name", &def, sizeof def, JET_ColInfo));
    EXPECT_EQ(template_ids_[1], def.columnid);
    EXPECT_EQ(static_cast<JET_COLTYP>(JET_coltypText), def.coltyp);
    ASSERT_EQ(JET_errSuccess, Insert(child, 2, "beta"));
    ASSERT_EQ(JET_errSuccess, Insert(child, 1, "gamma"));
    EXPECT_EQ(JET_errKeyDuplicate, Insert(child, 1, "again")) << "the inherited primary index is unique";
    ASSERT_EQ(JET_errSuccess, JetSetCurrentIndex(s_, child, "byname"));
    ASSERT_EQ(JET_errSuccess, JetMove(s_, child, JET_MoveFirst, 0));
    int k = 0;
    JET_ULONG cb = 0;
    ASSERT_EQ(JET_errSuccess, JetRetrieveColumn(s_, child, template_ids_[0], &k, sizeof k, &cb, 0, nullptr));
    EXPECT_EQ(2, k) << "beta sorts first on the inherited secondary index";
    // The records are the child's own: the template holds none.
    EXPECT_EQ(JET_errNoCurrentRecord, JetMove(s_, template_, JET_MoveFirst, 0));
    ASSERT_EQ(JET_errSuccess, Insert(template_, 9, "template row"));
    JET_ULONG n = 0;
    ASSERT_EQ(JET_errSuccess, JetMove(s_, child, JET_MoveFirst, 0));
    ASSERT_EQ(JET_errSuccess, JetIndexRecordCount(s_, child, &n, 0));
    EXPECT_EQ(2u, n);
    // Flags and names.
    JET_OBJECTINFO info{};
    ASSERT_EQ(JET_errSuccess, JetGetTableInfo(s_, child, &info, sizeof info, JET_TblInfo));
    EXPECT_EQ(static_cast<JET_ULONG>(JET_bitObjectTableDerived), info.flags);
    ASSERT_EQ(JET_errSuccess, JetGetTableInfo(s_, template_, &info, sizeof info, JET_TblInfo));
    EXPECT_EQ(static_cast<JET_ULONG>(JET_bitObjectTableTemplate | JET_bitObjectTableFixedDDL), info.flags);
    ASSERT_EQ(JET_errSuccess,
              JetGetObjectInfo(s_, db_, JET_objtypTable, nullptr, "tableNew", &info, sizeof info, JET_ObjInfoNoStats));
    EXPECT_EQ(static_cast<JET_ULONG>(JET_bitObjectTableDerived), info.flags);
    char name[JET_cbNameMost + 1] = {};
    ASSERT_EQ(JET_errSuccess, JetGetTableInfo(s_, child, name, sizeof name, JET_TblInfoTemplateTableName));
    EXPECT_STREQ("tableOld", name);
    ASSERT_EQ(JET_errSuccess, JetGetTableInfo(s_, template_, name, sizeof name, JET_TblInfoTemplateTableName));
    EXPECT_STREQ("", name);
}

TEST_F(TemplateTest, TheTemplatesDdlIsFixedAndItsInheritedPartsStay) {
    JET_COLUMNDEF cd{};
    cd.cbStruct = sizeof cd;
    cd.coltyp = JET_coltypLong;
    JET_COLUMNID id = 0;
    EXPECT_EQ(JET_errFixedDDL, JetAddColumn(s_, template_, "more", &cd, nullptr, 0, &id));
    EXPECT_EQ(JET_errFixedDDL, JetDeleteColumn(s_, template_, "name"));
    EXPECT_EQ(JET_errFixedDDL, JetCreateIndex(s_, template_, "byk2", 0, "-k\0", 4, 100));
    EXPECT_EQ(JET_errFixedDDL, JetDeleteIndex(s_, template_, "byname"));
    JET_TABLEID reopened = JET_tableidNil;
    ASSERT_EQ(JET_errSuccess, JetOpenTable(s_, db_, "tableOld", nullptr, 0, JET_bitTablePermitDDL | JET_bitTableDenyRead,
                                           &reopened));
    EXPECT_EQ(JET_errFixedDDL, JetAddColumn(s_, reopened, "more", &cd, nullptr, 0, &id)) << "not even with PermitDDL";
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s_, reopened));

    JET_COLUMNCREATE own[] = {Column("extra", JET_coltypLong)};
    const JET_TABLEID child = Derive("child", own, 1);
    EXPECT_GT(own[0].columnid, template_ids_[0]) << "own columns follow the template's";
    EXPECT_EQ(JET_errFixedInheritedDDL, JetDeleteColumn(s_, child, "name"));
    EXPECT_EQ(JET_errColumnNotFound, JetDeleteColumn2(s_, child, "name", JET_bitDeleteColumnIgnoreTemplateColumns));
    EXPECT_EQ(JET_errFixedInheritedDDL, JetDeleteIndex(s_, child, "byname"));
    EXPECT_EQ(JET_errColumnDuplicate, JetAddColumn(s_, child, "name", &cd, nullptr, 0, &id));
    ASSERT_EQ(JET_errSuccess, JetAddColumn(s_, child, "later", &cd, nullptr, 0, &id));
    ASSERT_EQ(JET_errSuccess, JetCreateIndex(s_, child, "bylater", 0, "+later\0", 9, 100));
    ASSERT_EQ(JET_errSuccess, JetDeleteIndex(s_, child, "bylater"));
    ASSERT_EQ(JET_errSuccess, JetDeleteColumn(s_, child, "extra"));
    // The template cannot be deleted or renamed; a derived table can.
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s_, template_));
    EXPECT_EQ(JET_errCannotDeleteTemplateTable, JetDeleteTable(s_, db_, "tableOld"));
    EXPECT_EQ(JET_errFixedDDL, JetRenameTable(s_, db_, "tableOld", "tableOlder"));
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s_, child));
    EXPECT_EQ(JET_errSuccess, JetDeleteTable(s_, db_, "child"));
    // Another table derived after that one was deleted has the template's columns too.
    const JET_TABLEID again = Derive("again", own, 1);
    JET_COLUMNDEF probe{};
    EXPECT_EQ(JET_errSuccess, JetGetTableColumnInfo(s_, again, "k", &probe, sizeof probe, JET_ColInfo));
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s_, again));
}

TEST_F(TemplateTest, DdlFlagsPersistAcrossTermAndInit) {
    const JET_TABLEID child = Derive("child");
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s_, child));
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s_, template_));
    ASSERT_EQ(JET_errSuccess, JetEndSession(s_, 0));
    ASSERT_EQ(JET_errSuccess, JetTerm(inst_));
    live_.clear();
    inst_ = CreateConfigured("ddl", /*recovery=*/false);
    ASSERT_EQ(JET_errSuccess, JetInit(&inst_));
    live_.push_back(inst_);
    ASSERT_EQ(JET_errSuccess, JetBeginSession(inst_, &s_, nullptr, nullptr));
    ASSERT_GE(JetAttachDatabase(s_, (dir_ + "/ddl.edb").c_str(), 0), 0);
    ASSERT_GE(JetOpenDatabase(s_, (dir_ + "/ddl.edb").c_str(), nullptr, &db_, 0), 0);
    JET_TABLEID t = JET_tableidNil;
    ASSERT_EQ(JET_errSuccess, JetOpenTable(s_, db_, "child", nullptr, 0, 0, &t));
    char name[JET_cbNameMost + 1] = {};
    ASSERT_EQ(JET_errSuccess, JetGetTableInfo(s_, t, name, sizeof name, JET_TblInfoTemplateTableName));
    EXPECT_STREQ("tableOld", name);
    EXPECT_EQ(JET_errFixedInheritedDDL, JetDeleteColumn(s_, t, "name"));
    ASSERT_EQ(JET_errSuccess, JetOpenTable(s_, db_, "tableOld", nullptr, 0, 0, &t));
    JET_COLUMNDEF cd{};
    cd.cbStruct = sizeof cd;
    cd.coltyp = JET_coltypLong;
    JET_COLUMNID id = 0;
    EXPECT_EQ(JET_errFixedDDL, JetAddColumn(s_, t, "more", &cd, nullptr, 0, &id));
}

TEST_F(DdlTest, FixedDdlTablesRefuseDdlUnlessOpenedWithPermitDdl) {
    JET_COLUMNCREATE cols[] = {Column("a", JET_coltypLong)};
    JET_TABLECREATE tc{};
    tc.cbStruct = sizeof tc;
    tc.szTableName = const_cast<char*>("fixed");
    tc.rgcolumncreate = cols;
    tc.cColumns = 1;
    tc.grbit = JET_bitTableCreateFixedDDL;
    ASSERT_EQ(JET_errSuccess, JetCreateTableColumnIndex(s_, db_, &tc));
    JET_COLUMNDEF cd{};
    cd.cbStruct = sizeof cd;
    cd.coltyp = JET_coltypLong;
    JET_COLUMNID id = 0;
    // [esent] the cursor that created the table keeps the right to change it.
    EXPECT_EQ(JET_errSuccess, JetAddColumn(s_, tc.tableid, "early", &cd, nullptr, 0, &id));
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s_, tc.tableid));
    ASSERT_EQ(JET_errSuccess, JetOpenTable(s_, db_, "fixed", nullptr, 0, 0, &tc.tableid));
    EXPECT_EQ(JET_errFixedDDL, JetAddColumn(s_, tc.tableid, "b", &cd, nullptr, 0, &id));
    EXPECT_EQ(JET_errFixedDDL, JetAddColumn(s_, tc.tableid, "a", &cd, nullptr, 0, &id)) << "before ColumnDuplicate";
    EXPECT_EQ(JET_errFixedDDL, JetCreateIndex(s_, tc.tableid, "bya", 0, "+a\0", 4, 100));
    EXPECT_EQ(JET_errFixedDDL, JetDeleteColumn(s_, tc.tableid, "early"));
    EXPECT_EQ(JET_errFixedDDL, JetDeleteIndex(s_, tc.tableid, "none"));
    JET_OBJECTINFO info{};
    ASSERT_EQ(JET_errSuccess, JetGetTableInfo(s_, tc.tableid, &info, sizeof info, JET_TblInfo));
    EXPECT_EQ(static_cast<JET_ULONG>(JET_bitObjectTableFixedDDL), info.flags);
    JET_TABLEID permit = JET_tableidNil;
    EXPECT_EQ(JET_errInvalidGrbit, JetOpenTable(s_, db_, "fixed", nullptr, 0, JET_bitTablePermitDDL, &permit))
        << "PermitDDL needs DenyRead";
    ASSERT_EQ(JET_errSuccess, JetOpenTable(s_, db_, "fixed", nullptr, 0, JET_bitTablePermitDDL | JET_bitTableDenyRead,
                                           &permit));
    EXPECT_EQ(JET_errSuccess, JetAddColumn(s_, permit, "b", &cd, nullptr, 0, &id));
    // Not a template: nothing derives from it.
    JET_TABLECREATE child{};
    child.cbStruct = sizeof child;
    child.szTableName = const_cast<char*>("child");
    child.szTemplateTableName = const_cast<char*>("fixed");
    EXPECT_EQ(JET_errDDLNotInheritable, JetCreateTableColumnIndex(s_, db_, &child));
}

// JetOpenTable's deny bits and the in-use checks of JetDeleteTable / JetRenameTable, across
// sessions.
TEST_F(DdlTest, DenyBitsKeepOtherSessionsOutAndOpenTablesCannotBeDeleted) {
    JET_TABLEID t = JET_tableidNil;
    ASSERT_EQ(JET_errSuccess, JetCreateTable(s_, db_, "shared", 0, 100, &t));
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s_, t));
    JET_SESID s2 = JET_sesidNil;
    ASSERT_EQ(JET_errSuccess, JetBeginSession(inst_, &s2, nullptr, nullptr));
    JET_DBID db2 = JET_dbidNil;
    ASSERT_GE(JetOpenDatabase(s2, (dir_ + "/ddl.edb").c_str(), nullptr, &db2, 0), 0);
    JET_TABLEID mine = JET_tableidNil, theirs = JET_tableidNil, probe = JET_tableidNil;

    // DenyRead: the table is this session's alone.
    ASSERT_EQ(JET_errSuccess, JetOpenTable(s_, db_, "shared", nullptr, 0, JET_bitTableDenyRead, &mine));
    EXPECT_EQ(JET_errTableLocked, JetOpenTable(s2, db2, "shared", nullptr, 0, JET_bitTableReadOnly, &probe));
    EXPECT_EQ(JET_tableidNil, probe);
    EXPECT_EQ(JET_errSuccess, JetOpenTable(s_, db_, "shared", nullptr, 0, 0, &probe)) << "its own session may";
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s_, probe));
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s_, mine));
    ASSERT_EQ(JET_errSuccess, JetOpenTable(s2, db2, "shared", nullptr, 0, 0, &theirs)) << "released by the close";

    // Asking for DenyRead or DenyWrite while another session has it open (for writing).
    EXPECT_EQ(JET_errTableInUse, JetOpenTable(s_, db_, "shared", nullptr, 0, JET_bitTableDenyRead, &mine));
    EXPECT_EQ(JET_errTableInUse, JetOpenTable(s_, db_, "shared", nullptr, 0, JET_bitTableDenyWrite, &mine));
    // ... and deleting or renaming it.
    EXPECT_EQ(JET_errTableInUse, JetDeleteTable(s_, db_, "shared"));
    EXPECT_EQ(JET_errTableInUse, JetRenameTable(s_, db_, "shared", "renamed"));
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s2, theirs));
    ASSERT_EQ(JET_errSuccess, JetOpenTable(s2, db2, "shared", nullptr, 0, JET_bitTableReadOnly, &theirs));
    ASSERT_EQ(JET_errSuccess, JetOpenTable(s_, db_, "shared", nullptr, 0, JET_bitTableDenyWrite, &mine))
        << "a reader does not stop DenyWrite";

    // DenyWrite: others may read, not write.
    EXPECT_EQ(JET_errTableLocked, JetOpenTable(s2, db2, "shared", nullptr, 0, 0, &probe));
    ASSERT_EQ(JET_errSuccess, JetOpenTable(s2, db2, "shared", nullptr, 0, JET_bitTableReadOnly, &probe));
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s2, probe));
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s2, theirs));
    // A cursor's duplicate holds the table open too; ending the session closes its cursors.
    ASSERT_EQ(JET_errSuccess, JetOpenTable(s2, db2, "shared", nullptr, 0, JET_bitTableReadOnly, &theirs));
    JET_TABLEID dup = JET_tableidNil;
    ASSERT_EQ(JET_errSuccess, JetDupCursor(s2, theirs, &dup, 0));
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s2, theirs));
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s_, mine));
    EXPECT_EQ(JET_errTableInUse, JetDeleteTable(s_, db_, "shared"));
    ASSERT_EQ(JET_errSuccess, JetEndSession(s2, 0));
    EXPECT_EQ(JET_errSuccess, JetDeleteTable(s_, db_, "shared"));
    EXPECT_EQ(JET_errInvalidGrbit, JetOpenTable(s_, db_, "shared", nullptr, 0, 0x4000000, &probe));
}

// A cursor opened before another session added a column still gives its own new column a fresh
// id: the table's definition is read anew, not taken from the cursor's copy.
TEST_F(DdlTest, AddColumnThroughAnOlderCursorDoesNotReuseAnotherSessionsColumnId) {
    JET_TABLEID t = JET_tableidNil;
    ASSERT_EQ(JET_errSuccess, JetCreateTable(s_, db_, "t", 0, 100, &t));
    JET_SESID s2 = JET_sesidNil;
    ASSERT_EQ(JET_errSuccess, JetBeginSession(inst_, &s2, nullptr, nullptr));
    JET_DBID db2 = JET_dbidNil;
    ASSERT_GE(JetOpenDatabase(s2, (dir_ + "/ddl.edb").c_str(), nullptr, &db2, 0), 0);
    JET_TABLEID t2 = JET_tableidNil;
    ASSERT_EQ(JET_errSuccess, JetOpenTable(s2, db2, "t", nullptr, 0, 0, &t2));
    JET_COLUMNDEF cd{};
    cd.cbStruct = sizeof cd;
    cd.coltyp = JET_coltypLong;
    JET_COLUMNID theirs = 0, mine = 0;
    ASSERT_EQ(JET_errSuccess, JetAddColumn(s2, t2, "theirs", &cd, nullptr, 0, &theirs));
    ASSERT_EQ(JET_errSuccess, JetAddColumn(s_, t, "mine", &cd, nullptr, 0, &mine));
    EXPECT_NE(theirs, mine);
    JET_COLUMNDEF got{};
    ASSERT_EQ(JET_errSuccess, JetGetColumnInfo(s_, db_, "t", "theirs", &got, sizeof got, JET_ColInfo));
    EXPECT_EQ(theirs, got.columnid);
    ASSERT_EQ(JET_errSuccess, JetGetColumnInfo(s_, db_, "t", "mine", &got, sizeof got, JET_ColInfo));
    EXPECT_EQ(mine, got.columnid);
    // The older cursor learns the other session's column too: a duplicate name is refused.
    EXPECT_EQ(JET_errColumnDuplicate, JetAddColumn(s_, t, "theirs", &cd, nullptr, 0, &mine));
    ASSERT_EQ(JET_errSuccess, JetEndSession(s2, 0));
}

// JetAddColumn's checks and their codes, as esent's ErrFILEIValidateAddColumn orders them.
TEST_F(DdlTest, AddColumnRefusesDefinitionsAsEsentDoes) {
    JET_TABLEID t = JET_tableidNil;
    ASSERT_EQ(JET_errSuccess, JetCreateTable(s_, db_, "t", 0, 100, &t));
    auto add = [&](const char* name, JET_COLTYP coltyp, JET_GRBIT grbit, JET_ULONG cbMax = 0,
                   unsigned short cp = 0, const void* def = nullptr, JET_ULONG cb_def = 0) {
        JET_COLUMNDEF cd{};
        cd.cbStruct = sizeof cd;
        cd.coltyp = coltyp;
        cd.grbit = grbit;
        cd.cbMax = cbMax;
        cd.cp = cp;
        JET_COLUMNID id = 0;
        return JetAddColumn(s_, t, name, &cd, def, cb_def, &id);
    };
    const int zero = 0;
    EXPECT_EQ(JET_errInvalidParameter, add("big", JET_coltypLongBinary, 0, 0x80000000UL));
    EXPECT_EQ(JET_errInvalidName, add("[bad]", JET_coltypLong, 0));
    EXPECT_EQ(JET_errInvalidColumnType, add("c", 99, 0));
    EXPECT_EQ(JET_errInvalidCodePage, add("c", JET_coltypText, 0, 0, 437));
    EXPECT_EQ(JET_errInvalidGrbit, add("c", JET_coltypLong, JET_bitColumnTagged | JET_bitColumnFixed));
    EXPECT_EQ(JET_errInvalidGrbit, add("c", JET_coltypLongText, JET_bitColumnFixed));
    EXPECT_EQ(JET_errMultiValuedColumnMustBeTagged, add("c", JET_coltypLong, JET_bitColumnMultiValued));
    EXPECT_EQ(JET_errInvalidGrbit, add("c", JET_coltypShort, JET_bitColumnEscrowUpdate, 0, 0, &zero, 2));
    EXPECT_EQ(JET_errCannotBeTagged,
              add("c", JET_coltypLong, JET_bitColumnEscrowUpdate | JET_bitColumnTagged, 0, 0, &zero, 4));
    EXPECT_EQ(JET_errInvalidGrbit,
              add("c", JET_coltypLong, JET_bitColumnEscrowUpdate | JET_bitColumnAutoincrement, 0, 0, &zero, 4));
    EXPECT_EQ(JET_errInvalidGrbit, add("c", JET_coltypLong, JET_bitColumnEscrowUpdate)) << "no default value";
    EXPECT_EQ(JET_errInvalidGrbit, add("c", JET_coltypText, JET_bitColumnAutoincrement));
    EXPECT_EQ(JET_errCannotBeTagged, add("c", JET_coltypLong, JET_bitColumnAutoincrement | JET_bitColumnTagged));
    EXPECT_EQ(JET_errDefaultValueTooBig, add("c", JET_coltypBinary, 0, 4, 0, "12345", 5));
    // What is allowed: a tagged multi-valued column, escrow with a default, autoincrement.
    EXPECT_EQ(JET_errSuccess, add("mv", JET_coltypLong, JET_bitColumnTagged | JET_bitColumnMultiValued));
    EXPECT_EQ(JET_errSuccess, add("esc", JET_coltypLong, JET_bitColumnEscrowUpdate, 0, 0, &zero, 4));
    EXPECT_EQ(JET_errSuccess, add("ai", JET_coltypCurrency, JET_bitColumnAutoincrement));
    EXPECT_EQ(JET_errSuccess, add("txt", JET_coltypText, 0, 0, 0));
    JET_COLUMNDEF got{};
    ASSERT_EQ(JET_errSuccess, JetGetTableColumnInfo(s_, t, "txt", &got, sizeof got, JET_ColInfo));
    EXPECT_EQ(1252, got.cp) << "a text column without a code page gets 1252";
    EXPECT_EQ(JET_errColumnDuplicate, add("txt", JET_coltypLong, 0));
    // Nothing of the refused definitions was added.
    EXPECT_EQ(JET_errColumnNotFound, JetGetTableColumnInfo(s_, t, "c", &got, sizeof got, JET_ColInfo));
}

// DDL through a cursor opened before another session changed the table checks against the table
// as it is now: an index name the other session took is a duplicate (not overwritten), and a
// column its new index uses is in use.
TEST_F(DdlTest, IndexDdlThroughAnOlderCursorSeesAnotherSessionsIndexes) {
    JET_TABLEID t = JET_tableidNil;
    ASSERT_EQ(JET_errSuccess, JetCreateTable(s_, db_, "t", 0, 100, &t));
    JET_COLUMNDEF cd{};
    cd.cbStruct = sizeof cd;
    cd.coltyp = JET_coltypLong;
    JET_COLUMNID a = 0, b = 0;
    ASSERT_EQ(JET_errSuccess, JetAddColumn(s_, t, "a", &cd, nullptr, 0, &a));
    ASSERT_EQ(JET_errSuccess, JetAddColumn(s_, t, "b", &cd, nullptr, 0, &b));
    JET_SESID s2 = JET_sesidNil;
    ASSERT_EQ(JET_errSuccess, JetBeginSession(inst_, &s2, nullptr, nullptr));
    JET_DBID db2 = JET_dbidNil;
    ASSERT_GE(JetOpenDatabase(s2, (dir_ + "/ddl.edb").c_str(), nullptr, &db2, 0), 0);
    JET_TABLEID t2 = JET_tableidNil;
    ASSERT_EQ(JET_errSuccess, JetOpenTable(s2, db2, "t", nullptr, 0, 0, &t2));
    ASSERT_EQ(JET_errSuccess, JetCreateIndex(s2, t2, "byb", 0, "+b\0", 4, 100));
    EXPECT_EQ(JET_errIndexDuplicate, JetCreateIndex(s_, t, "byb", 0, "-a\0", 4, 100));
    EXPECT_EQ(JET_errColumnInUse, JetDeleteColumn(s_, t, "b"));
    ASSERT_EQ(JET_errSuccess, JetDeleteIndex(s_, t, "byb")) << "the older cursor knows the index now";
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s2, t2));
    ASSERT_EQ(JET_errSuccess, JetEndSession(s2, 0));
    // The index is gone for everyone, and the column can go.
    JET_INDEXID probe{};
    EXPECT_EQ(JET_errIndexNotFound, JetGetTableIndexInfo(s_, t, "byb", &probe, sizeof probe, JET_IdxInfoIndexId));
    EXPECT_EQ(JET_errSuccess, JetDeleteColumn(s_, t, "b"));
    // CreateIndex's own checks: the density and a column named twice.
    EXPECT_EQ(JET_errDensityInvalid, JetCreateIndex(s_, t, "x", 0, "+a\0", 4, 19));
    EXPECT_EQ(JET_errDensityInvalid, JetCreateIndex(s_, t, "x", 0, "+a\0", 4, 101));
    EXPECT_EQ(JET_errIndexInvalidDef, JetCreateIndex(s_, t, "x", 0, "+a\0-a\0", 7, 100));
}

// esent's NULL rules for index entries: by default every record has an entry (NULL sorts first);
// IgnoreNull leaves out records whose key columns are all NULL, IgnoreAnyNull those with any NULL
// key column, IgnoreFirstNull those whose first key column is NULL; DisallowNull refuses them.
TEST_F(DdlTest, IndexNullRulesDecideWhichRecordsHaveEntries) {
    JET_TABLEID t = JET_tableidNil;
    ASSERT_EQ(JET_errSuccess, JetCreateTable(s_, db_, "t", 0, 100, &t));
    JET_COLUMNDEF cd{};
    cd.cbStruct = sizeof cd;
    cd.coltyp = JET_coltypLong;
    JET_COLUMNID k = 0, b = 0, c = 0;
    ASSERT_EQ(JET_errSuccess, JetAddColumn(s_, t, "k", &cd, nullptr, 0, &k));
    ASSERT_EQ(JET_errSuccess, JetAddColumn(s_, t, "b", &cd, nullptr, 0, &b));
    ASSERT_EQ(JET_errSuccess, JetAddColumn(s_, t, "c", &cd, nullptr, 0, &c));
    ASSERT_EQ(JET_errSuccess, JetCreateIndex(s_, t, "pk", JET_bitIndexPrimary, "+k\0", 4, 100));
    const char kBC[] = "+b\0+c\0";
    ASSERT_EQ(JET_errSuccess, JetCreateIndex(s_, t, "all", 0, kBC, sizeof kBC, 100));
    ASSERT_EQ(JET_errSuccess, JetCreateIndex(s_, t, "ignore_null", JET_bitIndexIgnoreNull, kBC, sizeof kBC, 100));
    ASSERT_EQ(JET_errSuccess, JetCreateIndex(s_, t, "ignore_any", JET_bitIndexIgnoreAnyNull, kBC, sizeof kBC, 100));
    ASSERT_EQ(JET_errSuccess, JetCreateIndex(s_, t, "ignore_first", JET_bitIndexIgnoreFirstNull, kBC, sizeof kBC, 100));
    auto insert = [&](int32_t key, std::optional<int32_t> bv, std::optional<int32_t> cv) {
        JET_ERR err = JetPrepareUpdate(s_, t, JET_prepInsert);
        if (err >= 0) err = JetSetColumn(s_, t, k, &key, 4, 0, nullptr);
        if (err >= 0 && bv) err = JetSetColumn(s_, t, b, &*bv, 4, 0, nullptr);
        if (err >= 0 && cv) err = JetSetColumn(s_, t, c, &*cv, 4, 0, nullptr);
        if (err >= 0) err = JetUpdate(s_, t, nullptr, 0, nullptr);
        if (err < 0) JetPrepareUpdate(s_, t, JET_prepCancel);
        return err;
    };
    ASSERT_EQ(JET_errSuccess, insert(1, 1, 1));
    ASSERT_EQ(JET_errSuccess, insert(2, std::nullopt, 2));
    ASSERT_EQ(JET_errSuccess, insert(3, 3, std::nullopt));
    ASSERT_EQ(JET_errSuccess, insert(4, std::nullopt, std::nullopt));
    auto count = [&](const char* index) {
        EXPECT_EQ(JET_errSuccess, JetSetCurrentIndex(s_, t, index));
        JET_ULONG n = 0;
        if (JetMove(s_, t, JET_MoveFirst, 0) == JET_errSuccess) {
            EXPECT_EQ(JET_errSuccess, JetIndexRecordCount(s_, t, &n, 0));
        }
        return n;
    };
    EXPECT_EQ(4u, count("all"));
    EXPECT_EQ(3u, count("ignore_null"));
    EXPECT_EQ(1u, count("ignore_any"));
    EXPECT_EQ(2u, count("ignore_first"));
    // NULL sorts first: the "all" index starts with the record whose b is NULL and c is NULL.
    ASSERT_EQ(JET_errSuccess, JetSetCurrentIndex(s_, t, "all"));
    int32_t first = 0;
    JET_ULONG cb = 0;
    ASSERT_EQ(JET_errSuccess, JetRetrieveColumn(s_, t, k, &first, 4, &cb, 0, nullptr));
    EXPECT_EQ(4, first);

    // DisallowNull: not over records with a NULL key column, and no such record afterwards.
    const char kB[] = "+b\0";
    EXPECT_EQ(JET_errNullKeyDisallowed, JetCreateIndex(s_, t, "no_null", JET_bitIndexDisallowNull, kB, sizeof kB, 100));
    ASSERT_EQ(JET_errSuccess, JetSetCurrentIndex(s_, t, "pk"));
    for (int32_t key : {2, 4}) {
        ASSERT_EQ(JET_errSuccess, JetMakeKey(s_, t, &key, 4, JET_bitNewKey));
        ASSERT_EQ(JET_errSuccess, JetSeek(s_, t, JET_bitSeekEQ));
        ASSERT_EQ(JET_errSuccess, JetDelete(s_, t));
    }
    ASSERT_EQ(JET_errSuccess, JetCreateIndex(s_, t, "no_null", JET_bitIndexDisallowNull, kB, sizeof kB, 100));
    EXPECT_EQ(JET_errNullKeyDisallowed, insert(5, std::nullopt, 5));
    EXPECT_EQ(JET_errSuccess, insert(5, 5, std::nullopt));
    EXPECT_EQ(3u, count("no_null"));

    // The primary index too.
    JET_TABLEID p = JET_tableidNil;
    ASSERT_EQ(JET_errSuccess, JetCreateTable(s_, db_, "p", 0, 100, &p));
    JET_COLUMNID pk = 0, pv = 0;
    ASSERT_EQ(JET_errSuccess, JetAddColumn(s_, p, "k", &cd, nullptr, 0, &pk));
    ASSERT_EQ(JET_errSuccess, JetAddColumn(s_, p, "v", &cd, nullptr, 0, &pv));
    ASSERT_EQ(JET_errSuccess, JetCreateIndex(s_, p, "pk", JET_bitIndexPrimary | JET_bitIndexDisallowNull, "+k\0", 4, 100));
    ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s_, p, JET_prepInsert));
    const int32_t one = 1;
    ASSERT_EQ(JET_errSuccess, JetSetColumn(s_, p, pv, &one, 4, 0, nullptr));
    EXPECT_EQ(JET_errNullKeyDisallowed, JetUpdate(s_, p, nullptr, 0, nullptr));
    ASSERT_EQ(JET_errSuccess, JetSetColumn(s_, p, pk, &one, 4, 0, nullptr));
    EXPECT_EQ(JET_errSuccess, JetUpdate(s_, p, nullptr, 0, nullptr));
}

// A table being deleted or renamed by a live transaction cannot be opened by another session, and
// a transaction whose snapshot is older than the delete cannot open the table it no longer has.
TEST_F(DdlTest, ATableBeingDeletedOrRenamedIsHeldAgainstOtherSessions) {
    JET_TABLEID t = JET_tableidNil;
    for (const char* name : {"gone", "moved", "old"}) {
        ASSERT_EQ(JET_errSuccess, JetCreateTable(s_, db_, name, 0, 100, &t));
        ASSERT_EQ(JET_errSuccess, JetCloseTable(s_, t));
    }
    JET_SESID s2 = JET_sesidNil;
    ASSERT_EQ(JET_errSuccess, JetBeginSession(inst_, &s2, nullptr, nullptr));
    JET_DBID db2 = JET_dbidNil;
    ASSERT_GE(JetOpenDatabase(s2, (dir_ + "/ddl.edb").c_str(), nullptr, &db2, 0), 0);
    JET_TABLEID probe = JET_tableidNil;

    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s_));
    ASSERT_EQ(JET_errSuccess, JetDeleteTable(s_, db_, "gone"));
    ASSERT_EQ(JET_errSuccess, JetRenameTable(s_, db_, "moved", "renamed"));
    EXPECT_EQ(JET_errTableLocked, JetOpenTable(s2, db2, "gone", nullptr, 0, JET_bitTableReadOnly, &probe));
    EXPECT_EQ(JET_errTableLocked, JetOpenTable(s2, db2, "moved", nullptr, 0, 0, &probe));
    ASSERT_EQ(JET_errSuccess, JetCommitTransaction(s_, 0));
    EXPECT_EQ(JET_errObjectNotFound, JetOpenTable(s2, db2, "gone", nullptr, 0, 0, &probe));
    EXPECT_EQ(JET_errObjectNotFound, JetOpenTable(s2, db2, "moved", nullptr, 0, 0, &probe));
    ASSERT_EQ(JET_errSuccess, JetOpenTable(s2, db2, "renamed", nullptr, 0, 0, &probe));
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s2, probe));
    // A rollback gives the table back.
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s_));
    ASSERT_EQ(JET_errSuccess, JetDeleteTable(s_, db_, "renamed"));
    EXPECT_EQ(JET_errTableLocked, JetOpenTable(s2, db2, "renamed", nullptr, 0, 0, &probe));
    ASSERT_EQ(JET_errSuccess, JetRollback(s_, 0));
    ASSERT_EQ(JET_errSuccess, JetOpenTable(s2, db2, "renamed", nullptr, 0, 0, &probe));
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s2, probe));

    // An older snapshot: the table is in it, but deleted since.
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s2));
    ASSERT_EQ(JET_errSuccess, JetOpenTable(s2, db2, "renamed", nullptr, 0, 0, &probe)) << "takes the snapshot";
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s2, probe));
    ASSERT_EQ(JET_errSuccess, JetDeleteTable(s_, db_, "old"));
    EXPECT_EQ(JET_errObjectNotFound, JetOpenTable(s2, db2, "old", nullptr, 0, 0, &probe));
    ASSERT_EQ(JET_errSuccess, JetRollback(s2, 0));
    ASSERT_EQ(JET_errSuccess, JetEndSession(s2, 0));
}

// A cursor whose current index another cursor deleted is put back on the clustered index, before
// the first record, when its definition is next read.
TEST_F(DdlTest, ACursorWhoseCurrentIndexWasDeletedFallsBackToTheClusteredIndex) {
    JET_TABLEID t = JET_tableidNil;
    ASSERT_EQ(JET_errSuccess, JetCreateTable(s_, db_, "t", 0, 100, &t));
    JET_COLUMNDEF cd{};
    cd.cbStruct = sizeof cd;
    cd.coltyp = JET_coltypLong;
    JET_COLUMNID a = 0, b = 0;
    ASSERT_EQ(JET_errSuccess, JetAddColumn(s_, t, "a", &cd, nullptr, 0, &a));
    ASSERT_EQ(JET_errSuccess, JetAddColumn(s_, t, "b", &cd, nullptr, 0, &b));
    ASSERT_EQ(JET_errSuccess, JetCreateIndex(s_, t, "pk", JET_bitIndexPrimary, "+a\0", 4, 100));
    ASSERT_EQ(JET_errSuccess, JetCreateIndex(s_, t, "byb", 0, "-b\0", 4, 100));
    for (int v : {1, 2, 3}) {
        ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s_, t, JET_prepInsert));
        ASSERT_EQ(JET_errSuccess, JetSetColumn(s_, t, a, &v, 4, 0, nullptr));
        ASSERT_EQ(JET_errSuccess, JetSetColumn(s_, t, b, &v, 4, 0, nullptr));
        ASSERT_EQ(JET_errSuccess, JetUpdate(s_, t, nullptr, 0, nullptr));
    }
    JET_TABLEID other = JET_tableidNil;
    ASSERT_EQ(JET_errSuccess, JetOpenTable(s_, db_, "t", nullptr, 0, 0, &other));
    ASSERT_EQ(JET_errSuccess, JetSetCurrentIndex(s_, other, "byb"));
    EXPECT_EQ(JET_errIndexInUse, JetDeleteIndex(s_, t, "byb")) << "another cursor of the session has it current";
    // Another session's cursor does not stop the delete: it falls back when it next reads the table.
    JET_SESID s2 = JET_sesidNil;
    ASSERT_EQ(JET_errSuccess, JetBeginSession(inst_, &s2, nullptr, nullptr));
    JET_DBID db2 = JET_dbidNil;
    ASSERT_GE(JetOpenDatabase(s2, (dir_ + "/ddl.edb").c_str(), nullptr, &db2, 0), 0);
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s_, other));
    ASSERT_EQ(JET_errSuccess, JetOpenTable(s2, db2, "t", nullptr, 0, 0, &other));
    ASSERT_EQ(JET_errSuccess, JetSetCurrentIndex(s2, other, "byb"));
    ASSERT_EQ(JET_errSuccess, JetDeleteIndex(s_, t, "byb"));  // t's current index is the primary one
    JET_COLUMNID c = 0;
    ASSERT_EQ(JET_errSuccess, JetAddColumn(s2, other, "c", &cd, nullptr, 0, &c));  // reads the definition
    char name[JET_cbNameMost + 1] = {};
    ASSERT_EQ(JET_errSuccess, JetGetCurrentIndex(s2, other, name, sizeof name));
    EXPECT_STREQ("pk", name);
    ASSERT_EQ(JET_errSuccess, JetMove(s2, other, JET_MoveNext, 0)) << "from before the first record";
    int got = 0;
    JET_ULONG cb = 0;
    ASSERT_EQ(JET_errSuccess, JetRetrieveColumn(s2, other, a, &got, 4, &cb, 0, nullptr));
    EXPECT_EQ(1, got);
    ASSERT_EQ(JET_errSuccess, JetEndSession(s2, 0));
}

TEST_F(DdlTest, ImmutableStructureWritesNothingBackAndLeavesNoCursor) {
    JET_COLUMNCREATE cols[] = {Column("a", JET_coltypLong)};
    JET_INDEXCREATE idx[] = {Index<JET_INDEXCREATE>("pk", "+a\0", 4, JET_bitIndexPrimary)};
    JET_TABLECREATE tc{};
    tc.cbStruct = sizeof tc;
    tc.szTableName = const_cast<char*>("immutable");
    tc.rgcolumncreate = cols;
    tc.cColumns = 1;
    tc.rgindexcreate = idx;
    tc.cIndexes = 1;
    tc.grbit = JET_bitTableCreateImmutableStructure;
    tc.tableid = JET_tableidNil;
    cols[0].err = 12345;
    idx[0].err = 12345;
    ASSERT_EQ(JET_errSuccess, JetCreateTableColumnIndex(s_, db_, &tc));
    EXPECT_EQ(JET_tableidNil, tc.tableid);
    EXPECT_EQ(0u, tc.cCreated);
    EXPECT_EQ(0u, cols[0].columnid);
    EXPECT_EQ(12345, cols[0].err);
    EXPECT_EQ(12345, idx[0].err);
    JET_TABLEID t = JET_tableidNil;
    ASSERT_EQ(JET_errSuccess, JetOpenTable(s_, db_, "immutable", nullptr, 0, 0, &t));
    JET_COLUMNDEF def{};
    EXPECT_EQ(JET_errSuccess, JetGetTableColumnInfo(s_, t, "a", &def, sizeof def, JET_ColInfo));
    JET_ULONG indexes = 0;
    ASSERT_EQ(JET_errSuccess, JetGetTableIndexInfo(s_, t, nullptr, &indexes, sizeof indexes, JET_IdxInfoCount));
    EXPECT_EQ(1u, indexes);
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s_, t));
}

TEST_F(TemplateTest, NoFixedVarColumnsInDerivedTablesAllowsTaggedOnes) {
    JET_TABLECREATE tc{};
    tc.cbStruct = sizeof tc;
    tc.szTableName = const_cast<char*>("strict");
    tc.grbit = JET_bitTableCreateTemplateTable | JET_bitTableCreateNoFixedVarColumnsInDerivedTables;
    ASSERT_EQ(JET_errSuccess, JetCreateTableColumnIndex(s_, db_, &tc));
    JET_OBJECTINFO info{};
    ASSERT_EQ(JET_errSuccess, JetGetTableInfo(s_, tc.tableid, &info, sizeof info, JET_TblInfo));
    EXPECT_EQ(static_cast<JET_ULONG>(JET_bitObjectTableTemplate | JET_bitObjectTableFixedDDL |
                                         JET_bitObjectTableNoFixedVarColumnsInDerivedTables),
              info.flags);
    JET_TABLECREATE child{};
    child.cbStruct = sizeof child;
    child.szTableName = const_cast<char*>("strictchild");
    child.szTemplateTableName = const_cast<char*>("strict");
    ASSERT_EQ(JET_errSuccess, JetCreateTableColumnIndex(s_, db_, &child));
    JET_COLUMNDEF cd{};
    cd.cbStruct = sizeof cd;
    cd.coltyp = JET_coltypLong;
    JET_COLUMNID id = 0;
    EXPECT_EQ(JET_errCannotAddFixedVarColumnToDerivedTable,
              JetAddColumn(s_, child.tableid, "fixedcol", &cd, nullptr, 0, &id));
    cd.grbit = JET_bitColumnTagged;
    EXPECT_EQ(JET_errSuccess, JetAddColumn(s_, child.tableid, "taggedcol", &cd, nullptr, 0, &id));
}

TEST_F(DdlTest, CreateIndex2CreatesEveryIndexAndReportsEach) {
    JET_TABLEID t = JET_tableidNil;
    ASSERT_EQ(JET_errSuccess, JetCreateTable(s_, db_, "t", 0, 100, &t));
    JET_COLUMNDEF cd{};
    cd.cbStruct = sizeof cd;
    cd.coltyp = JET_coltypLong;
    JET_COLUMNID a = 0;
    JET_COLUMNID b = 0;
    ASSERT_EQ(JET_errSuccess, JetAddColumn(s_, t, "a", &cd, nullptr, 0, &a));
    ASSERT_EQ(JET_errSuccess, JetAddColumn(s_, t, "b", &cd, nullptr, 0, &b));
    JET_INDEXCREATE idx[] = {Index<JET_INDEXCREATE>("by_a", "+a\0", 4),
                             Index<JET_INDEXCREATE>("by_b", "-b\0", 4, JET_bitIndexIgnoreAnyNull)};
    ASSERT_EQ(JET_errSuccess, JetCreateIndex2(s_, t, idx, 2));
    EXPECT_EQ(JET_errSuccess, idx[0].err);
    EXPECT_EQ(JET_errSuccess, idx[1].err);
    EXPECT_EQ(JET_errSuccess, JetSetCurrentIndex(s_, t, "by_b"));
    EXPECT_EQ(JET_errIndexDuplicate, JetCreateIndex2(s_, t, idx, 1));
    EXPECT_EQ(JET_errIndexDuplicate, idx[0].err);
}

TEST_F(DdlTest, RenameTableKeepsItsColumnsAndData) {
    JET_TABLEID t = JET_tableidNil;
    ASSERT_EQ(JET_errSuccess, JetCreateTable(s_, db_, "old", 0, 100, &t));
    JET_COLUMNDEF cd{};
    cd.cbStruct = sizeof cd;
    cd.coltyp = JET_coltypLong;
    JET_COLUMNID a = 0;
    ASSERT_EQ(JET_errSuccess, JetAddColumn(s_, t, "a", &cd, nullptr, 0, &a));
    int v = 7;
    ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s_, t, JET_prepInsert));
    ASSERT_EQ(JET_errSuccess, JetSetColumn(s_, t, a, &v, sizeof v, 0, nullptr));
    ASSERT_EQ(JET_errSuccess, JetUpdate(s_, t, nullptr, 0, nullptr));
    EXPECT_EQ(JET_errTableInUse, JetRenameTable(s_, db_, "old", "new"));
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s_, t));
    JET_TABLEID other = JET_tableidNil;
    ASSERT_EQ(JET_errSuccess, JetCreateTable(s_, db_, "taken", 0, 100, &other));
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s_, other));
    EXPECT_EQ(JET_errTableDuplicate, JetRenameTable(s_, db_, "old", "taken"));
    EXPECT_EQ(JET_errObjectNotFound, JetRenameTable(s_, db_, "missing", "x"));
    EXPECT_EQ(JET_errInvalidName, JetRenameTable(s_, db_, "old", "bad.name"));
    ASSERT_EQ(JET_errSuccess, JetRenameTable(s_, db_, "old", "new"));
    EXPECT_EQ(JET_errObjectNotFound, JetOpenTable(s_, db_, "old", nullptr, 0, 0, &t));
    ASSERT_EQ(JET_errSuccess, JetOpenTable(s_, db_, "new", nullptr, 0, 0, &t));
    ASSERT_EQ(JET_errSuccess, JetMove(s_, t, JET_MoveFirst, 0));
    int got = 0;
    JET_ULONG cb = 0;
    ASSERT_EQ(JET_errSuccess, JetRetrieveColumn(s_, t, a, &got, sizeof got, &cb, 0, nullptr));
    EXPECT_EQ(7, got);
}

// A table "t" with Long columns a (primary, "+a") and b (index "byb", "-b"), rows (a, b):
// (1, 10), (2, 30), (3, 20).
class IndexDdlTest : public DdlTest {
protected:
    void SetUp() override {
        DdlTest::SetUp();
        if (HasFatalFailure()) return;
        ASSERT_EQ(JET_errSuccess, JetCreateTable(s_, db_, "t", 0, 100, &t_));
        JET_COLUMNDEF cd{};
        cd.cbStruct = sizeof cd;
        cd.coltyp = JET_coltypLong;
        ASSERT_EQ(JET_errSuccess, JetAddColumn(s_, t_, "a", &cd, nullptr, 0, &a_));
        ASSERT_EQ(JET_errSuccess, JetAddColumn(s_, t_, "b", &cd, nullptr, 0, &b_));
        ASSERT_EQ(JET_errSuccess, JetCreateIndex(s_, t_, "pk", JET_bitIndexPrimary, "+a\0", 4, 100));
        ASSERT_EQ(JET_errSuccess, JetCreateIndex(s_, t_, "byb", 0, "-b\0", 4, 100));
        for (auto [a, b] : {std::pair{1, 10}, std::pair{2, 30}, std::pair{3, 20}}) {
            ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s_, t_, JET_prepInsert));
            ASSERT_EQ(JET_errSuccess, JetSetColumn(s_, t_, a_, &a, sizeof a, 0, nullptr));
            ASSERT_EQ(JET_errSuccess, JetSetColumn(s_, t_, b_, &b, sizeof b, 0, nullptr));
            ASSERT_EQ(JET_errSuccess, JetUpdate(s_, t_, nullptr, 0, nullptr));
        }
    }
    int A() {
        int v = -1;
        JET_ULONG cb = 0;
        EXPECT_EQ(JET_errSuccess, JetRetrieveColumn(s_, t_, a_, &v, sizeof v, &cb, 0, nullptr));
        return v;
    }
    std::string CurrentIndex() {
        char name[JET_cbNameMost + 1] = {};
        EXPECT_EQ(JET_errSuccess, JetGetCurrentIndex(s_, t_, name, sizeof name));
        return name;
    }
    JET_TABLEID t_ = JET_tableidNil;
    JET_COLUMNID a_ = 0;
    JET_COLUMNID b_ = 0;
};

TEST_F(IndexDdlTest, SetCurrentIndex2MoveFirstStandsOnTheFirstEntryOfTheNewIndex) {
    ASSERT_EQ(JET_errSuccess, JetMove(s_, t_, JET_MoveLast, 0));
    EXPECT_EQ(3, A());
    ASSERT_EQ(JET_errSuccess, JetSetCurrentIndex2(s_, t_, "byb", JET_bitMoveFirst));
    EXPECT_EQ("byb", CurrentIndex());
    EXPECT_EQ(2, A());  // b = 30 comes first on "-b"
    ASSERT_EQ(JET_errSuccess, JetMove(s_, t_, JET_MoveNext, 0));
    EXPECT_EQ(3, A());
    // [esent] selecting the current index again is ignored: the cursor stays where it is.
    ASSERT_EQ(JET_errSuccess, JetSetCurrentIndex2(s_, t_, "byb", JET_bitMoveFirst));
    EXPECT_EQ(3, A());
    ASSERT_EQ(JET_errSuccess, JetSetCurrentIndex(s_, t_, "byb"));
    EXPECT_EQ(3, A());
    // Back to the primary index by NULL, "" or its name: on its first entry.
    ASSERT_EQ(JET_errSuccess, JetSetCurrentIndex(s_, t_, nullptr));
    EXPECT_EQ("pk", CurrentIndex());
    EXPECT_EQ(1, A());
    ASSERT_EQ(JET_errSuccess, JetSetCurrentIndex(s_, t_, "byb"));
    ASSERT_EQ(JET_errSuccess, JetSetCurrentIndex(s_, t_, ""));
    EXPECT_EQ("pk", CurrentIndex());
    ASSERT_EQ(JET_errSuccess, JetSetCurrentIndex(s_, t_, "byb"));
    ASSERT_EQ(JET_errSuccess, JetSetCurrentIndex(s_, t_, "pk"));
    EXPECT_EQ(1, A());
}

TEST_F(IndexDdlTest, SetCurrentIndex2NoMoveKeepsTheRecordAndRefusesBadInput) {
    ASSERT_EQ(JET_errSuccess, JetMove(s_, t_, JET_MoveFirst, 0));
    ASSERT_EQ(JET_errSuccess, JetMove(s_, t_, JET_MoveNext, 0));
    EXPECT_EQ(2, A());
    ASSERT_EQ(JET_errSuccess, JetSetCurrentIndex2(s_, t_, "byb", JET_bitNoMove));
    EXPECT_EQ(2, A());
    ASSERT_EQ(JET_errSuccess, JetMove(s_, t_, JET_MoveNext, 0));  // -b: 30, 20, 10
    EXPECT_EQ(3, A());
    EXPECT_EQ(JET_errIndexNotFound, JetSetCurrentIndex2(s_, t_, "nope", JET_bitMoveFirst));
    EXPECT_EQ(JET_errInvalidGrbit, JetSetCurrentIndex2(s_, t_, "pk", 0x4));
    EXPECT_EQ(JET_errInvalidTableId, JetSetCurrentIndex2(s_, JET_tableidNil, "pk", JET_bitMoveFirst));
    EXPECT_EQ("byb", CurrentIndex());  // the refused calls changed nothing
    EXPECT_EQ(3, A());
}

TEST_F(IndexDdlTest, SetCurrentIndexOnAnEmptyIndexStandsOnNoRecord) {
    JET_TABLEID e = JET_tableidNil;
    ASSERT_EQ(JET_errSuccess, JetCreateTable(s_, db_, "empty", 0, 100, &e));
    JET_COLUMNDEF cd{};
    cd.cbStruct = sizeof cd;
    cd.coltyp = JET_coltypLong;
    JET_COLUMNID c = 0;
    ASSERT_EQ(JET_errSuccess, JetAddColumn(s_, e, "c", &cd, nullptr, 0, &c));
    ASSERT_EQ(JET_errSuccess, JetCreateIndex(s_, e, "byc", 0, "+c\0", 4, 100));
    ASSERT_EQ(JET_errSuccess, JetSetCurrentIndex(s_, e, "byc"));
    int v = 0;
    JET_ULONG cb = 0;
    EXPECT_EQ(JET_errNoCurrentRecord, JetRetrieveColumn(s_, e, c, &v, sizeof v, &cb, 0, nullptr));
    // NoMove from no record: the index changes, the cursor stays on no record.
    ASSERT_EQ(JET_errSuccess, JetSetCurrentIndex2(s_, e, nullptr, JET_bitNoMove));
    char name[JET_cbNameMost + 1] = {};
    ASSERT_EQ(JET_errSuccess, JetGetCurrentIndex(s_, e, name, sizeof name));
    EXPECT_STREQ("", name);  // no primary index: the implicit sequential one has no name
    EXPECT_EQ(JET_errNoCurrentRecord, JetRetrieveColumn(s_, e, c, &v, sizeof v, &cb, 0, nullptr));
}

TEST_F(IndexDdlTest, DeleteIndexRemovesItTransactionallyAndRefusesThePrimaryAndTheCurrentOne) {
    // DDL-09
    EXPECT_EQ(JET_errIndexMustStay, JetDeleteIndex(s_, t_, "pk"));
    ASSERT_EQ(JET_errSuccess, JetSetCurrentIndex(s_, t_, "byb"));
    EXPECT_EQ(JET_errIndexInUse, JetDeleteIndex(s_, t_, "byb"));
    ASSERT_EQ(JET_errSuccess, JetSetCurrentIndex(s_, t_, nullptr));
    EXPECT_EQ(JET_errInvalidParameter, JetDeleteIndex(s_, t_, nullptr));
    EXPECT_EQ(JET_errIndexNotFound, JetDeleteIndex(s_, t_, "nope"));
    EXPECT_EQ(JET_errInvalidTableId, JetDeleteIndex(s_, JET_tableidNil, "byb"));

    // Rolled back: the index and its entries are back.
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s_));
    ASSERT_EQ(JET_errSuccess, JetDeleteIndex(s_, t_, "byb"));
    EXPECT_EQ(JET_errIndexNotFound, JetSetCurrentIndex(s_, t_, "byb"));
    ASSERT_EQ(JET_errSuccess, JetRollback(s_, 0));
    JET_TABLEID t2 = JET_tableidNil;
    ASSERT_EQ(JET_errSuccess, JetOpenTable(s_, db_, "t", nullptr, 0, 0, &t2));
    ASSERT_EQ(JET_errSuccess, JetSetCurrentIndex(s_, t2, "byb"));
    JET_ULONG n = 0;
    ASSERT_EQ(JET_errSuccess, JetIndexRecordCount(s_, t2, &n, 0));
    EXPECT_EQ(3u, n);
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s_, t2));

    // Committed: gone for every cursor, a second delete finds nothing, and the name is free again.
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s_));
    ASSERT_EQ(JET_errSuccess, JetDeleteIndex(s_, t_, "byb"));
    ASSERT_EQ(JET_errSuccess, JetCommitTransaction(s_, 0));
    EXPECT_EQ(JET_errIndexNotFound, JetSetCurrentIndex(s_, t_, "byb"));
    EXPECT_EQ(JET_errIndexNotFound, JetDeleteIndex(s_, t_, "byb"));
    ASSERT_EQ(JET_errSuccess, JetOpenTable(s_, db_, "t", nullptr, 0, 0, &t2));
    EXPECT_EQ(JET_errIndexNotFound, JetSetCurrentIndex(s_, t2, "byb"));
    ASSERT_EQ(JET_errSuccess, JetGetTableIndexInfo(s_, t2, nullptr, &n, sizeof n, JET_IdxInfoCount));
    EXPECT_EQ(1u, n);
    ASSERT_EQ(JET_errSuccess, JetCreateIndex(s_, t2, "byb", 0, "+b\0", 4, 100));
    ASSERT_EQ(JET_errSuccess, JetSetCurrentIndex(s_, t2, "byb"));
    ASSERT_EQ(JET_errSuccess, JetIndexRecordCount(s_, t2, &n, 0));
    EXPECT_EQ(3u, n);  // rebuilt from the records, no stale entries of the old index
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s_, t2));
}

TEST_F(IndexDdlTest, GetTableInfoAnswersEveryCommonLevel) {
    // DDL-14
    JET_OBJECTINFO info{};
    ASSERT_EQ(JET_errSuccess, JetGetTableInfo(s_, t_, &info, sizeof info, JET_TblInfo));
    EXPECT_EQ(sizeof info, info.cbStruct);
    EXPECT_EQ(static_cast<JET_OBJTYP>(JET_objtypTable), info.objtyp);
    EXPECT_EQ(static_cast<JET_GRBIT>(JET_bitTableInfoUpdatable | JET_bitTableInfoBookmark | JET_bitTableInfoRollback),
              info.grbit);
    EXPECT_EQ(0u, info.flags);
    EXPECT_NE(0u, info.cPage);
    char name[JET_cbNameMost + 1] = {};
    ASSERT_EQ(JET_errSuccess, JetGetTableInfo(s_, t_, name, sizeof name, JET_TblInfoName));
    EXPECT_STREQ("t", name);
    EXPECT_EQ(JET_errBufferTooSmall, JetGetTableInfo(s_, t_, name, 1, JET_TblInfoName));
    ASSERT_EQ(JET_errSuccess, JetGetTableInfo(s_, t_, name, sizeof name, JET_TblInfoTemplateTableName));
    EXPECT_STREQ("", name);
    JET_DBID dbid = JET_dbidNil;
    ASSERT_EQ(JET_errSuccess, JetGetTableInfo(s_, t_, &dbid, sizeof dbid, JET_TblInfoDbid));
    EXPECT_EQ(db_, dbid);
    JET_ULONG pages = 0;
    ASSERT_EQ(JET_errSuccess, JetGetTableInfo(s_, t_, &pages, sizeof pages, JET_TblInfoSpaceOwned));
    EXPECT_NE(0u, pages);
    EXPECT_EQ(info.cPage, pages);
    ASSERT_EQ(JET_errSuccess, JetGetTableInfo(s_, t_, &pages, sizeof pages, JET_TblInfoSpaceAvailable));
    EXPECT_EQ(0u, pages);
    EXPECT_EQ(JET_errBufferTooSmall, JetGetTableInfo(s_, t_, &info, sizeof info - 1, JET_TblInfo));
    EXPECT_EQ(JET_errInvalidParameter, JetGetTableInfo(s_, t_, nullptr, 0, JET_TblInfoName));
    EXPECT_EQ(JET_errInvalidParameter, JetGetTableInfo(s_, t_, &info, sizeof info, 0x7777));
    EXPECT_EQ(JET_errInvalidTableId, JetGetTableInfo(s_, JET_tableidNil, &info, sizeof info, JET_TblInfo));
    // A read-only cursor's table is not updatable through it.
    JET_TABLEID ro = JET_tableidNil;
    ASSERT_EQ(JET_errSuccess, JetOpenTable(s_, db_, "t", nullptr, 0, JET_bitTableReadOnly, &ro));
    ASSERT_EQ(JET_errSuccess, JetGetTableInfo(s_, ro, &info, sizeof info, JET_TblInfo));
    EXPECT_EQ(static_cast<JET_GRBIT>(JET_bitTableInfoBookmark | JET_bitTableInfoRollback), info.grbit);
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s_, ro));
}

TEST_F(IndexDdlTest, GetObjectInfoDescribesOneTableOrListsThemAll) {
    // DDL-14: JetGetObjectInfo(table) flags == 0.
    JET_OBJECTINFO info{};
    ASSERT_EQ(JET_errSuccess, JetGetObjectInfo(s_, db_, JET_objtypTable, nullptr, "t", &info, sizeof info, JET_ObjInfo));
    EXPECT_EQ(sizeof info, info.cbStruct);
    EXPECT_EQ(static_cast<JET_OBJTYP>(JET_objtypTable), info.objtyp);
    EXPECT_EQ(0u, info.flags);
    EXPECT_EQ(static_cast<JET_GRBIT>(JET_bitTableInfoUpdatable | JET_bitTableInfoBookmark | JET_bitTableInfoRollback),
              info.grbit);
    EXPECT_NE(0u, info.cPage);
    ASSERT_EQ(JET_errSuccess, JetGetObjectInfo(s_, db_, JET_objtypNil, "", "t", &info, sizeof info, JET_ObjInfoNoStats));
    EXPECT_EQ(0u, info.cPage) << "no statistics asked for";
    EXPECT_EQ(JET_errObjectNotFound,
              JetGetObjectInfo(s_, db_, JET_objtypTable, nullptr, "nope", &info, sizeof info, JET_ObjInfo));
    EXPECT_EQ(JET_errBufferTooSmall,
              JetGetObjectInfo(s_, db_, JET_objtypTable, nullptr, "t", &info, sizeof info - 1, JET_ObjInfo));
    EXPECT_EQ(JET_errInvalidParameter,
              JetGetObjectInfo(s_, db_, JET_objtypTable, nullptr, nullptr, &info, sizeof info, JET_ObjInfo));
    EXPECT_EQ(JET_errInvalidParameter,
              JetGetObjectInfo(s_, db_, JET_objtypTable, nullptr, "t", nullptr, sizeof info, JET_ObjInfo));
    EXPECT_EQ(JET_errSuccess, JetGetObjectInfo(s_, db_, JET_objtypTable, "tables", "t", &info, sizeof info, JET_ObjInfo));
    EXPECT_EQ(JET_errObjectNotFound,
              JetGetObjectInfo(s_, db_, JET_objtypTable, "Queries", "t", &info, sizeof info, JET_ObjInfo));
    EXPECT_EQ(JET_errInvalidParameter, JetGetObjectInfo(s_, db_, JET_objtypTable, nullptr, "t", &info, sizeof info, 99));
    EXPECT_EQ(JET_errInvalidDatabaseId,
              JetGetObjectInfo(s_, JET_dbidNil, JET_objtypTable, nullptr, "t", &info, sizeof info, JET_ObjInfo));

    // The list levels (a temporary table) are tested in info_list_test.cc.
}

TEST_F(DdlTest, CreateTableColumnIndex2TakesVersionOneIndexesAndRefusesCallbacks) {
    JET_COLUMNCREATE cols[] = {Column("k", JET_coltypLong), Column("name", JET_coltypText)};
    JET_INDEXCREATE idx[] = {Index<JET_INDEXCREATE>("pk", "+k\0", 4, JET_bitIndexPrimary),
                             Index<JET_INDEXCREATE>("byname", "+name\0", 7, JET_bitIndexUnique)};
    JET_TABLECREATE2 tc{};
    tc.cbStruct = sizeof tc;
    tc.szTableName = const_cast<char*>("t2");
    tc.ulDensity = 100;
    tc.rgcolumncreate = cols;
    tc.cColumns = 2;
    tc.rgindexcreate = idx;
    tc.cIndexes = 2;
    tc.szCallback = const_cast<char*>("module!function");
    tc.cbtyp = 0x4;  // JET_cbtypBeforeInsert
    EXPECT_EQ(JET_errFeatureNotAvailable, JetCreateTableColumnIndex2(s_, db_, &tc));
    JET_TABLEID probe = JET_tableidNil;
    EXPECT_EQ(JET_errObjectNotFound, JetOpenTable(s_, db_, "t2", nullptr, 0, 0, &probe));
    tc.szCallback = nullptr;
    tc.cbtyp = 0;
    ASSERT_EQ(JET_errSuccess, JetCreateTableColumnIndex2(s_, db_, &tc));
    EXPECT_EQ(5u, tc.cCreated);  // table + 2 columns + 2 indexes
    ASSERT_NE(JET_tableidNil, tc.tableid);
    for (const JET_INDEXCREATE& i : idx) EXPECT_EQ(JET_errSuccess, i.err);
    int k = 1;
    ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s_, tc.tableid, JET_prepInsert));
    ASSERT_EQ(JET_errSuccess, JetSetColumn(s_, tc.tableid, cols[0].columnid, &k, sizeof k, 0, nullptr));
    ASSERT_EQ(JET_errSuccess, JetSetColumn(s_, tc.tableid, cols[1].columnid, "x", 1, 0, nullptr));
    ASSERT_EQ(JET_errSuccess, JetUpdate(s_, tc.tableid, nullptr, 0, nullptr));
    k = 2;
    ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s_, tc.tableid, JET_prepInsert));
    ASSERT_EQ(JET_errSuccess, JetSetColumn(s_, tc.tableid, cols[0].columnid, &k, sizeof k, 0, nullptr));
    ASSERT_EQ(JET_errSuccess, JetSetColumn(s_, tc.tableid, cols[1].columnid, "x", 1, 0, nullptr));
    EXPECT_EQ(JET_errKeyDuplicate, JetUpdate(s_, tc.tableid, nullptr, 0, nullptr));  // the unique index holds
    ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s_, tc.tableid, JET_prepCancel));
    // Bad input.
    EXPECT_EQ(JET_errInvalidParameter, JetCreateTableColumnIndex2(s_, db_, nullptr));
    tc.szTableName = const_cast<char*>("t3");
    tc.cbStruct = 7;
    EXPECT_EQ(JET_errInvalidParameter, JetCreateTableColumnIndex2(s_, db_, &tc));
    EXPECT_EQ(JET_errSuccess, JetCloseTable(s_, tc.tableid));
}

TEST_F(DdlTest, IndexInfoCountsIndexesAndReportsKeyLimits) {
    JET_TABLEID t = JET_tableidNil;
    ASSERT_EQ(JET_errSuccess, JetCreateTable(s_, db_, "t", 0, 100, &t));
    JET_COLUMNDEF cd{};
    cd.cbStruct = sizeof cd;
    cd.coltyp = JET_coltypLong;
    JET_COLUMNID a = 0;
    ASSERT_EQ(JET_errSuccess, JetAddColumn(s_, t, "a", &cd, nullptr, 0, &a));
    ASSERT_EQ(JET_errSuccess, JetCreateIndex(s_, t, "pk", JET_bitIndexPrimary, "+a\0", 4, 100));
    ASSERT_EQ(JET_errSuccess, JetCreateIndex(s_, t, "desc", 0, "-a\0", 4, 100));
    JET_ULONG n = 0;
    ASSERT_EQ(JET_errSuccess, JetGetTableIndexInfo(s_, t, nullptr, &n, sizeof n, JET_IdxInfoCount));
    EXPECT_EQ(2u, n);
    ASSERT_EQ(JET_errSuccess, JetGetIndexInfo(s_, db_, "t", "desc", &n, sizeof n, JET_IdxInfoKeyMost));
    EXPECT_GE(n, 200u);
    ASSERT_EQ(JET_errSuccess, JetGetIndexInfo(s_, db_, "t", "pk", &n, sizeof n, JET_IdxInfoLCID));
    EXPECT_EQ(1033u, n);
    EXPECT_EQ(JET_errIndexNotFound, JetGetTableIndexInfo(s_, t, "nope", &n, sizeof n, JET_IdxInfoKeyMost));
    EXPECT_EQ(JET_errObjectNotFound, JetGetIndexInfo(s_, db_, "nope", "pk", &n, sizeof n, JET_IdxInfoKeyMost));
    EXPECT_EQ(JET_errInvalidParameter, JetGetTableIndexInfo(s_, t, "pk", nullptr, 0, JET_IdxInfoKeyMost));
}

TEST_F(DdlTest, RecordPositionAndCursorInfoDescribeTheCurrentEntry) {
    JET_TABLEID t = JET_tableidNil;
    ASSERT_EQ(JET_errSuccess, JetCreateTable(s_, db_, "t", 0, 100, &t));
    JET_COLUMNDEF cd{};
    cd.cbStruct = sizeof cd;
    cd.coltyp = JET_coltypLong;
    JET_COLUMNID a = 0;
    ASSERT_EQ(JET_errSuccess, JetAddColumn(s_, t, "a", &cd, nullptr, 0, &a));
    ASSERT_EQ(JET_errSuccess, JetCreateIndex(s_, t, "pk", JET_bitIndexPrimary, "+a\0", 4, 100));
    for (int v = 1; v <= 5; ++v) {
        ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s_, t, JET_prepInsert));
        ASSERT_EQ(JET_errSuccess, JetSetColumn(s_, t, a, &v, sizeof v, 0, nullptr));
        ASSERT_EQ(JET_errSuccess, JetUpdate2(s_, t, nullptr, 0, nullptr, 0));
    }
    JET_RECPOS pos{};
    EXPECT_EQ(JET_errNoCurrentRecord, JetGetRecordPosition(s_, t, &pos, sizeof pos));
    EXPECT_EQ(JET_errNoCurrentRecord, JetGetCursorInfo(s_, t, nullptr, 0, 0));
    int three = 3;
    ASSERT_EQ(JET_errSuccess, JetMakeKey(s_, t, &three, sizeof three, JET_bitNewKey));
    ASSERT_EQ(JET_errSuccess, JetSeek(s_, t, JET_bitSeekEQ));
    ASSERT_EQ(JET_errSuccess, JetGetRecordPosition(s_, t, &pos, sizeof pos));
    EXPECT_EQ(2u, pos.centriesLT);
    EXPECT_EQ(5u, pos.centriesTotal);
    EXPECT_EQ(JET_errSuccess, JetGetCursorInfo(s_, t, nullptr, 0, 0));
    // Another session's write lock on the record shows.
    JET_SESID s2 = 0;
    JET_DBID db2 = 0;
    JET_TABLEID t2 = JET_tableidNil;
    ASSERT_EQ(JET_errSuccess, JetBeginSession(inst_, &s2, nullptr, nullptr));
    ASSERT_EQ(JET_errSuccess, JetOpenDatabase(s2, (dir_ + "/ddl.edb").c_str(), "", &db2, 0));
    ASSERT_EQ(JET_errSuccess, JetOpenTable(s2, db2, "t", nullptr, 0, 0, &t2));
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s2));
    ASSERT_EQ(JET_errSuccess, JetMakeKey(s2, t2, &three, sizeof three, JET_bitNewKey));
    ASSERT_EQ(JET_errSuccess, JetSeek(s2, t2, JET_bitSeekEQ));
    ASSERT_EQ(JET_errSuccess, JetGetLock(s2, t2, JET_bitWriteLock));
    EXPECT_EQ(JET_errWriteConflict, JetGetCursorInfo(s_, t, nullptr, 0, 0));
    ASSERT_EQ(JET_errSuccess, JetRollback(s2, 0));
    EXPECT_EQ(JET_errSuccess, JetGetCursorInfo(s_, t, nullptr, 0, 0));
    // A change another session committed after this transaction's snapshot shows too; a
    // transaction begun after it sees nothing to report.
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s_));
    ASSERT_EQ(JET_errSuccess, JetGetCursorInfo(s_, t, nullptr, 0, 0));
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s2));
    ASSERT_EQ(JET_errSuccess, JetMakeKey(s2, t2, &three, sizeof three, JET_bitNewKey));
    ASSERT_EQ(JET_errSuccess, JetSeek(s2, t2, JET_bitSeekEQ));
    ASSERT_EQ(JET_errSuccess, JetDelete(s2, t2));
    ASSERT_EQ(JET_errSuccess, JetCommitTransaction(s2, 0));
    EXPECT_EQ(JET_errWriteConflict, JetGetCursorInfo(s_, t, nullptr, 0, 0)) << "deleted after the snapshot";
    ASSERT_EQ(JET_errSuccess, JetRollback(s_, 0));
    EXPECT_EQ(JET_errRecordDeleted, JetGetCursorInfo(s_, t, nullptr, 0, 0)) << "a fresh view sees it gone";
    EXPECT_EQ(JET_errInvalidGrbit, JetUpdate2(s_, t, nullptr, 0, nullptr, 0x100));
}

}  // namespace

namespace {

class VersionStoreTest : public jetstore::test::InstanceTest {
protected:
    VersionStoreTest() : InstanceTest("jetstore_verstore_") {}
};

// The version store is bounded by JET_paramMaxVerPages: a transaction that outgrows it gets
// JET_errVersionStoreOutOfMemory, and the engine stays healthy after a rollback.
TEST_F(VersionStoreTest, TooManyUncommittedChangesGiveVersionStoreOutOfMemoryAndTheEngineStaysHealthy) {
    JET_INSTANCE inst = CreateConfigured("vs", /*recovery=*/false);
    ASSERT_EQ(JET_errSuccess, JetSetSystemParameter(&inst, 0, JET_paramMaxVerPages, 4, nullptr));  // 64 KiB
    ASSERT_EQ(JET_errSuccess, JetInit(&inst));
    live_.push_back(inst);
    JET_SESID s = 0;
    JET_DBID db = 0;
    JET_TABLEID t = JET_tableidNil;
    ASSERT_EQ(JET_errSuccess, JetBeginSession(inst, &s, nullptr, nullptr));
    ASSERT_EQ(JET_errSuccess, JetCreateDatabase(s, (dir_ + "/vs.edb").c_str(), "", &db, 0));
    ASSERT_EQ(JET_errSuccess, JetCreateTable(s, db, "t", 0, 100, &t));
    JET_COLUMNDEF cd{};
    cd.cbStruct = sizeof cd;
    cd.coltyp = JET_coltypBinary;
    JET_COLUMNID v = 0;
    ASSERT_EQ(JET_errSuccess, JetAddColumn(s, t, "v", &cd, nullptr, 0, &v));
    const std::string value(200, 'x');
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s));
    JET_ERR err = JET_errSuccess;
    int inserted = 0;
    while (err >= 0 && inserted < 10000) {
        ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s, t, JET_prepInsert));
        ASSERT_EQ(JET_errSuccess, JetSetColumn(s, t, v, value.data(), 200, 0, nullptr));
        err = JetUpdate(s, t, nullptr, 0, nullptr);
        if (err >= 0) ++inserted;
    }
    EXPECT_EQ(JET_errVersionStoreOutOfMemory, err);
    EXPECT_GT(inserted, 100);
    ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s, t, JET_prepCancel));
    ASSERT_EQ(JET_errSuccess, JetRollback(s, 0));
    // Healthy: a small transaction commits.
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s));
    ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s, t, JET_prepInsert));
    ASSERT_EQ(JET_errSuccess, JetSetColumn(s, t, v, value.data(), 200, 0, nullptr));
    ASSERT_EQ(JET_errSuccess, JetUpdate(s, t, nullptr, 0, nullptr));
    ASSERT_EQ(JET_errSuccess, JetCommitTransaction(s, 0));
    JET_ULONG n = 0;
    ASSERT_EQ(JET_errSuccess, JetMove(s, t, JET_MoveFirst, 0));
    ASSERT_EQ(JET_errSuccess, JetIndexRecordCount(s, t, &n, 0));
    EXPECT_EQ(1u, n);
}

// JET_bitMoveKeyNE skips the entries that share the current key (a non-unique secondary index).
TEST_F(VersionStoreTest, MoveKeyNESkipsEntriesWithTheSameKey) {
    JET_INSTANCE inst = CreateConfigured("ne", /*recovery=*/false);
    ASSERT_EQ(JET_errSuccess, JetInit(&inst));
    live_.push_back(inst);
    JET_SESID s = 0;
    JET_DBID db = 0;
    JET_TABLEID t = JET_tableidNil;
    ASSERT_EQ(JET_errSuccess, JetBeginSession(inst, &s, nullptr, nullptr));
    ASSERT_EQ(JET_errSuccess, JetCreateDatabase(s, (dir_ + "/ne.edb").c_str(), "", &db, 0));
    ASSERT_EQ(JET_errSuccess, JetCreateTable(s, db, "t", 0, 100, &t));
    JET_COLUMNDEF cd{};
    cd.cbStruct = sizeof cd;
    cd.coltyp = JET_coltypLong;
    JET_COLUMNID k = 0;
    JET_COLUMNID g = 0;
    ASSERT_EQ(JET_errSuccess, JetAddColumn(s, t, "k", &cd, nullptr, 0, &k));
    ASSERT_EQ(JET_errSuccess, JetAddColumn(s, t, "g", &cd, nullptr, 0, &g));
    ASSERT_EQ(JET_errSuccess, JetCreateIndex(s, t, "pk", JET_bitIndexPrimary, "+k\0", 4, 100));
    ASSERT_EQ(JET_errSuccess, JetCreateIndex(s, t, "byg", 0, "+g\0", 4, 100));
    const int rows[][2] = {{1, 10}, {2, 10}, {3, 20}, {4, 20}, {5, 30}};
    for (const auto& r : rows) {
        ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s, t, JET_prepInsert));
        ASSERT_EQ(JET_errSuccess, JetSetColumn(s, t, k, &r[0], sizeof r[0], 0, nullptr));
        ASSERT_EQ(JET_errSuccess, JetSetColumn(s, t, g, &r[1], sizeof r[1], 0, nullptr));
        ASSERT_EQ(JET_errSuccess, JetUpdate(s, t, nullptr, 0, nullptr));
    }
    ASSERT_EQ(JET_errSuccess, JetSetCurrentIndex(s, t, "byg"));
    std::vector<int> groups;
    for (JET_ERR e = JetMove(s, t, JET_MoveFirst, 0); e >= 0; e = JetMove(s, t, JET_MoveNext, JET_bitMoveKeyNE)) {
        int got = 0;
        JET_ULONG cb = 0;
        ASSERT_EQ(JET_errSuccess, JetRetrieveColumn(s, t, g, &got, sizeof got, &cb, 0, nullptr));
        groups.push_back(got);
    }
    EXPECT_EQ((std::vector<int>{10, 20, 30}), groups);
}

}  // namespace

namespace {

JET_COLUMNID AddLong(JET_SESID s, JET_TABLEID t, const char* name, const void* def_value = nullptr,
                     JET_ULONG cb_default = 0) {
    JET_COLUMNDEF def{};
    def.cbStruct = sizeof def;
    def.coltyp = JET_coltypLong;
    JET_COLUMNID id = 0;
    EXPECT_EQ(JET_errSuccess, JetAddColumn(s, t, name, &def, def_value, cb_default, &id)) << name;
    return id;
}

}  // namespace

TEST_F(DdlTest, RenameColumnKeepsItsIdValuesAndIndexes) {
    JET_TABLEID t = 0;
    ASSERT_EQ(JET_errSuccess, JetCreateTable(s_, db_, "r", 0, 100, &t));
    const JET_COLUMNID a = AddLong(s_, t, "a");
    AddLong(s_, t, "b");
    ASSERT_EQ(JET_errSuccess, JetCreateIndex(s_, t, "ia", 0, "+a\0", 4, 100));
    ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s_, t, JET_prepInsert));
    const std::int32_t v = 17;
    ASSERT_EQ(JET_errSuccess, JetSetColumn(s_, t, a, &v, sizeof v, 0, nullptr));
    ASSERT_EQ(JET_errSuccess, JetUpdate(s_, t, nullptr, 0, nullptr));

    ASSERT_EQ(JET_errSuccess, JetRenameColumn(s_, t, "a", "alpha", 0));
    JET_COLUMNDEF def{};
    EXPECT_EQ(JET_errColumnNotFound, JetGetTableColumnInfo(s_, t, "a", &def, sizeof def, JET_ColInfo));
    ASSERT_EQ(JET_errSuccess, JetGetTableColumnInfo(s_, t, "alpha", &def, sizeof def, JET_ColInfo));
    EXPECT_EQ(a, def.columnid);
    // The value and the index stay: a seek on "ia" finds the record.
    ASSERT_EQ(JET_errSuccess, JetSetCurrentIndex(s_, t, "ia"));
    ASSERT_EQ(JET_errSuccess, JetMakeKey(s_, t, &v, sizeof v, JET_bitNewKey));
    ASSERT_EQ(JET_errSuccess, JetSeek(s_, t, JET_bitSeekEQ));
    // Another cursor opened now, and the definition after a restart, know the new name.
    JET_TABLEID t2 = 0;
    ASSERT_EQ(JET_errSuccess, JetOpenTable(s_, db_, "r", nullptr, 0, 0, &t2));
    EXPECT_EQ(JET_errSuccess, JetGetTableColumnInfo(s_, t2, "alpha", &def, sizeof def, JET_ColInfo));
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s_, t2));

    // Refusals.
    EXPECT_EQ(JET_errColumnDuplicate, JetRenameColumn(s_, t, "alpha", "b", 0));
    EXPECT_EQ(JET_errColumnNotFound, JetRenameColumn(s_, t, "none", "c", 0));
    EXPECT_EQ(JET_errInvalidName, JetRenameColumn(s_, t, "alpha", "bad.name", 0));
    EXPECT_EQ(JET_errInvalidParameter, JetRenameColumn(s_, t, nullptr, "c", 0));
    EXPECT_EQ(JET_errInvalidGrbit, JetRenameColumn(s_, t, "alpha", "c", 1));
    EXPECT_EQ(JET_errInvalidTableId, JetRenameColumn(s_, t + 1000, "alpha", "c", 0));

    // A rolled-back rename leaves the old name.
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s_));
    ASSERT_EQ(JET_errSuccess, JetRenameColumn(s_, t, "alpha", "gamma", 0));
    ASSERT_EQ(JET_errSuccess, JetRollback(s_, 0));
    EXPECT_EQ(JET_errSuccess, JetGetTableColumnInfo(s_, t, "alpha", &def, sizeof def, JET_ColInfo));
    EXPECT_EQ(JET_errColumnNotFound, JetGetTableColumnInfo(s_, t, "gamma", &def, sizeof def, JET_ColInfo));
}

TEST_F(DdlTest, SetColumnDefaultValueChangesWhatRecordsWithoutAValueRead) {
    JET_TABLEID t = 0;
    ASSERT_EQ(JET_errSuccess, JetCreateTable(s_, db_, "d", 0, 100, &t));
    const JET_COLUMNID k = AddLong(s_, t, "k");
    const std::int32_t five = 5;
    const JET_COLUMNID c = AddLong(s_, t, "c", &five, sizeof five);
    ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s_, t, JET_prepInsert));
    ASSERT_EQ(JET_errSuccess, JetSetColumn(s_, t, k, &five, sizeof five, 0, nullptr));
    ASSERT_EQ(JET_errSuccess, JetUpdate(s_, t, nullptr, 0, nullptr));
    auto read = [&](JET_TABLEID cur) {
        std::int32_t v = -1;
        JET_ULONG cb = 0;
        EXPECT_LE(0, JetMove(s_, cur, JET_MoveFirst, 0));
        const JET_ERR err = JetRetrieveColumn(s_, cur, c, &v, sizeof v, &cb, 0, nullptr);
        return err == JET_wrnColumnNull ? -100 : v;
    };
    EXPECT_EQ(5, read(t));
    const std::int32_t nine = 9;
    ASSERT_EQ(JET_errSuccess, JetSetColumnDefaultValue(s_, db_, "d", "c", &nine, sizeof nine, 0));
    EXPECT_EQ(9, read(t));  // the session's open cursor sees it at once
    JET_TABLEID t2 = 0;
    ASSERT_EQ(JET_errSuccess, JetOpenTable(s_, db_, "d", nullptr, 0, 0, &t2));
    EXPECT_EQ(9, read(t2));
    // Removing it: the column reads null.
    ASSERT_EQ(JET_errSuccess, JetSetColumnDefaultValue(s_, db_, "d", "c", nullptr, 0, 0));
    EXPECT_EQ(-100, read(t));
    // A rolled-back change leaves the default as it was.
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s_));
    ASSERT_EQ(JET_errSuccess, JetSetColumnDefaultValue(s_, db_, "d", "c", &five, sizeof five, 0));
    EXPECT_EQ(5, read(t));
    ASSERT_EQ(JET_errSuccess, JetRollback(s_, 0));
    EXPECT_EQ(-100, read(t));

    // Refusals.
    const std::int16_t short_value = 1;
    EXPECT_EQ(JET_errInvalidParameter, JetSetColumnDefaultValue(s_, db_, "d", "c", &short_value, sizeof short_value, 0));
    EXPECT_EQ(JET_errColumnNotFound, JetSetColumnDefaultValue(s_, db_, "d", "none", &nine, sizeof nine, 0));
    EXPECT_EQ(JET_errObjectNotFound, JetSetColumnDefaultValue(s_, db_, "none", "c", &nine, sizeof nine, 0));
    EXPECT_EQ(JET_errInvalidParameter, JetSetColumnDefaultValue(s_, db_, "d", "c", nullptr, 4, 0));
    EXPECT_EQ(JET_errInvalidParameter, JetSetColumnDefaultValue(s_, db_, nullptr, "c", &nine, sizeof nine, 0));
    EXPECT_EQ(JET_errInvalidGrbit, JetSetColumnDefaultValue(s_, db_, "d", "c", &nine, sizeof nine, 2));
    EXPECT_EQ(JET_errInvalidDatabaseId, JetSetColumnDefaultValue(s_, db_ + 100, "d", "c", &nine, sizeof nine, 0));
    // An escrow column keeps a default.
    JET_COLUMNDEF def{};
    def.cbStruct = sizeof def;
    def.coltyp = JET_coltypLong;
    def.grbit = JET_bitColumnEscrowUpdate;
    JET_COLUMNID e = 0;
    const std::int32_t zero = 0;
    ASSERT_EQ(JET_errSuccess, JetAddColumn(s_, t, "e", &def, &zero, sizeof zero, &e));
    EXPECT_EQ(JET_errInvalidParameter, JetSetColumnDefaultValue(s_, db_, "d", "e", nullptr, 0, 0));
    EXPECT_EQ(JET_errSuccess, JetSetColumnDefaultValue(s_, db_, "d", "e", &nine, sizeof nine, 0));
}

// The list info levels: JetGetTableColumnInfo / JetGetColumnInfo with JET_ColInfoList (and
// ListSortColumnid, ListCompact, the JET_ColInfoGrbit... bits) and JetGetTableIndexInfo /
// JetGetIndexInfo with JET_IdxInfo / JET_IdxInfoList. Each answers with a temporary table of
// esent's layout (JET_COLUMNLIST, JET_INDEXLIST) that the caller walks with JetMove /
// JetRetrieveColumn and closes with JetCloseTable, as ManagedEsent's Api.GetTableColumns does.
#include <esent.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <iterator>
#include <string>
#include <utility>
#include <vector>

#include "tests/test_support.h"

namespace {

constexpr JET_ULONG kMaxTemporaryTables = 8;

// One value read from the current row of a list: the call's code and the bytes.
struct Cell {
    JET_ERR err = JET_errSuccess;
    std::string bytes;
};

class InfoListTest : public jetstore::test::InstanceTest {
protected:
    InfoListTest() : InstanceTest("jetstore_infolist_") {}

    void SetUp() override {
        InstanceTest::SetUp();
        if (HasFatalFailure()) return;
        inst_ = CreateConfigured("lists", /*recovery=*/false);
        ASSERT_EQ(JET_errSuccess,
                  JetSetSystemParameter(&inst_, 0, JET_paramMaxTemporaryTables, kMaxTemporaryTables, nullptr));
        ASSERT_EQ(JET_errSuccess, JetInit(&inst_));
        live_.push_back(inst_);
        ASSERT_EQ(JET_errSuccess, JetBeginSession(inst_, &s_, nullptr, nullptr));
        ASSERT_EQ(JET_errSuccess, JetCreateDatabase(s_, (dir_ + "/lists.edb").c_str(), "", &db_, 0));
        ASSERT_EQ(JET_errSuccess, JetCreateTable(s_, db_, "table", 0, 100, &t_));
    }

    JET_COLUMNID Add(const char* name, JET_COLTYP coltyp, JET_GRBIT grbit = 0, JET_ULONG cb_max = 0,
                     unsigned short cp = 0, const void* def = nullptr, JET_ULONG cb_def = 0) {
        JET_COLUMNDEF cd{};
        cd.cbStruct = sizeof cd;
        cd.coltyp = coltyp;
        cd.grbit = grbit;
        cd.cbMax = cb_max;
        cd.cp = cp;
        JET_COLUMNID id = 0;
        EXPECT_EQ(JET_errSuccess, JetAddColumn(s_, t_, name, &cd, def, cb_def, &id)) << name;
        return id;
    }

    // Six columns of different kinds (mixed-case names, so a byte order and esent's
    // case-insensitive order differ) and three indexes: the primary one, a unique one and a
    // multi-segment one with a descending segment.
    void MakeSchema() {
        key_ = Add("Key", JET_coltypLong, JET_bitColumnFixed | JET_bitColumnNotNULL);  // fixed id 1
        alpha_ = Add("alpha", JET_coltypText, 0, 100);                                 // variable 128
        beta_ = Add("Beta", JET_coltypLongText, 0, 0, 1200);                           // tagged 256
        const std::int32_t forty_two = 42;
        gamma_ = Add("gamma", JET_coltypLong, 0, 0, 0, &forty_two, sizeof forty_two);         // fixed 2
        tags_ = Add("Tags", JET_coltypText, JET_bitColumnTagged | JET_bitColumnMultiValued);  // tagged 257
        counter_ = Add("Counter", JET_coltypLong, JET_bitColumnAutoincrement);                // fixed 3
        static const char kPrimary[] = "+Key\0";
        static const char kUnique[] = "+alpha\0";
        static const char kMulti[] = "+gamma\0-alpha\0+Key\0";
        ASSERT_EQ(JET_errSuccess,
                  JetCreateIndex(s_, t_, "primary", JET_bitIndexPrimary, kPrimary, sizeof kPrimary, 100));
        ASSERT_EQ(JET_errSuccess,
                  JetCreateIndex(s_, t_, "UniqueAlpha", JET_bitIndexUnique, kUnique, sizeof kUnique, 100));
        ASSERT_EQ(JET_errSuccess, JetCreateIndex(s_, t_, "multi", 0, kMulti, sizeof kMulti, 100));
    }

    // Reads a column of the current row of list table `t`.
    Cell Read(JET_TABLEID t, JET_COLUMNID col) {
        Cell c;
        c.bytes.assign(512, '\0');
        JET_ULONG cb = 0;
        c.err =
            JetRetrieveColumn(s_, t, col, c.bytes.data(), static_cast<JET_ULONG>(c.bytes.size()), &cb, 0, nullptr);
        c.bytes.resize(c.err == JET_errSuccess ? std::min<std::size_t>(cb, c.bytes.size()) : 0);
        return c;
    }
    std::string Text(JET_TABLEID t, JET_COLUMNID col) {
        const Cell c = Read(t, col);
        EXPECT_EQ(JET_errSuccess, c.err);
        return c.bytes;
    }
    std::uint32_t Long(JET_TABLEID t, JET_COLUMNID col) {
        const Cell c = Read(t, col);
        EXPECT_EQ(JET_errSuccess, c.err);
        std::uint32_t v = 0xFFFFFFFF;
        EXPECT_EQ(sizeof v, c.bytes.size());
        if (c.bytes.size() == sizeof v) std::memcpy(&v, c.bytes.data(), sizeof v);
        return v;
    }
    std::uint16_t Short(JET_TABLEID t, JET_COLUMNID col) {
        const Cell c = Read(t, col);
        EXPECT_EQ(JET_errSuccess, c.err);
        std::uint16_t v = 0xFFFF;
        EXPECT_EQ(sizeof v, c.bytes.size());
        if (c.bytes.size() == sizeof v) std::memcpy(&v, c.bytes.data(), sizeof v);
        return v;
    }
    bool IsNull(JET_TABLEID t, JET_COLUMNID col) { return Read(t, col).err == JET_wrnColumnNull; }

    // The text in `col` of every row, from the first; the walk must end with NoCurrentRecord.
    std::vector<std::string> Walk(JET_TABLEID t, JET_COLUMNID col) {
        std::vector<std::string> out;
        JET_ERR e = JetMove(s_, t, JET_MoveFirst, 0);
        for (; e == JET_errSuccess; e = JetMove(s_, t, JET_MoveNext, 0)) out.push_back(Text(t, col));
        EXPECT_EQ(JET_errNoCurrentRecord, e);
        return out;
    }

    // The coltyp of column `id` of table `t` (JET_ColInfoByColid).
    JET_COLTYP TypeOf(JET_TABLEID t, JET_COLUMNID id) {
        JET_COLUMNDEF def{};
        EXPECT_EQ(JET_errSuccess, JetGetTableColumnInfo(s_, t, reinterpret_cast<const char*>(&id), &def, sizeof def,
                                                        JET_ColInfoByColid));
        return def.coltyp;
    }

    JET_COLUMNLIST ColumnList(JET_ULONG level) {
        JET_COLUMNLIST list{};
        EXPECT_EQ(JET_errSuccess, JetGetTableColumnInfo(s_, t_, nullptr, &list, sizeof list, level));
        return list;
    }
    JET_INDEXLIST IndexList(const char* name = nullptr) {
        JET_INDEXLIST list{};
        EXPECT_EQ(JET_errSuccess, JetGetTableIndexInfo(s_, t_, name, &list, sizeof list, JET_IdxInfoList));
        return list;
    }

    JET_INSTANCE inst_ = 0;
    JET_SESID s_ = 0;
    JET_DBID db_ = 0;
    JET_TABLEID t_ = JET_tableidNil;
    JET_COLUMNID key_ = 0, alpha_ = 0, beta_ = 0, gamma_ = 0, tags_ = 0, counter_ = 0;
};

struct ExpectedColumn {
    std::string name;
    JET_COLUMNID id;
    JET_COLTYP coltyp;
    std::uint16_t cp;
    std::uint32_t cb_max;
    JET_GRBIT grbit;  // as defined; the list adds JET_bitColumnUpdatable
    std::string default_value;
};

TEST_F(InfoListTest, ColumnListHasARowPerColumnSortedByNameWithEveryField) {
    MakeSchema();
    const std::string forty_two("\x2a\0\0\0", 4);
    // [esent] names sort without regard to case.
    const ExpectedColumn want[] = {
        {"alpha", alpha_, JET_coltypText, 1252, 100, 0, ""},
        {"Beta", beta_, JET_coltypLongText, 1200, 0, 0, ""},
        {"Counter", counter_, JET_coltypLong, 0, 4, JET_bitColumnAutoincrement, ""},
        {"gamma", gamma_, JET_coltypLong, 0, 4, 0, forty_two},
        {"Key", key_, JET_coltypLong, 0, 4, JET_bitColumnFixed | JET_bitColumnNotNULL, ""},
        {"Tags", tags_, JET_coltypText, 1252, 0, JET_bitColumnTagged | JET_bitColumnMultiValued, ""},
    };
    const JET_COLUMNLIST list = ColumnList(JET_ColInfoList);
    ASSERT_NE(JET_tableidNil, list.tableid);
    EXPECT_NE(t_, list.tableid);
    EXPECT_EQ(sizeof list, list.cbStruct);
    EXPECT_EQ(6u, list.cRecord);
    EXPECT_EQ(list.columnidcolumnname, list.columnidDefinitionName);  // [esent]
    // [esent] the list comes standing on its first row.
    EXPECT_EQ("alpha", Text(list.tableid, list.columnidcolumnname));

    ASSERT_EQ(JET_errSuccess, JetMove(s_, list.tableid, JET_MoveFirst, 0));
    for (std::size_t i = 0; i < std::size(want); ++i) {
        const ExpectedColumn& w = want[i];
        SCOPED_TRACE(w.name);
        if (i > 0) {
            ASSERT_EQ(JET_errSuccess, JetMove(s_, list.tableid, JET_MoveNext, 0));
        }
        const JET_TABLEID t = list.tableid;
        EXPECT_TRUE(IsNull(t, list.columnidPresentationOrder));
        EXPECT_EQ(w.name, Text(t, list.columnidcolumnname));
        EXPECT_EQ(w.id, Long(t, list.columnidcolumnid));
        EXPECT_EQ(w.coltyp, Long(t, list.columnidcoltyp));
        EXPECT_EQ(std::uint16_t{1}, Short(t, list.columnidCountry));
        EXPECT_EQ(std::uint16_t{0x409}, Short(t, list.columnidLangid));
        EXPECT_EQ(w.cp, Short(t, list.columnidCp));
        EXPECT_EQ(std::uint16_t{0}, Short(t, list.columnidCollate));
        EXPECT_EQ(w.cb_max, Long(t, list.columnidcbMax));
        EXPECT_EQ(w.grbit | JET_bitColumnUpdatable, Long(t, list.columnidgrbit));
        if (w.default_value.empty()) {
            EXPECT_TRUE(IsNull(t, list.columnidDefault));
        } else {
            EXPECT_EQ(w.default_value, Text(t, list.columnidDefault));
        }
        EXPECT_EQ("table", Text(t, list.columnidBaseTableName));
        EXPECT_EQ(w.name, Text(t, list.columnidBaseColumnName));
    }
    EXPECT_EQ(JET_errNoCurrentRecord, JetMove(s_, list.tableid, JET_MoveNext, 0));
    // Backwards too, and JetCloseTable closes it.
    ASSERT_EQ(JET_errSuccess, JetMove(s_, list.tableid, JET_MoveLast, 0));
    EXPECT_EQ("Tags", Text(list.tableid, list.columnidcolumnname));
    ASSERT_EQ(JET_errSuccess, JetMove(s_, list.tableid, JET_MovePrevious, 0));
    EXPECT_EQ("Key", Text(list.tableid, list.columnidcolumnname));
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s_, list.tableid));
    EXPECT_EQ(JET_errInvalidTableId, JetMove(s_, list.tableid, JET_MoveFirst, 0));
    EXPECT_EQ(JET_errInvalidTableId, JetCloseTable(s_, list.tableid));
}

TEST_F(InfoListTest, ListTablesHaveEsentsColumnTypes) {
    MakeSchema();
    const JET_COLUMNLIST c = ColumnList(JET_ColInfoList);
    const std::vector<std::pair<JET_COLUMNID, JET_COLTYP>> column_list = {
        {c.columnidPresentationOrder, JET_coltypLong},
        {c.columnidcolumnname, JET_coltypText},
        {c.columnidcolumnid, JET_coltypLong},
        {c.columnidcoltyp, JET_coltypLong},
        {c.columnidCountry, JET_coltypShort},
        {c.columnidLangid, JET_coltypShort},
        {c.columnidCp, JET_coltypShort},
        {c.columnidCollate, JET_coltypShort},
        {c.columnidcbMax, JET_coltypLong},
        {c.columnidgrbit, JET_coltypLong},
        {c.columnidDefault, JET_coltypLongBinary},
        {c.columnidBaseTableName, JET_coltypText},
        {c.columnidBaseColumnName, JET_coltypText},
        {c.columnidDefinitionName, JET_coltypText},
    };
    std::vector<JET_COLUMNID> seen;
    for (const auto& [id, coltyp] : column_list) {
        EXPECT_EQ(coltyp, TypeOf(c.tableid, id)) << id;
        seen.push_back(id);
    }
    std::sort(seen.begin(), seen.end());
    EXPECT_EQ(13, std::unique(seen.begin(), seen.end()) - seen.begin());  // DefinitionName is the name column
    EXPECT_EQ(JET_errSuccess, JetCloseTable(s_, c.tableid));

    // [esent] the compact level keeps a default in a Binary column.
    const JET_COLUMNLIST compact = ColumnList(JET_ColInfoListCompact);
    EXPECT_EQ(JET_coltypBinary, TypeOf(compact.tableid, compact.columnidDefault));
    EXPECT_EQ(JET_errSuccess, JetCloseTable(s_, compact.tableid));

    const JET_INDEXLIST x = IndexList();
    const std::vector<std::pair<JET_COLUMNID, JET_COLTYP>> index_list = {
        {x.columnidindexname, JET_coltypText},  {x.columnidgrbitIndex, JET_coltypLong},
        {x.columnidcKey, JET_coltypLong},       {x.columnidcEntry, JET_coltypLong},
        {x.columnidcPage, JET_coltypLong},      {x.columnidcColumn, JET_coltypLong},
        {x.columnidiColumn, JET_coltypLong},    {x.columnidcolumnid, JET_coltypLong},
        {x.columnidcoltyp, JET_coltypLong},     {x.columnidCountry, JET_coltypShort},
        {x.columnidLangid, JET_coltypShort},    {x.columnidCp, JET_coltypShort},
        {x.columnidCollate, JET_coltypShort},   {x.columnidgrbitColumn, JET_coltypLong},
        {x.columnidcolumnname, JET_coltypText}, {x.columnidLCMapFlags, JET_coltypLong},
    };
    seen.clear();
    for (const auto& [id, coltyp] : index_list) {
        EXPECT_EQ(coltyp, TypeOf(x.tableid, id)) << id;
        seen.push_back(id);
    }
    std::sort(seen.begin(), seen.end());
    EXPECT_EQ(16, std::unique(seen.begin(), seen.end()) - seen.begin());
    EXPECT_EQ(JET_errSuccess, JetCloseTable(s_, x.tableid));
}

TEST_F(InfoListTest, SortByColumnidPutsTheColumnidInThePresentationOrder) {
    MakeSchema();
    const std::vector<std::string> by_id = {"Key", "gamma", "Counter", "alpha", "Beta", "Tags"};
    for (const JET_ULONG level : {static_cast<JET_ULONG>(JET_ColInfoList | JET_ColInfoGrbitSortByColumnid),
                                      static_cast<JET_ULONG>(JET_ColInfoListSortColumnid)}) {
        SCOPED_TRACE(level);
        const JET_COLUMNLIST list = ColumnList(level);
        EXPECT_EQ(6u, list.cRecord);
        EXPECT_EQ(by_id, Walk(list.tableid, list.columnidcolumnname));
        std::vector<std::uint32_t> ids;
        for (JET_ERR e = JetMove(s_, list.tableid, JET_MoveFirst, 0); e == JET_errSuccess;
             e = JetMove(s_, list.tableid, JET_MoveNext, 0)) {
            const std::uint32_t id = Long(list.tableid, list.columnidcolumnid);
            EXPECT_EQ(id, Long(list.tableid, list.columnidPresentationOrder));
            ids.push_back(id);
        }
        const std::vector<std::uint32_t> want = {
            static_cast<std::uint32_t>(key_),     static_cast<std::uint32_t>(gamma_),
            static_cast<std::uint32_t>(counter_), static_cast<std::uint32_t>(alpha_),
            static_cast<std::uint32_t>(beta_),    static_cast<std::uint32_t>(tags_)};
        EXPECT_EQ(want, ids);
        EXPECT_EQ(JET_errSuccess, JetCloseTable(s_, list.tableid));
    }
}

TEST_F(InfoListTest, MinimalInfoHoldsOnlyTheNameAndTheColumnid) {
    MakeSchema();
    const JET_COLUMNLIST list = ColumnList(JET_ColInfoList | JET_ColInfoGrbitMinimalInfo);
    EXPECT_EQ(6u, list.cRecord);
    const std::vector<std::string> by_name = {"alpha", "Beta", "Counter", "gamma", "Key", "Tags"};
    EXPECT_EQ(by_name, Walk(list.tableid, list.columnidcolumnname));
    ASSERT_EQ(JET_errSuccess, JetMove(s_, list.tableid, JET_MoveFirst, 0));
    EXPECT_EQ(alpha_, Long(list.tableid, list.columnidcolumnid));
    for (const JET_COLUMNID col :
         {list.columnidPresentationOrder, list.columnidcoltyp, list.columnidCountry, list.columnidLangid,
          list.columnidCp, list.columnidCollate, list.columnidcbMax, list.columnidgrbit, list.columnidDefault,
          list.columnidBaseTableName, list.columnidBaseColumnName}) {
        EXPECT_TRUE(IsNull(list.tableid, col)) << col;
    }
    // NonDerivedColumnsOnly: a table derived from no template lists every column.
    const JET_COLUMNLIST all = ColumnList(JET_ColInfoList | JET_ColInfoGrbitNonDerivedColumnsOnly);
    EXPECT_EQ(6u, all.cRecord);
    EXPECT_EQ(JET_errSuccess, JetCloseTable(s_, all.tableid));
    EXPECT_EQ(JET_errSuccess, JetCloseTable(s_, list.tableid));
}

TEST_F(InfoListTest, NonDerivedColumnsOnlyLeavesOutTheTemplatesColumns) {
    JET_COLUMNCREATE cols[2] = {};
    const char* names[2] = {"inherited1", "inherited2"};
    for (int i = 0; i < 2; ++i) {
        cols[i].cbStruct = sizeof cols[i];
        cols[i].szColumnName = const_cast<char*>(names[i]);
        cols[i].coltyp = JET_coltypLong;
    }
    JET_TABLECREATE tc{};
    tc.cbStruct = sizeof tc;
    tc.szTableName = const_cast<char*>("template");
    tc.rgcolumncreate = cols;
    tc.cColumns = 2;
    tc.grbit = JET_bitTableCreateTemplateTable;
    ASSERT_EQ(JET_errSuccess, JetCreateTableColumnIndex(s_, db_, &tc));
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s_, tc.tableid));
    JET_COLUMNCREATE own = cols[0];
    own.szColumnName = const_cast<char*>("own");
    JET_TABLECREATE child{};
    child.cbStruct = sizeof child;
    child.szTableName = const_cast<char*>("child");
    child.szTemplateTableName = const_cast<char*>("template");
    child.rgcolumncreate = &own;
    child.cColumns = 1;
    ASSERT_EQ(JET_errSuccess, JetCreateTableColumnIndex(s_, db_, &child));
    EXPECT_EQ(2u, child.cCreated);
    JET_COLUMNLIST list{};
    ASSERT_EQ(JET_errSuccess, JetGetTableColumnInfo(s_, child.tableid, nullptr, &list, sizeof list, JET_ColInfoList));
    EXPECT_EQ(3u, list.cRecord);
    EXPECT_EQ((std::vector<std::string>{"inherited1", "inherited2", "own"}), Walk(list.tableid, list.columnidcolumnname));
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s_, list.tableid));
    ASSERT_EQ(JET_errSuccess, JetGetTableColumnInfo(s_, child.tableid, nullptr, &list, sizeof list,
                                                    JET_ColInfoList | JET_ColInfoGrbitNonDerivedColumnsOnly));
    EXPECT_EQ(1u, list.cRecord);
    EXPECT_EQ((std::vector<std::string>{"own"}), Walk(list.tableid, list.columnidcolumnname));
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s_, list.tableid));
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s_, child.tableid));
}

TEST_F(InfoListTest, CompactListKeepsColumnidOrderWithoutAPresentationOrder) {
    MakeSchema();
    const JET_COLUMNLIST list = ColumnList(JET_ColInfoListCompact);
    EXPECT_EQ(6u, list.cRecord);
    const std::vector<std::string> by_id = {"Key", "gamma", "Counter", "alpha", "Beta", "Tags"};
    EXPECT_EQ(by_id, Walk(list.tableid, list.columnidcolumnname));
    ASSERT_EQ(JET_errSuccess, JetMove(s_, list.tableid, JET_MoveFirst, 0));
    ASSERT_EQ(JET_errSuccess, JetMove(s_, list.tableid, JET_MoveNext, 0));
    EXPECT_TRUE(IsNull(list.tableid, list.columnidPresentationOrder));
    EXPECT_EQ(std::string("\x2a\0\0\0", 4), Text(list.tableid, list.columnidDefault));
    EXPECT_EQ(JET_errSuccess, JetCloseTable(s_, list.tableid));
}

TEST_F(InfoListTest, GetColumnInfoByTableNameListsTheSameColumnsAndIgnoresTheColumnName) {
    MakeSchema();
    const std::vector<std::string> by_name = {"alpha", "Beta", "Counter", "gamma", "Key", "Tags"};
    for (const char* column : {static_cast<const char*>(nullptr), "", "Key"}) {
        JET_COLUMNLIST list{};
        ASSERT_EQ(JET_errSuccess, JetGetColumnInfo(s_, db_, "table", column, &list, sizeof list, JET_ColInfoList));
        EXPECT_EQ(sizeof list, list.cbStruct);
        EXPECT_EQ(6u, list.cRecord);
        EXPECT_EQ(by_name, Walk(list.tableid, list.columnidcolumnname));
        ASSERT_EQ(JET_errSuccess, JetMove(s_, list.tableid, JET_MoveLast, 0));
        EXPECT_EQ(tags_, Long(list.tableid, list.columnidcolumnid));
        EXPECT_EQ("table", Text(list.tableid, list.columnidBaseTableName));
        EXPECT_EQ(JET_errSuccess, JetCloseTable(s_, list.tableid));
    }
}

struct ExpectedSegment {
    std::string index;
    JET_GRBIT index_grbit;
    std::uint32_t segments;
    std::uint32_t position;
    JET_COLUMNID column;
    std::string column_name;
    JET_COLTYP coltyp;
    std::uint16_t cp;
    JET_GRBIT column_grbit;
};

TEST_F(InfoListTest, IndexListHasARowPerKeyColumnSortedByIndexName) {
    MakeSchema();
    const ExpectedSegment want[] = {
        {"multi", 0, 3, 0, gamma_, "gamma", JET_coltypLong, 0, JET_bitKeyAscending},
        {"multi", 0, 3, 1, alpha_, "alpha", JET_coltypText, 1252, JET_bitKeyDescending},
        {"multi", 0, 3, 2, key_, "Key", JET_coltypLong, 0, JET_bitKeyAscending},
        {"primary", JET_bitIndexPrimary | JET_bitIndexUnique, 1, 0, key_, "Key", JET_coltypLong, 0,
         JET_bitKeyAscending},
        {"UniqueAlpha", JET_bitIndexUnique, 1, 0, alpha_, "alpha", JET_coltypText, 1252, JET_bitKeyAscending},
    };
    const JET_INDEXLIST list = IndexList();
    ASSERT_NE(JET_tableidNil, list.tableid);
    EXPECT_EQ(sizeof list, list.cbStruct);
    EXPECT_EQ(5u, list.cRecord);
    EXPECT_EQ("multi", Text(list.tableid, list.columnidindexname));  // standing on the first row

    ASSERT_EQ(JET_errSuccess, JetMove(s_, list.tableid, JET_MoveFirst, 0));
    for (std::size_t i = 0; i < std::size(want); ++i) {
        const ExpectedSegment& w = want[i];
        SCOPED_TRACE(w.index + " " + std::to_string(w.position));
        if (i > 0) {
            ASSERT_EQ(JET_errSuccess, JetMove(s_, list.tableid, JET_MoveNext, 0));
        }
        const JET_TABLEID t = list.tableid;
        EXPECT_EQ(w.index, Text(t, list.columnidindexname));
        EXPECT_EQ(w.index_grbit, Long(t, list.columnidgrbitIndex));
        // [esent] the statistics JetComputeStats stores; none were computed.
        EXPECT_EQ(0u, Long(t, list.columnidcKey));
        EXPECT_EQ(0u, Long(t, list.columnidcEntry));
        EXPECT_EQ(0u, Long(t, list.columnidcPage));
        EXPECT_EQ(w.segments, Long(t, list.columnidcColumn));
        EXPECT_EQ(w.position, Long(t, list.columnidiColumn));
        EXPECT_EQ(w.column, Long(t, list.columnidcolumnid));
        EXPECT_EQ(w.coltyp, Long(t, list.columnidcoltyp));
        EXPECT_EQ(std::uint16_t{1}, Short(t, list.columnidCountry));
        EXPECT_EQ(std::uint16_t{0x409}, Short(t, list.columnidLangid));
        EXPECT_EQ(w.cp, Short(t, list.columnidCp));
        EXPECT_EQ(std::uint16_t{0}, Short(t, list.columnidCollate));
        EXPECT_EQ(w.column_grbit, Long(t, list.columnidgrbitColumn));
        EXPECT_EQ(w.column_name, Text(t, list.columnidcolumnname));
        EXPECT_EQ(0x00030401u, Long(t, list.columnidLCMapFlags));
    }
    EXPECT_EQ(JET_errNoCurrentRecord, JetMove(s_, list.tableid, JET_MoveNext, 0));
    // Backwards: the last index's row, then the primary index's.
    ASSERT_EQ(JET_errSuccess, JetMove(s_, list.tableid, JET_MoveLast, 0));
    EXPECT_EQ("UniqueAlpha", Text(list.tableid, list.columnidindexname));
    ASSERT_EQ(JET_errSuccess, JetMove(s_, list.tableid, JET_MovePrevious, 0));
    EXPECT_EQ("primary", Text(list.tableid, list.columnidindexname));
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s_, list.tableid));
    EXPECT_EQ(JET_errInvalidTableId, JetMove(s_, list.tableid, JET_MoveFirst, 0));
}

TEST_F(InfoListTest, IdxInfoIsTheListAndANameSelectsOneIndex) {
    MakeSchema();
    // JET_IdxInfo and JET_IdxInfoList are the same level; JetGetIndexInfo goes by table name.
    JET_INDEXLIST all{};
    ASSERT_EQ(JET_errSuccess, JetGetIndexInfo(s_, db_, "table", nullptr, &all, sizeof all, JET_IdxInfo));
    EXPECT_EQ(5u, all.cRecord);
    EXPECT_EQ((std::vector<std::string>{"multi", "multi", "multi", "primary", "UniqueAlpha"}),
              Walk(all.tableid, all.columnidindexname));
    EXPECT_EQ(JET_errSuccess, JetCloseTable(s_, all.tableid));

    // [esent] a name lists that index only ("" lists them all).
    JET_INDEXLIST one{};
    ASSERT_EQ(JET_errSuccess, JetGetIndexInfo(s_, db_, "table", "multi", &one, sizeof one, JET_IdxInfoList));
    EXPECT_EQ(3u, one.cRecord);
    EXPECT_EQ((std::vector<std::string>{"gamma", "alpha", "Key"}), Walk(one.tableid, one.columnidcolumnname));
    EXPECT_EQ(JET_errSuccess, JetCloseTable(s_, one.tableid));
    const JET_INDEXLIST primary = IndexList("primary");
    EXPECT_EQ(1u, primary.cRecord);
    EXPECT_EQ(key_, Long(primary.tableid, primary.columnidcolumnid));
    EXPECT_EQ(JET_errSuccess, JetCloseTable(s_, primary.tableid));
    const JET_INDEXLIST empty_name = IndexList("");
    EXPECT_EQ(5u, empty_name.cRecord);
    EXPECT_EQ(JET_errSuccess, JetCloseTable(s_, empty_name.tableid));

    JET_INDEXLIST none{};
    EXPECT_EQ(JET_errIndexNotFound, JetGetTableIndexInfo(s_, t_, "nosuch", &none, sizeof none, JET_IdxInfo));
    EXPECT_EQ(JET_errIndexNotFound, JetGetIndexInfo(s_, db_, "table", "nosuch", &none, sizeof none, JET_IdxInfoList));
}

TEST_F(InfoListTest, EmptyTableGivesEmptyLists) {
    JET_TABLEID empty = JET_tableidNil;
    ASSERT_EQ(JET_errSuccess, JetCreateTable(s_, db_, "empty", 0, 100, &empty));
    JET_COLUMNLIST columns{};
    ASSERT_EQ(JET_errSuccess, JetGetTableColumnInfo(s_, empty, nullptr, &columns, sizeof columns, JET_ColInfoList));
    EXPECT_EQ(0u, columns.cRecord);
    EXPECT_EQ(JET_errNoCurrentRecord, JetMove(s_, columns.tableid, JET_MoveFirst, 0));
    EXPECT_EQ(JET_errNoCurrentRecord, JetMove(s_, columns.tableid, JET_MoveLast, 0));
    EXPECT_EQ(JET_errSuccess, JetCloseTable(s_, columns.tableid));
    JET_INDEXLIST indexes{};
    ASSERT_EQ(JET_errSuccess, JetGetIndexInfo(s_, db_, "empty", nullptr, &indexes, sizeof indexes, JET_IdxInfoList));
    EXPECT_EQ(0u, indexes.cRecord);
    EXPECT_EQ(JET_errNoCurrentRecord, JetMove(s_, indexes.tableid, JET_MoveFirst, 0));
    EXPECT_EQ(JET_errSuccess, JetCloseTable(s_, indexes.tableid));

    // A table without a primary index: its implicit sequential index is not listed.
    Add("only", JET_coltypLong);
    const JET_INDEXLIST sequential = IndexList();
    EXPECT_EQ(0u, sequential.cRecord);
    EXPECT_EQ(JET_errNoCurrentRecord, JetMove(s_, sequential.tableid, JET_MoveFirst, 0));
    EXPECT_EQ(JET_errSuccess, JetCloseTable(s_, sequential.tableid));
    const JET_COLUMNLIST one = ColumnList(JET_ColInfoList);
    EXPECT_EQ(1u, one.cRecord);
    EXPECT_EQ(std::vector<std::string>{"only"}, Walk(one.tableid, one.columnidcolumnname));
    EXPECT_EQ(JET_errSuccess, JetCloseTable(s_, one.tableid));
}

TEST_F(InfoListTest, BadArgumentsGiveTheirCodesAndLeaveNoTableBehind) {
    MakeSchema();
    JET_COLUMNLIST cl{};
    JET_INDEXLIST il{};
    // NULL result buffer.
    EXPECT_EQ(JET_errInvalidParameter, JetGetTableColumnInfo(s_, t_, nullptr, nullptr, sizeof cl, JET_ColInfoList));
    EXPECT_EQ(JET_errInvalidParameter,
              JetGetColumnInfo(s_, db_, "table", nullptr, nullptr, sizeof cl, JET_ColInfoListSortColumnid));
    EXPECT_EQ(JET_errInvalidParameter, JetGetTableIndexInfo(s_, t_, nullptr, nullptr, sizeof il, JET_IdxInfoList));
    EXPECT_EQ(JET_errInvalidParameter, JetGetIndexInfo(s_, db_, "table", nullptr, nullptr, sizeof il, JET_IdxInfo));
    // A buffer smaller than the structure.
    EXPECT_EQ(JET_errBufferTooSmall, JetGetTableColumnInfo(s_, t_, nullptr, &cl, sizeof cl - 1, JET_ColInfoList));
    EXPECT_EQ(JET_errBufferTooSmall,
              JetGetColumnInfo(s_, db_, "table", nullptr, &cl, sizeof cl - 1, JET_ColInfoListCompact));
    EXPECT_EQ(JET_errBufferTooSmall, JetGetTableIndexInfo(s_, t_, nullptr, &il, sizeof il - 1, JET_IdxInfoList));
    EXPECT_EQ(JET_errBufferTooSmall, JetGetIndexInfo(s_, db_, "table", nullptr, &il, 0, JET_IdxInfo));
    // No such table, cursor or database.
    EXPECT_EQ(JET_errObjectNotFound, JetGetColumnInfo(s_, db_, "nosuch", nullptr, &cl, sizeof cl, JET_ColInfoList));
    EXPECT_EQ(JET_errObjectNotFound, JetGetIndexInfo(s_, db_, "nosuch", nullptr, &il, sizeof il, JET_IdxInfoList));
    EXPECT_EQ(JET_errInvalidParameter, JetGetColumnInfo(s_, db_, nullptr, nullptr, &cl, sizeof cl, JET_ColInfoList));
    EXPECT_EQ(JET_errInvalidTableId, JetGetTableColumnInfo(s_, t_ + 1000, nullptr, &cl, sizeof cl, JET_ColInfoList));
    EXPECT_EQ(JET_errInvalidTableId, JetGetTableIndexInfo(s_, t_ + 1000, nullptr, &il, sizeof il, JET_IdxInfoList));
    EXPECT_EQ(JET_errInvalidDatabaseId,
              JetGetColumnInfo(s_, db_ + 77, "table", nullptr, &cl, sizeof cl, JET_ColInfoList));
    EXPECT_EQ(JET_errInvalidDatabaseId,
              JetGetIndexInfo(s_, db_ + 77, "table", nullptr, &il, sizeof il, JET_IdxInfoList));
    // None of the failures kept a temporary table: the whole allowance is still there.
    std::vector<JET_TABLEID> lists;
    for (JET_ULONG i = 0; i < kMaxTemporaryTables; ++i) {
        ASSERT_EQ(JET_errSuccess, JetGetTableColumnInfo(s_, t_, nullptr, &cl, sizeof cl, JET_ColInfoList)) << i;
        lists.push_back(cl.tableid);
    }
    for (const JET_TABLEID t : lists) EXPECT_EQ(JET_errSuccess, JetCloseTable(s_, t));
}

TEST_F(InfoListTest, ListsCountAgainstMaxTemporaryTablesUntilClosed) {
    MakeSchema();
    std::vector<JET_TABLEID> lists;
    for (JET_ULONG i = 0; i < kMaxTemporaryTables; ++i) {
        if (i % 2 == 0) {
            lists.push_back(ColumnList(JET_ColInfoList).tableid);
        } else {
            lists.push_back(IndexList().tableid);
        }
    }
    JET_COLUMNLIST cl{};
    JET_INDEXLIST il{};
    // The code JetOpenTempTable gives at its limit.
    EXPECT_EQ(JET_errTooManySorts, JetGetTableColumnInfo(s_, t_, nullptr, &cl, sizeof cl, JET_ColInfoList));
    EXPECT_EQ(JET_errTooManySorts, JetGetColumnInfo(s_, db_, "table", nullptr, &cl, sizeof cl, JET_ColInfoList));
    EXPECT_EQ(JET_errTooManySorts, JetGetTableIndexInfo(s_, t_, nullptr, &il, sizeof il, JET_IdxInfoList));
    EXPECT_EQ(JET_errTooManySorts, JetGetIndexInfo(s_, db_, "table", nullptr, &il, sizeof il, JET_IdxInfo));
    JET_COLUMNDEF def{};
    def.cbStruct = sizeof def;
    def.coltyp = JET_coltypLong;
    JET_TABLEID tt = JET_tableidNil;
    JET_COLUMNID col = 0;
    EXPECT_EQ(JET_errTooManySorts, JetOpenTempTable(s_, &def, 1, 0, &tt, &col));
    // Closing one list frees its place.
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s_, lists.back()));
    lists.pop_back();
    ASSERT_EQ(JET_errSuccess, JetGetTableIndexInfo(s_, t_, nullptr, &il, sizeof il, JET_IdxInfoList));
    EXPECT_EQ(5u, il.cRecord);
    lists.push_back(il.tableid);
    for (const JET_TABLEID t : lists) EXPECT_EQ(JET_errSuccess, JetCloseTable(s_, t));
}

TEST_F(InfoListTest, ObjectInfoListsEveryTableByName) {
    // JetGetObjectInfo JET_ObjInfoList[NoStats]: the fixture's "table" plus the ones made here, by
    // name, standing on the first row; a table created inside a transaction is listed in it and
    // gone after its rollback.
    JET_TABLEID other = JET_tableidNil;
    ASSERT_EQ(JET_errSuccess, JetCreateTable(s_, db_, "alpha", 0, 100, &other));
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s_, other));
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s_));
    ASSERT_EQ(JET_errSuccess, JetCreateTable(s_, db_, "zeta", 0, 100, &other));
    JET_OBJECTLIST list{};
    ASSERT_EQ(JET_errSuccess,
              JetGetObjectInfo(s_, db_, JET_objtypTable, nullptr, nullptr, &list, sizeof list, JET_ObjInfoListNoStats));
    EXPECT_EQ(sizeof list, list.cbStruct);
    EXPECT_EQ(3u, list.cRecord);
    std::vector<std::string> names;
    for (JET_ERR err = JET_errSuccess; err == JET_errSuccess; err = JetMove(s_, list.tableid, JET_MoveNext, 0)) {
        char buf[JET_cbNameMost + 1] = {};
        JET_ULONG cb = 0;
        ASSERT_EQ(JET_errSuccess, JetRetrieveColumn(s_, list.tableid, list.columnidobjectname, buf, sizeof buf, &cb, 0, nullptr));
        names.emplace_back(buf, cb);
        JET_OBJTYP typ = 0;
        ASSERT_EQ(JET_errSuccess, JetRetrieveColumn(s_, list.tableid, list.columnidobjtyp, &typ, sizeof typ, &cb, 0, nullptr));
        EXPECT_EQ(static_cast<JET_OBJTYP>(JET_objtypTable), typ);
        JET_ULONG flags = 1;
        ASSERT_EQ(JET_errSuccess, JetRetrieveColumn(s_, list.tableid, list.columnidflags, &flags, sizeof flags, &cb, 0, nullptr));
        EXPECT_EQ(0u, flags);
    }
    EXPECT_EQ((std::vector<std::string>{"alpha", "table", "zeta"}), names);
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s_, list.tableid));
    ASSERT_EQ(JET_errSuccess, JetRollback(s_, 0));
    ASSERT_EQ(JET_errSuccess,
              JetGetObjectInfo(s_, db_, JET_objtypTable, nullptr, nullptr, &list, sizeof list, JET_ObjInfoList));
    EXPECT_EQ(2u, list.cRecord) << "the rolled-back table is gone";
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s_, list.tableid));
    EXPECT_EQ(JET_errBufferTooSmall,
              JetGetObjectInfo(s_, db_, JET_objtypTable, nullptr, nullptr, &list, sizeof list - 1, JET_ObjInfoList));
}

TEST_F(InfoListTest, NoTemporaryTablesAllowedRefusesEveryList) {
    // CreateConfigured sets JET_paramMaxTemporaryTables to 0.
    JET_INSTANCE zero = CreateConfigured("zero", /*recovery=*/false);
    ASSERT_EQ(JET_errSuccess, JetInit(&zero));
    live_.push_back(zero);
    JET_SESID s = 0;
    JET_DBID db = 0;
    JET_TABLEID t = JET_tableidNil;
    ASSERT_EQ(JET_errSuccess, JetBeginSession(zero, &s, nullptr, nullptr));
    ASSERT_EQ(JET_errSuccess, JetCreateDatabase(s, (dir_ + "/zero.edb").c_str(), "", &db, 0));
    ASSERT_EQ(JET_errSuccess, JetCreateTable(s, db, "t", 0, 100, &t));
    JET_COLUMNLIST cl{};
    JET_INDEXLIST il{};
    EXPECT_EQ(JET_errTooManySorts, JetGetTableColumnInfo(s, t, nullptr, &cl, sizeof cl, JET_ColInfoList));
    EXPECT_EQ(JET_errTooManySorts, JetGetColumnInfo(s, db, "t", nullptr, &cl, sizeof cl, JET_ColInfoListCompact));
    EXPECT_EQ(JET_errTooManySorts, JetGetTableIndexInfo(s, t, nullptr, &il, sizeof il, JET_IdxInfoList));
    EXPECT_EQ(JET_errTooManySorts, JetGetIndexInfo(s, db, "t", nullptr, &il, sizeof il, JET_IdxInfo));
    JET_OBJECTLIST ol{};
    EXPECT_EQ(JET_errTooManySorts, JetGetObjectInfo(s, db, JET_objtypTable, nullptr, nullptr, &ol, sizeof ol, JET_ObjInfoList));
    // The value levels need no temporary table.
    JET_COLUMNDEF def{};
    EXPECT_EQ(JET_errColumnNotFound, JetGetTableColumnInfo(s, t, "none", &def, sizeof def, JET_ColInfo));
    EXPECT_EQ(JET_errSuccess, JetEndSession(s, 0));
}

TEST_F(InfoListTest, RollbackClosesAListOpenedInsideTheTransactionAndFreesItsPlace) {
    MakeSchema();
    std::vector<JET_TABLEID> outside;
    for (JET_ULONG i = 0; i + 1 < kMaxTemporaryTables; ++i) outside.push_back(ColumnList(JET_ColInfoList).tableid);
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s_));
    const JET_INDEXLIST inside = IndexList();
    EXPECT_EQ(5u, inside.cRecord);
    ASSERT_EQ(JET_errSuccess, JetRollback(s_, 0));
    EXPECT_EQ(JET_errInvalidTableId, JetMove(s_, inside.tableid, JET_MoveFirst, 0));
    // The lists opened before the transaction stay; the rolled-back one no longer counts.
    for (const JET_TABLEID t : outside) EXPECT_EQ(JET_errSuccess, JetMove(s_, t, JET_MoveFirst, 0));
    JET_INDEXLIST again{};
    ASSERT_EQ(JET_errSuccess, JetGetTableIndexInfo(s_, t_, nullptr, &again, sizeof again, JET_IdxInfoList));
    outside.push_back(again.tableid);
    for (const JET_TABLEID t : outside) EXPECT_EQ(JET_errSuccess, JetCloseTable(s_, t));
}

TEST_F(InfoListTest, AListOpenedInACommittedTransactionOutlivesALaterRollback) {
    MakeSchema();
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s_));
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s_));
    const JET_COLUMNLIST nested = ColumnList(JET_ColInfoList);
    ASSERT_EQ(JET_errSuccess, JetCommitTransaction(s_, 0));  // into level 1
    const JET_INDEXLIST outer = IndexList();
    ASSERT_EQ(JET_errSuccess, JetCommitTransaction(s_, 0));
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s_));
    ASSERT_EQ(JET_errSuccess, JetRollback(s_, 0));
    EXPECT_EQ(JET_errSuccess, JetMove(s_, nested.tableid, JET_MoveFirst, 0));
    EXPECT_EQ(JET_errSuccess, JetMove(s_, outer.tableid, JET_MoveFirst, 0));
    // A level committed into one that is then rolled back goes with it.
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s_));
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s_));
    const JET_COLUMNLIST gone = ColumnList(JET_ColInfoList);
    ASSERT_EQ(JET_errSuccess, JetCommitTransaction(s_, 0));
    ASSERT_EQ(JET_errSuccess, JetRollback(s_, 0));
    EXPECT_EQ(JET_errInvalidTableId, JetMove(s_, gone.tableid, JET_MoveFirst, 0));
    EXPECT_EQ(JET_errSuccess, JetCloseTable(s_, nested.tableid));
    EXPECT_EQ(JET_errSuccess, JetCloseTable(s_, outer.tableid));
}

TEST_F(InfoListTest, ListsWorkInsideAReadOnlyTransactionAndAreSnapshotsOfTheSchema) {
    MakeSchema();
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction2(s_, JET_bitTransactionReadOnly));
    const JET_COLUMNLIST before = ColumnList(JET_ColInfoList);
    EXPECT_EQ(6u, before.cRecord);
    const JET_INDEXLIST indexes = IndexList();
    EXPECT_EQ(5u, indexes.cRecord);
    ASSERT_EQ(JET_errSuccess, JetCommitTransaction(s_, 0));
    // A column added later is not in the list taken before.
    Add("delta", JET_coltypShort);
    EXPECT_EQ(6u, Walk(before.tableid, before.columnidcolumnname).size());
    const JET_COLUMNLIST after = ColumnList(JET_ColInfoList);
    EXPECT_EQ(7u, after.cRecord);
    EXPECT_EQ((std::vector<std::string>{"alpha", "Beta", "Counter", "delta", "gamma", "Key", "Tags"}),
              Walk(after.tableid, after.columnidcolumnname));
    for (const JET_TABLEID t : {before.tableid, indexes.tableid, after.tableid}) {
        EXPECT_EQ(JET_errSuccess, JetCloseTable(s_, t));
    }
}

}  // namespace

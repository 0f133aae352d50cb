// The C facade of the ISAM data API: argument forms, then the engine (engine/database.h, ddl.h,
// records.h, navigation.h, temp_table.h, info_list.h, transaction.h).
#include <esent.h>

#include "api/src/guarded.h"
#include "engine/session.h"
#include "engine/database.h"
#include "engine/ddl.h"
#include "engine/enumerate.h"
#include "engine/info_list.h"
#include "engine/navigation.h"
#include "engine/records.h"
#include "engine/table_hooks.h"
#include "engine/temp_table.h"
#include "engine/transaction.h"

#include <new>
#include <type_traits>
#include <cstddef>
#include <cstring>
#include <vector>

namespace {

namespace eng = jetstore::engine;

using jetstore::api::Guarded;

// A call JetRegisterCallback's callbacks wrap (JetUpdate, JetDelete): the before-callbacks run
// first (an error from one refuses the call with JET_errCallbackFailed), the after-callbacks once
// it succeeded. They run outside the call's guard, so they may call back into the session (to
// read the copy buffer, for one). Without registered callbacks, one relaxed load.
template <typename F>
JET_ERR WithCallbacks(JET_SESID sesid, JET_TABLEID tableid, eng::HookedCall which, F&& call) {
    if (!eng::AnyCallbacksRegistered()) return Guarded(call);
    eng::CallbackRun run;
    if (Guarded([&] { return eng::CallbacksFor(sesid, tableid, which, &run); }) < 0) return Guarded(call);
    for (const eng::RegisteredCallback& cb : run.before) {
        if (cb.fn(sesid, run.dbid, tableid, run.before_type, nullptr, nullptr, cb.context, 0) < 0) {
            return JET_errCallbackFailed;
        }
    }
    const JET_ERR err = Guarded(call);
    if (err >= 0) {
        for (const eng::RegisteredCallback& cb : run.after) {
            (void)cb.fn(sesid, run.dbid, tableid, run.after_type, nullptr, nullptr, cb.context, 0);
        }
    }
    return err;
}

}  // namespace

#pragma GCC visibility push(default)
extern "C" {

JET_ERR JET_API JetCreateDatabase(JET_SESID sesid, JET_PCSTR szFilename, JET_PCSTR, JET_DBID* pdbid, JET_GRBIT grbit) {
    return Guarded([&] { return eng::CreateDatabase(sesid, szFilename, pdbid, grbit, 0); });
}

JET_ERR JET_API JetCreateDatabase2(JET_SESID sesid, JET_PCSTR szFilename, const JET_ULONG cpgDatabaseSizeMax,
                                   JET_DBID* pdbid, JET_GRBIT grbit) {
    return Guarded([&] { return eng::CreateDatabase(sesid, szFilename, pdbid, grbit, cpgDatabaseSizeMax); });
}

JET_ERR JET_API JetAttachDatabase(JET_SESID sesid, JET_PCSTR szFilename, JET_GRBIT grbit) {
    return Guarded([&] { return eng::AttachDatabase(sesid, szFilename, grbit, 0); });
}

JET_ERR JET_API JetAttachDatabase2(JET_SESID sesid, JET_PCSTR szFilename, const JET_ULONG cpgDatabaseSizeMax,
                                   JET_GRBIT grbit) {
    return Guarded([&] { return eng::AttachDatabase(sesid, szFilename, grbit, cpgDatabaseSizeMax); });
}

JET_ERR JET_API JetDetachDatabase(JET_SESID sesid, JET_PCSTR szFilename) {
    return Guarded([&] { return eng::DetachDatabase(sesid, szFilename, 0); });
}

JET_ERR JET_API JetDetachDatabase2(JET_SESID sesid, JET_PCSTR szFilename, JET_GRBIT grbit) {
    return Guarded([&] { return eng::DetachDatabase(sesid, szFilename, grbit); });
}

JET_ERR JET_API JetOpenDatabase(JET_SESID sesid, JET_PCSTR szFilename, JET_PCSTR, JET_DBID* pdbid, JET_GRBIT grbit) {
    return Guarded([&] { return eng::OpenDatabaseCall(sesid, szFilename, pdbid, grbit); });
}

JET_ERR JET_API JetCloseDatabase(JET_SESID sesid, JET_DBID dbid, JET_GRBIT grbit) {
    return Guarded([&] { return eng::CloseDatabase(sesid, dbid, grbit); });
}

JET_ERR JET_API JetGetDatabaseInfo(JET_SESID sesid, JET_DBID dbid, void* pvResult, JET_ULONG cbMax,
                                   JET_ULONG InfoLevel) {
    return Guarded([&] { return eng::GetDatabaseInfo(sesid, dbid, pvResult, cbMax, InfoLevel); });
}

JET_ERR JET_API JetCreateTable(JET_SESID sesid, JET_DBID dbid, JET_PCSTR szTableName, JET_ULONG lPages,
                               JET_ULONG lDensity, JET_TABLEID* ptableid) {
    return Guarded([&] { return eng::CreateTable(sesid, dbid, szTableName, lPages, lDensity, ptableid); });
}

JET_ERR JET_API JetOpenTable(JET_SESID sesid, JET_DBID dbid, JET_PCSTR szTableName, const void*, JET_ULONG,
                             JET_GRBIT grbit, JET_TABLEID* ptableid) {
    return Guarded([&] { return eng::OpenTable(sesid, dbid, szTableName, grbit, ptableid); });
}

JET_ERR JET_API JetCloseTable(JET_SESID sesid, JET_TABLEID tableid) {
    return Guarded([&] { return eng::CloseTable(sesid, tableid); });
}

JET_ERR JET_API JetDeleteTable(JET_SESID sesid, JET_DBID dbid, JET_PCSTR szTableName) {
    return Guarded([&] { return eng::DeleteTable(sesid, dbid, szTableName); });
}

JET_ERR JET_API JetAddColumn(JET_SESID sesid, JET_TABLEID tableid, JET_PCSTR szColumnName,
                             const JET_COLUMNDEF* pcolumndef, const void* pvDefault, JET_ULONG cbDefault,
                             JET_COLUMNID* pcolumnid) {
    return Guarded(
        [&] { return eng::AddColumn(sesid, tableid, szColumnName, pcolumndef, pvDefault, cbDefault, pcolumnid); });
}

JET_ERR JET_API JetDeleteColumn(JET_SESID sesid, JET_TABLEID tableid, JET_PCSTR szColumnName) {
    return Guarded([&] { return eng::DeleteColumn(sesid, tableid, szColumnName, 0); });
}

JET_ERR JET_API JetDeleteColumn2(JET_SESID sesid, JET_TABLEID tableid, JET_PCSTR szColumnName, const JET_GRBIT grbit) {
    return Guarded([&] { return eng::DeleteColumn(sesid, tableid, szColumnName, grbit); });
}

JET_ERR JET_API JetRenameColumn(JET_SESID sesid, JET_TABLEID tableid, JET_PCSTR szName, JET_PCSTR szNameNew,
                                JET_GRBIT grbit) {
    return Guarded([&] { return eng::RenameColumn(sesid, tableid, szName, szNameNew, grbit); });
}

JET_ERR JET_API JetSetColumnDefaultValue(JET_SESID sesid, JET_DBID dbid, JET_PCSTR szTableName, JET_PCSTR szColumnName,
                                         const void* pvData, const JET_ULONG cbData, const JET_GRBIT grbit) {
    return Guarded([&] { return eng::SetColumnDefaultValue(sesid, dbid, szTableName, szColumnName, pvData, cbData, grbit); });
}

JET_ERR JET_API JetGetTableColumnInfo(JET_SESID sesid, JET_TABLEID tableid, JET_PCSTR szColumnName, void* pvResult,
                                      JET_ULONG cbMax, JET_ULONG InfoLevel) {
    return Guarded([&] { return eng::GetTableColumnInfo(sesid, tableid, szColumnName, pvResult, cbMax, InfoLevel); });
}

JET_ERR JET_API JetGetColumnInfo(JET_SESID sesid, JET_DBID dbid, JET_PCSTR szTableName, JET_PCSTR pColumnNameOrId,
                                 void* pvResult, JET_ULONG cbMax, JET_ULONG InfoLevel) {
    return Guarded(
        [&] { return eng::GetColumnInfo(sesid, dbid, szTableName, pColumnNameOrId, pvResult, cbMax, InfoLevel); });
}

JET_ERR JET_API JetCreateIndex(JET_SESID sesid, JET_TABLEID tableid, JET_PCSTR szIndexName, JET_GRBIT grbit,
                               const char* szKey, JET_ULONG cbKey, JET_ULONG lDensity) {
    return Guarded([&] { return eng::CreateIndexCall(sesid, tableid, szIndexName, grbit, szKey, cbKey, lDensity); });
}

JET_ERR JET_API JetPrepareUpdate(JET_SESID sesid, JET_TABLEID tableid, JET_ULONG prep) {
    return Guarded([&] { return eng::PrepareUpdate(sesid, tableid, prep); });
}

JET_ERR JET_API JetSetColumn(JET_SESID sesid, JET_TABLEID tableid, JET_COLUMNID columnid, const void* pvData,
                             JET_ULONG cbData, JET_GRBIT grbit, JET_SETINFO* psetinfo) {
    return Guarded([&] { return eng::SetColumn(sesid, tableid, columnid, pvData, cbData, grbit, psetinfo); });
}

JET_ERR JET_API JetUpdate(JET_SESID sesid, JET_TABLEID tableid, void* pvBookmark, JET_ULONG cbBookmark,
                          JET_ULONG* pcbActual) {
    return WithCallbacks(sesid, tableid, eng::HookedCall::kUpdate,
                         [&] { return eng::Update(sesid, tableid, pvBookmark, cbBookmark, pcbActual); });
}

JET_ERR JET_API JetDelete(JET_SESID sesid, JET_TABLEID tableid) {
    return WithCallbacks(sesid, tableid, eng::HookedCall::kDelete, [&] { return eng::Delete(sesid, tableid); });
}

JET_ERR JET_API JetGetLS(JET_SESID sesid, JET_TABLEID tableid, JET_LS* pls, JET_GRBIT grbit) {
    return Guarded([&] { return eng::GetLS(sesid, tableid, pls, grbit); });
}

JET_ERR JET_API JetSetLS(JET_SESID sesid, JET_TABLEID tableid, JET_LS ls, JET_GRBIT grbit) {
    return Guarded([&] { return eng::SetLS(sesid, tableid, ls, grbit); });
}

JET_ERR JET_API JetRegisterCallback(JET_SESID sesid, JET_TABLEID tableid, JET_CBTYP cbtyp, JET_CALLBACK pCallback,
                                    void* pvContext, JET_HANDLE* phCallbackId) {
    return Guarded([&] { return eng::RegisterCallback(sesid, tableid, cbtyp, pCallback, pvContext, phCallbackId); });
}

JET_ERR JET_API JetUnregisterCallback(JET_SESID sesid, JET_TABLEID tableid, JET_CBTYP cbtyp, JET_HANDLE hCallbackId) {
    return Guarded([&] { return eng::UnregisterCallback(sesid, tableid, cbtyp, hCallbackId); });
}

JET_ERR JET_API JetRetrieveColumn(JET_SESID sesid, JET_TABLEID tableid, JET_COLUMNID columnid, void* pvData,
                                  JET_ULONG cbData, JET_ULONG* pcbActual, JET_GRBIT grbit,
                                  JET_RETINFO* pretinfo) {
    return Guarded(
        [&] { return eng::RetrieveColumn(sesid, tableid, columnid, pvData, cbData, pcbActual, grbit, pretinfo); });
}

JET_ERR JET_API JetMove(JET_SESID sesid, JET_TABLEID tableid, JET_LONG cRow, JET_GRBIT grbit) {
    return Guarded([&] { return eng::Move(sesid, tableid, cRow, grbit); });
}

JET_ERR JET_API JetMakeKey(JET_SESID sesid, JET_TABLEID tableid, const void* pvData, JET_ULONG cbData,
                           JET_GRBIT grbit) {
    return Guarded([&] { return eng::MakeKey(sesid, tableid, pvData, cbData, grbit); });
}

JET_ERR JET_API JetSeek(JET_SESID sesid, JET_TABLEID tableid, JET_GRBIT grbit) {
    return Guarded([&] { return eng::Seek(sesid, tableid, grbit); });
}

JET_ERR JET_API JetGetBookmark(JET_SESID sesid, JET_TABLEID tableid, void* pvBookmark, JET_ULONG cbMax,
                               JET_ULONG* pcbActual) {
    return Guarded([&] { return eng::GetBookmark(sesid, tableid, pvBookmark, cbMax, pcbActual); });
}

JET_ERR JET_API JetGotoBookmark(JET_SESID sesid, JET_TABLEID tableid, void* pvBookmark, JET_ULONG cbBookmark) {
    return Guarded([&] { return eng::GotoBookmark(sesid, tableid, pvBookmark, cbBookmark); });
}

}  // extern "C"
#pragma GCC visibility pop

#pragma GCC visibility push(default)
extern "C" {

JET_ERR JET_API JetRetrieveColumns(JET_SESID sesid, JET_TABLEID tableid, JET_RETRIEVECOLUMN* pretrievecolumn,
                                   JET_ULONG cretrievecolumn) {
    return Guarded([&] { return eng::RetrieveColumns(sesid, tableid, pretrievecolumn, cretrievecolumn); });
}

JET_ERR JET_API JetEnumerateColumns(JET_SESID sesid, JET_TABLEID tableid, JET_ULONG cEnumColumnId,
                                    JET_ENUMCOLUMNID* rgEnumColumnId, JET_ULONG* pcEnumColumn,
                                    JET_ENUMCOLUMN** prgEnumColumn, JET_PFNREALLOC pfnRealloc,
                                    void* pvReallocContext, JET_ULONG cbDataMost, JET_GRBIT grbit) {
    return Guarded([&] {
        return eng::EnumerateColumns(sesid, tableid, cEnumColumnId, rgEnumColumnId, pcEnumColumn, prgEnumColumn,
                                     pfnRealloc, pvReallocContext, cbDataMost, grbit);
    });
}

JET_ERR JET_API JetSetColumns(JET_SESID sesid, JET_TABLEID tableid, JET_SETCOLUMN* psetcolumn,
                              JET_ULONG csetcolumn) {
    return Guarded([&] { return eng::SetColumns(sesid, tableid, psetcolumn, csetcolumn); });
}

JET_ERR JET_API JetDupCursor(JET_SESID sesid, JET_TABLEID tableid, JET_TABLEID* ptableid, JET_GRBIT grbit) {
    return Guarded([&] { return eng::DupCursor(sesid, tableid, ptableid, grbit); });
}

JET_ERR JET_API JetGetCurrentIndex(JET_SESID sesid, JET_TABLEID tableid, JET_PSTR szIndexName,
                                   JET_ULONG cbIndexName) {
    return Guarded([&] { return eng::GetCurrentIndex(sesid, tableid, szIndexName, cbIndexName); });
}

JET_ERR JET_API JetSetCurrentIndex(JET_SESID sesid, JET_TABLEID tableid, JET_PCSTR szIndexName) {
    return Guarded([&] { return eng::SetCurrentIndex(sesid, tableid, szIndexName, JET_bitMoveFirst); });
}

JET_ERR JET_API JetSetCurrentIndex2(JET_SESID sesid, JET_TABLEID tableid, JET_PCSTR szIndexName, JET_GRBIT grbit) {
    return Guarded([&] { return eng::SetCurrentIndex(sesid, tableid, szIndexName, grbit); });
}

JET_ERR JET_API JetGetTableInfo(JET_SESID sesid, JET_TABLEID tableid, void* pvResult, JET_ULONG cbMax,
                                JET_ULONG InfoLevel) {
    return Guarded([&] { return eng::GetTableInfo(sesid, tableid, pvResult, cbMax, InfoLevel); });
}

JET_ERR JET_API JetIndexRecordCount(JET_SESID sesid, JET_TABLEID tableid, JET_ULONG* pcrec,
                                    JET_ULONG crecMax) {
    return Guarded([&] { return eng::IndexRecordCount(sesid, tableid, pcrec, crecMax); });
}

JET_ERR JET_API JetIndexRecordCount2(JET_SESID sesid, JET_TABLEID tableid, unsigned long long* pcrec,
                                     unsigned long long crecMax) {
    return Guarded([&] { return eng::IndexRecordCount2(sesid, tableid, pcrec, crecMax); });
}

JET_ERR JET_API JetSetCurrentIndex3(JET_SESID sesid, JET_TABLEID tableid, JET_PCSTR szIndexName, JET_GRBIT grbit,
                                    JET_ULONG itagSequence) {
    return Guarded([&] { return eng::SetCurrentIndexEx(sesid, tableid, szIndexName, nullptr, grbit, itagSequence); });
}

JET_ERR JET_API JetSetCurrentIndex4(JET_SESID sesid, JET_TABLEID tableid, JET_PCSTR szIndexName, JET_INDEXID* pindexid,
                                    JET_GRBIT grbit, JET_ULONG itagSequence) {
    return Guarded([&] { return eng::SetCurrentIndexEx(sesid, tableid, szIndexName, pindexid, grbit, itagSequence); });
}

JET_ERR JET_API JetGetSecondaryIndexBookmark(JET_SESID sesid, JET_TABLEID tableid, void* pvSecondaryKey,
                                             JET_ULONG cbSecondaryKeyMax, JET_ULONG* pcbSecondaryKeyActual,
                                             void* pvPrimaryBookmark, JET_ULONG cbPrimaryBookmarkMax,
                                             JET_ULONG* pcbPrimaryBookmarkActual, JET_GRBIT grbit) {
    return Guarded([&] {
        return eng::GetSecondaryIndexBookmark(sesid, tableid, pvSecondaryKey, cbSecondaryKeyMax, pcbSecondaryKeyActual,
                                              pvPrimaryBookmark, cbPrimaryBookmarkMax, pcbPrimaryBookmarkActual, grbit);
    });
}

JET_ERR JET_API JetGotoSecondaryIndexBookmark(JET_SESID sesid, JET_TABLEID tableid, void* pvSecondaryKey,
                                              JET_ULONG cbSecondaryKey, void* pvPrimaryBookmark,
                                              JET_ULONG cbPrimaryBookmark, JET_GRBIT grbit) {
    return Guarded([&] {
        return eng::GotoSecondaryIndexBookmark(sesid, tableid, pvSecondaryKey, cbSecondaryKey, pvPrimaryBookmark,
                                               cbPrimaryBookmark, grbit);
    });
}

JET_ERR JET_API JetIntersectIndexes(JET_SESID sesid, JET_INDEXRANGE* rgindexrange, JET_ULONG cindexrange,
                                    JET_RECORDLIST* precordlist, JET_GRBIT grbit) {
    return Guarded([&] { return eng::IntersectIndexes(sesid, rgindexrange, cindexrange, precordlist, grbit); });
}

JET_ERR JET_API JetComputeStats(JET_SESID sesid, JET_TABLEID tableid) {
    return Guarded([&] { return eng::ComputeStats(sesid, tableid); });
}

JET_ERR JET_API JetRetrieveKey(JET_SESID sesid, JET_TABLEID tableid, void* pvKey, JET_ULONG cbMax,
                               JET_ULONG* pcbActual, JET_GRBIT grbit) {
    return Guarded([&] { return eng::RetrieveKey(sesid, tableid, pvKey, cbMax, pcbActual, grbit); });
}

JET_ERR JET_API JetGetLock(JET_SESID sesid, JET_TABLEID tableid, JET_GRBIT grbit) {
    return Guarded([&] { return eng::GetLock(sesid, tableid, grbit); });
}

JET_ERR JET_API JetSetIndexRange(JET_SESID sesid, JET_TABLEID tableidSrc, JET_GRBIT grbit) {
    return Guarded([&] { return eng::SetIndexRange(sesid, tableidSrc, grbit); });
}

JET_ERR JET_API JetDeleteIndex(JET_SESID sesid, JET_TABLEID tableid, JET_PCSTR szIndexName) {
    return Guarded([&] { return eng::DeleteIndex(sesid, tableid, szIndexName); });
}

}  // extern "C"
#pragma GCC visibility pop

namespace {

// One JET_INDEXCREATE-like entry, whatever its version.
template <typename IC>
JET_ERR CreateOneIndex(JET_SESID sesid, JET_TABLEID tableid, IC& ic) {
    if (ic.cbStruct != sizeof(IC)) return ic.err = JET_errInvalidParameter;
    if ((ic.grbit & (JET_bitIndexTupleLimits | JET_bitIndexUnicode)) != 0 || ic.cConditionalColumn != 0) {
        return ic.err = JET_errFeatureNotAvailable;  // tuple, locale and conditional indexes: not yet
    }
    ic.err = eng::CreateIndexCall(sesid, tableid, ic.szIndexName, ic.grbit, ic.szKey, ic.cbKey, ic.ulDensity);
    return ic.err;
}

// The stride of a caller's index array: its elements' cbStruct. JET_INDEXCREATE comes in two
// forms, XP's (which ends before cbKeyMost) and the full one; the later structures in one. 0 for
// a size no form has.
template <typename IC>
JET_ULONG IndexStride(const IC* array) {
    const JET_ULONG cb = array[0].cbStruct;
    if (cb == sizeof(IC)) return cb;
    if constexpr (std::is_same_v<IC, JET_INDEXCREATE>) {
        if (cb == offsetof(JET_INDEXCREATE, cbKeyMost)) return cb;
    }
    return 0;
}

// Element i of a caller's index array of stride `cb`, in the full form.
template <typename IC>
JET_ERR ReadIndexCreate(const IC* array, JET_ULONG cb, JET_ULONG i, IC* out) {
    *out = IC{};
    std::memcpy(out, reinterpret_cast<const char*>(array) + static_cast<std::size_t>(i) * cb, cb);
    if (out->cbStruct != cb) return JET_errInvalidParameter;  // mixed forms
    out->cbStruct = sizeof(IC);
    return JET_errSuccess;
}

// JetCreateTableColumnIndex[2|3]: the table, its columns and its indexes in one transaction (a
// save point when the caller is already in one); on any failure nothing is created.
template <typename TC>
JET_ERR CreateTableColumnIndex(JET_SESID sesid, JET_DBID dbid, TC* tc) {
    if (tc == nullptr || tc->cbStruct != sizeof(TC)) return JET_errInvalidParameter;
    constexpr JET_GRBIT kTableGrbits = JET_bitTableCreateFixedDDL | JET_bitTableCreateTemplateTable |
                                       JET_bitTableCreateNoFixedVarColumnsInDerivedTables |
                                       JET_bitTableCreateImmutableStructure;
    if ((tc->grbit & ~kTableGrbits) != 0) return JET_errInvalidGrbit;
    if ((tc->grbit & JET_bitTableCreateImmutableStructure) != 0) {
        // [esent] nothing is written to the caller's structures and no cursor is left open: run
        // on copies and close the cursor.
        if ((tc->cColumns != 0 && tc->rgcolumncreate == nullptr) || (tc->cIndexes != 0 && tc->rgindexcreate == nullptr)) {
            return JET_errInvalidParameter;
        }
        using IC = std::remove_pointer_t<decltype(tc->rgindexcreate)>;
        std::vector<JET_COLUMNCREATE_A> columns(tc->rgcolumncreate, tc->rgcolumncreate + tc->cColumns);
        std::vector<IC> indexes(tc->cIndexes);
        const JET_ULONG stride = tc->cIndexes != 0 ? IndexStride(tc->rgindexcreate) : sizeof(IC);
        if (stride == 0) return JET_errInvalidParameter;
        for (JET_ULONG i = 0; i < tc->cIndexes; ++i) {
            const JET_ERR read = ReadIndexCreate(tc->rgindexcreate, stride, i, &indexes[i]);
            if (read < 0) return read;
        }
        TC copy = *tc;
        copy.grbit &= ~static_cast<JET_GRBIT>(JET_bitTableCreateImmutableStructure);
        copy.rgcolumncreate = columns.data();
        copy.rgindexcreate = indexes.data();
        const JET_ERR err = CreateTableColumnIndex(sesid, dbid, &copy);
        if (err >= 0) (void)eng::CloseTable(sesid, copy.tableid);
        return err;
    }
    if ((tc->grbit & JET_bitTableCreateNoFixedVarColumnsInDerivedTables) != 0 &&
        (tc->grbit & JET_bitTableCreateTemplateTable) == 0) {
        return JET_errInvalidGrbit;  // [esent] a template's option
    }
    if ((tc->grbit & JET_bitTableCreateTemplateTable) != 0 && tc->szTemplateTableName != nullptr) {
        return JET_errCannotNestDDL;  // [esent] a template cannot itself be derived
    }
    if ((tc->cColumns != 0 && tc->rgcolumncreate == nullptr) || (tc->cIndexes != 0 && tc->rgindexcreate == nullptr)) {
        return JET_errInvalidParameter;
    }
    tc->tableid = JET_tableidNil;
    tc->cCreated = 0;
    JET_ERR err = eng::BeginTransaction(sesid, 0);
    if (err < 0) return err;
    JET_TABLEID tableid = JET_tableidNil;
    JET_ULONG created = 0;
    err = eng::CreateTable(sesid, dbid, tc->szTableName, tc->ulPages, tc->ulDensity, &tableid,
                           tc->szTemplateTableName);
    if (err >= 0) ++created;  // [esent] the template's columns and indexes are not counted
    for (JET_ULONG i = 0; err >= 0 && i < tc->cColumns; ++i) {
        JET_COLUMNCREATE_A& cc = tc->rgcolumncreate[i];
        if (cc.cbStruct != sizeof(JET_COLUMNCREATE_A)) {
            err = cc.err = JET_errInvalidParameter;
            break;
        }
        JET_COLUMNDEF def{};
        def.cbStruct = sizeof def;
        def.coltyp = cc.coltyp;
        def.cbMax = cc.cbMax;
        def.grbit = cc.grbit;
        def.cp = static_cast<unsigned short>(cc.cp);
        cc.err = eng::AddColumn(sesid, tableid, cc.szColumnName, &def, cc.pvDefault, cc.cbDefault, &cc.columnid);
        err = cc.err;
        if (err >= 0) ++created;
    }
    // The indexes, read at their array's stride (the XP form of JET_INDEXCREATE included); each
    // one's err is written back into the caller's element, nothing past it.
    using IC = std::remove_pointer_t<decltype(tc->rgindexcreate)>;
    const JET_ULONG stride = err >= 0 && tc->cIndexes != 0 ? IndexStride(tc->rgindexcreate) : sizeof(IC);
    if (stride == 0) err = JET_errInvalidParameter;
    for (JET_ULONG i = 0; err >= 0 && i < tc->cIndexes; ++i) {
        IC ic;
        err = ReadIndexCreate(tc->rgindexcreate, stride, i, &ic);
        if (err < 0) break;
        err = CreateOneIndex(sesid, tableid, ic);
        std::memcpy(reinterpret_cast<char*>(tc->rgindexcreate) + static_cast<std::size_t>(i) * stride + offsetof(IC, err),
                    &ic.err, sizeof ic.err);
        if (err >= 0) ++created;
    }
    if (err >= 0) err = eng::FixTableDdl(sesid, tableid, tc->grbit);
    if (err < 0) {
        (void)eng::Rollback(sesid, 0);  // closes the cursor opened inside
        return err;
    }
    err = eng::CommitTransaction(sesid, 0, 0, nullptr);
    if (err < 0) {
        (void)eng::Rollback(sesid, 0);
        return err;
    }
    tc->tableid = tableid;
    tc->cCreated = created;
    return JET_errSuccess;
}

}  // namespace

#pragma GCC visibility push(default)
extern "C" {

JET_ERR JET_API JetCreateTableColumnIndex(JET_SESID sesid, JET_DBID dbid, JET_TABLECREATE* ptablecreate) {
    return Guarded([&] { return CreateTableColumnIndex(sesid, dbid, ptablecreate); });
}

JET_ERR JET_API JetCreateTableColumnIndex2(JET_SESID sesid, JET_DBID dbid, JET_TABLECREATE2* ptablecreate) {
    return Guarded([&] {
        if (ptablecreate != nullptr && (ptablecreate->szCallback != nullptr || ptablecreate->cbtyp != 0)) {
            return static_cast<JET_ERR>(JET_errFeatureNotAvailable);  // callbacks: not supported
        }
        return CreateTableColumnIndex(sesid, dbid, ptablecreate);
    });
}

JET_ERR JET_API JetCreateTableColumnIndex3(JET_SESID sesid, JET_DBID dbid, JET_TABLECREATE3* ptablecreate) {
    return Guarded([&] {
        if (ptablecreate != nullptr && (ptablecreate->szCallback != nullptr || ptablecreate->cbtyp != 0)) {
            return static_cast<JET_ERR>(JET_errFeatureNotAvailable);
        }
        return CreateTableColumnIndex(sesid, dbid, ptablecreate);
    });
}

JET_ERR JET_API JetCreateIndex2(JET_SESID sesid, JET_TABLEID tableid, JET_INDEXCREATE* pindexcreate,
                                JET_ULONG cIndexCreate) {
    return Guarded([&] {
        if (pindexcreate == nullptr && cIndexCreate != 0) return static_cast<JET_ERR>(JET_errInvalidParameter);
        if (cIndexCreate == 0) return static_cast<JET_ERR>(JET_errSuccess);
        // The array's stride is its elements' cbStruct (XP's form included); nothing past an
        // element is read or written.
        const JET_ULONG cb = IndexStride(pindexcreate);
        if (cb == 0) return static_cast<JET_ERR>(JET_errInvalidParameter);
        for (JET_ULONG i = 0; i < cIndexCreate; ++i) {
            JET_INDEXCREATE ic;
            JET_ERR err = ReadIndexCreate(pindexcreate, cb, i, &ic);
            if (err < 0) return err;
            err = CreateOneIndex(sesid, tableid, ic);
            std::memcpy(reinterpret_cast<char*>(pindexcreate) + static_cast<std::size_t>(i) * cb +
                            offsetof(JET_INDEXCREATE, err),
                        &ic.err, sizeof ic.err);
            if (err < 0) return err;
        }
        return static_cast<JET_ERR>(JET_errSuccess);
    });
}

JET_ERR JET_API JetEscrowUpdate(JET_SESID sesid, JET_TABLEID tableid, JET_COLUMNID columnid, void* pv,
                                 JET_ULONG cbMax, void* pvOld, JET_ULONG cbOldMax,
                                 JET_ULONG* pcbOldActual, JET_GRBIT grbit) {
    return Guarded(
        [&] { return eng::EscrowUpdate(sesid, tableid, columnid, pv, cbMax, pvOld, cbOldMax, pcbOldActual, grbit); });
}

JET_ERR JET_API JetRenameTable(JET_SESID sesid, JET_DBID dbid, JET_PCSTR szName, JET_PCSTR szNameNew) {
    return Guarded([&] { return eng::RenameTable(sesid, dbid, szName, szNameNew); });
}

}  // extern "C"
#pragma GCC visibility pop

#pragma GCC visibility push(default)
extern "C" {

JET_ERR JET_API JetGetTableIndexInfo(JET_SESID sesid, JET_TABLEID tableid, JET_PCSTR szIndexName, void* pvResult,
                                     JET_ULONG cbResult, JET_ULONG InfoLevel) {
    return Guarded([&] { return eng::GetTableIndexInfo(sesid, tableid, szIndexName, pvResult, cbResult, InfoLevel); });
}

JET_ERR JET_API JetGetIndexInfo(JET_SESID sesid, JET_DBID dbid, JET_PCSTR szTableName, JET_PCSTR szIndexName,
                                void* pvResult, JET_ULONG cbResult, JET_ULONG InfoLevel) {
    return Guarded(
        [&] { return eng::GetIndexInfo(sesid, dbid, szTableName, szIndexName, pvResult, cbResult, InfoLevel); });
}

JET_ERR JET_API JetUpdate2(JET_SESID sesid, JET_TABLEID tableid, void* pvBookmark, JET_ULONG cbBookmark,
                           JET_ULONG* pcbActual, const JET_GRBIT grbit) {
    if ((grbit & ~static_cast<JET_GRBIT>(JET_bitUpdateCheckESE97Compatibility)) != 0) return JET_errInvalidGrbit;
    return WithCallbacks(sesid, tableid, eng::HookedCall::kUpdate,
                         [&] { return eng::Update(sesid, tableid, pvBookmark, cbBookmark, pcbActual); });
}

JET_ERR JET_API JetGetRecordPosition(JET_SESID sesid, JET_TABLEID tableid, JET_RECPOS* precpos,
                                     JET_ULONG cbRecpos) {
    return Guarded([&] { return eng::GetRecordPosition(sesid, tableid, precpos, cbRecpos); });
}

JET_ERR JET_API JetGetObjectInfo(JET_SESID sesid, JET_DBID dbid, JET_OBJTYP objtyp, JET_PCSTR szContainerName,
                                 JET_PCSTR szObjectName, void* pvResult, JET_ULONG cbMax,
                                 JET_ULONG InfoLevel) {
    return Guarded([&] {
        return eng::GetObjectInfo(sesid, dbid, objtyp, szContainerName, szObjectName, pvResult, cbMax, InfoLevel);
    });
}

JET_ERR JET_API JetGotoPosition(JET_SESID sesid, JET_TABLEID tableid, JET_RECPOS* precpos) {
    return Guarded([&] { return eng::GotoPosition(sesid, tableid, precpos); });
}

JET_ERR JET_API JetSetTableSequential(JET_SESID sesid, JET_TABLEID tableid, JET_GRBIT grbit) {
    return Guarded([&] { return eng::SetTableSequential(sesid, tableid, grbit, true); });
}

JET_ERR JET_API JetResetTableSequential(JET_SESID sesid, JET_TABLEID tableid, JET_GRBIT grbit) {
    return Guarded([&] { return eng::SetTableSequential(sesid, tableid, grbit, false); });
}

JET_ERR JET_API JetGetCursorInfo(JET_SESID sesid, JET_TABLEID tableid, void* pvResult, JET_ULONG cbMax,
                                 JET_ULONG InfoLevel) {
    return Guarded([&] { return eng::GetCursorInfo(sesid, tableid, pvResult, cbMax, InfoLevel); });
}

}  // extern "C"
#pragma GCC visibility pop

#pragma GCC visibility push(default)
extern "C" {

JET_ERR JET_API JetOpenTempTable(JET_SESID sesid, const JET_COLUMNDEF* prgcolumndef, JET_ULONG ccolumn,
                                 JET_GRBIT grbit, JET_TABLEID* ptableid, JET_COLUMNID* prgcolumnid) {
    return Guarded([&] { return eng::OpenTempTable(sesid, prgcolumndef, ccolumn, grbit, ptableid, prgcolumnid); });
}

JET_ERR JET_API JetOpenTempTable2(JET_SESID sesid, const JET_COLUMNDEF* prgcolumndef, JET_ULONG ccolumn,
                                  JET_ULONG lcid, JET_GRBIT grbit, JET_TABLEID* ptableid,
                                  JET_COLUMNID* prgcolumnid) {
    return Guarded([&] {
        if (lcid != 0 && lcid != 1033) return static_cast<JET_ERR>(JET_errInvalidLanguageId);  // one collation
        return eng::OpenTempTable(sesid, prgcolumndef, ccolumn, grbit, ptableid, prgcolumnid);
    });
}

JET_ERR JET_API JetOpenTempTable3(JET_SESID sesid, const JET_COLUMNDEF* prgcolumndef, JET_ULONG ccolumn,
                                  JET_UNICODEINDEX* pidxunicode, JET_GRBIT grbit, JET_TABLEID* ptableid,
                                  JET_COLUMNID* prgcolumnid) {
    return Guarded([&] {
        if (pidxunicode != nullptr && pidxunicode->lcid != 0 && pidxunicode->lcid != 1033) {
            return static_cast<JET_ERR>(JET_errInvalidLanguageId);
        }
        return eng::OpenTempTable(sesid, prgcolumndef, ccolumn, grbit, ptableid, prgcolumnid);
    });
}

JET_ERR JET_API JetOpenTemporaryTable(JET_SESID sesid, JET_OPENTEMPORARYTABLE* popentemporarytable) {
    return Guarded([&] {
        JET_OPENTEMPORARYTABLE* p = popentemporarytable;
        if (p == nullptr || p->cbStruct != sizeof(JET_OPENTEMPORARYTABLE)) {
            return static_cast<JET_ERR>(JET_errInvalidParameter);
        }
        if (p->pidxunicode != nullptr && p->pidxunicode->lcid != 0 && p->pidxunicode->lcid != 1033) {
            return static_cast<JET_ERR>(JET_errInvalidLanguageId);
        }
        return eng::OpenTempTable(sesid, p->prgcolumndef, p->ccolumn, p->grbit, &p->tableid, p->prgcolumnid);
    });
}

}  // extern "C"
#pragma GCC visibility pop

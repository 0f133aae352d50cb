/* esent.h read with JETSTORE_WINDOWS_ABI (libesent.so's build): every structure has esent.dll's
 * Windows x64 size and field offsets, as ../shared/spec/esent-windows-abi.md lists them and
 * bindings such as ManagedEsent marshal them. A compile-time check: a wrong width or order fails
 * the build. Run too, so that the test suite counts it. */
#define JETSTORE_WINDOWS_ABI 1
#include <esent.h>

#include <stddef.h>
#include <stdio.h>

#define SIZE(T, n) _Static_assert(sizeof(T) == (n), #T " size")
#define AT(T, f, n) _Static_assert(offsetof(T, f) == (n), #T "." #f " offset")

/* Scalars. */
_Static_assert(sizeof(JET_ERR) == 4, "JET_ERR is int32");
_Static_assert(sizeof(JET_GRBIT) == 4 && sizeof(JET_DBID) == 4 && sizeof(JET_COLUMNID) == 4 &&
                   sizeof(JET_COLTYP) == 4 && sizeof(JET_OBJTYP) == 4 && sizeof(JET_CBTYP) == 4 &&
                   sizeof(JET_ULONG) == 4 && sizeof(JET_LONG) == 4,
               "esent's unsigned long is uint32");
_Static_assert(sizeof(JET_INSTANCE) == 8 && sizeof(JET_SESID) == 8 && sizeof(JET_TABLEID) == 8 &&
                   sizeof(JET_API_PTR) == 8 && sizeof(JET_HANDLE) == 8 && sizeof(JET_OSSNAPID) == 8,
               "handles are pointer-sized");
_Static_assert(JET_MoveFirst == -2147483647 - 1 && JET_MoveLast == 2147483647, "JetMove's cRow limits");

SIZE(JET_LGPOS, 8); AT(JET_LGPOS, ib, 0); AT(JET_LGPOS, isec, 2); AT(JET_LGPOS, lGeneration, 4);
SIZE(JET_LOGTIME, 8);
SIZE(JET_SIGNATURE, 28); AT(JET_SIGNATURE, ulRandom, 0); AT(JET_SIGNATURE, logtimeCreate, 4);
AT(JET_SIGNATURE, szComputerName, 12);

SIZE(JET_COLUMNDEF, 28);
AT(JET_COLUMNDEF, cbStruct, 0); AT(JET_COLUMNDEF, columnid, 4); AT(JET_COLUMNDEF, coltyp, 8);
AT(JET_COLUMNDEF, wCountry, 12); AT(JET_COLUMNDEF, langid, 14); AT(JET_COLUMNDEF, cp, 16);
AT(JET_COLUMNDEF, wCollate, 18); AT(JET_COLUMNDEF, cbMax, 20); AT(JET_COLUMNDEF, grbit, 24);

SIZE(JET_COLUMNBASE_A, 540);
AT(JET_COLUMNBASE_A, cbStruct, 0); AT(JET_COLUMNBASE_A, columnid, 4); AT(JET_COLUMNBASE_A, coltyp, 8);
AT(JET_COLUMNBASE_A, wCountry, 12); AT(JET_COLUMNBASE_A, langid, 14); AT(JET_COLUMNBASE_A, cp, 16);
AT(JET_COLUMNBASE_A, wFiller, 18); AT(JET_COLUMNBASE_A, cbMax, 20); AT(JET_COLUMNBASE_A, grbit, 24);
AT(JET_COLUMNBASE_A, szBaseTableName, 28); AT(JET_COLUMNBASE_A, szBaseColumnName, 284);

SIZE(JET_COLUMNCREATE_A, 56);
AT(JET_COLUMNCREATE_A, cbStruct, 0); AT(JET_COLUMNCREATE_A, szColumnName, 8); AT(JET_COLUMNCREATE_A, coltyp, 16);
AT(JET_COLUMNCREATE_A, cbMax, 20); AT(JET_COLUMNCREATE_A, grbit, 24); AT(JET_COLUMNCREATE_A, pvDefault, 32);
AT(JET_COLUMNCREATE_A, cbDefault, 40); AT(JET_COLUMNCREATE_A, cp, 44); AT(JET_COLUMNCREATE_A, columnid, 48);
AT(JET_COLUMNCREATE_A, err, 52);

SIZE(JET_COLUMNLIST, 80);
AT(JET_COLUMNLIST, cbStruct, 0); AT(JET_COLUMNLIST, tableid, 8); AT(JET_COLUMNLIST, cRecord, 16);
AT(JET_COLUMNLIST, columnidPresentationOrder, 20); AT(JET_COLUMNLIST, columnidcolumnname, 24);
AT(JET_COLUMNLIST, columnidcolumnid, 28); AT(JET_COLUMNLIST, columnidcoltyp, 32); AT(JET_COLUMNLIST, columnidCountry, 36);
AT(JET_COLUMNLIST, columnidLangid, 40); AT(JET_COLUMNLIST, columnidCp, 44); AT(JET_COLUMNLIST, columnidCollate, 48);
AT(JET_COLUMNLIST, columnidcbMax, 52); AT(JET_COLUMNLIST, columnidgrbit, 56); AT(JET_COLUMNLIST, columnidDefault, 60);
AT(JET_COLUMNLIST, columnidBaseTableName, 64); AT(JET_COLUMNLIST, columnidBaseColumnName, 68);
AT(JET_COLUMNLIST, columnidDefinitionName, 72);

SIZE(JET_CONDITIONALCOLUMN_A, 24);
AT(JET_CONDITIONALCOLUMN_A, cbStruct, 0); AT(JET_CONDITIONALCOLUMN_A, szColumnName, 8); AT(JET_CONDITIONALCOLUMN_A, grbit, 16);

SIZE(JET_ENUMCOLUMNID, 16);
AT(JET_ENUMCOLUMNID, columnid, 0); AT(JET_ENUMCOLUMNID, ctagSequence, 4); AT(JET_ENUMCOLUMNID, rgtagSequence, 8);
SIZE(JET_ENUMCOLUMNVALUE, 24);
AT(JET_ENUMCOLUMNVALUE, itagSequence, 0); AT(JET_ENUMCOLUMNVALUE, err, 4); AT(JET_ENUMCOLUMNVALUE, cbData, 8);
AT(JET_ENUMCOLUMNVALUE, pvData, 16);
/* JET_ENUMCOLUMN's union: the values (cEnumColumnValue / rgEnumColumnValue) or, for
 * JET_wrnColumnSingleValue, the one value (cbData / pvData) at the same offsets. */
SIZE(JET_ENUMCOLUMN, 24);
AT(JET_ENUMCOLUMN, columnid, 0); AT(JET_ENUMCOLUMN, err, 4); AT(JET_ENUMCOLUMN, cEnumColumnValue, 8);
AT(JET_ENUMCOLUMN, rgEnumColumnValue, 16); AT(JET_ENUMCOLUMN, cbData, 8); AT(JET_ENUMCOLUMN, pvData, 16);

/* JET_INDEXCREATE with cbKeyMost (80); the XP form a binding may pass is its first 72 bytes. */
SIZE(JET_INDEXCREATE_A, 80);
AT(JET_INDEXCREATE_A, cbStruct, 0); AT(JET_INDEXCREATE_A, szIndexName, 8); AT(JET_INDEXCREATE_A, szKey, 16);
AT(JET_INDEXCREATE_A, cbKey, 24); AT(JET_INDEXCREATE_A, grbit, 28); AT(JET_INDEXCREATE_A, ulDensity, 32);
AT(JET_INDEXCREATE_A, lcid, 40); AT(JET_INDEXCREATE_A, pidxunicode, 40); AT(JET_INDEXCREATE_A, cbVarSegMac, 48);
AT(JET_INDEXCREATE_A, rgconditionalcolumn, 56); AT(JET_INDEXCREATE_A, cConditionalColumn, 64);
AT(JET_INDEXCREATE_A, err, 68); AT(JET_INDEXCREATE_A, cbKeyMost, 72);
SIZE(JET_INDEXCREATE2_A, 88); AT(JET_INDEXCREATE2_A, cbKeyMost, 72); AT(JET_INDEXCREATE2_A, pSpacehints, 80);

SIZE(JET_INDEXLIST, 88);
AT(JET_INDEXLIST, cbStruct, 0); AT(JET_INDEXLIST, tableid, 8); AT(JET_INDEXLIST, cRecord, 16);
AT(JET_INDEXLIST, columnidindexname, 20); AT(JET_INDEXLIST, columnidgrbitIndex, 24); AT(JET_INDEXLIST, columnidcKey, 28);
AT(JET_INDEXLIST, columnidcEntry, 32); AT(JET_INDEXLIST, columnidcPage, 36); AT(JET_INDEXLIST, columnidcColumn, 40);
AT(JET_INDEXLIST, columnidiColumn, 44); AT(JET_INDEXLIST, columnidcolumnid, 48); AT(JET_INDEXLIST, columnidcoltyp, 52);
AT(JET_INDEXLIST, columnidCountry, 56); AT(JET_INDEXLIST, columnidLangid, 60); AT(JET_INDEXLIST, columnidCp, 64);
AT(JET_INDEXLIST, columnidCollate, 68); AT(JET_INDEXLIST, columnidgrbitColumn, 72); AT(JET_INDEXLIST, columnidcolumnname, 76);
AT(JET_INDEXLIST, columnidLCMapFlags, 80);

SIZE(JET_INDEXRANGE, 24); AT(JET_INDEXRANGE, cbStruct, 0); AT(JET_INDEXRANGE, tableid, 8); AT(JET_INDEXRANGE, grbit, 16);
SIZE(JET_RECORDLIST, 24); AT(JET_RECORDLIST, cbStruct, 0); AT(JET_RECORDLIST, tableid, 8);
AT(JET_RECORDLIST, cRecord, 16); AT(JET_RECORDLIST, columnidBookmark, 20);
SIZE(JET_BKINFO, 24); AT(JET_BKINFO, lgposMark, 0); AT(JET_BKINFO, logtimeMark, 8); AT(JET_BKINFO, genLow, 16);
AT(JET_BKINFO, genHigh, 20);
SIZE(JET_DBINFOMISC, 216); AT(JET_DBINFOMISC, ulVersion, 0); AT(JET_DBINFOMISC, ulUpdate, 4);
AT(JET_DBINFOMISC, signDb, 8); AT(JET_DBINFOMISC, dbstate, 36); AT(JET_DBINFOMISC, lgposConsistent, 40);
AT(JET_DBINFOMISC, logtimeConsistent, 48); AT(JET_DBINFOMISC, logtimeAttach, 56); AT(JET_DBINFOMISC, lgposAttach, 64);
AT(JET_DBINFOMISC, logtimeDetach, 72); AT(JET_DBINFOMISC, lgposDetach, 80); AT(JET_DBINFOMISC, signLog, 88);
AT(JET_DBINFOMISC, bkinfoFullPrev, 116); AT(JET_DBINFOMISC, bkinfoIncPrev, 140); AT(JET_DBINFOMISC, bkinfoFullCur, 164);
AT(JET_DBINFOMISC, fShadowingDisabled, 188); AT(JET_DBINFOMISC, fUpgradeDb, 192);
AT(JET_DBINFOMISC, dwMajorVersion, 196); AT(JET_DBINFOMISC, dwMinorVersion, 200);
AT(JET_DBINFOMISC, dwBuildNumber, 204); AT(JET_DBINFOMISC, lSPNumber, 208); AT(JET_DBINFOMISC, cbPageSize, 212);

SIZE(JET_INSTANCE_INFO, 48);
AT(JET_INSTANCE_INFO, hInstanceId, 0); AT(JET_INSTANCE_INFO, szInstanceName, 8); AT(JET_INSTANCE_INFO, cDatabases, 16);
AT(JET_INSTANCE_INFO, szDatabaseFileName, 24); AT(JET_INSTANCE_INFO, szDatabaseDisplayName, 32);
AT(JET_INSTANCE_INFO, szDatabaseSLVFileName_Obsolete, 40);

SIZE(JET_OBJECTINFO, 40);
AT(JET_OBJECTINFO, cbStruct, 0); AT(JET_OBJECTINFO, objtyp, 4); AT(JET_OBJECTINFO, dtCreate, 8);
AT(JET_OBJECTINFO, dtUpdate, 16); AT(JET_OBJECTINFO, grbit, 24); AT(JET_OBJECTINFO, flags, 28);
AT(JET_OBJECTINFO, cRecord, 32); AT(JET_OBJECTINFO, cPage, 36);

SIZE(JET_OBJECTLIST, 56);
AT(JET_OBJECTLIST, cbStruct, 0); AT(JET_OBJECTLIST, tableid, 8); AT(JET_OBJECTLIST, cRecord, 16);
AT(JET_OBJECTLIST, columnidcontainername, 20); AT(JET_OBJECTLIST, columnidobjectname, 24); AT(JET_OBJECTLIST, columnidobjtyp, 28);
AT(JET_OBJECTLIST, columniddtCreate, 32); AT(JET_OBJECTLIST, columniddtUpdate, 36); AT(JET_OBJECTLIST, columnidgrbit, 40);
AT(JET_OBJECTLIST, columnidflags, 44); AT(JET_OBJECTLIST, columnidcRecord, 48); AT(JET_OBJECTLIST, columnidcPage, 52);

SIZE(JET_OPENTEMPORARYTABLE, 64);
AT(JET_OPENTEMPORARYTABLE, cbStruct, 0); AT(JET_OPENTEMPORARYTABLE, prgcolumndef, 8); AT(JET_OPENTEMPORARYTABLE, ccolumn, 16);
AT(JET_OPENTEMPORARYTABLE, pidxunicode, 24); AT(JET_OPENTEMPORARYTABLE, grbit, 32); AT(JET_OPENTEMPORARYTABLE, prgcolumnid, 40);
AT(JET_OPENTEMPORARYTABLE, cbKeyMost, 48); AT(JET_OPENTEMPORARYTABLE, cbVarSegMac, 52); AT(JET_OPENTEMPORARYTABLE, tableid, 56);

SIZE(JET_RECPOS, 16);
AT(JET_RECPOS, cbStruct, 0); AT(JET_RECPOS, centriesLT, 4); AT(JET_RECPOS, centriesInRange, 8); AT(JET_RECPOS, centriesTotal, 12);

SIZE(JET_RETINFO, 16);
AT(JET_RETINFO, cbStruct, 0); AT(JET_RETINFO, ibLongValue, 4); AT(JET_RETINFO, itagSequence, 8);
AT(JET_RETINFO, columnidNextTagged, 12);

SIZE(JET_RETRIEVECOLUMN, 48);
AT(JET_RETRIEVECOLUMN, columnid, 0); AT(JET_RETRIEVECOLUMN, pvData, 8); AT(JET_RETRIEVECOLUMN, cbData, 16);
AT(JET_RETRIEVECOLUMN, cbActual, 20); AT(JET_RETRIEVECOLUMN, grbit, 24); AT(JET_RETRIEVECOLUMN, ibLongValue, 28);
AT(JET_RETRIEVECOLUMN, itagSequence, 32); AT(JET_RETRIEVECOLUMN, columnidNextTagged, 36); AT(JET_RETRIEVECOLUMN, err, 40);

SIZE(JET_RSTINFO, 48);
AT(JET_RSTINFO, cbStruct, 0); AT(JET_RSTINFO, rgrstmap, 8); AT(JET_RSTINFO, crstmap, 16);
AT(JET_RSTINFO, lgposStop, 20); AT(JET_RSTINFO, logtimeStop, 28); AT(JET_RSTINFO, pfnStatus, 40);
SIZE(JET_RSTMAP, 16); AT(JET_RSTMAP, szDatabaseName, 0); AT(JET_RSTMAP, szNewDatabaseName, 8);

SIZE(JET_SETCOLUMN, 40);
AT(JET_SETCOLUMN, columnid, 0); AT(JET_SETCOLUMN, pvData, 8); AT(JET_SETCOLUMN, cbData, 16);
AT(JET_SETCOLUMN, grbit, 20); AT(JET_SETCOLUMN, ibLongValue, 24); AT(JET_SETCOLUMN, itagSequence, 28);
AT(JET_SETCOLUMN, err, 32);

SIZE(JET_SETINFO, 12); AT(JET_SETINFO, cbStruct, 0); AT(JET_SETINFO, ibLongValue, 4); AT(JET_SETINFO, itagSequence, 8);
SIZE(JET_SNPROG, 12); AT(JET_SNPROG, cbStruct, 0); AT(JET_SNPROG, cunitDone, 4); AT(JET_SNPROG, cunitTotal, 8);

SIZE(JET_SPACEHINTS, 32);
AT(JET_SPACEHINTS, cbStruct, 0); AT(JET_SPACEHINTS, ulInitialDensity, 4); AT(JET_SPACEHINTS, cbInitial, 8);
AT(JET_SPACEHINTS, grbit, 12); AT(JET_SPACEHINTS, ulMaintDensity, 16); AT(JET_SPACEHINTS, ulGrowth, 20);
AT(JET_SPACEHINTS, cbMinExtent, 24); AT(JET_SPACEHINTS, cbMaxExtent, 28);

SIZE(JET_TABLECREATE2_A, 96);
AT(JET_TABLECREATE2_A, cbStruct, 0); AT(JET_TABLECREATE2_A, szTableName, 8); AT(JET_TABLECREATE2_A, szTemplateTableName, 16);
AT(JET_TABLECREATE2_A, ulPages, 24); AT(JET_TABLECREATE2_A, ulDensity, 28); AT(JET_TABLECREATE2_A, rgcolumncreate, 32);
AT(JET_TABLECREATE2_A, cColumns, 40); AT(JET_TABLECREATE2_A, rgindexcreate, 48); AT(JET_TABLECREATE2_A, cIndexes, 56);
AT(JET_TABLECREATE2_A, szCallback, 64); AT(JET_TABLECREATE2_A, cbtyp, 72); AT(JET_TABLECREATE2_A, grbit, 76);
AT(JET_TABLECREATE2_A, tableid, 80); AT(JET_TABLECREATE2_A, cCreated, 88);

SIZE(JET_TABLECREATE3_A, 120);
AT(JET_TABLECREATE3_A, grbit, 76); AT(JET_TABLECREATE3_A, pSeqSpacehints, 80); AT(JET_TABLECREATE3_A, pLVSpacehints, 88);
AT(JET_TABLECREATE3_A, cbSeparateLV, 96); AT(JET_TABLECREATE3_A, tableid, 104); AT(JET_TABLECREATE3_A, cCreated, 112);

/* The original form: TABLECREATE2 up to cIndexes, then grbit, tableid and cCreated. */
AT(JET_TABLECREATE_A, cIndexes, 56); AT(JET_TABLECREATE_A, grbit, 60); AT(JET_TABLECREATE_A, tableid, 64);
AT(JET_TABLECREATE_A, cCreated, 72); SIZE(JET_TABLECREATE_A, 80);

SIZE(JET_UNICODEINDEX, 8); AT(JET_UNICODEINDEX, lcid, 0); AT(JET_UNICODEINDEX, dwMapFlags, 4);

int main(void) {
    puts("esent.h with JETSTORE_WINDOWS_ABI: every structure has esent.dll's x64 layout");
    return 0;
}

/*
 * esent.h -- jetstore's public C API: the ESE (JET) API of esent.dll, on Linux, over LMDB.
 *
 * Conventions (read these first)
 *  1. Names, types, handle constants, grbits, system parameter ids and error codes are esent's,
 *     with esent's numeric values, so a program written against esent.h compiles unchanged.
 *     JET_ERR is esent's `long` (JET_LONG), grbits, ids and counts its `unsigned long` (JET_ULONG;
 *     the C types here, 32-bit in libesent.so's build), handles are `uintptr_t`.
 *  2. Strings are UTF-8 `char`. The `...A` names of esent are aliases of the plain names.
 *     Paths accept '/' and a trailing separator, and '\' as a separator too (DECISIONS 8:
 *     programs written for Windows build paths with it; a file name cannot contain one);
 *     relative paths resolve against the working directory at the time the parameter is set.
 *     With JET_paramCreatePathIfNotExist, JetCreateDatabase and JetAttachDatabase create the
 *     missing folders of a database's path, as esent does.
 *  3. Return codes: 0 is success, > 0 a warning (the call succeeded), < 0 an error. The C API never
 *     throws and never aborts: bad handles, NULL pointers and bad grbits return a code.
 *  4. One thread at a time per session. Two threads inside calls on one session at once: the
 *     later gets JET_errSessionSharingViolation. A transaction is bound, at its outermost begin, to
 *     the calling thread or, when a session context is set, to the context value; nested begin,
 *     commit, rollback and JetEndSession's implicit rollback check that binding.
 *  5. JetSetSessionContext / JetResetSessionContext are lock-free: one compare-and-swap each, no
 *     lock, allocation, system call or storage access. A thread pool claims a pooled session with
 *     JetSetSessionContext (exactly one racing claimer wins; the others get
 *     JET_errSessionContextAlreadySet) and releases it with JetResetSessionContext.
 *  6. Handles are checked, not trusted: a session handle that was ended, belongs to a terminated
 *     instance, or never existed gives JET_errInvalidSesid (JET_errNotInitialized when no instance
 *     is initialized in the process), never a crash.
 *  7. Where esent's behaviour and its documentation disagree, jetstore does what esent does. Each
 *     such place is marked "[esent]" below.
 *  8. Database files live on a local file system: LMDB, underneath, does not support network file
 *     systems.
 *  9. Durability, as esent's (JET_paramRecovery "on", the default): every level-0 commit is one
 *     record of the instance's commit log (edb.log in JET_paramLogFilePath; older generations
 *     edb00001.log, ...; the checkpoint in <SystemPath>edb.chk). A commit is durable when
 *     JetCommitTransaction returns: its record was flushed (one fdatasync serves every commit of
 *     its group). A lazy commit (JET_bitCommitLazyFlush, or the commit default) returns once its
 *     record is handed to the OS, so a killed process loses nothing that returned; the log is
 *     flushed within a quarter of a second after it (at most one second by contract), by
 *     JET_bitWaitLastLevel0Commit / WaitAllLevel0Commit, or by the next durable commit. After an OS
 *     crash the databases hold every durable commit, the lazy ones up to some point, never part of
 *     a transaction. A transaction may write several databases of its instance: its commit is one
 *     record, atomic across them. Committed changes become visible at once and reach the database
 *     files later (a checkpoint, run in the background); the next JetInit after a crash or a
 *     dirty stop replays the log.
 * 10. Failure is sticky. When a log write or flush fails (or a checkpoint's write), the commit that
 *     met it gets JET_errLogWriteFail (JET_errLogDiskFull when the disk is full), so do commits
 *     queued with it, and the instance is Failed: every later call gets JET_errInstanceUnavailable
 *     (JET_errInstanceUnavailableDueToFatalLogDiskFull after a full log disk). Nothing is retried;
 *     JetTerm stops it dirty (returning success) and the next JetInit recovers every durable commit.
 *
 * Layout of this file: these conventions; types; limits; handle values and other constants;
 * column types; object types and info levels; grbits; system parameter ids; error codes;
 * structures; then the functions in lifecycle order: instances and the process, sessions,
 * transactions, then the ISAM data API (databases; tables, columns and indexes; records;
 * navigation; temporary tables), and backup, restore and snapshots.
 *
 * Known differences from esent
 *  - With JET_paramRecovery "off" there is no log: writes to a second database inside one
 *    transaction are refused with JET_errInvalidOperation (reads of several databases in one
 *    transaction are fine), and an OS crash may lose or corrupt anything since the last clean stop.
 *  - JetInit's recovery leaves every replayed database detached (esent's default; the application
 *    attaches them again); JET_bitKeepDbAttachedAtEndOfRecovery and JET_bitRecoveryWithoutUndo
 *    are accepted and have no effect yet. JET_RSTINFO's logtimeStop is reserved (ignored): a
 *    point-in-time recovery stops at lgposStop.
 *  - JET_paramMaxSessions caps user sessions exactly.
 *  - JetGetSystemParameter reports a truncated string with JET_wrnBufferTruncated (esent returns
 *    success) and a zero-sized string buffer with JET_errInvalidParameter.
 *  - Only the narrow (UTF-8) entry points exist; there are no ...W functions.
 */
#ifndef JETSTORE_ESENT_H
#define JETSTORE_ESENT_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define JET_API
#define JET_NODSAPI

/* ======================================================================================== */
/* Types                                                                                   */
/* ======================================================================================== */


/* esent's `long` and `unsigned long`, named once. libjetstore.so uses the C types (64-bit on
 * Linux), so C and C++ programs written for esent compile unchanged; libesent.so is built with
 * JETSTORE_WINDOWS_ABI, esent.dll's Windows x64 layout (32-bit, as bindings such as ManagedEsent
 * marshal them). Code never assumes their width. */
#ifdef JETSTORE_WINDOWS_ABI
typedef int32_t JET_LONG;
typedef uint32_t JET_ULONG;
#else
typedef long JET_LONG;
typedef unsigned long JET_ULONG;
#endif

typedef JET_LONG JET_ERR;           /* 0 success, > 0 warning, < 0 error */
typedef uintptr_t JET_API_PTR;      /* an integer as wide as a pointer */
typedef JET_API_PTR JET_INSTANCE;   /* an engine instance */
typedef JET_API_PTR JET_SESID;      /* a session */
typedef JET_API_PTR JET_TABLEID;    /* a cursor */
typedef JET_API_PTR JET_LS;         /* a local-storage value */
typedef JET_API_PTR JET_HANDLE;     /* a backup file handle */
typedef JET_API_PTR JET_OSSNAPID;   /* an OS snapshot (JetOSSnapshot*) */
/* JetCompact's obsolete conversion descriptor: only NULL is accepted. */
typedef struct JET_CONVERT_A JET_CONVERT_A;
typedef JET_ULONG JET_GRBIT;    /* option bits; 0 means none */
typedef JET_ULONG JET_DBID;     /* an open database */
typedef JET_ULONG JET_COLUMNID; /* a column */
typedef JET_ULONG JET_COLTYP;   /* a column type */
typedef JET_ULONG JET_SNP;      /* status callback: the operation */
typedef JET_ULONG JET_SNT;      /* status callback: the phase */
typedef const char *JET_PCSTR;
typedef char *JET_PSTR;

/* Progress callback of restore, backup and similar long operations. Return JET_errSuccess to go
 * on; an error asks the operation to stop. */
typedef JET_ERR(JET_API *JET_PFNSTATUS)(JET_SESID sesid, JET_SNP snp, JET_SNT snt, void *pv);


typedef JET_ULONG JET_OBJTYP;   /* an object type (JET_objtyp...) */
typedef JET_ULONG JET_CBTYP;    /* callback types (JET_cbtyp...) */

/* A callback (JetDefragment2; JET_paramRuntimeCallback). */
typedef JET_ERR(JET_API *JET_CALLBACK)(JET_SESID sesid, JET_DBID dbid, JET_TABLEID tableid, JET_CBTYP cbtyp,
                                       void *pvArg1, void *pvArg2, void *pvContext, JET_API_PTR ulUnused);
typedef double JET_DATESERIAL;      /* JET_coltypDateTime: OLE automation date */

/* A realloc-compatible allocator: pv NULL allocates cb bytes; pv with cb 0 frees pv; NULL is
 * the answer of a failed allocation. pvContext is JetEnumerateColumns' pvReallocContext. */
typedef void *(JET_API *JET_PFNREALLOC)(void *pvContext, void *pv, JET_ULONG cb);

/* A nameless structure in a nameless union (JET_ENUMCOLUMN) is an extension in C99 and in C++;
 * GCC and Clang accept it marked __extension__. */
#if defined(__GNUC__)
#define JETSTORE_NAMELESS __extension__
#else
#define JETSTORE_NAMELESS
#endif

/* ======================================================================================== */
/* Limits                                                                                  */
/* ======================================================================================== */

#define JET_BASE_NAME_LENGTH 3
#define JET_MAX_COMPUTERNAME_LENGTH 15


#define JET_cMaxTransactionLevels 7  /* levels 1..7; an 8th begin gives JET_errTransTooDeep */
#define JET_cMaxSessionsPerInstance 30000
#define JET_cMaxInstances 1024
#define JET_cMaxAttachedDatabases 7


#define JET_cbBookmarkMost 256            /* JetGetBookmark / JetUpdate bookmark buffer */
#define JET_cbNameMost 64                 /* table, column, index names (bytes, without NUL) */
#define JET_cbFullNameMost 255
#define JET_cbColumnLVPageOverhead 82
#define JET_cbLVDefaultValueMost 255      /* default value of a long-value column */
#define JET_cbColumnMost 255              /* data of a non-long-value column */
#define JET_cbLVColumnMost 0x7FFFFFFF     /* data of a long-value column */
#define JET_cbKeyMost8KBytePage 2000
#define JET_cbKeyMost4KBytePage 1000
#define JET_cbKeyMost2KBytePage 500
#define JET_cbKeyMostMin 255
#define JET_cbKeyMost32KBytePage JET_cbKeyMost8KBytePage
#define JET_cbKeyMost16KBytePage JET_cbKeyMost8KBytePage
#define JET_cbKeyMostMost JET_cbKeyMost32KBytePage
#define JET_cbBookmarkMostMost JET_cbKeyMostMost
#define JET_cbKeyMost 255                 /* legacy; the real limit is JET_paramKeyMost */
#define JET_cbLimitKeyMost 256            /* legacy */
#define JET_cbPrimaryKeyMost 255          /* legacy */
#define JET_cbSecondaryKeyMost 255        /* legacy */
#define JET_ccolKeyMost 16                /* key segments of an index */
#define JET_ccolMost 0x0000fee0
#define JET_ccolFixedMost 0x0000007f
#define JET_ccolVarMost 0x00000080
#define JET_ccolTaggedMost (JET_ccolMost - 0x000000ff)

/* ======================================================================================== */
/* Handle values and other constants                                                       */
/* ======================================================================================== */

#define JET_instanceNil (~(JET_INSTANCE)0)
#define JET_sesidNil (~(JET_SESID)0)
#define JET_tableidNil (~(JET_TABLEID)0)
#define JET_LSNil (~(JET_LS)0)
#define JET_bitNil ((JET_GRBIT)0)
#define JET_dbidNil ((JET_DBID)0xFFFFFFFF)

/* JET_DBINFOMISC.dbstate */
#define JET_dbstateJustCreated 1
#define JET_dbstateDirtyShutdown 2
#define JET_dbstateCleanShutdown 3
#define JET_dbstateBeingConverted 4
#define JET_dbstateForceDetach 5

/* JET_SNP: which operation reports */
#define JET_snpRepair 2
#define JET_snpCompact 4
#define JET_snpRestore 8
#define JET_snpBackup 9
#define JET_snpUpgrade 10
#define JET_snpScrub 11
#define JET_snpUpgradeRecordFormat 12
/* JET_SNT: the phase */
#define JET_sntBegin 5
#define JET_sntRequirements 7
#define JET_sntProgress 0
#define JET_sntComplete 6
#define JET_sntFail 3

#define JET_cbtypNull 0x00000000
#define JET_cbtypFinalize 0x00000001
#define JET_cbtypBeforeInsert 0x00000002
#define JET_cbtypAfterInsert 0x00000004
#define JET_cbtypBeforeReplace 0x00000008
#define JET_cbtypAfterReplace 0x00000010
#define JET_cbtypBeforeDelete 0x00000020
#define JET_cbtypAfterDelete 0x00000040
#define JET_cbtypUserDefinedDefaultValue 0x00000080
#define JET_cbtypOnlineDefragCompleted 0x00000100
#define JET_cbtypFreeCursorLS 0x00000200
#define JET_cbtypFreeTableLS 0x00000400

/* JetGetLS / JetSetLS */
#define JET_bitLSReset 0x00000001
#define JET_bitLSCursor 0x00000002
#define JET_bitLSTable 0x00000004

/* ======================================================================================== */
/* Column types (JET_COLTYP)                                                               */
/* ======================================================================================== */


#define JET_coltypNil 0
#define JET_coltypBit 1              /* 1 byte: 0 or 0xFF (true), or NULL */
#define JET_coltypUnsignedByte 2     /* 1-byte unsigned */
#define JET_coltypShort 3            /* 2-byte signed */
#define JET_coltypLong 4             /* 4-byte signed */
#define JET_coltypCurrency 5         /* 8-byte signed */
#define JET_coltypIEEESingle 6       /* 4-byte float */
#define JET_coltypIEEEDouble 7       /* 8-byte double */
#define JET_coltypDateTime 8         /* 8-byte double (OLE date) */
#define JET_coltypBinary 9           /* up to 255 bytes */
#define JET_coltypText 10            /* up to 255 bytes, case-insensitive */
#define JET_coltypLongBinary 11      /* long value */
#define JET_coltypLongText 12        /* long value text */
#define JET_coltypSLV 13             /* obsolete */
#define JET_coltypUnsignedLong 14    /* 4-byte unsigned */
#define JET_coltypLongLong 15        /* 8-byte signed */
#define JET_coltypGUID 16            /* 16 bytes */
#define JET_coltypUnsignedShort 17   /* 2-byte unsigned */
#define JET_coltypUnsignedLongLong 18 /* 8-byte unsigned */
#define JET_coltypMax 19             /* number of column types */

/* ======================================================================================== */
/* Object types, info levels                                                               */
/* ======================================================================================== */


#define JET_objtypNil 0
#define JET_objtypTable 1

/* JET_OBJECTINFO (JetGetTableInfo, JET_TblInfo) */
#define JET_bitTableInfoUpdatable 0x00000001
#define JET_bitTableInfoBookmark 0x00000002
#define JET_bitTableInfoRollback 0x00000004
#define JET_bitObjectSystem 0x80000000
#define JET_bitObjectTableFixedDDL 0x40000000
#define JET_bitObjectTableTemplate 0x20000000
#define JET_bitObjectTableDerived 0x10000000
#define JET_bitObjectTableNoFixedVarColumnsInDerivedTables 0x04000000

typedef struct {
    JET_ULONG cbStruct;
    JET_OBJTYP objtyp;        /* JET_objtypTable */
    JET_DATESERIAL dtCreate;  /* obsolete: 0 */
    JET_DATESERIAL dtUpdate;  /* obsolete: 0 */
    JET_GRBIT grbit;          /* JET_bitTableInfo* */
    JET_ULONG flags;      /* JET_bitObject* */
    JET_ULONG cRecord;    /* statistics (JetComputeStats): jetstore keeps none, 0 */
    JET_ULONG cPage;      /* pages owned, as JET_TblInfoSpaceOwned */
} JET_OBJECTINFO;

/* JetGetDatabaseInfo (and JetGetDatabaseFileInfo) */
#define JET_DbInfoFilename 0
#define JET_DbInfoConnect 1
#define JET_DbInfoCountry 2
#define JET_DbInfoLCID 3
#define JET_DbInfoLangid 3           /* obsolete name of JET_DbInfoLCID */
#define JET_DbInfoCp 4
#define JET_DbInfoCollate 5
#define JET_DbInfoOptions 6
#define JET_DbInfoTransactions 7
#define JET_DbInfoVersion 8
#define JET_DbInfoIsam 9
#define JET_DbInfoFilesize 10
#define JET_DbInfoSpaceOwned 11
#define JET_DbInfoSpaceAvailable 12
#define JET_DbInfoUpgrade 13
#define JET_DbInfoMisc 14
#define JET_DbInfoDBInUse 15
#define JET_DbInfoPageSize 17
#define JET_DbInfoFileType 19
#define JET_DbInfoFilesizeOnDisk 21

/* JetGetTableInfo */
#define JET_TblInfo 0U
#define JET_TblInfoName 1U
#define JET_TblInfoDbid 2U
#define JET_TblInfoMostMany 3U
#define JET_TblInfoRvt 4U
#define JET_TblInfoOLC 5U
#define JET_TblInfoResetOLC 6U
#define JET_TblInfoSpaceUsage 7U
#define JET_TblInfoDumpTable 8U
#define JET_TblInfoSpaceAlloc 9U
#define JET_TblInfoSpaceOwned 10U
#define JET_TblInfoSpaceAvailable 11U
#define JET_TblInfoTemplateTableName 12U

/* JetGetIndexInfo / JetGetTableIndexInfo */
#define JET_IdxInfo 0U
#define JET_IdxInfoList 1U
#define JET_IdxInfoSysTabCursor 2U   /* obsolete */
#define JET_IdxInfoOLC 3U            /* obsolete */
#define JET_IdxInfoResetOLC 4U       /* obsolete */
#define JET_IdxInfoSpaceAlloc 5U
#define JET_IdxInfoLCID 6U
#define JET_IdxInfoLangid 6U         /* obsolete name of JET_IdxInfoLCID */
#define JET_IdxInfoCount 7U
#define JET_IdxInfoVarSegMac 8U
#define JET_IdxInfoIndexId 9U
#define JET_IdxInfoKeyMost 10U
#define JET_IdxInfoCreateIndex 11U
#define JET_IdxInfoCreateIndex2 12U
#define JET_IdxInfoCreateIndex3 13U
#define JET_IdxInfoLocaleName 14U

/* JetGetColumnInfo / JetGetTableColumnInfo */
#define JET_ColInfo 0U
#define JET_ColInfoList 1U
#define JET_ColInfoSysTabCursor 3U
#define JET_ColInfoBase 4U
#define JET_ColInfoListCompact 5U    /* internal */
#define JET_ColInfoByColid 6U        /* the name argument points at a JET_COLUMNID */
#define JET_ColInfoListSortColumnid 7U /* obsolete */
#define JET_ColInfoBaseByColid 8U
/* OR-ed into the info level for the list levels */
#define JET_ColInfoGrbitNonDerivedColumnsOnly 0x80000000
#define JET_ColInfoGrbitMinimalInfo 0x40000000
#define JET_ColInfoGrbitSortByColumnid 0x20000000


#define JET_ObjInfo 0U
#define JET_ObjInfoListNoStats 1U
#define JET_ObjInfoList 2U
#define JET_ObjInfoNoStats 5U

/* ======================================================================================== */
/* Grbits and option values                                                                */
/* ======================================================================================== */


/* JetInit2 / JetInit3 */
#define JET_bitReplayReplicatedLogFiles 0x00000001  /* obsolete; ignored */
#define JET_bitReplayIgnoreMissingDB 0x00000004
#define JET_bitRecoveryWithoutUndo 0x00000008
#define JET_bitTruncateLogsAfterRecovery 0x00000010
#define JET_bitReplayMissingMapEntryDB 0x00000020
#define JET_bitLogStreamMustExist 0x00000040
#define JET_bitReplayIgnoreLostLogs 0x00000080
#define JET_bitKeepDbAttachedAtEndOfRecovery 0x00001000

/* JetTerm2 */
#define JET_bitTermComplete 0x00000001
#define JET_bitTermAbrupt 0x00000002
#define JET_bitTermStopBackup 0x00000004
#define JET_bitTermDirty 0x00000008

/* JetBackup / JetBackupInstance */
#define JET_bitBackupIncremental 0x00000001
#define JET_bitBackupAtomic 0x00000004
#define JET_bitBackupSnapshot 0x00000010  /* accepted; a backup is always one moment */
/* JetCompact */
#define JET_bitCompactStats 0x00000020
#define JET_bitCompactRepair 0x00000040
/* JetIdle */
#define JET_bitIdleFlushBuffers 0x00000001
#define JET_bitIdleCompact 0x00000002
#define JET_bitIdleStatus 0x00000004

/* JetDefragment */
#define JET_bitDefragmentBatchStart 0x00000001
#define JET_bitDefragmentBatchStop 0x00000002
#define JET_bitDefragmentAvailSpaceTreesOnly 0x00000040
#define JET_bitDefragmentNoPartialMerges 0x00000080
#define JET_bitDefragmentBTree 0x00000100
/* JetOSSnapshotPrepare */
#define JET_bitIncrementalSnapshot 0x00000001
#define JET_bitCopySnapshot 0x00000002
#define JET_bitContinueAfterThaw 0x00000004
#define JET_bitExplicitPrepare 0x00000008
/* JetOSSnapshotEnd */
#define JET_bitAbortSnapshot 0x00000001
/* JetEndExternalBackupInstance2 */
#define JET_bitBackupEndNormal 0x0001
#define JET_bitBackupEndAbort 0x0002
#define JET_bitBackupTruncateDone 0x0100

/* JetStopServiceInstance2 */
#define JET_bitStopServiceAll 0x00000000
#define JET_bitStopServiceBackgroundUserTasks 0x00000002
#define JET_bitStopServiceQuiesceCaches 0x00000004
#define JET_bitStopServiceResume 0x80000000

/* JetEndSession */
#define JET_bitForceSessionClosed 0x00000001

/* JetBeginTransaction2 / 3 */
#define JET_bitTransactionReadOnly 0x00000001

/* JetCommitTransaction / 2 */
#define JET_bitCommitLazyFlush 0x00000001
#define JET_bitWaitLastLevel0Commit 0x00000002
#define JET_bitWaitAllLevel0Commit 0x00000008
#define JET_bitForceNewLog 0x00000010

/* JetRollback */
#define JET_bitRollbackAll 0x00000001

/* JetAttachDatabase / JetOpenDatabase / JetCreateDatabase */
#define JET_bitDbReadOnly 0x00000001
#define JET_bitDbExclusive 0x00000002
#define JET_bitDbRecoveryOff 0x00000008
#define JET_bitDbDeleteCorruptIndexes 0x00000010
#define JET_bitDbShadowingOff 0x00000080
#define JET_bitDbOverwriteExisting 0x00000200
#define JET_bitDbUpgrade 0x00000200
#define JET_bitDbDeleteUnicodeIndexes 0x00000400

/* JET_paramLegacyFileNames */
#define JET_bitESE98FileNames 0x00000001
#define JET_bitEightDotThreeSoftCompat 0x00000002

/* JET_paramConfiguration */
#define JET_configDefault 0x0001
#define JET_configRemoveQuotas 0x0002
#define JET_configLowDiskFootprint 0x0004
#define JET_configMediumDiskFootprint 0x0008
#define JET_configLowMemory 0x0010
#define JET_configDynamicMediumMemory 0x0020
#define JET_configLowPower 0x0040
#define JET_configSSDProfileIO 0x0080
#define JET_configRunSilent 0x0100


/* JetDetachDatabase2 */
#define JET_bitForceDetach 0x00000001
#define JET_bitForceCloseAndDetach (0x00000002 | JET_bitForceDetach)

/* JetCreateTableColumnIndex (JET_TABLECREATE*.grbit) */
#define JET_bitTableCreateFixedDDL 0x00000001
#define JET_bitTableCreateTemplateTable 0x00000002
#define JET_bitTableCreateNoFixedVarColumnsInDerivedTables 0x00000004
#define JET_bitTableCreateImmutableStructure 0x00000008

/* JetAddColumn, JetGetColumnInfo, JetOpenTempTable (JET_COLUMNDEF.grbit) */
#define JET_bitColumnFixed 0x00000001
#define JET_bitColumnTagged 0x00000002
#define JET_bitColumnNotNULL 0x00000004
#define JET_bitColumnVersion 0x00000008
#define JET_bitColumnAutoincrement 0x00000010
#define JET_bitColumnUpdatable 0x00000020      /* JetGetColumnInfo only */
#define JET_bitColumnTTKey 0x00000040          /* JetOpenTempTable only: a key column */
#define JET_bitColumnTTDescending 0x00000080   /* JetOpenTempTable only: descending key */
#define JET_bitColumnMultiValued 0x00000400
#define JET_bitColumnEscrowUpdate 0x00000800   /* JET_coltypLong / LongLong only */
#define JET_bitColumnUnversioned 0x00001000
#define JET_bitColumnMaybeNull 0x00002000
#define JET_bitColumnFinalize 0x00004000       /* deprecated */
#define JET_bitColumnUserDefinedDefault 0x00008000
#define JET_bitColumnDeleteOnZero 0x00020000
#define JET_bitColumnCompressed 0x00080000

/* JetDeleteColumn2 */
#define JET_bitDeleteColumnIgnoreTemplateColumns 0x00000001

/* JetSetCurrentIndex2/3/4 */
#define JET_bitMoveFirst 0x00000000
#define JET_bitNoMove 0x00000002

/* JetMakeKey */
#define JET_bitNewKey 0x00000001
#define JET_bitStrLimit 0x00000002
#define JET_bitSubStrLimit 0x00000004
#define JET_bitNormalizedKey 0x00000008
#define JET_bitKeyDataZeroLength 0x00000010
#define JET_bitFullColumnStartLimit 0x00000100
#define JET_bitFullColumnEndLimit 0x00000200
#define JET_bitPartialColumnStartLimit 0x00000400
#define JET_bitPartialColumnEndLimit 0x00000800

/* JetSetIndexRange */
#define JET_bitRangeInclusive 0x00000001
#define JET_bitRangeUpperLimit 0x00000002
#define JET_bitRangeInstantDuration 0x00000004
#define JET_bitRangeRemove 0x00000008

/* JetGetLock */
#define JET_bitReadLock 0x00000001
#define JET_bitWriteLock 0x00000002

/* JetMove: cRow values. jetstore: JET_MoveFirst is LONG_MIN of esent's 32-bit long (esent writes
 * it as (0x80000000)); see the note at the top. */
#define JET_MoveFirst (-0x7fffffffL - 1)
#define JET_MovePrevious (-1)
#define JET_MoveNext (+1)
#define JET_MoveLast (0x7fffffff)
/* JetMove grbit */
#define JET_bitMoveKeyNE 0x00000001

/* JetSeek */
#define JET_bitSeekEQ 0x00000001
#define JET_bitSeekLT 0x00000002
#define JET_bitSeekLE 0x00000004
#define JET_bitSeekGE 0x00000008
#define JET_bitSeekGT 0x00000010
#define JET_bitSetIndexRange 0x00000020
#define JET_bitCheckUniqueness 0x00000040      /* with SeekEQ only: JET_wrnUniqueKey */

/* JetGotoSecondaryIndexBookmark */
#define JET_bitBookmarkPermitVirtualCurrency 0x00000001

/* JET_CONDITIONALCOLUMN.grbit */
#define JET_bitIndexColumnMustBeNull 0x00000001
#define JET_bitIndexColumnMustBeNonNull 0x00000002

/* JET_INDEXRANGE.grbit */
#define JET_bitRecordInIndex 0x00000001
#define JET_bitRecordNotInIndex 0x00000002

/* JetCreateIndex (JET_INDEXCREATE*.grbit) */
#define JET_bitIndexUnique 0x00000001
#define JET_bitIndexPrimary 0x00000002
#define JET_bitIndexDisallowNull 0x00000004
#define JET_bitIndexIgnoreNull 0x00000008
#define JET_bitIndexIgnoreAnyNull 0x00000020
#define JET_bitIndexIgnoreFirstNull 0x00000040
#define JET_bitIndexLazyFlush 0x00000080
#define JET_bitIndexEmpty 0x00000100
#define JET_bitIndexUnversioned 0x00000200
#define JET_bitIndexSortNullsHigh 0x00000400
#define JET_bitIndexUnicode 0x00000800         /* lcid / pidxunicode union holds pidxunicode */
#define JET_bitIndexTuples 0x00001000
#define JET_bitIndexTupleLimits 0x00002000     /* cbVarSegMac / ptuplelimits union holds ptuplelimits */
#define JET_bitIndexCrossProduct 0x00004000
#define JET_bitIndexKeyMost 0x00008000         /* cbKeyMost is honoured */
#define JET_bitIndexDisallowTruncation 0x00010000
#define JET_bitIndexNestedTable 0x00020000
#define JET_bitIndexDotNetGuid 0x00040000
#define JET_bitIndexImmutableStructure 0x00080000

/* Index key definition ("+col\0-col\0\0") */
#define JET_bitKeyAscending 0x00000000
#define JET_bitKeyDescending 0x00000001

/* JetOpenTable */
#define JET_bitTableDenyWrite 0x00000001
#define JET_bitTableDenyRead 0x00000002
#define JET_bitTableReadOnly 0x00000004
#define JET_bitTableUpdatable 0x00000008
#define JET_bitTablePermitDDL 0x00000010
#define JET_bitTableNoCache 0x00000020
#define JET_bitTablePreread 0x00000040
#define JET_bitTableOpportuneRead 0x00000080
#define JET_bitTableSequential 0x00008000
#define JET_bitTableClassMask 0x001F0000
#define JET_bitTableClassNone 0x00000000
#define JET_bitTableClass1 0x00010000
#define JET_bitTableClass2 0x00020000
#define JET_bitTableClass3 0x00030000
#define JET_bitTableClass4 0x00040000
#define JET_bitTableClass5 0x00050000
#define JET_bitTableClass6 0x00060000
#define JET_bitTableClass7 0x00070000
#define JET_bitTableClass8 0x00080000
#define JET_bitTableClass9 0x00090000
#define JET_bitTableClass10 0x000A0000
#define JET_bitTableClass11 0x000B0000
#define JET_bitTableClass12 0x000C0000
#define JET_bitTableClass13 0x000D0000
#define JET_bitTableClass14 0x000E0000
#define JET_bitTableClass15 0x000F0000

/* JetOpenTempTable */
#define JET_bitTTIndexed 0x00000001            /* allow seek */
#define JET_bitTTUnique 0x00000002             /* remove duplicates */
#define JET_bitTTUpdatable 0x00000004          /* allow updates */
#define JET_bitTTScrollable 0x00000008         /* allow backwards scrolling */
#define JET_bitTTSortNullsHigh 0x00000010
#define JET_bitTTForceMaterialization 0x00000020
#define JET_bitTTErrorOnDuplicateInsertion JET_bitTTForceMaterialization
#define JET_bitTTForwardOnly 0x00000040
#define JET_bitTTIntrinsicLVsOnly 0x00000080
#define JET_bitTTDotNetGuid 0x00000100

/* JetSetColumn (and JET_SETCOLUMN.grbit) */
#define JET_bitSetAppendLV 0x00000001
#define JET_bitSetOverwriteLV 0x00000004
#define JET_bitSetSizeLV 0x00000008
#define JET_bitSetZeroLength 0x00000020
#define JET_bitSetSeparateLV 0x00000040
#define JET_bitSetUniqueMultiValues 0x00000080
#define JET_bitSetUniqueNormalizedMultiValues 0x00000100
#define JET_bitSetRevertToDefaultValue 0x00000200
#define JET_bitSetIntrinsicLV 0x00000400
#define JET_bitSetUncompressed 0x00010000
#define JET_bitSetCompressed 0x00020000

/* JetPrepareUpdate */
#define JET_prepInsert 0
#define JET_prepReplace 2
#define JET_prepCancel 3
#define JET_prepReplaceNoLock 4
#define JET_prepInsertCopy 5
#define JET_prepInsertCopyDeleteOriginal 7
#define JET_prepInsertCopyReplaceOriginal 9

/* JetUpdate2 */
#define JET_bitUpdateCheckESE97Compatibility 0x00000001

/* JetEscrowUpdate */
#define JET_bitEscrowNoRollback 0x0001

/* JetRetrieveColumn (and JET_RETRIEVECOLUMN.grbit) */
#define JET_bitRetrieveCopy 0x00000001
#define JET_bitRetrieveFromIndex 0x00000002
#define JET_bitRetrieveFromPrimaryBookmark 0x00000004
#define JET_bitRetrieveTag 0x00000008
#define JET_bitRetrieveNull 0x00000010          /* columnid 0 only */
#define JET_bitRetrieveIgnoreDefault 0x00000020 /* columnid 0 only */
#define JET_bitRetrieveTuple 0x00000800


#define JET_bitPrereadForward 0x00000001
#define JET_bitPrereadBackward 0x00000002

/* JetEnumerateColumns */
#define JET_bitEnumerateCopy JET_bitRetrieveCopy
#define JET_bitEnumerateIgnoreDefault JET_bitRetrieveIgnoreDefault
#define JET_bitEnumeratePresenceOnly 0x00020000
#define JET_bitEnumerateTaggedOnly 0x00040000
#define JET_bitEnumerateCompressOutput 0x00080000
#define JET_bitEnumerateIgnoreUserDefinedDefault 0x00100000 /* no effect: no user-defined defaults */

/* ======================================================================================== */
/* System parameter ids (JetSetSystemParameter / JetGetSystemParameter)                     */
/* ======================================================================================== */

/* Every parameter of esent's documentation up to Windows Server 2003 (esent 5.2), plus the Vista
 * ones jetstore uses, in id order, with esent's ranges and defaults (DECISIONS.md 10). A value
 * outside its range is JET_errInvalidParameter. Scope: [I] per instance (a NULL target sets the
 * global default copied into instances created later), [G] global only. "init" marks those that
 * may still change on a running instance; "adv" those a set ignores while JET_paramEnableAdvanced
 * is 0. "No effect" parameters are stored and returned as esent's are, and change nothing in
 * jetstore (its caching, I/O and event logging are not esent's). */
#define JET_paramSystemPath 0            /* [I] string: folder of the checkpoint (<base>.chk). Default "./" */
#define JET_paramTempPath 1              /* [I] string: temp database folder or file. Default "tmp.edb" */
#define JET_paramLogFilePath 2           /* [I] string: folder of the transaction logs. Default "./" */
#define JET_paramBaseName 3              /* [I] string: exactly 3 characters. Default "edb" */
#define JET_paramEventSource 4           /* [I] string, 0..259 characters: event source name. Default "" */
#define JET_paramMaxSessions 5           /* [I] int 0..30000, adv: user sessions. Default 16 */
#define JET_paramMaxOpenTables 6         /* [I] int 0..2^31-1, adv: no effect in jetstore. Default 300 */
#define JET_paramPreferredMaxOpenTables 7 /* [I] int 0..2^31-1, adv: no effect in jetstore. Default 0 */
#define JET_paramMaxCursors 8            /* [I] int 0..2^31-1, adv: no effect in jetstore. Default 1024 */
#define JET_paramMaxVerPages 9           /* [I] int 1..2^31-1, adv: version store size in 16 KiB pages. Default 64 */
#define JET_paramMaxTemporaryTables 10   /* [I] int 0..2^31-1: 0 disables the temp database. Default 20 */
#define JET_paramLogFileSize 11          /* [I] int, KiB 32..1048576: each log generation, preallocated. Default 5120 */
#define JET_paramLogBuffers 12           /* [I] int, 512-byte units 16..2^31-1, adv: the most one log write
                                          * carries. Default 126 */
#define JET_paramWaitLogFlush 13         /* [I] int 0..2^31-1, init, adv: obsolete in esent too; no effect in
                                          * jetstore. Default 0 */
#define JET_paramLogCheckpointPeriod 14  /* [I] int 0..2^31-1, adv: obsolete; no effect in jetstore. Default 1024 */
#define JET_paramLogWaitingUserMax 15    /* [I] int 0..2^31-1, adv: obsolete; no effect in jetstore. Default 3 */
#define JET_paramCommitDefault 16        /* [I] grbit, init: default level-0 commit grbit. Default 0 */
#define JET_paramCircularLog 17          /* [I] bool: delete generations behind the checkpoint. Default 0 */
#define JET_paramDbExtensionSize 18      /* [I] int, pages 1..2^31-1, adv: no effect in jetstore (LMDB grows the
                                          * file). Default 256 */
#define JET_paramPageTempDBMin 19        /* [I] int 0..2^31-1: no effect in jetstore. Default 0 */
#define JET_paramPageFragment 20         /* [I] int 0..2^31-1, adv: no effect in jetstore. Default 8 */
#define JET_paramBatchIOBufferMax 22     /* [G] int 0 or 2..2^31-1, adv: obsolete; no effect in jetstore. Default 256 */
#define JET_paramCacheSizeMax 23         /* [G] int, pages 1..2^32-1, init, adv: no effect in jetstore (the OS
                                          * page cache holds LMDB's pages). Default 512 */
#define JET_paramCheckpointDepthMax 24   /* [I] int, bytes 0..2 GiB (esent's range; below 1 MiB it is used as 1
                                          * MiB): log behind the checkpoint before commits wait for it
                                          * (checkpoints start at a quarter of it). Default 20 MiB */
#define JET_paramLRUKCorrInterval 25     /* [G] int, usec 0..2^31-1, adv: no effect in jetstore. Default 128000 */
#define JET_paramLRUKHistoryMax 26       /* [G] int 0..4194303, adv: no effect in jetstore. Default 1024 */
#define JET_paramLRUKPolicy 27           /* [G] int 1..2, adv: no effect in jetstore. Default 2 */
#define JET_paramLRUKTimeout 28          /* [G] int, seconds 1..2^31-1, adv: no effect in jetstore. Default 100 */
#define JET_paramLRUKTrxCorrInterval 29  /* [G] int 0..2^31-1, adv: obsolete in esent too; no effect. Default 0 */
#define JET_paramOutstandingIOMax 30     /* [G] int 8..2^31-1, adv: no effect in jetstore. Default 64 */
#define JET_paramStartFlushThreshold 31  /* [G] int 1..2^32-1, init, adv: no effect in jetstore. Default 5 */
#define JET_paramStopFlushThreshold 32   /* [G] int 1..2^32-1, init, adv: no effect in jetstore. Default 10 */
#define JET_paramRecovery 34             /* [I] string "On" / "Off" (any case), 0..259 characters: the commit
                                          * log. Default "On" */
#define JET_paramEnableOnlineDefrag 35   /* [I] grbit JET_OnlineDefrag* (0..0xFFFF), init: stored and returned;
                                          * no effect in jetstore. Default JET_OnlineDefragAll */
#define JET_paramCacheSize 41            /* [G] int, pages 0..2^32-1, init, adv: 0 lets the cache size itself;
                                          * stored and returned; no effect in jetstore. Default 0 */
#define JET_paramCheckFormatWhenOpenFail 44 /* [I] bool: no effect in jetstore. Default 1 */
#define JET_paramEnableIndexChecking 45  /* [I] bool. Default 0 */
#define JET_paramEnableTempTableVersioning 46 /* [I] bool. Default 1 */
#define JET_paramIgnoreLogVersion 47     /* [I] bool: obsolete in esent too; no effect in jetstore. Default 0 */
#define JET_paramDeleteOldLogs 48        /* [I] bool: no effect in jetstore. Default 1 */
#define JET_paramEventSourceKey 49       /* [I] string, 0..259 characters: no effect in jetstore (no event log).
                                          * Default "" */
#define JET_paramNoInformationEvent 50   /* [I] bool, init: no effect in jetstore (no event log). Default 0 */
#define JET_paramEventLoggingLevel 51    /* [I] int JET_EventLoggingDisable..JET_EventLoggingLevelMax: no effect in
                                          * jetstore. Default JET_EventLoggingLevelMax */
#define JET_paramDeleteOutOfRangeLogs 52 /* [I] bool: no effect in jetstore. Default 0 */
#define JET_paramAccessDeniedRetryPeriod 53 /* [G] int, ms 0..2^32-1, init: no effect in jetstore. Default 10000 */
#define JET_paramEnableIndexCleanup 54   /* [I] bool: no effect in jetstore (one collation). Default 1 */
#define JET_paramCacheSizeMin 60         /* [G] int, pages 1..2^32-1, init, adv: no effect in jetstore. Default 1 */
#define JET_paramPreferredVerPages 63    /* [I] int 0..2^31-1, init, adv: 0 is 90% of MaxVerPages; no effect in
                                          * jetstore. Default 0 */
#define JET_paramDatabasePageSize 64     /* [G] int 2048/4096/8192/16384/32768. Default 4096 */
#define JET_paramDisableCallbacks 65     /* [I] bool: 1 = JetRegisterCallback's callbacks are not called. Default 0 */
#define JET_paramLogFileCreateAsynch 69  /* [I] bool, adv: no effect in jetstore. Default 1 */
#define JET_paramErrorToString 70        /* [G] read-only: JetGetSystemParameter with *plParam = a JET_ERR writes
                                          * "<name>,<description>" to szParam ("JET_errSuccess,Successful
                                          * Operation"; "Unknown Error,Unknown Error" for a code esent.h lacks);
                                          * jetstore's description is the name's words, not esent's text. Sets
                                          * are JET_errInvalidParameter */
#define JET_paramZeroDatabaseDuringBackup 71 /* [I] bool: no effect in jetstore. Default 0 */
#define JET_paramUnicodeIndexDefault 72  /* [I] JET_UNICODEINDEX, passed by address in lParam (set) or plParam
                                          * (get, cbMax >= its size): stored and returned; jetstore's one
                                          * collation is used regardless. Default lcid 1033, LCMAP_SORTKEY |
                                          * NORM_IGNORECASE | NORM_IGNOREKANATYPE | NORM_IGNOREWIDTH */
#define JET_paramRuntimeCallback 73      /* [I] JET_CALLBACK as JET_API_PTR: frees local storage (JetSetLS). Default NULL */
#define JET_paramCleanupMismatchedLogFiles 77 /* [I] bool: stored and returned; no effect in jetstore. Default 0 */
#define JET_paramRecordUpgradeDirtyLevel 78 /* [G] int 0..3, init, adv: no effect in jetstore. Default 1 */
#define JET_paramGlobalMinVerPages 81    /* [G] int 1..2^31-1, adv: no effect in jetstore. Default 64 */
#define JET_paramOSSnapshotTimeout 82    /* [G] int, ms 0..2^31-1, init: no effect in jetstore. Default 20000 */
#define JET_paramExceptionAction 98      /* [G] int JET_ExceptionMsgBox or JET_ExceptionNone: no effect in jetstore
                                          * (it never throws across the API). Default JET_ExceptionMsgBox */
#define JET_paramEventLogCache 99        /* [G] int, bytes 0..2^31-1: no effect in jetstore. Default 0 */
#define JET_paramCreatePathIfNotExist 100 /* [I] bool: create missing folders. Default 0 */
#define JET_paramPageHintCacheSize 101   /* [G] int, bytes 0..2^31-1, init, adv: no effect in jetstore.
                                          * Default 262144 */
#define JET_paramOneDatabasePerSession 102 /* [G] bool. Default 0 */
#define JET_paramMaxInstances 104        /* [G] int 1..1024, only before any instance exists. Default 16 */
#define JET_paramVersionStoreTaskQueueMax 105 /* [I] int 1..63, adv: no effect in jetstore. Default 32 */
#define JET_paramIndexTuplesLengthMin 110 /* [I] int 0 or 2..255 (0 sets the default back): stored and returned;
                                          * jetstore has no tuple indexes. Default 3 */
#define JET_paramIndexTuplesLengthMax 111 /* [I] int 0 or 2..255 (0 sets the default back): as above. Default 10 */
#define JET_paramIndexTuplesToIndexMax 112 /* [I] int 0..32767 (0 sets the default back): as above. Default 32767 */
#define JET_paramAlternateDatabaseRecoveryPath 113 /* [I] string, folder, 0..246 characters: no effect in jetstore.
                                          * Default "" (kept empty; any other value is stored absolute) */
#define JET_paramConfiguration 129       /* [I] int. Default 1 */
#define JET_paramEnableAdvanced 130      /* [I] bool, init: when 0, sets of "adv" params are ignored. Default 1 */
#define JET_paramLegacyFileNames 136     /* [I] grbit. Default JET_bitESE98FileNames */

/* JET_paramEnableOnlineDefrag */
#define JET_OnlineDefragDisable 0x0000
#define JET_OnlineDefragAllOBSOLETE 0x0001
#define JET_OnlineDefragDatabases 0x0002
#define JET_OnlineDefragSpaceTrees 0x0004
#define JET_OnlineDefragAll 0xffff

/* JET_paramEventLoggingLevel */
#define JET_EventLoggingDisable 0
#define JET_EventLoggingLevelMax 100

/* JET_paramExceptionAction */
#define JET_ExceptionMsgBox 0x0001
#define JET_ExceptionNone 0x0002

/* ======================================================================================== */
/* Error and warning codes: every code of esent's documentation and public header, with esent's */
/* values. jetstore returns no code outside this list.                                     */
/* ======================================================================================== */
/* ---- Success and warnings (value >= 0: the call succeeded) ---- */
#define JET_errSuccess                                               0
#define JET_wrnRemainingVersions                                     321
#define JET_wrnUniqueKey                                             345
#define JET_wrnSeparateLongValue                                     406
#define JET_wrnNoMoreRecords                                         428
#define JET_wrnIndexDeferredPopulateIncomplete                       432
#define JET_wrnIndexDeferredPopulateHalted                           433
#define JET_wrnExistingLogFileHasBadSignature                        558
#define JET_wrnExistingLogFileIsNotContiguous                        559
#define JET_wrnSkipThisRecord                                        564
#define JET_wrnTargetInstanceRunning                                 578
#define JET_wrnCommittedLogFilesLost                                 585
#define JET_wrnCommittedLogFilesRemoved                              587
#define JET_wrnFinishWithUndo                                        588
#define JET_wrnDatabaseRepaired                                      595
#define JET_wrnColumnNull                                            1004
#define JET_wrnBufferTruncated                                       1006
#define JET_wrnDatabaseAttached                                      1007
#define JET_wrnSortOverflow                                          1009
#define JET_wrnSeekNotEqual                                          1039
#define JET_wrnNoErrorInfo                                           1055
#define JET_wrnNoIdleActivity                                        1058
#define JET_wrnNoWriteLock                                           1067
#define JET_wrnColumnSetNull                                         1068
#define JET_wrnShrinkNotPossible                                     1122
#define JET_wrnDTCCommitTransaction                                  1163
#define JET_wrnDTCRollbackTransaction                                1164
#define JET_wrnTableEmpty                                            1301
#define JET_wrnTableInUseBySystem                                    1327
#define JET_wrnCorruptIndexDeleted                                   1415
#define JET_wrnPrimaryIndexOutOfDate                                 1417
#define JET_wrnSecondaryIndexOutOfDate                               1418
#define JET_wrnColumnMaxTruncated                                    1512
#define JET_wrnCopyLongValue                                         1520
#define JET_wrnTaggedColumnsRemaining                                1523
#define JET_wrnColumnSkipped                                         1531
#define JET_wrnColumnNotLocal                                        1532
#define JET_wrnColumnMoreTags                                        1533
#define JET_wrnColumnTruncated                                       1534
#define JET_wrnColumnPresent                                         1535
#define JET_wrnColumnSingleValue                                     1536
#define JET_wrnColumnDefault                                         1537
#define JET_wrnColumnNotInRecord                                     1539
#define JET_wrnColumnReference                                       1541
#define JET_wrnDataHasChanged                                        1610
#define JET_wrnKeyChanged                                            1618
#define JET_wrnFileOpenReadOnly                                      1813
#define JET_wrnIdleFull                                              1908
#define JET_wrnDefragAlreadyRunning                                  2000
#define JET_wrnDefragNotRunning                                      2001
#define JET_wrnDatabaseScanAlreadyRunning                            2002
#define JET_wrnDatabaseScanNotRunning                                2003
#define JET_wrnCallbackNotRegistered                                 2100
#define JET_wrnPreviousLogFileIncomplete                             2602

/* ---- Errors (value < 0), ordered by magnitude. JET_wrnNyi is -1 in esent's own header ---- */
#define JET_wrnNyi                                                   (-1)
#define JET_errRfsFailure                                            (-100)
#define JET_errRfsNotArmed                                           (-101)
#define JET_errFileClose                                             (-102)
#define JET_errOutOfThreads                                          (-103)
#define JET_errTooManyIO                                             (-105)
#define JET_errTaskDropped                                           (-106)
#define JET_errInternalError                                         (-107)
#define JET_errDisabledFunctionality                                 (-112)
#define JET_errUnloadableOSFunctionality                             (-113)
#define JET_errDeviceMissing                                         (-114)
#define JET_errDeviceMisconfigured                                   (-115)
#define JET_errDeviceTimeout                                         (-116)
#define JET_errDeviceFailure                                         (-118)
#define JET_errDatabaseBufferDependenciesCorrupted                   (-255)
#define JET_errPreviousVersion                                       (-322)
#define JET_errPageBoundary                                          (-323)
#define JET_errKeyBoundary                                           (-324)
#define JET_errBadPageLink                                           (-327)
#define JET_errBadBookmark                                           (-328)
#define JET_errNTSystemCallFailed                                    (-334)
#define JET_errBadParentPageLink                                     (-338)
#define JET_errSPAvailExtCacheOutOfSync                              (-340)
#define JET_errSPAvailExtCorrupted                                   (-341)
#define JET_errSPAvailExtCacheOutOfMemory                            (-342)
#define JET_errSPOwnExtCorrupted                                     (-343)
#define JET_errDbTimeCorrupted                                       (-344)
#define JET_errKeyTruncated                                          (-346)
#define JET_errDatabaseLeakInSpace                                   (-348)
#define JET_errBadEmptyPage                                          (-351)
#define JET_errBadLineCount                                          (-354)
#define JET_errPageTagCorrupted                                      (-357)
#define JET_errNodeCorrupted                                         (-358)
#define JET_errKeyTooBig                                             (-408)
#define JET_errCannotSeparateIntrinsicLV                             (-416)
#define JET_errSeparatedLongValue                                    (-421)
#define JET_errMustBeSeparateLongValue                               (-423)
#define JET_errInvalidPreread                                        (-424)
#define JET_errInvalidColumnReference                                (-426)
#define JET_errStaleColumnReference                                  (-427)
#define JET_errCompressionIntegrityCheckFailed                       (-431)
#define JET_errIndexDeferredPopulateCurrentlyUnavailable             (-434)
#define JET_errInvalidLoggedOperation                                (-500)
#define JET_errLogFileCorrupt                                        (-501)
#define JET_errNoBackupDirectory                                     (-503)
#define JET_errBackupDirectoryNotEmpty                               (-504)
#define JET_errBackupInProgress                                      (-505)
#define JET_errRestoreInProgress                                     (-506)
#define JET_errMissingPreviousLogFile                                (-509)
#define JET_errLogWriteFail                                          (-510)
#define JET_errLogDisabledDueToRecoveryFailure                       (-511)
#define JET_errCannotLogDuringRecoveryRedo                           (-512)
#define JET_errLogGenerationMismatch                                 (-513)
#define JET_errBadLogVersion                                         (-514)
#define JET_errInvalidLogSequence                                    (-515)
#define JET_errLoggingDisabled                                       (-516)
#define JET_errLogBufferTooSmall                                     (-517)
#define JET_errLogSequenceEnd                                        (-519)
#define JET_errNoBackup                                              (-520)
#define JET_errInvalidBackupSequence                                 (-521)
#define JET_errBackupNotAllowedYet                                   (-523)
#define JET_errDeleteBackupFileFail                                  (-524)
#define JET_errMakeBackupDirectoryFail                               (-525)
#define JET_errInvalidBackup                                         (-526)
#define JET_errRecoveredWithErrors                                   (-527)
#define JET_errMissingLogFile                                        (-528)
#define JET_errLogDiskFull                                           (-529)
#define JET_errBadLogSignature                                       (-530)
#define JET_errBadDbSignature                                        (-531)
#define JET_errBadCheckpointSignature                                (-532)
#define JET_errCheckpointCorrupt                                     (-533)
#define JET_errMissingPatchPage                                      (-534)
#define JET_errBadPatchPage                                          (-535)
#define JET_errRedoAbruptEnded                                       (-536)
#define JET_errBadSLVSignature                                       (-537)
#define JET_errPatchFileMissing                                      (-538)
#define JET_errDatabaseLogSetMismatch                                (-539)
#define JET_errDatabaseStreamingFileMismatch                         (-540)
#define JET_errLogFileSizeMismatch                                   (-541)
#define JET_errCheckpointFileNotFound                                (-542)
#define JET_errRequiredLogFilesMissing                               (-543)
#define JET_errSoftRecoveryOnBackupDatabase                          (-544)
#define JET_errLogFileSizeMismatchDatabasesConsistent                (-545)
#define JET_errLogSectorSizeMismatch                                 (-546)
#define JET_errLogSectorSizeMismatchDatabasesConsistent              (-547)
#define JET_errLogSequenceEndDatabasesConsistent                     (-548)
#define JET_errStreamingDataNotLogged                                (-549)
#define JET_errDatabaseDirtyShutdown                                 (-550)
#define JET_errConsistentTimeMismatch                                (-551)
#define JET_errDatabasePatchFileMismatch                             (-552)
#define JET_errEndingRestoreLogTooLow                                (-553)
#define JET_errStartingRestoreLogTooHigh                             (-554)
#define JET_errGivenLogFileHasBadSignature                           (-555)
#define JET_errGivenLogFileIsNotContiguous                           (-556)
#define JET_errMissingRestoreLogFiles                                (-557)
#define JET_errMissingFullBackup                                     (-560)
#define JET_errBadBackupDatabaseSize                                 (-561)
#define JET_errDatabaseAlreadyUpgraded                               (-562)
#define JET_errDatabaseIncompleteUpgrade                             (-563)
#define JET_errMissingCurrentLogFiles                                (-565)
#define JET_errDbTimeTooOld                                          (-566)
#define JET_errDbTimeTooNew                                          (-567)
#define JET_errMissingFileToBackup                                   (-569)
#define JET_errLogTornWriteDuringHardRestore                         (-570)
#define JET_errLogTornWriteDuringHardRecovery                        (-571)
#define JET_errLogCorruptDuringHardRestore                           (-573)
#define JET_errLogCorruptDuringHardRecovery                          (-574)
#define JET_errMustDisableLoggingForDbUpgrade                        (-575)
#define JET_errBadRestoreTargetInstance                              (-577)
#define JET_errRecoveredWithoutUndo                                  (-579)
#define JET_errDatabasesNotFromSameSnapshot                          (-580)
#define JET_errSoftRecoveryOnSnapshot                                (-581)
#define JET_errCommittedLogFilesMissing                              (-582)
#define JET_errSectorSizeNotSupported                                (-583)
#define JET_errRecoveredWithoutUndoDatabasesConsistent               (-584)
#define JET_errCommittedLogFileCorrupt                               (-586)
#define JET_errLogSequenceChecksumMismatch                           (-590)
#define JET_errPageInitializedMismatch                               (-596)
#define JET_errUnicodeTranslationBufferTooSmall                      (-601)
#define JET_errUnicodeTranslationFail                                (-602)
#define JET_errUnicodeNormalizationNotSupported                      (-603)
#define JET_errUnicodeLanguageValidationFailure                      (-604)
#define JET_errExistingLogFileHasBadSignature                        (-610)
#define JET_errExistingLogFileIsNotContiguous                        (-611)
#define JET_errLogReadVerifyFailure                                  (-612)
#define JET_errSLVReadVerifyFailure                                  (-613)
#define JET_errCheckpointDepthTooDeep                                (-614)
#define JET_errRestoreOfNonBackupDatabase                            (-615)
#define JET_errLogFileNotCopied                                      (-616)
#define JET_errSurrogateBackupInProgress                             (-617)
#define JET_errTransactionTooLong                                    (-618)
#define JET_errEngineFormatVersionNoLongerSupportedTooLow            (-619)
#define JET_errEngineFormatVersionNotYetImplementedTooHigh           (-620)
#define JET_errEngineFormatVersionParamTooLowForRequestedFeature     (-621)
#define JET_errEngineFormatVersionSpecifiedTooLowForLogVersion       (-622)
#define JET_errEngineFormatVersionSpecifiedTooLowForDatabaseVersion  (-623)
#define JET_errDbTimeBeyondMaxRequired                               (-625)
#define JET_errLogOperationInconsistentWithDatabase                  (-626)
#define JET_errBackupAbortByServer                                   (-801)
#define JET_errInvalidGrbit                                          (-900)
#define JET_errTermInProgress                                        (-1000)
#define JET_errFeatureNotAvailable                                   (-1001)
#define JET_errInvalidName                                           (-1002)
#define JET_errInvalidParameter                                      (-1003)
#define JET_errDatabaseFileReadOnly                                  (-1008)
#define JET_errInvalidDatabaseId                                     (-1010)
#define JET_errOutOfMemory                                           (-1011)
#define JET_errOutOfDatabaseSpace                                    (-1012)
#define JET_errOutOfCursors                                          (-1013)
#define JET_errOutOfBuffers                                          (-1014)
#define JET_errTooManyIndexes                                        (-1015)
#define JET_errTooManyKeys                                           (-1016)
#define JET_errRecordDeleted                                         (-1017)
#define JET_errReadVerifyFailure                                     (-1018)
#define JET_errPageNotInitialized                                    (-1019)
#define JET_errOutOfFileHandles                                      (-1020)
#define JET_errDiskReadVerificationFailure                           (-1021)
#define JET_errDiskIO                                                (-1022)
#define JET_errInvalidPath                                           (-1023)
#define JET_errInvalidSystemPath                                     (-1024)
#define JET_errInvalidLogDirectory                                   (-1025)
#define JET_errRecordTooBig                                          (-1026)
#define JET_errTooManyOpenDatabases                                  (-1027)
#define JET_errInvalidDatabase                                       (-1028)
#define JET_errNotInitialized                                        (-1029)
#define JET_errAlreadyInitialized                                    (-1030)
#define JET_errInitInProgress                                        (-1031)
#define JET_errFileAccessDenied                                      (-1032)
#define JET_errQueryNotSupported                                     (-1034)
#define JET_errSQLLinkNotSupported                                   (-1035)
#define JET_errBufferTooSmall                                        (-1038)
#define JET_errTooManyColumns                                        (-1040)
#define JET_errContainerNotEmpty                                     (-1043)
#define JET_errInvalidFilename                                       (-1044)
#define JET_errInvalidBookmark                                       (-1045)
#define JET_errColumnInUse                                           (-1046)
#define JET_errInvalidBufferSize                                     (-1047)
#define JET_errColumnNotUpdatable                                    (-1048)
#define JET_errIndexInUse                                            (-1051)
#define JET_errLinkNotSupported                                      (-1052)
#define JET_errNullKeyDisallowed                                     (-1053)
#define JET_errNotInTransaction                                      (-1054)
#define JET_errMustRollback                                          (-1057)
#define JET_errTooManyActiveUsers                                    (-1059)
#define JET_errInvalidCountry                                        (-1061)
#define JET_errInvalidLanguageId                                     (-1062)
#define JET_errInvalidCodePage                                       (-1063)
#define JET_errInvalidLCMapStringFlags                               (-1064)
#define JET_errVersionStoreEntryTooBig                               (-1065)
#define JET_errVersionStoreOutOfMemoryAndCleanupTimedOut             (-1066)
#define JET_errVersionStoreOutOfMemory                               (-1069)
#define JET_errCurrencyStackOutOfMemory                              (-1070)
#define JET_errCannotIndex                                           (-1071)
#define JET_errRecordNotDeleted                                      (-1072)
#define JET_errTooManyMempoolEntries                                 (-1073)
#define JET_errOutOfObjectIDs                                        (-1074)
#define JET_errOutOfLongValueIDs                                     (-1075)
#define JET_errOutOfAutoincrementValues                              (-1076)
#define JET_errOutOfDbtimeValues                                     (-1077)
#define JET_errOutOfSequentialIndexValues                            (-1078)
#define JET_errRunningInOneInstanceMode                              (-1080)
#define JET_errRunningInMultiInstanceMode                            (-1081)
#define JET_errSystemParamsAlreadySet                                (-1082)
#define JET_errSystemPathInUse                                       (-1083)
#define JET_errLogFilePathInUse                                      (-1084)
#define JET_errTempPathInUse                                         (-1085)
#define JET_errInstanceNameInUse                                     (-1086)
#define JET_errSystemParameterConflict                               (-1087)
#define JET_errInstanceUnavailable                                   (-1090)
#define JET_errDatabaseUnavailable                                   (-1091)
#define JET_errInstanceUnavailableDueToFatalLogDiskFull              (-1092)
#define JET_errInvalidSesparamId                                     (-1093)
#define JET_errTooManyRecords                                        (-1094)
#define JET_errInvalidDbparamId                                      (-1095)
#define JET_errOutOfSessions                                         (-1101)
#define JET_errWriteConflict                                         (-1102)
#define JET_errTransTooDeep                                          (-1103)
#define JET_errInvalidSesid                                          (-1104)
#define JET_errWriteConflictPrimaryIndex                             (-1105)
#define JET_errInTransaction                                         (-1108)
#define JET_errRollbackRequired                                      (-1109)
#define JET_errTransReadOnly                                         (-1110)
#define JET_errSessionWriteConflict                                  (-1111)
#define JET_errRecordTooBigForBackwardCompatibility                  (-1112)
#define JET_errCannotMaterializeForwardOnlySort                      (-1113)
#define JET_errSesidTableIdMismatch                                  (-1114)
#define JET_errInvalidInstance                                       (-1115)
#define JET_errDirtyShutdown                                         (-1116)
#define JET_errReadPgnoVerifyFailure                                 (-1118)
#define JET_errReadLostFlushVerifyFailure                            (-1119)
#define JET_errFileSystemCorruption                                  (-1121)
#define JET_errRecoveryVerifyFailure                                 (-1123)
#define JET_errFilteredMoveNotSupported                              (-1124)
#define JET_errMustCommitDistributedTransactionToLevel0              (-1150)
#define JET_errDistributedTransactionAlreadyPreparedToCommit         (-1151)
#define JET_errNotInDistributedTransaction                           (-1152)
#define JET_errDistributedTransactionNotYetPreparedToCommit          (-1153)
#define JET_errCannotNestDistributedTransactions                     (-1154)
#define JET_errDTCMissingCallback                                    (-1160)
#define JET_errDTCMissingCallbackOnRecovery                          (-1161)
#define JET_errDTCCallbackUnexpectedError                            (-1162)
#define JET_errDatabaseDuplicate                                     (-1201)
#define JET_errDatabaseInUse                                         (-1202)
#define JET_errDatabaseNotFound                                      (-1203)
#define JET_errDatabaseInvalidName                                   (-1204)
#define JET_errDatabaseInvalidPages                                  (-1205)
#define JET_errDatabaseCorrupted                                     (-1206)
#define JET_errDatabaseLocked                                        (-1207)
#define JET_errCannotDisableVersioning                               (-1208)
#define JET_errInvalidDatabaseVersion                                (-1209)
#define JET_errDatabase200Format                                     (-1210)
#define JET_errDatabase400Format                                     (-1211)
#define JET_errDatabase500Format                                     (-1212)
#define JET_errPageSizeMismatch                                      (-1213)
#define JET_errTooManyInstances                                      (-1214)
#define JET_errDatabaseSharingViolation                              (-1215)
#define JET_errAttachedDatabaseMismatch                              (-1216)
#define JET_errDatabaseInvalidPath                                   (-1217)
#define JET_errDatabaseIdInUse                                       (-1218)
#define JET_errForceDetachNotAllowed                                 (-1219)
#define JET_errCatalogCorrupted                                      (-1220)
#define JET_errPartiallyAttachedDB                                   (-1221)
#define JET_errDatabaseSignInUse                                     (-1222)
#define JET_errDatabaseCorruptedNoRepair                             (-1224)
#define JET_errInvalidCreateDbVersion                                (-1225)
#define JET_errDatabaseIncompleteIncrementalReseed                   (-1226)
#define JET_errDatabaseInvalidIncrementalReseed                      (-1227)
#define JET_errDatabaseFailedIncrementalReseed                       (-1228)
#define JET_errNoAttachmentsFailedIncrementalReseed                  (-1229)
#define JET_errDatabaseNotReady                                      (-1230)
#define JET_errDatabaseAttachedForRecovery                           (-1231)
#define JET_errTransactionsNotReadyDuringRecovery                    (-1232)
#define JET_errTableLocked                                           (-1302)
#define JET_errTableDuplicate                                        (-1303)
#define JET_errTableInUse                                            (-1304)
#define JET_errObjectNotFound                                        (-1305)
#define JET_errDensityInvalid                                        (-1307)
#define JET_errTableNotEmpty                                         (-1308)
#define JET_errInvalidTableId                                        (-1310)
#define JET_errTooManyOpenTables                                     (-1311)
#define JET_errIllegalOperation                                      (-1312)
#define JET_errTooManyOpenTablesAndCleanupTimedOut                   (-1313)
#define JET_errObjectDuplicate                                       (-1314)
#define JET_errInvalidObject                                         (-1316)
#define JET_errCannotDeleteTempTable                                 (-1317)
#define JET_errCannotDeleteSystemTable                               (-1318)
#define JET_errCannotDeleteTemplateTable                             (-1319)
#define JET_errExclusiveTableLockRequired                            (-1322)
#define JET_errFixedDDL                                              (-1323)
#define JET_errFixedInheritedDDL                                     (-1324)
#define JET_errCannotNestDDL                                         (-1325)
#define JET_errDDLNotInheritable                                     (-1326)
#define JET_errInvalidSettings                                       (-1328)
#define JET_errClientRequestToStopJetService                         (-1329)
#define JET_errCannotAddFixedVarColumnToDerivedTable                 (-1330)
#define JET_errIndexCantBuild                                        (-1401)
#define JET_errIndexHasPrimary                                       (-1402)
#define JET_errIndexDuplicate                                        (-1403)
#define JET_errIndexNotFound                                         (-1404)
#define JET_errIndexMustStay                                         (-1405)
#define JET_errIndexInvalidDef                                       (-1406)
#define JET_errInvalidCreateIndex                                    (-1409)
#define JET_errTooManyOpenIndexes                                    (-1410)
#define JET_errMultiValuedIndexViolation                             (-1411)
#define JET_errIndexBuildCorrupted                                   (-1412)
#define JET_errPrimaryIndexCorrupted                                 (-1413)
#define JET_errSecondaryIndexCorrupted                               (-1414)
#define JET_errInvalidIndexId                                        (-1416)
#define JET_errCantUseDeferredPopulateIndex                          (-1419)
#define JET_errIndexTuplesSecondaryIndexOnly                         (-1430)
#define JET_errIndexTuplesTooManyColumns                             (-1431)
#define JET_errIndexTuplesNonUniqueOnly                              (-1432)
#define JET_errIndexTuplesTextBinaryColumnsOnly                      (-1433)
#define JET_errIndexTuplesVarSegMacNotAllowed                        (-1434)
#define JET_errIndexTuplesInvalidLimits                              (-1435)
#define JET_errIndexTuplesCannotRetrieveFromIndex                    (-1436)
#define JET_errIndexTuplesKeyTooSmall                                (-1437)
#define JET_errInvalidLVChunkSize                                    (-1438)
#define JET_errColumnCannotBeEncrypted                               (-1439)
#define JET_errCannotIndexOnEncryptedColumn                          (-1440)
#define JET_errColumnLong                                            (-1501)
#define JET_errColumnNoChunk                                         (-1502)
#define JET_errColumnDoesNotFit                                      (-1503)
#define JET_errNullInvalid                                           (-1504)
#define JET_errColumnIndexed                                         (-1505)
#define JET_errColumnTooBig                                          (-1506)
#define JET_errColumnNotFound                                        (-1507)
#define JET_errColumnDuplicate                                       (-1508)
#define JET_errMultiValuedColumnMustBeTagged                         (-1509)
#define JET_errColumnRedundant                                       (-1510)
#define JET_errInvalidColumnType                                     (-1511)
#define JET_errTaggedNotNULL                                         (-1514)
#define JET_errNoCurrentIndex                                        (-1515)
#define JET_errKeyIsMade                                             (-1516)
#define JET_errBadColumnId                                           (-1517)
#define JET_errBadItagSequence                                       (-1518)
#define JET_errColumnInRelationship                                  (-1519)
#define JET_errCannotBeTagged                                        (-1521)
#define JET_errDefaultValueTooBig                                    (-1524)
#define JET_errMultiValuedDuplicate                                  (-1525)
#define JET_errLVCorrupted                                           (-1526)
#define JET_errMultiValuedDuplicateAfterTruncation                   (-1528)
#define JET_errDerivedColumnCorruption                               (-1529)
#define JET_errInvalidPlaceholderColumn                              (-1530)
#define JET_errColumnCannotBeCompressed                              (-1538)
#define JET_errColumnNoEncryptionKey                                 (-1540)
#define JET_errRecordNotFound                                        (-1601)
#define JET_errRecordNoCopy                                          (-1602)
#define JET_errNoCurrentRecord                                       (-1603)
#define JET_errRecordPrimaryChanged                                  (-1604)
#define JET_errKeyDuplicate                                          (-1605)
#define JET_errAlreadyPrepared                                       (-1607)
#define JET_errKeyNotMade                                            (-1608)
#define JET_errUpdateNotPrepared                                     (-1609)
#define JET_errDataHasChanged                                        (-1611)
#define JET_errLanguageNotSupported                                  (-1619)
#define JET_errDecompressionFailed                                   (-1620)
#define JET_errUpdateMustVersion                                     (-1621)
#define JET_errDecryptionFailed                                      (-1622)
#define JET_errEncryptionBadItag                                     (-1623)
#define JET_errSetAutoIncrementTooHigh                               (-1624)
#define JET_errAutoIncrementNotSet                                   (-1625)
#define JET_errTooManySorts                                          (-1701)
#define JET_errInvalidOnSort                                         (-1702)
#define JET_errTempFileOpenError                                     (-1803)
#define JET_errTooManyAttachedDatabases                              (-1805)
#define JET_errDiskFull                                              (-1808)
#define JET_errPermissionDenied                                      (-1809)
#define JET_errFileNotFound                                          (-1811)
#define JET_errFileInvalidType                                       (-1812)
#define JET_errFileAlreadyExists                                     (-1814)
#define JET_errAfterInitialization                                   (-1850)
#define JET_errLogCorrupted                                          (-1852)
#define JET_errInvalidOperation                                      (-1906)
#define JET_errAccessDenied                                          (-1907)
#define JET_errTooManySplits                                         (-1909)
#define JET_errSessionSharingViolation                               (-1910)
#define JET_errEntryPointNotFound                                    (-1911)
#define JET_errSessionContextAlreadySet                              (-1912)
#define JET_errSessionContextNotSetByThisThread                      (-1913)
#define JET_errSessionInUse                                          (-1914)
#define JET_errRecordFormatConversionFailed                          (-1915)
#define JET_errOneDatabasePerSession                                 (-1916)
#define JET_errRollbackError                                         (-1917)
#define JET_errFlushMapVersionUnsupported                            (-1918)
#define JET_errFlushMapDatabaseMismatch                              (-1919)
#define JET_errFlushMapUnrecoverable                                 (-1920)
#define JET_errRBSFileCorrupt                                        (-1921)
#define JET_errRBSHeaderCorrupt                                      (-1922)
#define JET_errRBSDbMismatch                                         (-1923)
#define JET_errBadRBSVersion                                         (-1925)
#define JET_errOutOfRBSSpace                                         (-1926)
#define JET_errRBSInvalidSign                                        (-1927)
#define JET_errRBSInvalidRecord                                      (-1928)
#define JET_errRBSRCInvalidRBS                                       (-1929)
#define JET_errRBSRCNoRBSFound                                       (-1930)
#define JET_errRBSRCBadDbState                                       (-1931)
#define JET_errRBSMissingReqLogs                                     (-1932)
#define JET_errRBSLogDivergenceFailed                                (-1933)
#define JET_errRBSRCCopyLogsRevertState                              (-1934)
#define JET_errDatabaseIncompleteRevert                              (-1935)
#define JET_errRBSRCRevertCancelled                                  (-1936)
#define JET_errRBSRCInvalidDbFormatVersion                           (-1937)
#define JET_errRBSCannotDetermineDivergence                          (-1938)
#define JET_errRBSDeleteTableTooBig                                  (-1941)
#define JET_errRBSDeleteTableTooSoon                                 (-1942)
#define JET_errRBSFDPToBeDeleted                                     (-1943)
#define JET_errRBSRevertableDeleteNotPossible                        (-1944)
#define JET_errRBSRedeleteFDPUnexpected                              (-1947)
#define JET_errRBSRCPageFDPDeleteFileCorrupt                         (-1948)
#define JET_errDatabaseAlreadyRunningMaintenance                     (-2004)
#define JET_errRootSpaceLeakEstimationAlreadyRunning                 (-2006)
#define JET_errCallbackFailed                                        (-2101)
#define JET_errCallbackNotResolved                                   (-2102)
#define JET_errSpaceHintsInvalid                                     (-2103)
#define JET_errOSSnapshotInvalidSequence                             (-2401)
#define JET_errOSSnapshotTimeOut                                     (-2402)
#define JET_errOSSnapshotNotAllowed                                  (-2403)
#define JET_errOSSnapshotInvalidSnapId                               (-2404)
#define JET_errTooManyTestInjections                                 (-2501)
#define JET_errTestInjectionNotSupported                             (-2502)
#define JET_errInvalidLogDataSequence                                (-2601)
#define JET_errLSCallbackNotSpecified                                (-3000)
#define JET_errLSAlreadySet                                          (-3001)
#define JET_errLSNotSet                                              (-3002)
#define JET_errFileIOSparse                                          (-4000)
#define JET_errFileIOBeyondEOF                                       (-4001)
#define JET_errFileIOAbort                                           (-4002)
#define JET_errFileIORetry                                           (-4003)
#define JET_errFileIOFail                                            (-4004)
#define JET_errFileCompressed                                        (-4005)
#define JET_errClientSpaceBegin                                      (-10000)
#define JET_errClientSpaceEnd                                        (-11999)

/* ---- Aliases esent's documentation lists ---- */
#define JET_wrnRecordFoundGreater                                    JET_wrnSeekNotEqual
#define JET_wrnRecordFoundLess                                       JET_wrnSeekNotEqual
#define JET_errDatabaseInconsistent                                  JET_errDatabaseDirtyShutdown
#define JET_errColumnIllegalNull                                     JET_errNullInvalid
#define JET_errInvalidgrbit                                          JET_errInvalidGrbit


/* esent's structures use nameless unions (C11 / C++); GCC and Clang accept them in C99 with
 * __extension__. */
#if defined(__GNUC__) && !defined(__cplusplus)
#define JETSTORE_ANON_UNION __extension__ union
#else
#define JETSTORE_ANON_UNION union
#endif

/* ======================================================================================== */
/* Structures (esent's field names, order and types)                                       */
/* ======================================================================================== */

/* A log position: byte offset, sector, log generation. */
typedef struct {
    unsigned short ib;
    unsigned short isec;
    JET_LONG lGeneration;
} JET_LGPOS;

/* A packed time stamp (opaque to jetstore). */
typedef struct {
    char bSeconds;
    char bMinutes;
    char bHours;
    char bDay;
    char bMonth;
    char bYear;
    char bFiller1;
    char bFiller2;
} JET_LOGTIME;

typedef struct {
    JET_ULONG ulRandom;
    JET_LOGTIME logtimeCreate;
    char szComputerName[JET_MAX_COMPUTERNAME_LENGTH + 1];
} JET_SIGNATURE;

/* Identifies a level-0 commit (JetCommitTransaction2). commitId grows with every commit. */
typedef struct {
    JET_SIGNATURE signLog;
    int reserved;
    long long commitId;
} JET_COMMIT_ID;

/* A backup's mark in a database header (JET_DBINFOMISC). */
typedef struct {
    JET_LGPOS lgposMark;
    JET_LOGTIME logtimeMark;
    JET_ULONG genLow;
    JET_ULONG genHigh;
} JET_BKINFO;

/* JetGetDatabaseFileInfo / JetGetDatabaseInfo JET_DbInfoMisc. jetstore fills ulVersion (0x620,
 * as JET_DbInfoVersion), signDb.ulRandom (the database's identity), dbstate (CleanShutdown, or
 * DirtyShutdown while attached or until recovery has run), the esent version it implements in
 * dwMajorVersion / dwMinorVersion / dwBuildNumber (5.2.3790) and cbPageSize; the log positions,
 * times and backup marks are esent's log bookkeeping, which jetstore's log does not have: 0. */
typedef struct {
    JET_ULONG ulVersion;
    JET_ULONG ulUpdate;
    JET_SIGNATURE signDb;
    JET_ULONG dbstate;
    JET_LGPOS lgposConsistent;
    JET_LOGTIME logtimeConsistent;
    JET_LOGTIME logtimeAttach;
    JET_LGPOS lgposAttach;
    JET_LOGTIME logtimeDetach;
    JET_LGPOS lgposDetach;
    JET_SIGNATURE signLog;
    JET_BKINFO bkinfoFullPrev;
    JET_BKINFO bkinfoIncPrev;
    JET_BKINFO bkinfoFullCur;
    JET_ULONG fShadowingDisabled;
    JET_ULONG fUpgradeDb;
    JET_ULONG dwMajorVersion;
    JET_ULONG dwMinorVersion;
    JET_ULONG dwBuildNumber;
    JET_LONG lSPNumber;
    JET_ULONG cbPageSize;
} JET_DBINFOMISC;

/* Progress of a JET_sntProgress callback: pv points at one. */
typedef struct {
    JET_ULONG cbStruct;
    JET_ULONG cunitDone;
    JET_ULONG cunitTotal;
} JET_SNPROG;

/* One database relocation: old path (as recorded) -> new path. */
typedef struct {
    char *szDatabaseName;
    char *szNewDatabaseName;
} JET_RSTMAP;

/* Recovery control for JetInit3. cbStruct must equal sizeof(JET_RSTINFO). */
typedef struct {
    JET_ULONG cbStruct;
    JET_RSTMAP *rgrstmap;
    JET_LONG crstmap;
    JET_LGPOS lgposStop;
    JET_LOGTIME logtimeStop;
    JET_PFNSTATUS pfnStatus;
} JET_RSTINFO;

/* One entry of JetEnableMultiInstance's parameter array; err receives that entry's result. */
typedef struct {
    JET_ULONG paramid;
    JET_API_PTR lParam;
    const char *sz;
    JET_ERR err;
} JET_SETSYSPARAM;

/* One instance, as JetGetInstanceInfo reports it. The three arrays have cDatabases entries and
 * index i names the same database in each. szInstanceName is the instance's name (not its display
 * name), NULL when unnamed. */
typedef struct _JET_INSTANCE_INFO {
    JET_INSTANCE hInstanceId;
    char *szInstanceName;
    JET_API_PTR cDatabases;
    char **szDatabaseFileName;
    char **szDatabaseDisplayName;
    char **szDatabaseSLVFileName_Obsolete;
} JET_INSTANCE_INFO;
#define szDatabaseSLVFileName szDatabaseSLVFileName_Obsolete

/* Identifies an index for JetSetCurrentIndex4 (opaque; esent's size). */
typedef struct tagJET_INDEXID {
    JET_ULONG cbStruct;
    unsigned char rgbIndexId[sizeof(JET_API_PTR) + sizeof(JET_ULONG) + sizeof(JET_ULONG)];
} JET_INDEXID;


/* A column definition: JetAddColumn (in), JetGetColumnInfo JET_ColInfo (out), JetOpenTempTable. */
typedef struct {
    JET_ULONG cbStruct;     /* sizeof(JET_COLUMNDEF) */
    JET_COLUMNID columnid;      /* out */
    JET_COLTYP coltyp;
    unsigned short wCountry;
    unsigned short langid;
    unsigned short cp;          /* text columns: 1200 (UTF-16) or 1252; 0 = default */
    unsigned short wCollate;    /* must be 0 */
    JET_ULONG cbMax;        /* 0 = the type's maximum */
    JET_GRBIT grbit;            /* JET_bitColumn... */
} JET_COLUMNDEF;

/* JetGetColumnInfo JET_ColInfoBase / BaseByColid. */
typedef struct {
    JET_ULONG cbStruct;
    JET_COLUMNID columnid;
    JET_COLTYP coltyp;
    unsigned short wCountry;
    unsigned short langid;
    unsigned short cp;
    unsigned short wFiller;     /* must be 0 */
    JET_ULONG cbMax;
    JET_GRBIT grbit;
    char szBaseTableName[256];
    char szBaseColumnName[256];
} JET_COLUMNBASE_A;
#define JET_COLUMNBASE JET_COLUMNBASE_A

/* JetGetColumnInfo JET_ColInfoList: a temporary table of columns, one row per column. */
typedef struct {
    JET_ULONG cbStruct;
    JET_TABLEID tableid;        /* close with JetCloseTable */
    JET_ULONG cRecord;
    JET_COLUMNID columnidPresentationOrder;
    JET_COLUMNID columnidcolumnname;
    JET_COLUMNID columnidcolumnid;
    JET_COLUMNID columnidcoltyp;
    JET_COLUMNID columnidCountry;
    JET_COLUMNID columnidLangid;
    JET_COLUMNID columnidCp;
    JET_COLUMNID columnidCollate;
    JET_COLUMNID columnidcbMax;
    JET_COLUMNID columnidgrbit;
    JET_COLUMNID columnidDefault;
    JET_COLUMNID columnidBaseTableName;
    JET_COLUMNID columnidBaseColumnName;
    JET_COLUMNID columnidDefinitionName;
} JET_COLUMNLIST;

/* JetGetObjectInfo list: a temporary table of objects. */
typedef struct {
    JET_ULONG cbStruct;
    JET_TABLEID tableid;
    JET_ULONG cRecord;
    JET_COLUMNID columnidcontainername;
    JET_COLUMNID columnidobjectname;
    JET_COLUMNID columnidobjtyp;
    JET_COLUMNID columniddtCreate;
    JET_COLUMNID columniddtUpdate;
    JET_COLUMNID columnidgrbit;
    JET_COLUMNID columnidflags;
    JET_COLUMNID columnidcRecord;
    JET_COLUMNID columnidcPage;
} JET_OBJECTLIST;

/* JetGetIndexInfo JET_IdxInfoList: a temporary table, one row per index key segment. */
typedef struct {
    JET_ULONG cbStruct;
    JET_TABLEID tableid;
    JET_ULONG cRecord;
    JET_COLUMNID columnidindexname;
    JET_COLUMNID columnidgrbitIndex;
    JET_COLUMNID columnidcKey;
    JET_COLUMNID columnidcEntry;
    JET_COLUMNID columnidcPage;
    JET_COLUMNID columnidcColumn;
    JET_COLUMNID columnidiColumn;
    JET_COLUMNID columnidcolumnid;
    JET_COLUMNID columnidcoltyp;
    JET_COLUMNID columnidCountry;
    JET_COLUMNID columnidLangid;
    JET_COLUMNID columnidCp;
    JET_COLUMNID columnidCollate;
    JET_COLUMNID columnidgrbitColumn;
    JET_COLUMNID columnidcolumnname;
    JET_COLUMNID columnidLCMapFlags;
} JET_INDEXLIST;

/* One column of JetCreateTableColumnIndex*. columnid and err are outputs. */
typedef struct tag_JET_COLUMNCREATE_A {
    JET_ULONG cbStruct;     /* sizeof(JET_COLUMNCREATE) */
    char *szColumnName;
    JET_COLTYP coltyp;
    JET_ULONG cbMax;
    JET_GRBIT grbit;
    void *pvDefault;            /* NULL: no default */
    JET_ULONG cbDefault;
    JET_ULONG cp;
    JET_COLUMNID columnid;      /* out */
    JET_ERR err;                /* out */
} JET_COLUMNCREATE_A;
#define JET_COLUMNCREATE JET_COLUMNCREATE_A

typedef struct tagJET_CONDITIONALCOLUMN_A {
    JET_ULONG cbStruct;
    char *szColumnName;
    JET_GRBIT grbit;            /* JET_bitIndexColumnMustBeNull / MustBeNonNull */
} JET_CONDITIONALCOLUMN_A;
#define JET_CONDITIONALCOLUMN JET_CONDITIONALCOLUMN_A

typedef struct tagJET_UNICODEINDEX {
    JET_ULONG lcid;
    JET_ULONG dwMapFlags;
} JET_UNICODEINDEX;

/* jetstore: esent declares szLocaleName as WCHAR *; here it is a UTF-8 string (convention 2). */
typedef struct tagJET_UNICODEINDEX2 {
    char *szLocaleName;
    JET_ULONG dwMapFlags;
} JET_UNICODEINDEX2;

typedef struct tagJET_TUPLELIMITS {
    JET_ULONG chLengthMin;
    JET_ULONG chLengthMax;
    JET_ULONG chToIndexMax;
    JET_ULONG cchIncrement;
    JET_ULONG ichStart;
} JET_TUPLELIMITS;

typedef struct tagJET_SPACEHINTS {
    JET_ULONG cbStruct;
    JET_ULONG ulInitialDensity;
    JET_ULONG cbInitial;
    JET_GRBIT grbit;
    JET_ULONG ulMaintDensity;
    JET_ULONG ulGrowth;
    JET_ULONG cbMinExtent;
    JET_ULONG cbMaxExtent;
} JET_SPACEHINTS;

/* One index of JetCreateIndex2 / JetCreateTableColumnIndex / 2. err is an output. */
typedef struct tagJET_INDEXCREATE_A {
    JET_ULONG cbStruct;     /* sizeof(JET_INDEXCREATE) */
    char *szIndexName;
    char *szKey;                /* "+col\0-col\0\0" */
    JET_ULONG cbKey;        /* bytes of szKey, both terminating NULs included */
    JET_GRBIT grbit;
    JET_ULONG ulDensity;
    JETSTORE_ANON_UNION {
        JET_ULONG lcid;               /* without JET_bitIndexUnicode */
        JET_UNICODEINDEX *pidxunicode;    /* with JET_bitIndexUnicode */
    };
    JETSTORE_ANON_UNION {
        JET_ULONG cbVarSegMac;        /* without JET_bitIndexTupleLimits */
        JET_TUPLELIMITS *ptuplelimits;    /* with JET_bitIndexTupleLimits */
    };
    JET_CONDITIONALCOLUMN_A *rgconditionalcolumn;
    JET_ULONG cConditionalColumn;
    JET_ERR err;                /* out */
    JET_ULONG cbKeyMost;    /* with JET_bitIndexKeyMost */
} JET_INDEXCREATE_A;
#define JET_INDEXCREATE JET_INDEXCREATE_A

/* JetCreateIndex3 / JetCreateTableColumnIndex3: JET_INDEXCREATE plus space hints. */
typedef struct tagJET_INDEXCREATE2_A {
    JET_ULONG cbStruct;
    char *szIndexName;
    char *szKey;
    JET_ULONG cbKey;
    JET_GRBIT grbit;
    JET_ULONG ulDensity;
    JETSTORE_ANON_UNION {
        JET_ULONG lcid;
        JET_UNICODEINDEX *pidxunicode;
    };
    JETSTORE_ANON_UNION {
        JET_ULONG cbVarSegMac;
        JET_TUPLELIMITS *ptuplelimits;
    };
    JET_CONDITIONALCOLUMN_A *rgconditionalcolumn;
    JET_ULONG cConditionalColumn;
    JET_ERR err;
    JET_ULONG cbKeyMost;
    JET_SPACEHINTS *pSpacehints;
} JET_INDEXCREATE2_A;
#define JET_INDEXCREATE2 JET_INDEXCREATE2_A

/* JetCreateIndex4 / JetCreateTableColumnIndex4: locale by name, no lcid union. */
typedef struct tagJET_INDEXCREATE3_A {
    JET_ULONG cbStruct;
    char *szIndexName;
    char *szKey;
    JET_ULONG cbKey;
    JET_GRBIT grbit;
    JET_ULONG ulDensity;
    JET_UNICODEINDEX2 *pidxunicode;
    JETSTORE_ANON_UNION {
        JET_ULONG cbVarSegMac;
        JET_TUPLELIMITS *ptuplelimits;
    };
    JET_CONDITIONALCOLUMN_A *rgconditionalcolumn;
    JET_ULONG cConditionalColumn;
    JET_ERR err;
    JET_ULONG cbKeyMost;
    JET_SPACEHINTS *pSpacehints;
} JET_INDEXCREATE3_A;
#define JET_INDEXCREATE3 JET_INDEXCREATE3_A

/* JetCreateTableColumnIndex. tableid and cCreated are outputs. */
typedef struct tagJET_TABLECREATE_A {
    JET_ULONG cbStruct;             /* sizeof(JET_TABLECREATE) */
    char *szTableName;
    char *szTemplateTableName;          /* NULL, or a table created with JET_bitTableCreateTemplateTable */
    JET_ULONG ulPages;
    JET_ULONG ulDensity;
    JET_COLUMNCREATE_A *rgcolumncreate;
    JET_ULONG cColumns;
    JET_INDEXCREATE_A *rgindexcreate;
    JET_ULONG cIndexes;
    JET_GRBIT grbit;                    /* JET_bitTableCreate... */
    JET_TABLEID tableid;                /* out: an open cursor on the new table */
    JET_ULONG cCreated;             /* out: 1 (table) + columns + indexes created */
} JET_TABLECREATE_A;
#define JET_TABLECREATE JET_TABLECREATE_A

/* JetCreateTableColumnIndex2: adds a callback (jetstore: must be NULL / 0). */
typedef struct tagJET_TABLECREATE2_A {
    JET_ULONG cbStruct;
    char *szTableName;
    char *szTemplateTableName;
    JET_ULONG ulPages;
    JET_ULONG ulDensity;
    JET_COLUMNCREATE_A *rgcolumncreate;
    JET_ULONG cColumns;
    JET_INDEXCREATE_A *rgindexcreate;
    JET_ULONG cIndexes;
    char *szCallback;
    JET_CBTYP cbtyp;
    JET_GRBIT grbit;
    JET_TABLEID tableid;
    JET_ULONG cCreated;
} JET_TABLECREATE2_A;
#define JET_TABLECREATE2 JET_TABLECREATE2_A

/* JetCreateTableColumnIndex3: JET_INDEXCREATE2 indexes and space hints. */
typedef struct tagJET_TABLECREATE3_A {
    JET_ULONG cbStruct;
    char *szTableName;
    char *szTemplateTableName;
    JET_ULONG ulPages;
    JET_ULONG ulDensity;
    JET_COLUMNCREATE_A *rgcolumncreate;
    JET_ULONG cColumns;
    JET_INDEXCREATE2_A *rgindexcreate;
    JET_ULONG cIndexes;
    char *szCallback;
    JET_CBTYP cbtyp;
    JET_GRBIT grbit;
    JET_SPACEHINTS *pSeqSpacehints;
    JET_SPACEHINTS *pLVSpacehints;
    JET_ULONG cbSeparateLV;
    JET_TABLEID tableid;
    JET_ULONG cCreated;
} JET_TABLECREATE3_A;
#define JET_TABLECREATE3 JET_TABLECREATE3_A

/* JetOpenTemporaryTable: the arguments of JetOpenTempTable3 plus key limits. */
typedef struct tagJET_OPENTEMPORARYTABLE {
    JET_ULONG cbStruct;
    const JET_COLUMNDEF *prgcolumndef;
    JET_ULONG ccolumn;
    JET_UNICODEINDEX *pidxunicode;
    JET_GRBIT grbit;
    JET_COLUMNID *prgcolumnid;
    JET_ULONG cbKeyMost;
    JET_ULONG cbVarSegMac;
    JET_TABLEID tableid;                /* out */
} JET_OPENTEMPORARYTABLE;

/* JetRetrieveColumn: which value of a long / multi-valued column. */
typedef struct {
    JET_ULONG cbStruct;             /* sizeof(JET_RETINFO) */
    JET_ULONG ibLongValue;          /* byte offset into a long value */
    JET_ULONG itagSequence;         /* 1-based value index; 0 with columnid 0 = count */
    JET_COLUMNID columnidNextTagged;    /* out (columnid 0 retrieval) */
} JET_RETINFO;

/* JetSetColumn: which value of a long / multi-valued column. */
typedef struct {
    JET_ULONG cbStruct;             /* sizeof(JET_SETINFO) */
    JET_ULONG ibLongValue;          /* with JET_bitSetOverwriteLV */
    JET_ULONG itagSequence;         /* 1-based; 0 = append a new value */
} JET_SETINFO;

/* JetGetRecordPosition (out) / JetGotoPosition (in). */
typedef struct {
    JET_ULONG cbStruct;
    JET_ULONG centriesLT;
    JET_ULONG centriesInRange;
    JET_ULONG centriesTotal;
} JET_RECPOS;

/* JetIntersectIndexes input. */
typedef struct {
    JET_ULONG cbStruct;
    JET_TABLEID tableid;
    JET_GRBIT grbit;                    /* JET_bitRecordInIndex (NotInIndex is refused, as esent does) */
} JET_INDEXRANGE;

/* JetIntersectIndexes output: a temporary table of bookmarks. */
typedef struct {
    JET_ULONG cbStruct;                 /* in: sizeof(JET_RECORDLIST) */
    JET_TABLEID tableid;                /* the bookmarks' table, standing on its first row */
    JET_ULONG cRecord;                  /* its rows */
    JET_COLUMNID columnidBookmark;      /* its one column (binary, the key): a bookmark per row */
} JET_RECORDLIST;

/* One column of JetSetColumns; err is an output. */
typedef struct {
    JET_COLUMNID columnid;
    const void *pvData;
    JET_ULONG cbData;
    JET_GRBIT grbit;
    JET_ULONG ibLongValue;
    JET_ULONG itagSequence;
    JET_ERR err;
} JET_SETCOLUMN;

/* One column of JetRetrieveColumns; cbActual, columnidNextTagged and err are outputs. */
typedef struct {
    JET_COLUMNID columnid;
    void *pvData;
    JET_ULONG cbData;
    JET_ULONG cbActual;
    JET_GRBIT grbit;
    JET_ULONG ibLongValue;
    JET_ULONG itagSequence;
    JET_COLUMNID columnidNextTagged;
    JET_ERR err;
} JET_RETRIEVECOLUMN;

/* One column JetEnumerateColumns is asked for: columnid 0 skips the element; ctagSequence 0 asks
 * for every value of the column, else rgtagSequence lists the itagSequences wanted (1-based; 0
 * skips that slot). */
typedef struct {
    JET_COLUMNID columnid;
    JET_ULONG ctagSequence;
    JET_ULONG *rgtagSequence;
} JET_ENUMCOLUMNID;

/* One value JetEnumerateColumns returns; pvData is the allocator's (NULL when cbData is 0). */
typedef struct {
    JET_ULONG itagSequence;
    JET_ERR err;
    JET_ULONG cbData;
    void *pvData;
} JET_ENUMCOLUMNVALUE;

/* One column JetEnumerateColumns returns: with err JET_wrnColumnSingleValue its one value is in
 * cbData / pvData; with any other err its values are in cEnumColumnValue / rgEnumColumnValue. */
typedef struct {
    JET_COLUMNID columnid;
    JET_ERR err;
    JETSTORE_NAMELESS union {
        JETSTORE_NAMELESS struct {
            JET_ULONG cEnumColumnValue;
            JET_ENUMCOLUMNVALUE *rgEnumColumnValue;
        };
        JETSTORE_NAMELESS struct {
            JET_ULONG cbData;
            void *pvData;
        };
    };
} JET_ENUMCOLUMN;

/* ======================================================================================== */
/* Process run mode and instances                                                          */
/* ======================================================================================== */

/* A process runs in one of three modes: not set; one-instance (legacy: JetInit(NULL) creates an
 * implicit instance and most instance arguments are ignored); multi-instance (JetCreateInstance,
 * JetEnableMultiInstance). The mode returns to "not set" when the last instance is freed.
 * Process-wide calls (create, init's allocation, enable, global parameters, instance info) are
 * serialized by one process lock; init, term and stop of one instance do not block others. */

/** Allocate a new, uninitialized instance and switch the process to multi-instance mode.
 * @param[out] pinstance  receives the handle; JET_instanceNil on failure. Must not be NULL.
 * @param[in] szInstanceName  unique name in the process (case-sensitive); NULL is a valid name,
 *        but only one live instance may be unnamed.
 * The new instance's parameters start as copies of the global values. Release it with JetTerm,
 * even if it is never initialized. Any thread.
 * @return JET_errSuccess;
 *  JET_errInvalidParameter: pinstance is NULL;
 *  JET_errInstanceNameInUse: a live instance has this name (or both are unnamed);
 *  JET_errRunningInOneInstanceMode: the process already runs a legacy JetInit(NULL) instance;
 *  JET_errTooManyInstances: JET_paramMaxInstances live instances exist;
 *  JET_errOutOfMemory. */
JET_ERR JET_API JetCreateInstance(JET_INSTANCE *pinstance, const char *szInstanceName);

/** JetCreateInstance with a display name (defaults to the name, then "") and a reserved grbit.
 * @return as JetCreateInstance; JET_errInvalidGrbit for any bit (none is defined). */
JET_ERR JET_API JetCreateInstance2(JET_INSTANCE *pinstance, const char *szInstanceName,
                                   const char *szDisplayName, JET_GRBIT grbit);

/** Bring an instance to Running.
 * @param[in,out] pinstance  multi-instance mode: points at a JetCreateInstance handle; a NULL or
 *        Nil *pinstance allocates an unnamed instance and writes its handle. NULL, or NULL/Nil
 *        *pinstance, in a process whose mode is not set: one-instance mode with an implicit
 *        instance, whose handle is written to *pinstance. [esent] A stale handle while no instance
 *        lives also starts one-instance mode with a fresh instance (parameters are not carried).
 * A failed init (any error but JET_errAlreadyInitialized, or one saying another thread is
 * initializing, terminating or restoring the same instance) frees the instance and writes 0 to
 * *pinstance: do not call JetTerm after it. Every database is detached at init (re-attach after
 * each init). With JET_paramRecovery "on", JetInit runs crash recovery: it replays the log from
 * the checkpoint (or from the oldest generation, when edb.chk is gone) into each database the log
 * names, above the commit its file stands at, making again a database created in the scanned log
 * and since deleted; a torn record at the end of the newest generation is the normal end of a
 * crash. Replay is idempotent: a crash during it is recovered by the next JetInit. Any thread.
 * Grbits honoured: JET_bitReplayIgnoreMissingDB, JET_bitTruncateLogsAfterRecovery (delete every
 * generation but the current one afterwards), JET_bitLogStreamMustExist.
 * @return JET_errSuccess;
 *  JET_errAlreadyInitialized: the instance (or the one-instance-mode instance) is running; nothing changes;
 *  JET_errRunningInMultiInstanceMode: pinstance is NULL in multi-instance mode;
 *  JET_errInvalidParameter: an unknown handle in multi-instance mode;
 *  JET_errInstanceNameInUse, JET_errTooManyInstances: allocating the implicit instance failed;
 *  JET_errTermInProgress, JET_errRestoreInProgress, JET_errInitInProgress: another thread is
 *      terminating, restoring or initializing the instance (it is not freed);
 *  JET_errInvalidGrbit: unknown bits (JetInit2/3); the instance is freed;
 *  JET_errInvalidPath: the system or log folder is missing (set JET_paramCreatePathIfNotExist);
 *  JET_errSystemPathInUse / JET_errLogFilePathInUse: another running instance with recovery on
 *      uses the same folder;
 *  JET_errFileAccessDenied, JET_errDiskFull, JET_errDiskIO, JET_errOutOfMemory: the system refused
 *      (writing the checkpoint file or the log, allocating the session table);
 *  recovery's codes, each leaving every file as it was: JET_errLogFileCorrupt: a record that fails
 *      its checksum anywhere but at the end of the newest generation, or generations of another
 *      log stream; JET_errMissingLogFile: a generation replay needs is gone (or, with
 *      JET_bitLogStreamMustExist, there is no log); JET_errCheckpointCorrupt: edb.chk is not a
 *      checkpoint file; JET_errBadCheckpointSignature: edb.chk belongs to another log stream;
 *      JET_errAttachedDatabaseMismatch: a database the log writes is missing or another file
 *      (JET_bitReplayIgnoreMissingDB skips it); JET_errDatabaseSharingViolation: a database to
 *      replay is attached elsewhere in the process; JET_errDatabaseCorrupted. */
JET_ERR JET_API JetInit(JET_INSTANCE *pinstance);

/** JetInit with recovery grbits (JET_bitReplay..., JET_bitRecoveryWithoutUndo, ...).
 * @return as JetInit; JET_errInvalidGrbit for bits esent does not define. */
JET_ERR JET_API JetInit2(JET_INSTANCE *pinstance, JET_GRBIT grbit);

/** JetInit2 with an optional JET_RSTINFO: its relocation map (rgrstmap, crstmap) makes replay
 * write each database named by szDatabaseName (as attached) at szNewDatabaseName instead, and
 * rebuild it there from the log when the log still holds its creation; pfnStatus gets
 * JET_snpRestore Begin and Complete / Fail.
 * lgposStop (point-in-time recovery; ignored when lGeneration is 0): replay applies only the
 * records that begin before the position (generation lGeneration, byte isec * 512 + ib;
 * ib = isec = 0xFFFF: the end of that generation; {0, 0, n}: everything before generation n), and
 * the log is cut there: the records and generations past it are deleted, and the instance runs on
 * from the stop (no undo is needed: a record is a whole transaction). A stop past the log's end
 * changes nothing. Typical use: after an external restore (the backup's databases and logs copied
 * into place, the checkpoint file removed), to bring the databases to a moment between the
 * backup and the newest log. logtimeStop is reserved and ignored.
 * @return as JetInit2; JET_errInvalidParameter when prstInfo->cbStruct != sizeof(JET_RSTINFO),
 *  crstmap < 0, a map entry with a NULL or empty name, or a negative lgposStop.lGeneration;
 *  JET_errDbTimeTooNew when a database (or the checkpoint) already stands past the stop: nothing
 *  is changed, a database cannot be taken back. */
JET_ERR JET_API JetInit3(JET_INSTANCE *pinstance, JET_RSTINFO *prstInfo, JET_GRBIT grbit);

/** Stop an instance: [esent] the same as JetTerm2(instance, JET_bitTermAbrupt). */
JET_ERR JET_API JetTerm(JET_INSTANCE instance);

/** Stop an instance, or free one that was created but never initialized.
 * @param[in] grbit  0 or JET_bitTermComplete (clean), JET_bitTermAbrupt (no optional cleanup),
 *        JET_bitTermStopBackup (stop a running backup), JET_bitTermDirty (leave the databases
 *        dirty: the next init recovers).
 * Term first blocks new calls (they get JET_errTermInProgress) and waits, without polling, for
 * every call in flight on the instance to return; then it ends every idle session (their handles
 * become invalid). After it returns, no call runs inside the instance. Any thread.
 * @return JET_errSuccess;
 *  [esent] JET_errDirtyShutdown: a successful JET_bitTermDirty stop;
 *  [esent] JET_errTooManyActiveUsers: a session still has an open transaction (every mode but
 *      Dirty, and not for a Failed instance, which is always stopped dirty); the instance is
 *      left as it was, so roll back and retry;
 *  JET_errInvalidParameter: not a live instance (multi-instance mode, or a NULL/Nil handle when
 *      the mode is not one-instance);
 *  A clean stop with the log checkpoints every committed change into the database files, marks
 *  them consistent and the checkpoint clean; if that fails (JET_errLogWriteFail, JET_errDiskFull,
 *  JET_errDiskIO, JET_errOutOfDatabaseSpace) the instance is still stopped, dirty, and the next
 *  JetInit recovers. [esent] A Failed instance is stopped dirty and JetTerm returns success.
 *  JET_errTermInProgress: another term runs on the instance;
 *  JET_errRestoreInProgress: a restore runs on the instance;
 *  JET_errInitInProgress: another thread is inside JetInit on the instance;
 *  JET_errInvalidGrbit: unknown bits. */
JET_ERR JET_API JetTerm2(JET_INSTANCE instance, JET_GRBIT grbit);

/** Prepare the one-instance-mode instance for termination (legacy).
 * @return as JetStopServiceInstance; JET_errRunningInMultiInstanceMode in multi-instance mode;
 *  JET_errInvalidParameter when no instance exists. */
JET_ERR JET_API JetStopService(void);

/** Prepare an instance for termination: every later call on it is refused with
 * JET_errClientRequestToStopJetService except JetRollback, JetCloseTable, JetEndSession,
 * JetCloseDatabase, JetDetachDatabase, JetResetSessionContext and JetTerm. One-way until JetTerm.
 * @return JET_errSuccess; JET_errInvalidParameter: not a running instance (unknown, created but not
 *  initialized, or being initialized); JET_errInstanceUnavailable[DueToFatalLogDiskFull],
 *  JET_errTermInProgress, JET_errRestoreInProgress: the instance's state. */
JET_ERR JET_API JetStopServiceInstance(JET_INSTANCE instance);

/** Stop (or with JET_bitStopServiceResume, resume) services of an instance.
 * @param[in] grbit  JET_bitStopServiceAll (as JetStopServiceInstance; cannot be resumed),
 *        JET_bitStopServiceBackgroundUserTasks, JET_bitStopServiceQuiesceCaches (resumable: calls
 *        are still accepted), each optionally with JET_bitStopServiceResume.
 * @return as JetStopServiceInstance; JET_errInvalidParameter also for a resume after an All stop;
 *  JET_errInvalidGrbit: unknown bits. Resume with nothing stopped succeeds. */
JET_ERR JET_API JetStopServiceInstance2(JET_INSTANCE instance, const JET_GRBIT grbit);

/** Switch the process to multi-instance mode and, atomically, set global parameters.
 * @param[in,out] psetsysparam  csetsysparam entries (ignored when csetsysparam is 0); each
 *        entry's err receives its own result.
 * @param[out] pcsetsucceed  optional: how many entries were set (they stay set on failure).
 * @return JET_errSuccess; JET_errRunningInOneInstanceMode; JET_errSystemParamsAlreadySet: already
 *  in multi-instance mode (even with no parameters); [esent] JET_errSystemParameterConflict:
 *  already in multi-instance mode and a value differs from the current one;
 *  JET_errInvalidParameter: csetsysparam > 0 with a NULL array, or an entry was rejected. */
JET_ERR JET_API JetEnableMultiInstance(JET_SETSYSPARAM *psetsysparam, JET_ULONG csetsysparam,
                                       JET_ULONG *pcsetsucceed);

/** List every allocated instance (created, running, ...) with its attached databases.
 * The array and its strings are one block: free it with JetFreeBuffer.
 * @return JET_errSuccess (with 0 and NULL when there is none); JET_errInvalidParameter: an out
 *  pointer is NULL; JET_errOutOfMemory. */
JET_ERR JET_API JetGetInstanceInfo(JET_ULONG *pcInstanceInfo, JET_INSTANCE_INFO **paInstanceInfo);

/** Free a block the engine returned (JetGetInstanceInfo). NULL is accepted.
 * @return JET_errSuccess. */
JET_ERR JET_API JetFreeBuffer(char *pbBuf);

/** Set one system parameter.
 * Target: the session's instance when sesid is neither 0 nor Nil (JET_paramCommitDefault then sets
 * that session's default); else in one-instance mode the instance; else *pinstance when pinstance
 * and *pinstance are neither NULL nor Nil; else the global value, the default of instances
 * created later. Global-only parameters always go to the global value. pinstance is never written.
 * @param[in] lParam  the value of integer, boolean and grbit parameters.
 * @param[in] szParam  the value of string and path parameters.
 * @return JET_errSuccess (also when JET_paramEnableAdvanced is 0 and an advanced parameter is
 *  silently ignored, as esent does);
 *  JET_errAlreadyInitialized: the parameter cannot change in this state (after JetInit, or, for
 *      JET_paramMaxInstances, once the run mode is chosen); setting the current value succeeds;
 *  JET_errInvalidParameter: unknown paramid, value out of range, string too long, NULL string;
 *  JET_errInvalidInstance: *pinstance is not a live instance;
 *  JET_errInvalidSesid, JET_errNotInitialized: a bad sesid;
 *  JET_errInitInProgress, JET_errRestoreInProgress, JET_errTermInProgress,
 *  JET_errClientRequestToStopJetService, JET_errInstanceUnavailable: the instance's state. */
JET_ERR JET_API JetSetSystemParameter(JET_INSTANCE *pinstance, JET_SESID sesid, JET_ULONG paramid,
                                      JET_API_PTR lParam, JET_PCSTR szParam);

/** Read one system parameter; target selection as JetSetSystemParameter (instance by value).
 * @param[out] plParam  receives integer values (must not be NULL for them).
 * @param[out] szParam  receives string values, NUL-terminated, in cbMax bytes.
 * @return JET_errSuccess; JET_wrnBufferTruncated: the string was cut to cbMax - 1 bytes (esent
 *  returns success here); JET_errInvalidParameter: unknown paramid, NULL buffer, or cbMax 0 for a
 *  string; JET_errInvalidInstance, JET_errInvalidSesid, and the state codes of
 *  JetSetSystemParameter (but JET_errInitInProgress is not returned for reads of a Created instance). */
JET_ERR JET_API JetGetSystemParameter(JET_INSTANCE instance, JET_SESID sesid, JET_ULONG paramid,
                                      JET_API_PTR *plParam, JET_PSTR szParam, JET_ULONG cbMax);

/** Report the esent version jetstore implements, in esent's format: (major << 28) | (minor << 24) |
 * (build << 8) | service pack: 5.2.3790 (Windows Server 2003), 0x520ECE00, the level whose
 * functions jetstore exports (bindings such as ManagedEsent choose their entry points by the build
 * number in bits 8..23; the W entry points of Vista and later are not provided).
 * @return JET_errSuccess; JET_errInvalidParameter: pwVersion is NULL; the session codes. */
JET_ERR JET_API JetGetVersion(JET_SESID sesid, JET_ULONG *pwVersion);

/** Idle-time work for the session's instance.
 * grbit: 0 (clean up versions: nothing is left to clean, JET_wrnNoIdleActivity);
 * JET_bitIdleFlushBuffers (every lazy commit to the log and the committed changes into the
 * databases; JET_errSuccess); JET_bitIdleCompact (nothing to compact: JET_wrnNoIdleActivity);
 * JET_bitIdleStatus (whether the version store is nearly full: never, JET_errSuccess; it wins
 * over the other bits).
 * @return as above; JET_errInvalidGrbit; the log's codes (FlushBuffers); the session codes. */
JET_ERR JET_API JetIdle(JET_SESID sesid, JET_GRBIT grbit);

/* ======================================================================================== */
/* Sessions                                                                                */
/* ======================================================================================== */

/* Every call that takes a JET_SESID checks, in this order: the handle is 0 or Nil
 * (JET_errInvalidSesid); no instance is initialized in the process (JET_errNotInitialized); the
 * handle was ended or never existed (JET_errInvalidSesid); the instance is stop-requested
 * (JET_errClientRequestToStopJetService, except for the exempt calls), Failed
 * (JET_errInstanceUnavailable[DueToFatalLogDiskFull]), terminating (JET_errTermInProgress),
 * restoring (JET_errRestoreInProgress), not initialized (JET_errNotInitialized); another thread
 * is inside a call on the session (JET_errSessionSharingViolation). */

/** Open a session on a running instance.
 * @param[in] instance  ignored in one-instance mode; else a JetCreateInstance handle.
 * @param[out] psesid  receives the handle.
 * @param szUserName, szPassword  reserved; NULL or anything.
 * Cost: a handful of atomic operations (per-thread caches of free slots); no lock in the common case.
 * @return JET_errSuccess; JET_errInvalidParameter: psesid is NULL or the handle is unknown;
 *  JET_errOutOfSessions: JET_paramMaxSessions sessions are open (an exact cap);
 *  JET_errNotInitialized, JET_errTermInProgress, JET_errRestoreInProgress,
 *  JET_errClientRequestToStopJetService, JET_errInstanceUnavailable: the instance's state. */
JET_ERR JET_API JetBeginSession(JET_INSTANCE instance, JET_SESID *psesid, JET_PCSTR szUserName,
                                JET_PCSTR szPassword);

/** Open a new session on the instance of sesid. Nothing is copied (no transaction, databases,
 * cursors or context).
 * @return as JetBeginSession, plus the session codes for sesid (JET_errSessionSharingViolation
 *  while another thread is inside a call on it). */
JET_ERR JET_API JetDupSession(JET_SESID sesid, JET_SESID *psesid);

/** End a session: roll back every open level, close its databases and cursors, free it.
 * @param[in] grbit  0 or JET_bitForceSessionClosed (accepted, no effect).
 * Exempt from stop-service. The handle is invalid afterwards.
 * @return JET_errSuccess;
 *  JET_errSessionInUse: [esent] a session context is set, by any thread, the caller included:
 *      reset it first; the session is unchanged;
 *  JET_errSessionSharingViolation: [esent] the open transaction is bound to another thread (or
 *      to a context this thread does not hold); the session survives and stays usable;
 *  JET_errInvalidGrbit: unknown bits; the session codes. */
JET_ERR JET_API JetEndSession(JET_SESID sesid, JET_GRBIT grbit);

/** Claim a session for the calling thread under the value ulContext.
 * A transaction begun while a context is set is bound to the value, not to the thread: it may
 * continue on any thread that sets the same value. One compare-and-swap, no lock, allocation,
 * system call or storage access. Of several threads racing to set a context, exactly one wins.
 * @param[in] ulContext  any value but 0 and (JET_API_PTR)-1; the same value for the whole life of
 *        a context-bound transaction.
 * @return JET_errSuccess; JET_errSessionContextAlreadySet: a context is already set, by any
 *  thread (also what every loser of a race gets); JET_errInvalidParameter: 0 or -1;
 *  JET_errSessionSharingViolation: another thread is inside a call on the session;
 *  JET_errOutOfMemory: the calling thread already holds the contexts of 32 sessions (a fixed
 *  per-thread registry: the call itself never allocates);
 *  the instance state codes (JET_errClientRequestToStopJetService included). */
JET_ERR JET_API JetSetSessionContext(JET_SESID sesid, JET_API_PTR ulContext);

/** Release the calling thread's context on the session. Must run on the thread that set it. The
 * release is the call's last step, so a JetSetSessionContext that follows it on any thread
 * succeeds. Exempt from stop-service. No lock, allocation, system call or storage access.
 * @return JET_errSuccess; JET_errSessionContextNotSetByThisThread: another thread set it, or
 *  [esent] no context is set; JET_errSessionSharingViolation: another thread is inside a call on
 *  the session (checked first); JET_errInvalidSesid / JET_errNotInitialized: the session was
 *  ended (by JetTerm); JET_errTermInProgress, JET_errRestoreInProgress,
 *  JET_errInstanceUnavailable[DueToFatalLogDiskFull]. */
JET_ERR JET_API JetResetSessionContext(JET_SESID sesid);

/* ======================================================================================== */
/* Transactions                                                                            */
/* ======================================================================================== */


/** Begin a transaction, or a save point inside one (levels 1..7).
 * At level 0 -> 1 the transaction is bound to the session context value if one is set, else to
 * the calling thread. A nested begin must come from that thread / context.
 * @return JET_errSuccess; JET_errTransTooDeep: already at level 7;
 *  JET_errSessionSharingViolation: nested begin from the wrong thread or context; the session codes. */
JET_ERR JET_API JetBeginTransaction(JET_SESID sesid);

/** JetBeginTransaction with JET_bitTransactionReadOnly (honoured at level 0 -> 1 only: updates then
 * give JET_errTransReadOnly). [esent] Unknown bits are ignored. */
JET_ERR JET_API JetBeginTransaction2(JET_SESID sesid, JET_GRBIT grbit);

/** JetBeginTransaction2 with a caller tag (ignored). */
JET_ERR JET_API JetBeginTransaction3(JET_SESID sesid, long long trxid, JET_GRBIT grbit);

/** Commit the innermost save point into the one below it; committing level 1 ends the
 * transaction and makes it durable on return unless it is lazy (JET_bitCommitLazyFlush, the
 * session's JET_paramCommitDefault, or JET_paramRecovery "off"): convention 9. A level-0 commit
 * of a transaction that wrote several databases commits all of them, as one.
 * @param[in] grbit  JET_bitCommitLazyFlush; or alone, JET_bitWaitLastLevel0Commit (make this
 *        session's lazy commits durable) or JET_bitWaitAllLevel0Commit (everyone's), both allowed
 *        outside a transaction and committing nothing; or alone, JET_bitForceNewLog.
 * @return JET_errSuccess; JET_errNotInTransaction: level 0 without a Wait flag;
 *  JET_errInvalidGrbit: unknown bits, or a Wait / ForceNewLog flag with another;
 *  JET_errSessionSharingViolation: the transaction is bound to another thread or context
 *  (nothing changes);
 *  JET_errLogWriteFail / JET_errLogDiskFull: the log write or flush failed: the instance is now
 *      Failed (convention 10); the transaction is not committed;
 *  JET_errOutOfDatabaseSpace: a database the transaction writes is at its size limit
 *      (JetCreateDatabase2 / JetAttachDatabase2), or full and the checkpoint cannot move while the
 *      log behind it reached JET_paramCheckpointDepthMax; nothing changes: roll back;
 *  the session codes. */
JET_ERR JET_API JetCommitTransaction(JET_SESID sesid, JET_GRBIT grbit);

/** JetCommitTransaction that also reports the commit's id.
 * @param[in] cmsecDurableCommit  0, or for a lazy commit the most milliseconds it may stay undurable.
 * @param[out] pCommitID  optional.
 * @return as JetCommitTransaction; [esent] JET_errInvalidParameter: cmsecDurableCommit != 0 on a
 *  commit that is not lazy. */
JET_ERR JET_API JetCommitTransaction2(JET_SESID sesid, JET_GRBIT grbit, JET_ULONG cmsecDurableCommit,
                                      JET_COMMIT_ID *pCommitID);

/** Undo the innermost save point (JET_bitRollbackAll: every level). Cursors opened inside an
 * undone level are closed and updates prepared in it are cancelled. Exempt from stop-service.
 * @return JET_errSuccess; JET_errNotInTransaction: level 0; JET_errInvalidGrbit: [esent] any bit
 *  but JET_bitRollbackAll; JET_errSessionSharingViolation: wrong thread or context (nothing
 *  changes); JET_errRollbackError: a fatal error (the instance becomes unavailable); the session codes. */
JET_ERR JET_API JetRollback(JET_SESID sesid, JET_GRBIT grbit);

/* ======================================================================================== */
/* The ISAM data API: databases, tables, columns, records, navigation                      */
/* ======================================================================================== */

/* Every function below that takes a JET_SESID first runs the session checks of the "Sessions"
 * section (JET_errInvalidSesid, JET_errNotInitialized, the instance-state codes,
 * JET_errSessionSharingViolation); "the session codes" means those. A JET_TABLEID that is closed,
 * unknown or another session's gives JET_errInvalidTableId; a JET_DBID the session has not opened
 * gives JET_errInvalidDatabaseId. Outside a transaction each call runs in an implicit transaction
 * (it reads a fresh snapshot and commits its writes before it returns). Inside one, reads see the
 * snapshot taken at the level-0 begin plus the transaction's own writes. */

/* ---- Databases ---- */

/** Create a database file, attach it to the instance and open it for the session.
 * @param[in] szFilename  path of the new file.
 * @param[in] szConnect  reserved: NULL or "".
 * @param[out] pdbid  receives the open database.
 * @param[in] grbit  0, JET_bitDbRecoveryOff, JET_bitDbShadowingOff, JET_bitDbOverwriteExisting.
 * Must be called outside a transaction. The database is open for this session (not exclusively:
 * other sessions may open it with JetOpenDatabase).
 * @return JET_errSuccess;
 *  JET_errDatabaseDuplicate: the file exists (without JET_bitDbOverwriteExisting), or it is
 *      attached to this instance (even with OverwriteExisting);
 *  JET_errInTransaction: the session is inside a transaction;
 *  JET_errTooManyAttachedDatabases: JET_cMaxAttachedDatabases user databases are attached;
 *  JET_errDatabaseSharingViolation: another instance of this process holds the file (DECISIONS 14);
 *  JET_errFileAccessDenied: another process holds it, or the folder is read-only;
 *  JET_errInvalidPath, JET_errDiskFull, JET_errOutOfMemory: the system refused;
 *  JET_errInvalidParameter: szFilename or pdbid is NULL;
 *  JET_errInvalidGrbit: unknown bits; the session codes. */
JET_ERR JET_API JetCreateDatabase(JET_SESID sesid, JET_PCSTR szFilename, JET_PCSTR szConnect,
                                  JET_DBID *pdbid, JET_GRBIT grbit);

/** JetCreateDatabase with a size limit.
 * @param[in] cpgDatabaseSizeMax  the most pages the file may grow to; 0 = no limit.
 * @return as JetCreateDatabase; JET_errOutOfDatabaseSpace later, when an update would exceed it. */
JET_ERR JET_API JetCreateDatabase2(JET_SESID sesid, JET_PCSTR szFilename, const JET_ULONG cpgDatabaseSizeMax,
                                   JET_DBID *pdbid, JET_GRBIT grbit);

/** Attach an existing database file to the session's instance (it is not opened: call
 * JetOpenDatabase). Attachment is per instance and survives the session.
 * @param[in] grbit  0, JET_bitDbReadOnly, JET_bitDbDeleteCorruptIndexes, JET_bitDbUpgrade,
 *        JET_bitDbDeleteUnicodeIndexes.
 * @return JET_errSuccess;
 *  JET_wrnDatabaseAttached: already attached to this instance (a warning; nothing changes);
 *  JET_errFileNotFound: no such file;
 *  JET_errDatabaseSharingViolation: another instance of this process holds it (DECISIONS 14);
 *  JET_errFileAccessDenied: another process holds it, or the file cannot be opened for writing
 *      without JET_bitDbReadOnly (jetstore does not fall back to read-only);
 *  JET_errDatabaseCorrupted: the file is not a jetstore database or is damaged (an LMDB file
 *      has no dirty state: a crash leaves the last durable commit);
 *  JET_errTooManyAttachedDatabases; JET_errInTransaction; JET_errInvalidParameter: NULL path;
 *  JET_errInvalidGrbit; the session codes. */
JET_ERR JET_API JetAttachDatabase(JET_SESID sesid, JET_PCSTR szFilename, JET_GRBIT grbit);

/** JetAttachDatabase with a size limit (cpgDatabaseSizeMax pages; 0 = no limit).
 * @return as JetAttachDatabase. */
JET_ERR JET_API JetAttachDatabase2(JET_SESID sesid, JET_PCSTR szFilename, const JET_ULONG cpgDatabaseSizeMax,
                                   JET_GRBIT grbit);

/** Detach a database from the instance, or every database when szFilename is NULL or "".
 * Exempt from stop-service. Every session must have closed it first.
 * @return JET_errSuccess;
 *  JET_errDatabaseNotFound: not attached;
 *  JET_errDatabaseInUse: a session still has it open;
 *  JET_errInTransaction: the session is inside a transaction;
 *  JET_errInvalidPath; the session codes. */
JET_ERR JET_API JetDetachDatabase(JET_SESID sesid, JET_PCSTR szFilename);

/** JetDetachDatabase with grbit 0, JET_bitForceDetach or JET_bitForceCloseAndDetach.
 * jetstore today: the Force bits are accepted but close nothing: while another session has the
 * database open the call fails with JET_errDatabaseInUse, as JetDetachDatabase does.
 * @return as JetDetachDatabase; JET_errInvalidGrbit: unknown bits. */
JET_ERR JET_API JetDetachDatabase2(JET_SESID sesid, JET_PCSTR szFilename, JET_GRBIT grbit);

/** Open an attached database for the session.
 * @param[in] szConnect  reserved: NULL or "".
 * @param[out] pdbid  receives the dbid (the same dbid for every session of the instance).
 * @param[in] grbit  0, JET_bitDbReadOnly, JET_bitDbExclusive.
 * @return JET_errSuccess;
 *  JET_wrnFileOpenReadOnly: attached read-only;
 *  JET_errDatabaseNotFound: not attached to this instance;
 *  JET_errDatabaseLocked: another session opened it exclusively;
 *  JET_errDatabaseInUse: [esent] JET_bitDbExclusive was asked while another session has it open;
 *  JET_errInvalidParameter: NULL pointer;
 *  JET_errInvalidGrbit; the session codes. */
JET_ERR JET_API JetOpenDatabase(JET_SESID sesid, JET_PCSTR szFilename, JET_PCSTR szConnect,
                                JET_DBID *pdbid, JET_GRBIT grbit);

/** Close a database the session opened (one close per open). Its cursors must be closed.
 * Exempt from stop-service.
 * @param[in] grbit  0.
 * @return JET_errSuccess; JET_errInvalidDatabaseId: not open in this session;
 *  JET_errInvalidGrbit; the session codes. */
JET_ERR JET_API JetCloseDatabase(JET_SESID sesid, JET_DBID dbid, JET_GRBIT grbit);

/** Read a property of an open database.
 * @param[out] pvResult  cbMax bytes: a NUL-terminated path (JET_DbInfoFilename), an unsigned
 *        long (LCID, Options, Transactions, Version, Filesize and Space* in pages, PageSize, ...).
 * @param[in] InfoLevel  JET_DbInfo...
 * @return JET_errSuccess; JET_errBufferTooSmall: cbMax is smaller than the file name;
 *  JET_errInvalidBufferSize: cbMax is smaller than a numeric value;
 *  JET_errInvalidParameter: unknown InfoLevel, NULL pvResult;
 *  JET_errInvalidDatabaseId; the session codes. */
JET_ERR JET_API JetGetDatabaseInfo(JET_SESID sesid, JET_DBID dbid, void *pvResult, JET_ULONG cbMax,
                                   JET_ULONG InfoLevel);

/** Describe a database file; needs no instance, and the file may be attached (by this process
 * or another).
 * @param[in] InfoLevel  JET_DbInfoFilesize / JET_DbInfoFilesizeOnDisk: unsigned long long, bytes
 *        (the file's length / its allocated blocks); JET_DbInfoPageSize: JET_ULONG;
 *        JET_DbInfoMisc: JET_DBINFOMISC (see there).
 * @return JET_errSuccess; JET_errInvalidParameter: NULL arguments or another level;
 *  JET_errBufferTooSmall; JET_errFileNotFound; JET_errDatabaseCorrupted; JET_errDiskIO. */
JET_ERR JET_API JetGetDatabaseFileInfo(JET_PCSTR szDatabaseName, void *pvResult, JET_ULONG cbMax, JET_ULONG InfoLevel);

/** Grow a database's file to at least cpg pages (JET_paramDatabasePageSize each), its blocks
 * allocated; it never shrinks. *pcpgReal (optional) gets the file's size in pages.
 * @return JET_errSuccess; JET_errInvalidDatabaseId; JET_errPermissionDenied: opened or attached
 *  read-only; JET_errOutOfDatabaseSpace: beyond the size limit of JetCreateDatabase2 /
 *  JetAttachDatabase2 (with the log); JET_errDiskFull; JET_errDiskIO; the session codes. */
JET_ERR JET_API JetGrowDatabase(JET_SESID sesid, JET_DBID dbid, JET_ULONG cpg, JET_ULONG *pcpgReal);

/** Grow the file of a database that no instance of the process has attached to at least cpg
 * pages (never shrunk). *pcpgReal (optional) gets its size in pages.
 * @return JET_errSuccess; JET_errInvalidParameter: NULL or empty name; JET_errDatabaseInUse:
 *  attached; JET_errFileNotFound; JET_errDatabaseCorrupted / JET_errDiskIO: not a database;
 *  JET_errDiskFull; the session codes. */
JET_ERR JET_API JetSetDatabaseSize(JET_SESID sesid, JET_PCSTR szDatabaseName, JET_ULONG cpg, JET_ULONG *pcpgReal);

/** Write a compacted, consistent copy of a database (LMDB's compacting copy: live pages only).
 * The source may be attached to the session's instance (its committed changes are checkpointed
 * into it first; commits other sessions make meanwhile may not be in the copy) or a consistent
 * file nobody has attached. The copy gets an identity of its own and is consistent: attach it,
 * or replace the source with it once the source is detached.
 * @param[in] pfnStatus  optional: JET_snpCompact Begin, Progress (pages), Complete / Fail.
 * @param[in] pconvert  must be NULL (esent's obsolete conversion).
 * @param[in] grbit  0, JET_bitCompactStats, JET_bitCompactRepair (accepted).
 * @return JET_errSuccess; the session's codes (JET_errInvalidSesid, ...); JET_errInvalidParameter:
 *  NULL or empty names, the same file, a non-NULL pconvert; JET_errInvalidGrbit;
 *  JET_errDatabaseInUse: the destination is attached; JET_errDatabaseDirtyShutdown: the source
 *  needs recovery; JET_errFileNotFound; JET_errDiskFull, JET_errDiskIO. */
JET_ERR JET_API JetCompact(JET_SESID sesid, JET_PCSTR szDatabaseSrc, JET_PCSTR szDatabaseDest, JET_PFNSTATUS pfnStatus,
                           JET_CONVERT_A *pconvert, JET_GRBIT grbit);

/** Online defragmentation: LMDB's trees need none, so nothing runs. *pcPasses and *pcSeconds
 * (when given) are set to 0.
 * @return JET_errSuccess (JET_bitDefragmentBatchStart, or 0); JET_wrnDefragNotRunning
 *  (JET_bitDefragmentBatchStop); JET_errInvalidDatabaseId: not open in the session;
 *  JET_errInvalidGrbit; the session's codes. */
JET_ERR JET_API JetDefragment(JET_SESID sesid, JET_DBID dbid, JET_PCSTR szTableName, JET_ULONG *pcPasses,
                              JET_ULONG *pcSeconds, JET_GRBIT grbit);

/** JetDefragment with a callback: with JET_bitDefragmentBatchStart (or 0) and a callback, the
 * defragmentation (which has nothing to do) completes at once and the callback is called once,
 * on the calling thread after the call's work, as callback(sesid, dbid, JET_tableidNil,
 * JET_cbtypOnlineDefragCompleted, NULL, NULL, NULL, 0); its return value is ignored.
 * @return as JetDefragment. */
JET_ERR JET_API JetDefragment2(JET_SESID sesid, JET_DBID dbid, JET_PCSTR szTableName, JET_ULONG *pcPasses,
                               JET_ULONG *pcSeconds, JET_CALLBACK callback, JET_GRBIT grbit);

/* ---- Tables, columns and indexes (DDL) ---- */

/** Create an empty table (no columns, no indexes) and open a cursor on it.
 * @param[in] lPages  initial pages (a hint); lDensity  0 or 20..100 (a hint).
 * @param[out] ptableid  receives a cursor on the new table (not exclusive: once the creating
 *        transaction commits, other sessions may open the table).
 * DDL is transactional: a rollback removes the table and closes the cursor.
 * @return JET_errSuccess;
 *  JET_errTableDuplicate: a table of that name exists;
 *  JET_errInvalidName: empty, too long (JET_cbNameMost) or illegal characters;
 *  JET_errDensityInvalid: lDensity out of range;
 *  JET_errPermissionDenied: read-only database; JET_errTransReadOnly: read-only transaction;
 *  JET_errInvalidDatabaseId; JET_errInvalidParameter: NULL pointer; the session codes. */
JET_ERR JET_API JetCreateTable(JET_SESID sesid, JET_DBID dbid, JET_PCSTR szTableName, JET_ULONG lPages,
                               JET_ULONG lDensity, JET_TABLEID *ptableid);

/** Create a table with its columns and indexes in one call.
 * @param[in,out] ptablecreate  in: the definition; out: tableid (an open cursor), cCreated
 *        (1 + columns + indexes created) and each column's columnid / err and index's err.
 *        grbit: 0, JET_bitTableCreateFixedDDL (no later DDL unless a cursor is opened with
 *        JET_bitTablePermitDDL), JET_bitTableCreateTemplateTable (a template: fixed DDL for good,
 *        cannot be deleted or renamed), with it JET_bitTableCreateNoFixedVarColumnsInDerivedTables
 *        (derived tables add tagged columns only). szTemplateTableName: a table derived from
 *        that template: it gets the template's columns (same column ids) and indexes (its own
 *        data), which it cannot delete (JET_errFixedInheritedDDL), and may add its own; cCreated
 *        does not count what it inherits (a child with no columns of its own reports 1).
 * On failure nothing is created and the failing element's err holds the cause.
 * @return JET_errSuccess; the codes of JetCreateTable, JetAddColumn and JetCreateIndex2 (the
 *  first failure; e.g. [esent] JET_errInvalidName for a bad index name, with err set only on
 *  that index); JET_errInvalidParameter: cbStruct is wrong, or a NULL array with a count > 0;
 *  JET_errObjectNotFound: szTemplateTableName does not exist; JET_errDDLNotInheritable: it is
 *  not a template; JET_errCannotNestDDL: a template derived from a template;
 *  JET_errInvalidGrbit: an unknown grbit, or NoFixedVarColumnsInDerivedTables without
 *  TemplateTable; the session codes. */
/* jetstore today: callbacks, and tuple, locale or conditional indexes give
 * JET_errFeatureNotAvailable. */
JET_ERR JET_API JetCreateTableColumnIndex(JET_SESID sesid, JET_DBID dbid, JET_TABLECREATE *ptablecreate);

/** JetCreateTableColumnIndex with JET_TABLECREATE2 (szCallback must be NULL and cbtyp 0:
 * jetstore runs no callbacks; otherwise JET_errCallbackNotResolved).
 * @return as JetCreateTableColumnIndex. */
JET_ERR JET_API JetCreateTableColumnIndex2(JET_SESID sesid, JET_DBID dbid, JET_TABLECREATE2 *ptablecreate);

/** JetCreateTableColumnIndex with JET_TABLECREATE3 (JET_INDEXCREATE2 indexes; space hints and
 * cbSeparateLV are accepted as hints). [esent] cCreated counts 1 + columns + indexes: a table
 * with 4 columns and 3 indexes reports 8; a child of a template with no columns reports 1.
 * @return as JetCreateTableColumnIndex2. */
JET_ERR JET_API JetCreateTableColumnIndex3(JET_SESID sesid, JET_DBID dbid, JET_TABLECREATE3 *ptablecreate);

/** Open a cursor on a table, on its primary (or sequential) index, before the first record
 * (JetMove(JET_MoveFirst) or a seek positions it).
 * @param[in] pvParameters, cbParameters  reserved: NULL, 0.
 * @param[in] grbit  0 or: JET_bitTableDenyRead (no other session may open the table while this
 *        cursor is open), JET_bitTableDenyWrite (other sessions may open it ReadOnly only),
 *        ReadOnly, Updatable, PermitDDL (DDL on a fixed-DDL table; needs DenyRead), and the
 *        hints Sequential, NoCache, Preread, OpportuneRead, TableClass (accepted, no effect).
 * @param[out] ptableid  receives the cursor.
 * @return JET_errSuccess;
 *  JET_errObjectNotFound: no such table;
 *  JET_errTableLocked: another session has it open with DenyRead, or with DenyWrite and this
 *      open is not ReadOnly;
 *  JET_errTableInUse: DenyRead asked while another session has it open, or DenyWrite while
 *      another session has it open for writing;
 *  JET_errPermissionDenied: Updatable on a read-only database;
 *  JET_errInvalidDatabaseId, JET_errInvalidParameter: NULL pointer;
 *  JET_errInvalidGrbit: an unknown bit, or PermitDDL without DenyRead; the session codes. */
JET_ERR JET_API JetOpenTable(JET_SESID sesid, JET_DBID dbid, JET_PCSTR szTableName, const void *pvParameters,
                             JET_ULONG cbParameters, JET_GRBIT grbit, JET_TABLEID *ptableid);

/** Close a cursor (a prepared update is cancelled). Exempt from stop-service.
 * @return JET_errSuccess; JET_errInvalidTableId; the session codes. */
JET_ERR JET_API JetCloseTable(JET_SESID sesid, JET_TABLEID tableid);

/** Delete a table with its columns, indexes and data. No cursor may be open on it.
 * @return JET_errSuccess; JET_errObjectNotFound: no such table;
 *  JET_errTableInUse: a cursor (this or another session's) is open on it;
 *  JET_errCannotDeleteTemplateTable: a template table;
 *  JET_errTableLocked; JET_errPermissionDenied: read-only database;
 *  JET_errTransReadOnly; JET_errInvalidDatabaseId; JET_errInvalidName; the session codes. */
JET_ERR JET_API JetDeleteTable(JET_SESID sesid, JET_DBID dbid, JET_PCSTR szTableName);

/** Rename a table. No cursor may be open on it.
 * @return JET_errSuccess; JET_errObjectNotFound: szName does not exist;
 *  JET_errTableDuplicate: szNameNew exists; JET_errTableInUse: a cursor (any session) is open
 *  on it; JET_errInvalidName;
 *  JET_errFixedDDL: a template table (its derived tables name it);
 *  JET_errPermissionDenied; JET_errTransReadOnly; the session codes. */
JET_ERR JET_API JetRenameTable(JET_SESID sesid, JET_DBID dbid, JET_PCSTR szName, JET_PCSTR szNameNew);

/** Add a column to a table.
 * @param[in] pcolumndef  coltyp, cbMax, cp (text), grbit (JET_bitColumn...); cbStruct must be
 *        sizeof(JET_COLUMNDEF); columnid is ignored.
 * @param[in] pvDefault, cbDefault  optional default value (NULL / 0: none).
 * @param[out] pcolumnid  optional: the new columnid.
 * The checks run in esent's order: fixed DDL, cbMax, name, type, code page, grbits, default.
 * @return JET_errSuccess;
 *  JET_errInvalidOperation: a temporary table (its columns are JetOpenTempTable's);
 *  JET_errFixedDDL: the table's DDL is fixed (a template, or JET_bitTableCreateFixedDDL without
 *      a PermitDDL cursor);
 *  JET_errInvalidParameter: NULL pcolumndef, cbMax above JET_cbLVColumnMost, a NULL default
 *      with cbDefault > 0, Fixed on a variable-size type (fixed Text / Binary columns are not
 *      supported);
 *  JET_errInvalidName; JET_errInvalidColumnType: unknown coltyp;
 *  JET_errInvalidCodePage: cp of a text column is not 0, 1200 or 1252;
 *  JET_errInvalidGrbit: Fixed with Tagged or a long-value type; EscrowUpdate on a type other
 *      than Long / LongLong, with Autoincrement, or without a default value; Autoincrement on
 *      a type other than Long / LongLong / Currency;
 *  JET_errMultiValuedColumnMustBeTagged: MultiValued on a fixed or variable column;
 *  JET_errCannotBeTagged: Tagged with EscrowUpdate or Autoincrement;
 *  JET_errCannotAddFixedVarColumnToDerivedTable: a non-tagged column in a table derived from a
 *      NoFixedVarColumnsInDerivedTables template;
 *  JET_errDefaultValueTooBig: cbDefault above cbMax or the type's limit;
 *  JET_errColumnDuplicate: a column of that name exists (the template's included);
 *  JET_errTooManyColumns; JET_errWriteConflict: another transaction changes the table's DDL;
 *  JET_errPermissionDenied; JET_errTransReadOnly; JET_errInvalidTableId; the session codes. */
JET_ERR JET_API JetAddColumn(JET_SESID sesid, JET_TABLEID tableid, JET_PCSTR szColumnName,
                             const JET_COLUMNDEF *pcolumndef, const void *pvDefault, JET_ULONG cbDefault,
                             JET_COLUMNID *pcolumnid);

/** Delete a column and its values.
 * @return JET_errSuccess; JET_errColumnNotFound: no such column;
 *  JET_errColumnInUse / JET_errIndexInUse: an index uses the column;
 *  JET_errFixedDDL; JET_errFixedInheritedDDL: a column the table inherited from its template;
 *  JET_errInvalidOperation: a temporary table;
 *  JET_errTableLocked; JET_errPermissionDenied; JET_errTransReadOnly;
 *  JET_errInvalidTableId; the session codes. */
JET_ERR JET_API JetDeleteColumn(JET_SESID sesid, JET_TABLEID tableid, JET_PCSTR szColumnName);

/** JetDeleteColumn with JET_bitDeleteColumnIgnoreTemplateColumns: a derived table's own columns
 * only (an inherited column's name gives JET_errColumnNotFound).
 * @return as JetDeleteColumn; JET_errInvalidGrbit. */
JET_ERR JET_API JetDeleteColumn2(JET_SESID sesid, JET_TABLEID tableid, JET_PCSTR szColumnName,
                                 const JET_GRBIT grbit);

/** Rename a column of the table under a cursor. Its id, values and indexes stay. grbit must be 0.
 * @return JET_errSuccess; JET_errColumnNotFound; JET_errColumnDuplicate: another column has the
 *  new name; JET_errInvalidName; JET_errFixedDDL; JET_errFixedInheritedDDL: a column the table
 *  inherited from its template; JET_errInvalidOperation: a temporary table;
 *  JET_errInvalidParameter: NULL names; JET_errInvalidGrbit; JET_errPermissionDenied;
 *  JET_errTransReadOnly; JET_errWriteConflict: another transaction changes the table's DDL;
 *  JET_errInvalidTableId; the session codes. */
JET_ERR JET_API JetRenameColumn(JET_SESID sesid, JET_TABLEID tableid, JET_PCSTR szName, JET_PCSTR szNameNew,
                                JET_GRBIT grbit);

/** Set (pvData non-NULL; cbData 0 is a zero-length default) or remove (pvData NULL, cbData 0) a
 * column's default value, in the session's transaction. Records that lack a value read the new
 * default from then on; the session's cursors see it at once, other sessions' cursors when they
 * open the table again. grbit must be 0.
 * @return JET_errSuccess; JET_errObjectNotFound: no such table; JET_errColumnNotFound;
 *  JET_errDefaultValueTooBig: above cbMax or the type's limit; JET_errInvalidParameter: a value of
 *  the wrong size for a fixed type, NULL names, NULL pvData with cbData, removing an escrow
 *  column's default; JET_errFixedDDL; JET_errFixedInheritedDDL; JET_errInvalidGrbit;
 *  JET_errInvalidDatabaseId; JET_errPermissionDenied; JET_errTransReadOnly; JET_errWriteConflict;
 *  the session codes. */
JET_ERR JET_API JetSetColumnDefaultValue(JET_SESID sesid, JET_DBID dbid, JET_PCSTR szTableName, JET_PCSTR szColumnName,
                                         const void *pvData, const JET_ULONG cbData, const JET_GRBIT grbit);

/** Describe a column (or list every column) of the table under a cursor.
 * @param[in] szColumnName  the column's name; with JET_ColInfoByColid / BaseByColid a pointer
 *        to a JET_COLUMNID; ignored (may be NULL) for the list levels.
 * @param[out] pvResult  JET_COLUMNDEF (JET_ColInfo, ByColid), JET_COLUMNBASE (Base, BaseByColid),
 *        JET_COLUMNLIST (JET_ColInfoList, ListSortColumnid, ListCompact).
 * @param[in] InfoLevel  JET_ColInfo...; the list levels also take JET_ColInfoGrbit... bits.
 * The list levels open a temporary table with one row per column and describe it in the
 * JET_COLUMNLIST (cbStruct, tableid, cRecord = the number of rows, a column id per field). Its
 * columns have esent's types: PresentationOrder, columnid, coltyp, cbMax and grbit Long; Country,
 * Langid, Cp and Collate Short; the names Text; Default LongBinary (Binary for ListCompact), NULL
 * for a column without one. Country is 1, Langid 0x409, Collate 0, grbit as JET_ColInfo reports
 * it; columnidDefinitionName is columnidcolumnname ([esent]). The table stands on its first row;
 * the caller walks it with JetMove / JetRetrieveColumn and closes it with JetCloseTable. It is a
 * temporary table like JetOpenTempTable's: it counts against JET_paramMaxTemporaryTables, a
 * rollback of the level that opened it and JetEndSession close it, and it keeps the columns as
 * they were when the call was made.
 *  - JET_ColInfoList: rows sorted by column name, without regard to case ([esent]);
 *    PresentationOrder is NULL.
 *  - JET_ColInfoList | JET_ColInfoGrbitSortByColumnid, or JET_ColInfoListSortColumnid: rows
 *    sorted by column id, which PresentationOrder holds too.
 *  - | JET_ColInfoGrbitMinimalInfo: only the name, the column id (and PresentationOrder) are set.
 *  - | JET_ColInfoGrbitNonDerivedColumnsOnly: a derived table's own columns, not its template's.
 *  - JET_ColInfoListCompact: no key; rows in column id order.
 * @return JET_errSuccess; JET_errColumnNotFound: no such column;
 *  JET_errBufferTooSmall: cbMax smaller than the structure (esent answers
 *  JET_errInvalidParameter); JET_errInvalidParameter: unknown InfoLevel, NULL pvResult;
 *  JET_errTooManySorts: a list level with JET_paramMaxTemporaryTables reached (0 included), as
 *  JetOpenTempTable; JET_errInvalidTableId; the session codes.
 */
JET_ERR JET_API JetGetTableColumnInfo(JET_SESID sesid, JET_TABLEID tableid, JET_PCSTR szColumnName,
                                      void *pvResult, JET_ULONG cbMax, JET_ULONG InfoLevel);

/** JetGetTableColumnInfo by database and table name (no cursor needed), the list levels included.
 * @param[in] pColumnNameOrId  a name, or with the ByColid levels a pointer to a JET_COLUMNID;
 *        ignored for the list levels.
 * @return as JetGetTableColumnInfo; JET_errObjectNotFound: no such table;
 *  JET_errInvalidParameter: NULL szTableName; JET_errInvalidDatabaseId. */
JET_ERR JET_API JetGetColumnInfo(JET_SESID sesid, JET_DBID dbid, JET_PCSTR szTableName,
                                 JET_PCSTR pColumnNameOrId, void *pvResult, JET_ULONG cbMax,
                                 JET_ULONG InfoLevel);

/** Create an index and fill it from the table's records.
 * @param[in] szKey, cbKey  the key: segments "+col" / "-col" each NUL-terminated, then an extra
 *        NUL; cbKey counts every byte including both final NULs (jetstore also accepts a cbKey
 *        that omits the last NUL, as esent does).
 * @param[in] grbit  JET_bitIndex...; lDensity  0 or 20..100.
 * @return JET_errSuccess;
 *  JET_errIndexDuplicate: an index of that name exists;
 *  JET_errIndexHasPrimary: JET_bitIndexPrimary and the table has a primary index with records;
 *  JET_errColumnNotFound: a key column does not exist;
 *  JET_errInvalidName; JET_errIndexInvalidDef: malformed key (no +/-, too many segments
 *      (JET_ccolKeyMost), a long-value column in a primary index, a repeated column);
 *  JET_errKeyTruncated: JET_bitIndexDisallowTruncation over a record whose key is too long;
 *  JET_errKeyDuplicate: a unique index over existing duplicate keys;
 *  JET_errNullKeyDisallowed: JET_bitIndexDisallowNull over a record with a NULL key column;
 *  JET_errDensityInvalid; JET_errInvalidGrbit: contradictory bits (Primary with an Ignore*Null);
 *  JET_errTooManyIndexes; JET_errFixedDDL; JET_errInvalidOperation: a temporary table; JET_errTableLocked; JET_errPermissionDenied;
 *  JET_errTransReadOnly; JET_errInvalidTableId; the session codes.
 * jetstore: a primary index needs an empty table ([esent]); a secondary index is built over the
 * existing records in the same transaction. [esent] A secondary index over a long-value column
 * (JET_coltypLongText / LongBinary) keys each value by its first bytes, truncated to the index's
 * key size unless JET_bitIndexDisallowTruncation (then JET_errKeyTruncated refuses records whose
 * key does not fit). Text keys are case-insensitive (ASCII and Latin-1
 * letters fold; other characters compare by code point, not by a locale's sort order).
 */
JET_ERR JET_API JetCreateIndex(JET_SESID sesid, JET_TABLEID tableid, JET_PCSTR szIndexName, JET_GRBIT grbit,
                               const char *szKey, JET_ULONG cbKey, JET_ULONG lDensity);

/** Create several indexes; each element's err receives its own result.
 * @return as JetCreateIndex (the first failure; earlier indexes of the call are not created);
 *  JET_errInvalidParameter: cbStruct is wrong, or NULL with cIndexCreate > 0;
 *  JET_errInvalidCreateIndex: a malformed JET_INDEXCREATE. */
JET_ERR JET_API JetCreateIndex2(JET_SESID sesid, JET_TABLEID tableid, JET_INDEXCREATE *pindexcreate,
                                JET_ULONG cIndexCreate);

/** Delete an index. The primary index cannot be deleted while the table has records.
 * @return JET_errSuccess; JET_errIndexNotFound; JET_errIndexMustStay: the primary index;
 *  JET_errIndexInUse: a cursor of this session has it current (another session's cursor that
 *  has it current falls back to the clustered index when it next reads the table's definition); JET_errInvalidOperation: a temporary
 *  table; JET_errFixedDDL; JET_errFixedInheritedDDL:
 *  an index the table inherited from its template; JET_errTableLocked;
 *  JET_errPermissionDenied; JET_errTransReadOnly; JET_errInvalidTableId; the session codes. */
JET_ERR JET_API JetDeleteIndex(JET_SESID sesid, JET_TABLEID tableid, JET_PCSTR szIndexName);

/** Describe an index (or list them) of the table under a cursor.
 * @param[in] szIndexName  the index. NULL or "": the primary index for the value levels; every
 *        index for JET_IdxInfo / JET_IdxInfoList, which list only the named index otherwise
 *        ([esent]).
 * @param[out] pvResult  JET_INDEXLIST (JET_IdxInfo, JET_IdxInfoList: the same level), unsigned
 *        long (Count, LCID, VarSegMac, KeyMost, SpaceAlloc), JET_INDEXID (IndexId),
 *        JET_INDEXCREATE* (CreateIndex levels).
 * JET_IdxInfo / JET_IdxInfoList open a temporary table with one row per key column of each index
 * and describe it in the JET_INDEXLIST (cbStruct, tableid, cRecord = the number of rows, a column
 * id per field). Rows sort by index name (without regard to case), then by iColumn, the column's
 * position in the key from 0; cColumn is the number of key columns of the index, grbitIndex its
 * JET_bitIndex... bits, grbitColumn JET_bitKeyAscending or JET_bitKeyDescending. Country is 1,
 * Langid 0x409, Collate 0 and LCMapFlags 0x00030401, esent's defaults (one collation); cKey,
 * cEntry and cPage are 0 ([esent] they are statistics JetComputeStats stores; jetstore's keeps
 * the table's record count only). Types: indexname and columnname Text; Country, Langid, Cp and Collate Short; the others
 * Long. The implicit sequential index of a table without a primary index is not listed
 * ([esent]). The table stands on its first row and is a temporary table like those of
 * JetGetTableColumnInfo's list levels: the caller closes it with JetCloseTable.
 * @return JET_errSuccess; JET_errIndexNotFound; JET_errBufferTooSmall: cbResult too small (for
 *  the list: below sizeof(JET_INDEXLIST); esent also fills its shorter original layout, without
 *  columnidLCMapFlags); JET_errInvalidParameter: unknown InfoLevel, NULL pvResult;
 *  JET_errTooManySorts: a list with JET_paramMaxTemporaryTables reached (0 included), as
 *  JetOpenTempTable; JET_errInvalidTableId; the session codes. */
/* jetstore today: JET_IdxInfo, JET_IdxInfoList, JET_IdxInfoCount, JET_IdxInfoLCID,
 * JET_IdxInfoVarSegMac, JET_IdxInfoKeyMost, JET_IdxInfoSpaceAlloc; the other levels give
 * JET_errInvalidParameter. */
JET_ERR JET_API JetGetTableIndexInfo(JET_SESID sesid, JET_TABLEID tableid, JET_PCSTR szIndexName,
                                     void *pvResult, JET_ULONG cbResult, JET_ULONG InfoLevel);

/** JetGetTableIndexInfo by database and table name, the list levels included.
 * @return as JetGetTableIndexInfo; JET_errObjectNotFound: no such table;
 *  JET_errInvalidParameter: NULL szTableName; JET_errInvalidDatabaseId. */
JET_ERR JET_API JetGetIndexInfo(JET_SESID sesid, JET_DBID dbid, JET_PCSTR szTableName, JET_PCSTR szIndexName,
                                void *pvResult, JET_ULONG cbResult, JET_ULONG InfoLevel);

/** Read a property of a table through a cursor.
 * @param[out] pvResult  JET_TblInfo: a JET_OBJECTINFO (objtyp Table; grbit Updatable |
 *        Bookmark | Rollback, without Updatable on a read-only cursor; flags JET_bitObjectTable
 *        FixedDDL / Template / Derived / NoFixedVarColumnsInDerivedTables as created; cRecord 0 as
 *        esent reports without JetComputeStats; cPage the pages owned); JET_TblInfoName /
 *        TemplateTableName (a derived table's template, else ""): a NUL-terminated name; JET_TblInfoDbid: JET_DBID (and the table's
 *        own dbid); JET_TblInfoSpace*: JET_ULONG pages.
 * @return JET_errSuccess; JET_errBufferTooSmall; JET_errInvalidParameter: unknown InfoLevel or
 *  NULL pvResult; JET_errInvalidTableId; the session codes. */
JET_ERR JET_API JetGetTableInfo(JET_SESID sesid, JET_TABLEID tableid, void *pvResult, JET_ULONG cbMax,
                                JET_ULONG InfoLevel);

/** Information about the tables of a database (objtyp JET_objtypTable or JET_objtypNil;
 * szContainerName NULL or ""). JET_ObjInfo / JET_ObjInfoNoStats: a JET_OBJECTINFO for the table
 * szObjectName (as JetGetTableInfo JET_TblInfo gives; cPage 0 without stats; flags the table's
 * JET_bitObjectTable* DDL flags, never JET_bitObjectSystem). JET_ObjInfoList / JET_ObjInfoListNoStats: a
 * JET_OBJECTLIST whose temporary table has a row per user table, sorted by name (container
 * "Tables"), standing on its first row; close it with JetCloseTable. The catalog itself is not a
 * table jetstore lists (esent lists its MSys* tables with JET_bitObjectSystem).
 * @return JET_errSuccess; JET_errObjectNotFound: no such table; JET_errBufferTooSmall: cbMax below
 *  the structure; JET_errInvalidParameter: NULL pvResult, another objtyp, a container name, no
 *  object name for a single object, an unknown InfoLevel; JET_errInvalidDatabaseId. */
JET_ERR JET_API JetGetObjectInfo(JET_SESID sesid, JET_DBID dbid, JET_OBJTYP objtyp, JET_PCSTR szContainerName,
                                 JET_PCSTR szObjectName, void *pvResult, JET_ULONG cbMax,
                                 JET_ULONG InfoLevel);

/** Count a table's records and pages and keep the figures in the database's catalog (in the
 * cursor's transaction): JetGetTableInfo(JET_TblInfo) and JetGetObjectInfo report them as cRecord
 * from then on ([esent] 0 before). A temporary table keeps none (JET_errSuccess).
 * @return JET_errSuccess; JET_errPermissionDenied: a read-only database; JET_errTransReadOnly;
 *  JET_errWriteConflict: another transaction is computing them; JET_errInvalidTableId; the
 *  session codes. */
JET_ERR JET_API JetComputeStats(JET_SESID sesid, JET_TABLEID tableid);

/** Register a callback on the table under a cursor. Like esent's, it belongs to the table as the
 * instance has it open: JetUpdate and JetDelete through any session's cursor on the table run it
 * (unless JET_paramDisableCallbacks is 1), until JetUnregisterCallback, the table's deletion or its
 * database's detach.
 * @param[in] cbtyp  one or more of JET_cbtypBeforeInsert, AfterInsert, BeforeReplace,
 *        AfterReplace, BeforeDelete, AfterDelete. A Before callback runs before JetUpdate /
 *        JetDelete does anything, and an error from it refuses the call with
 *        JET_errCallbackFailed; an After callback runs once the call succeeded, and its answer is
 *        ignored. Each is called as pCallback(sesid, dbid, tableid, the one JET_cbtyp that
 *        applies, NULL, NULL, pvContext, 0) on the calling thread, outside the call's work: it may
 *        call back into the session (JetRetrieveColumn with JET_bitRetrieveCopy reads the record
 *        being inserted or replaced).
 * @param[out] phCallbackId  the registration, for JetUnregisterCallback.
 * @return JET_errSuccess; JET_errInvalidParameter: NULL pCallback or phCallbackId, cbtyp 0 or
 *  with other types; JET_errInvalidOperation: a temporary table; JET_errInvalidTableId; the session
 *  codes. */
JET_ERR JET_API JetRegisterCallback(JET_SESID sesid, JET_TABLEID tableid, JET_CBTYP cbtyp, JET_CALLBACK pCallback,
                                    void *pvContext, JET_HANDLE *phCallbackId);

/** Remove a callback JetRegisterCallback registered on the cursor's table, named by its id and
 * the cbtyp it was registered with.
 * @return JET_errSuccess; JET_errInvalidParameter: no such registration on the table;
 *  JET_errInvalidTableId; the session codes. */
JET_ERR JET_API JetUnregisterCallback(JET_SESID sesid, JET_TABLEID tableid, JET_CBTYP cbtyp, JET_HANDLE hCallbackId);

/* ---- Records ---- */

/** Start, or cancel, an insert or replace in the cursor's copy buffer.
 * @param[in] prep  JET_prepInsert (empty record with defaults; autoincrement allocated now),
 *        JET_prepReplace (copy of the current record, write-locked now; [esent] outside a
 *        transaction it is JET_prepReplaceNoLock, JetUpdate then running in its own implicit
 *        transaction), JET_prepReplaceNoLock
 *        (no lock: a conflict shows at JetUpdate), JET_prepInsertCopy (copy of the current
 *        record as a new one; new autoincrement), JET_prepInsertCopyDeleteOriginal (as
 *        InsertCopy, and JetUpdate deletes the original: the way to change a primary key; with
 *        the key unchanged the copy replaces the original),
 *        JET_prepCancel (discard the copy buffer).
 * @return JET_errSuccess;
 *  JET_errAlreadyPrepared: an update is already prepared (cancel first);
 *  JET_errUpdateNotPrepared: JET_prepCancel with nothing prepared;
 *  JET_errNoCurrentRecord: Replace / InsertCopy without a current record;
 *  JET_errRecordDeleted: the current record was deleted;
 *  JET_errWriteConflict: Replace: another session holds a write lock or changed the record after
 *      this transaction began;
 *  [esent] JET_errPermissionDenied: read-only database or cursor;
 *  JET_errTransReadOnly: in a read-only transaction;
 *  JET_errInvalidParameter: unknown prep; JET_errInvalidTableId; the session codes. */
JET_ERR JET_API JetPrepareUpdate(JET_SESID sesid, JET_TABLEID tableid, JET_ULONG prep);

/** Set a column's value in the copy buffer.
 * @param[in] pvData, cbData  the value (little-endian for numbers; exact size for fixed types).
 *        NULL / 0 without JET_bitSetZeroLength sets NULL (for a multi-valued column: deletes
 *        that value; later values move down).
 * @param[in] grbit  JET_bitSet...: AppendLV, OverwriteLV (at psetinfo->ibLongValue), SizeLV
 *        (truncate or zero-extend to cbData), ZeroLength, SeparateLV, IntrinsicLV,
 *        UniqueMultiValues, UniqueNormalizedMultiValues, RevertToDefaultValue.
 * @param[in] psetinfo  optional: itagSequence (1-based; 0 appends; beyond the last appends) and
 *        ibLongValue. NULL means itagSequence 1, offset 0.
 * @return JET_errSuccess;
 *  JET_errUpdateNotPrepared: no JetPrepareUpdate;
 *  JET_errColumnNotFound: unknown columnid;
 *  JET_errInvalidBufferSize: wrong size for a fixed-size type;
 *  JET_errColumnTooBig: larger than cbMax (non-long columns) or JET_cbLVColumnMost;
 *  JET_errMultiValuedDuplicate: UniqueMultiValues and the value already exists;
 *  JET_errInvalidParameter: AppendLV / OverwriteLV on a fixed-size column (they work on long
 *      values, Binary and Text; SizeLV on any variable column);
 *  JET_errInvalidGrbit: unknown bits; JET_errInvalidColumnType: an autoincrement column ([esent]
 *      in any update: the engine assigns it);
 *  JET_errColumnIllegalNull / JET_errNullInvalid: NULL in a NotNULL column (reported at JetUpdate);
 *  JET_errInvalidParameter: pvData NULL with cbData > 0, psetinfo->cbStruct wrong, itagSequence
 *      > 1 on a column that is not tagged, [esent] cbData above JET_cbLVColumnMost;
 *  JET_errInvalidTableId; the session codes. */
JET_ERR JET_API JetSetColumn(JET_SESID sesid, JET_TABLEID tableid, JET_COLUMNID columnid, const void *pvData,
                             JET_ULONG cbData, JET_GRBIT grbit, JET_SETINFO *psetinfo);

/** JetSetColumn for each element in order (itagSequence 0 appends to a tagged column; fixed and
 * variable columns take it as 1); each element's err receives its result. Stops at the first
 * error, which it returns: the elements before it are set, the ones after it untouched.
 * @return the first error, else the last element's code (JET_errSuccess or its warning);
 *  JET_errUpdateNotPrepared: [esent] no prepared update, before any element (also with
 *  csetcolumn 0); JET_errInvalidParameter: NULL with csetcolumn > 0, or [esent] an element's
 *  cbData above JET_cbLVColumnMost (checked before any element is set); the elements' codes as
 *  JetSetColumn; JET_errInvalidTableId; the session codes. */
JET_ERR JET_API JetSetColumns(JET_SESID sesid, JET_TABLEID tableid, JET_SETCOLUMN *psetcolumn,
                              JET_ULONG csetcolumn);

/** Write the copy buffer: insert the new record, or replace the current one.
 * @param[out] pvBookmark, cbBookmark, pcbActual  optional: the bookmark of the written record
 *        (JET_cbBookmarkMost bytes are always enough).
 * After an insert the cursor stays where it was ([esent]: it does not move to the new record);
 * after a replace it stays on the record.
 * @return JET_errSuccess;
 *  JET_errUpdateNotPrepared;
 *  outside a transaction the update commits on its own (the commit's codes below);
 *  JET_errKeyDuplicate: a unique index (or the primary index) already has the key;
 *  JET_errNullKeyDisallowed: JET_bitIndexDisallowNull and a key column is NULL;
 *  JET_errNullInvalid (JET_errColumnIllegalNull): a NotNULL column is NULL;
 *  JET_errKeyTruncated: the key is too long for an index with JET_bitIndexDisallowTruncation;
 *  JET_errRecordPrimaryChanged: a Replace changed the primary key;
 *  JET_errRecordTooBig: the record does not fit;
 *  JET_errWriteConflict: ReplaceNoLock and another session changed the record;
 *  JET_errNotInTransaction: [esent] a Replace outside a transaction;
 *  JET_errBufferTooSmall / JET_wrnBufferTruncated: cbBookmark too small (the update is done);
 *  JET_errOutOfDatabaseSpace, JET_errDiskFull, JET_errVersionStoreOutOfMemory;
 *  JET_errInvalidOperation: with JET_paramRecovery "off", a write to a second database in this
 *      transaction (DECISIONS 13);
 *  JET_errInvalidTableId; the session codes. */
JET_ERR JET_API JetUpdate(JET_SESID sesid, JET_TABLEID tableid, void *pvBookmark, JET_ULONG cbBookmark,
                          JET_ULONG *pcbActual);

/** JetUpdate with JET_bitUpdateCheckESE97Compatibility (accepted; no effect).
 * @return as JetUpdate; JET_errInvalidGrbit. */
JET_ERR JET_API JetUpdate2(JET_SESID sesid, JET_TABLEID tableid, void *pvBookmark, JET_ULONG cbBookmark,
                           JET_ULONG *pcbActual, const JET_GRBIT grbit);

/** Delete the current record. The cursor stays on the deleted position: retrieving gives
 * JET_errRecordDeleted; a move goes to the neighbour.
 * @return JET_errSuccess; JET_errNoCurrentRecord; JET_errRecordDeleted: already deleted;
 *  JET_errWriteConflict: another session holds a lock or changed it;
 *  JET_errAlreadyPrepared: [esent] an InsertCopyDeleteOriginal is prepared on the cursor (any
 *  other prepared update is cancelled); outside a transaction the delete commits on its own;
 *  JET_errPermissionDenied; JET_errTransReadOnly;
 *  JET_errInvalidOperation: with JET_paramRecovery "off", a second database in the transaction
 *      (DECISIONS 13);
 *  JET_errInvalidTableId; the session codes. */
JET_ERR JET_API JetDelete(JET_SESID sesid, JET_TABLEID tableid);

/** Read a column of the current record (or of the copy buffer).
 * @param[out] pvData, cbData  receives up to cbData bytes; NULL / 0 asks only for the size.
 * @param[out] pcbActual  optional: the value's full size.
 * @param[in] grbit  JET_bitRetrieveCopy (from the copy buffer of a prepared update),
 *        JET_bitRetrieveFromIndex / FromPrimaryBookmark (from the current index's key / the
 *        primary key: [esent] not both, and only a column that key holds), JET_bitRetrieveTag,
 *        JET_bitRetrieveNull / IgnoreDefault.
 * @param[in,out] pretinfo  optional: itagSequence (1-based; [esent] with columnid 0 and
 *        itagSequence 0, the count of tagged values: jetstore today refuses columnid 0, see
 *        JetRetrieveColumns), ibLongValue (an offset into a long value; [esent] ignored for
 *        other columns); columnidNextTagged out.
 * @return JET_errSuccess (also for a zero-length value: cb 0, not NULL);
 *  JET_wrnColumnNull: the value is NULL (*pcbActual 0);
 *  JET_wrnBufferTruncated: cbData < size (the first cbData bytes are copied);
 *  JET_errNoCurrentRecord: no current record (not an error for RetrieveCopy of an insert);
 *  JET_errRecordDeleted: the current record was deleted;
 *  JET_errColumnNotFound: no such column, or FromIndex / FromPrimaryBookmark with a column the
 *  key does not hold; JET_errInvalidParameter: pretinfo->cbStruct wrong, NULL pvData with
 *  cbData > 0; JET_errInvalidGrbit: unknown bits, FromIndex with FromPrimaryBookmark;
 *  JET_errInvalidTableId; the session codes. */
JET_ERR JET_API JetRetrieveColumn(JET_SESID sesid, JET_TABLEID tableid, JET_COLUMNID columnid, void *pvData,
                                  JET_ULONG cbData, JET_ULONG *pcbActual, JET_GRBIT grbit,
                                  JET_RETINFO *pretinfo);

/** JetRetrieveColumn for each element, in order; each element's cbActual, err and
 * columnidNextTagged (its columnid) receive its result. [esent] itagSequence 0 asks for the
 * number of values of the column instead of data: it is written to itagSequence (a default value
 * counts as one; cbActual 0, err 0); a zero-initialized element therefore counts.
 * Stops at the first error, which it returns: the failing element's err holds it when the error
 * is the element's own (its columnid, grbit or buffer), not when the record cannot be read; the
 * elements after it are untouched.
 * @return JET_errSuccess, also when elements hold JET_wrnColumnNull ([esent] a NULL value is
 *  reported only in its element); JET_wrnBufferTruncated: an element was truncated;
 *  an element's error (JET_errColumnNotFound, JET_errInvalidGrbit, JET_errInvalidParameter ...,
 *  as JetRetrieveColumn);
 *  JET_errNoCurrentRecord / JET_errRecordDeleted: an element reads a record and there is none;
 *  JET_errInvalidParameter: NULL with cretrievecolumn > 0; JET_errInvalidTableId; the session
 *  codes. */
/* jetstore today: columnid 0 (every tagged column as one) is refused with JET_errColumnNotFound,
 * here and in JetRetrieveColumn; JET_bitRetrieveFromIndex on a multi-valued column reads value
 * itagSequence, not the value of the current index entry. */
JET_ERR JET_API JetRetrieveColumns(JET_SESID sesid, JET_TABLEID tableid, JET_RETRIEVECOLUMN *pretrievecolumn,
                                   JET_ULONG cretrievecolumn);

/** Read columns and their values out of the current record (or the copy buffer) into memory
 * pfnRealloc allocates: one array of JET_ENUMCOLUMN, each column's array of JET_ENUMCOLUMNVALUE
 * and each value's bytes. The caller frees every block with pfnRealloc(pvReallocContext, p, 0):
 * each value's pvData and each rgEnumColumnValue (for a JET_wrnColumnSingleValue column, its
 * pvData), then *prgEnumColumn. pfnRealloc runs inside the call (it must not call jetstore with
 * this session); it is never asked for 0 bytes nor to resize a block.
 * @param[in] cEnumColumnId, rgEnumColumnId  0 (rgEnumColumnId ignored): every column that has a
 *        value, in columnid order, with its default value when the record holds none (not with
 *        IgnoreDefault); [jetstore] NULL columns are left out (a NULL column is one without a
 *        value: esent may also list fixed and variable ones as JET_wrnColumnNull). Else the
 *        columns listed, one output column each, in that order: columnid 0 gives
 *        JET_wrnColumnSkipped; ctagSequence 0 every value of the column (none: JET_wrnColumnNull),
 *        else one output value per rgtagSequence element, in order (itagSequence 0:
 *        JET_wrnColumnSkipped; past the column's last value: JET_wrnColumnNull). A default value
 *        is the column's value 1 when the record holds none (as JetRetrieveColumn reads it).
 * @param[out] pcEnumColumn, prgEnumColumn  the output: the number of columns and the array;
 *        0 and NULL on every error but JET_errBadColumnId / JET_errColumnNotFound, and
 *        [jetstore] also when there is no column to return (nothing is allocated).
 * @param[in] pfnRealloc, pvReallocContext  the allocator, and its first argument.
 * @param[in] cbDataMost  the most bytes returned of a value stored apart from its record (a
 *        JET_coltypLongText / LongBinary value over 1024 bytes, once its record is updated): a
 *        longer one gets JET_wrnColumnTruncated, and [esent] cbData cbDataMost with its first
 *        cbDataMost bytes. Other values come whole, whatever their size: [jetstore] so does a
 *        long value set in the copy buffer since JetPrepareUpdate (stored apart at JetUpdate).
 * @param[in] grbit  JET_bitEnumerateCopy: the copy buffer of a prepared update (as
 *        JET_bitRetrieveCopy; the current record when none is prepared);
 *        JET_bitEnumerateIgnoreDefault: no default values;
 *        JET_bitEnumeratePresenceOnly: JET_wrnColumnPresent, without data, for a column asked
 *        for whole that has a value, and for each listed value that exists;
 *        JET_bitEnumerateTaggedOnly: tagged columns only (not with a column list);
 *        JET_bitEnumerateCompressOutput: a column asked for whole that has exactly one value, not
 *        stored apart, comes as JET_wrnColumnSingleValue (the value in its own cbData / pvData);
 *        JET_bitEnumerateIgnoreUserDefinedDefault: accepted, no effect (later esent bits, such
 *        as JET_bitEnumerateInRecordOnly 0x00200000, are unknown bits here).
 * A column's err: JET_errSuccess (its values follow), JET_wrnColumnNull, JET_wrnColumnPresent,
 * JET_wrnColumnSingleValue, JET_wrnColumnSkipped, [esent] JET_wrnColumnDefault (listed whole,
 * with IgnoreDefault, the record holding no value of it, whether or not it has a default),
 * JET_errBadColumnId, JET_errColumnNotFound. A value's err: JET_errSuccess,
 * JET_wrnColumnTruncated, JET_wrnColumnNull, JET_wrnColumnPresent, JET_wrnColumnSkipped, [esent]
 * JET_wrnColumnDefault (listed with IgnoreDefault, and the record holds no value of the column).
 * A zero-length value has cbData 0 and [jetstore] pvData NULL (no allocation).
 * @return JET_errSuccess, also when columns or values hold warnings;
 *  JET_errBadColumnId (a listed columnid above 65535) / JET_errColumnNotFound (no such column in
 *      the table): the first listed such column's err; every other column is enumerated and the
 *      output is the caller's to free;
 *  JET_errOutOfMemory: pfnRealloc returned NULL (what it had allocated is freed);
 *  JET_errNoCurrentRecord / JET_errRecordDeleted: no current record to read (not when
 *      EnumerateCopy reads a prepared update);
 *  JET_errInvalidParameter: pcEnumColumn, prgEnumColumn or pfnRealloc NULL, rgEnumColumnId NULL
 *      with cEnumColumnId > 0, or [jetstore] an rgtagSequence NULL with ctagSequence > 0;
 *  JET_errInvalidGrbit: unknown bits, or TaggedOnly with a column list;
 *  JET_errInvalidTableId; the session codes. */
JET_ERR JET_API JetEnumerateColumns(JET_SESID sesid, JET_TABLEID tableid, JET_ULONG cEnumColumnId,
                                    JET_ENUMCOLUMNID *rgEnumColumnId, JET_ULONG *pcEnumColumn,
                                    JET_ENUMCOLUMN **prgEnumColumn, JET_PFNREALLOC pfnRealloc,
                                    void *pvReallocContext, JET_ULONG cbDataMost, JET_GRBIT grbit);

/** Add a delta to an escrow column (JET_bitColumnEscrowUpdate) of the current record, without
 * conflicting with other sessions' escrow updates of the same record.
 * @param[in] pv, cbMax  the delta: 4 bytes (JET_coltypLong) or 8 (LongLong).
 * @param[out] pvOld, cbOldMax, pcbOldActual  optional: the value before the delta: the latest
 *        value (DECISIONS 20), that is the latest committed value plus every live transaction's
 *        uncommitted deltas to it, this one's included, as esent reads it from the page; so
 *        concurrent increments see distinct old values, like a fetch-and-add (a delta rolled back
 *        leaves it at once). A record the transaction itself inserted or replaced gives its own
 *        value. Reads of the column (JetRetrieveColumn) still see the snapshot plus own deltas.
 * @param[in] grbit  0 or JET_bitEscrowNoRollback.
 * @return JET_errSuccess; JET_errNotInTransaction: [esent] outside a transaction;
 *  JET_errInvalidOperation: not an escrow column; JET_errInvalidBufferSize: cbMax is not the
 *  column's size; JET_errAlreadyPrepared: an update is prepared on the cursor;
 *  JET_errNoCurrentRecord; JET_errRecordDeleted; JET_errWriteConflict: another session
 *  replaced or deleted the record; JET_errColumnNotFound; JET_errInvalidGrbit;
 *  JET_errInvalidTableId; the session codes. */
JET_ERR JET_API JetEscrowUpdate(JET_SESID sesid, JET_TABLEID tableid, JET_COLUMNID columnid, void *pv,
                                JET_ULONG cbMax, void *pvOld, JET_ULONG cbOldMax,
                                JET_ULONG *pcbOldActual, JET_GRBIT grbit);

/** Lock the current record until the transaction ends.
 * @param[in] grbit  exactly one of JET_bitReadLock, JET_bitWriteLock.
 * @return JET_errSuccess; JET_errWriteConflict: another session holds a conflicting lock (a
 *  write lock against a read lock, any lock against a write lock), or, for a write lock, changed
 *  the record after this transaction's snapshot; JET_errNotInTransaction; JET_errNoCurrentRecord; JET_errRecordDeleted;
 *  JET_errInvalidGrbit: none or both bits; JET_errInvalidTableId; the session codes. */
JET_ERR JET_API JetGetLock(JET_SESID sesid, JET_TABLEID tableid, JET_GRBIT grbit);

/** Attach a local-storage value to a cursor (JET_bitLSCursor, the default) or to its table as the
 * instance has it open (JET_bitLSTable: every cursor on the table shares it). When the cursor
 * closes (or the table is deleted or its database detached, for a table's) a value still set is
 * handed to JET_paramRuntimeCallback as callback(sesid (JET_sesidNil for a table's), dbid, tableid
 * (JET_tableidNil for a table's), JET_cbtypFreeCursorLS / JET_cbtypFreeTableLS, (void *)ls, NULL,
 * NULL, 0), which must not call into the closing session.
 * grbit: JET_bitLSReset forgets the value (ls is ignored) without the callback.
 * @return JET_errSuccess; JET_errLSCallbackNotSpecified: JET_paramRuntimeCallback is NULL;
 *  JET_errLSAlreadySet: a value is set (reset it first); JET_errInvalidParameter: ls is
 *  JET_LSNil without Reset; JET_errInvalidGrbit: unknown bits, or both LSCursor and LSTable;
 *  JET_errInvalidOperation: LSTable on a temporary table; JET_errInvalidTableId; the session
 *  codes. */
JET_ERR JET_API JetSetLS(JET_SESID sesid, JET_TABLEID tableid, JET_LS ls, JET_GRBIT grbit);

/** Read the local-storage value of a cursor (JET_bitLSCursor, the default) or of its table
 * (JET_bitLSTable); with JET_bitLSReset it is also taken away (the runtime callback will not be
 * called for it).
 * @return JET_errSuccess; JET_errLSNotSet: none is set; JET_errInvalidParameter: NULL pls;
 *  JET_errInvalidGrbit; JET_errInvalidTableId; the session codes. */
JET_ERR JET_API JetGetLS(JET_SESID sesid, JET_TABLEID tableid, JET_LS *pls, JET_GRBIT grbit);

/* ---- Navigation: moves, keys, seeks, ranges, bookmarks, indexes, positions ---- */

/** Move the cursor along its current index.
 * @param[in] cRow  JET_MoveFirst, JET_MoveLast, JET_MoveNext, JET_MovePrevious, or any count
 *        of rows forward (> 0) / backward (< 0).
 * @param[in] grbit  0 or JET_bitMoveKeyNE (skip entries with the same key).
 * Moving past either end leaves the cursor after the last / before the first entry (a later
 * Previous / Next comes back in). An index range limits moves.
 * @return JET_errSuccess; JET_errNoCurrentRecord: moved off either end, off the index range
 *  (which is then removed), or the index is empty; JET_errInvalidGrbit;
 *  JET_errInvalidTableId; the session codes.
 */
JET_ERR JET_API JetMove(JET_SESID sesid, JET_TABLEID tableid, JET_LONG cRow, JET_GRBIT grbit);

/** Build a search key for the current index, one column at a time.
 * @param[in] pvData, cbData  the next key column's value (NULL / 0: NULL, or zero-length with
 *        JET_bitKeyDataZeroLength); with JET_bitNormalizedKey, a whole key from JetRetrieveKey.
 * @param[in] grbit  JET_bitNewKey for the first column; then limits: JET_bitStrLimit,
 *        JET_bitSubStrLimit, JET_bitFullColumnStartLimit / EndLimit,
 *        JET_bitPartialColumnStartLimit / EndLimit.
 * @return JET_errSuccess; JET_errKeyNotMade: no JET_bitNewKey before the first column;
 *  JET_errKeyIsMade: a limit grbit already closed the key, or every index column has a value;
 *  JET_errInvalidBufferSize: wrong size for a fixed-size column;
 *  JET_errInvalidGrbit: an unknown bit, or more than one limit bit;
 *  JET_errInvalidParameter: NULL with cbData > 0; JET_errInvalidTableId; the session codes. */
JET_ERR JET_API JetMakeKey(JET_SESID sesid, JET_TABLEID tableid, const void *pvData, JET_ULONG cbData,
                           JET_GRBIT grbit);

/** Position the cursor on the index entry that matches the search key.
 * @param[in] grbit  one of JET_bitSeekEQ, LT, LE, GE, GT; SeekEQ may add JET_bitSetIndexRange
 *        (limit the cursor to the equal keys) and JET_bitCheckUniqueness (JET_wrnUniqueKey when
 *        exactly one entry has the key).
 * The search key is consumed (the next seek needs a new JetMakeKey). A key with a value for every
 * index column equals each entry with that key; [esent] a partial key sorts before the entries
 * it is a prefix of (so SeekEQ with it finds nothing, SeekGE lands on the first of them).
 * @return JET_errSuccess: an entry with the key (or LT / GT found an entry);
 *  JET_wrnSeekNotEqual (= JET_wrnRecordFoundGreater / Less): [esent] LE / GE landed on a
 *      different key (LT and GT never warn);
 *  JET_errRecordNotFound: nothing qualifies; the cursor then has no current record;
 *  JET_wrnUniqueKey: CheckUniqueness, and the entry found is the only one with the key;
 *  JET_errKeyNotMade: no search key; JET_errInvalidGrbit: no or several Seek bits, or
 *      CheckUniqueness without SeekEQ;
 *  JET_errInvalidTableId; the session codes.
 */
JET_ERR JET_API JetSeek(JET_SESID sesid, JET_TABLEID tableid, JET_GRBIT grbit);

/** Limit the cursor to the entries between its current entry and the search key.
 * @param[in] grbit  JET_bitRangeUpperLimit (the key is the upper limit; else the lower limit,
 *        for backward scans), JET_bitRangeInclusive, JET_bitRangeInstantDuration (check only,
 *        do not keep the range), JET_bitRangeRemove (drop the range; no key needed).
 * @return JET_errSuccess; JET_errNoCurrentRecord: the range is empty, or no current record;
 *  JET_errKeyNotMade: no search key; JET_errInvalidOperation: RangeRemove with no range set;
 *  JET_errInvalidGrbit; JET_errInvalidTableId; the session codes. */
JET_ERR JET_API JetSetIndexRange(JET_SESID sesid, JET_TABLEID tableidSrc, JET_GRBIT grbit);

/** The normalized key of the current entry (or, with JET_bitRetrieveCopy, of the search key
 * being built), usable with JetMakeKey(JET_bitNormalizedKey). On a secondary index it is the
 * index key without the primary key; on a multi-valued index, the key of the current entry.
 * @param[out] pvKey, cbMax  receives up to cbMax bytes; NULL / 0 asks only for the size.
 * @param[out] pcbActual  optional: the key's full size (also when truncated).
 * @return JET_errSuccess; JET_wrnBufferTruncated: cbMax too small (the first cbMax bytes are
 *  copied); JET_errNoCurrentRecord; JET_errRecordDeleted: [esent] the current record was
 *  deleted; JET_errKeyNotMade: RetrieveCopy without a key; JET_errInvalidGrbit;
 *  JET_errInvalidParameter: NULL pvKey with cbMax > 0; JET_errInvalidTableId; the session
 *  codes. */
JET_ERR JET_API JetRetrieveKey(JET_SESID sesid, JET_TABLEID tableid, void *pvKey, JET_ULONG cbMax,
                               JET_ULONG *pcbActual, JET_GRBIT grbit);

/** The bookmark (primary key form) of the current record.
 * @return JET_errSuccess; JET_errNoCurrentRecord; JET_errRecordDeleted;
 *  JET_errBufferTooSmall: cbMax < the bookmark (*pcbActual gives the size);
 *  JET_errInvalidTableId; the session codes. */
JET_ERR JET_API JetGetBookmark(JET_SESID sesid, JET_TABLEID tableid, void *pvBookmark, JET_ULONG cbMax,
                               JET_ULONG *pcbActual);

/** Move to the record with the bookmark (on the current index: to that record's entry).
 * Any index range is removed.
 * @return JET_errSuccess; JET_errRecordDeleted: no such record now;
 *  JET_errInvalidBookmark: malformed or empty bookmark; JET_errNoCurrentRecord: the record has
 *  no entry in the current (secondary) index; JET_errInvalidParameter: NULL with cbBookmark > 0;
 *  JET_errInvalidTableId; the session codes. */
JET_ERR JET_API JetGotoBookmark(JET_SESID sesid, JET_TABLEID tableid, void *pvBookmark,
                                JET_ULONG cbBookmark);

/** The current entry of a cursor on a secondary index as two parts: its normalized key in that
 * index (what JetRetrieveKey gives) and the record's primary bookmark (what JetGetBookmark
 * gives). Either size pointer may be NULL. grbit must be 0.
 * @return JET_errSuccess; JET_errBufferTooSmall: either buffer is too small (the sizes are still
 *  set, nothing is copied); JET_errNoCurrentIndex: the cursor is on the clustered index;
 *  JET_errNoCurrentRecord; JET_errInvalidParameter: a NULL buffer with a nonzero size;
 *  JET_errInvalidGrbit; JET_errInvalidTableId; the session codes. */
JET_ERR JET_API JetGetSecondaryIndexBookmark(JET_SESID sesid, JET_TABLEID tableid, void *pvSecondaryKey,
                                             JET_ULONG cbSecondaryKeyMax, JET_ULONG *pcbSecondaryKeyActual,
                                             void *pvPrimaryBookmark, JET_ULONG cbPrimaryBookmarkMax,
                                             JET_ULONG *pcbPrimaryBookmarkActual, JET_GRBIT grbit);

/** Stand on the secondary index entry that JetGetSecondaryIndexBookmark described (the cursor's
 * current index must be that index). The index range is dropped.
 * grbit: JET_bitBookmarkPermitVirtualCurrency: when the entry is gone, stand where it was, on a
 * deleted record (retrieving gives JET_errRecordDeleted; JetMove goes to its neighbours).
 * @return JET_errSuccess; JET_errRecordDeleted: the entry is gone (without PermitVirtualCurrency);
 *  JET_errNoCurrentIndex: the cursor is on the clustered index; JET_errInvalidBookmark: a NULL or
 *  empty key or bookmark; JET_errInvalidGrbit; JET_errInvalidTableId; the session codes. */
JET_ERR JET_API JetGotoSecondaryIndexBookmark(JET_SESID sesid, JET_TABLEID tableid, void *pvSecondaryKey,
                                              JET_ULONG cbSecondaryKey, void *pvPrimaryBookmark,
                                              JET_ULONG cbPrimaryBookmark, JET_GRBIT grbit);

/** Open a second cursor on the same table: on the clustered index (a temporary table's key),
 * standing on the table's first record (on none when the table is empty), with no search key,
 * index range or prepared update. A temporary table lives until its last cursor is closed.
 * @param[in] grbit  0.
 * @return JET_errSuccess; JET_errOutOfCursors; JET_errInvalidParameter: NULL ptableid;
 *  JET_errInvalidGrbit; JET_errInvalidTableId; the session codes. */
JET_ERR JET_API JetDupCursor(JET_SESID sesid, JET_TABLEID tableid, JET_TABLEID *ptableid, JET_GRBIT grbit);

/** The name of the cursor's current index ("" for the sequential index), NUL-terminated.
 * @return JET_errSuccess; JET_wrnBufferTruncated / JET_errBufferTooSmall: cbIndexName too small
 *  (esent copies what fits); JET_errInvalidParameter: NULL buffer; JET_errInvalidTableId;
 *  the session codes.  * jetstore: "" for the implicit sequential index of a table without primary index.
 */
JET_ERR JET_API JetGetCurrentIndex(JET_SESID sesid, JET_TABLEID tableid, JET_PSTR szIndexName,
                                   JET_ULONG cbIndexName);

/** Make an index the cursor's current index and move to its first entry.
 * @param[in] szIndexName  NULL or "": the primary (or sequential) index.
 * The search key and any index range are dropped; the move cancels a prepared replace (a
 * prepared insert stays). [esent] Selecting the index already current changes nothing.
 * @return JET_errSuccess; JET_errIndexNotFound; JET_errNoCurrentRecord is not returned: on an
 *  empty index the cursor has no current record; JET_errInvalidTableId; the session codes.  */
JET_ERR JET_API JetSetCurrentIndex(JET_SESID sesid, JET_TABLEID tableid, JET_PCSTR szIndexName);

/** JetSetCurrentIndex with JET_bitMoveFirst (0: on the first entry of the new index, on none
 * when it is empty) or JET_bitNoMove (keep the current record, positioned on its entry in the new
 * index; a cursor on no record stays on none). Selecting the current index again changes nothing.
 * @return as JetSetCurrentIndex; JET_errNoCurrentRecord: NoMove and the current record has no
 *  entry in the new index; JET_errInvalidGrbit. */
JET_ERR JET_API JetSetCurrentIndex2(JET_SESID sesid, JET_TABLEID tableid, JET_PCSTR szIndexName,
                                    JET_GRBIT grbit);

/** JetSetCurrentIndex2 that, with JET_bitNoMove on an index over a multi-valued column, stands on
 * the entry of the current record's itagSequence-th value of that column (from 1; an index over
 * no multi-valued column has one entry per record and ignores it).
 * @return as JetSetCurrentIndex2; JET_errInvalidParameter: itagSequence 0; JET_errNoCurrentRecord:
 *  NoMove and the record has no entry for that value (fewer values, or a null key the index
 *  leaves out). */
JET_ERR JET_API JetSetCurrentIndex3(JET_SESID sesid, JET_TABLEID tableid, JET_PCSTR szIndexName,
                                    JET_GRBIT grbit, JET_ULONG itagSequence);

/** JetSetCurrentIndex3 with an index id hint from JetGetIndexInfo / JetGetTableIndexInfo
 * (JET_IdxInfoIndexId). NULL pindexid: no hint.
 * @return as JetSetCurrentIndex3; JET_errInvalidParameter: the hint's cbStruct is not
 *  sizeof(JET_INDEXID); JET_errInvalidIndexId: the hint names another index, or the index was
 *  deleted (and perhaps created again) since. */
JET_ERR JET_API JetSetCurrentIndex4(JET_SESID sesid, JET_TABLEID tableid, JET_PCSTR szIndexName,
                                    JET_INDEXID *pindexid, JET_GRBIT grbit, JET_ULONG itagSequence);

/** Count the entries from the current one to the end of the index or range, at most crecMax
 * (0 = no limit). The cursor does not move.
 * @return JET_errSuccess; JET_errNoCurrentRecord; JET_errInvalidParameter: NULL pcrec;
 *  JET_errInvalidTableId; the session codes. */
JET_ERR JET_API JetIndexRecordCount(JET_SESID sesid, JET_TABLEID tableid, JET_ULONG *pcrec,
                                    JET_ULONG crecMax);

/** JetIndexRecordCount with a 64-bit count and limit (0 = no limit).
 * @return as JetIndexRecordCount. */
JET_ERR JET_API JetIndexRecordCount2(JET_SESID sesid, JET_TABLEID tableid, unsigned long long *pcrec,
                                     unsigned long long crecMax);

/** The records that lie in every one of several index ranges over one table: each
 * JET_INDEXRANGE names a cursor of the session (on any index of the table) and contributes the
 * records from its current entry (or its index's first) to the end of its index range (or of its
 * index), as JetIndexRecordCount counts them; the cursors do not move. The answer is a temporary
 * table with one binary key column of bookmarks, sorted, described in *precordlist, standing on
 * its first row; close it with JetCloseTable. grbit must be 0.
 * @return JET_errSuccess; JET_errInvalidParameter: fewer than two ranges, NULL arguments, a
 *  range's or the record list's cbStruct not its size, cursors on different tables or a temporary
 *  table; JET_errInvalidGrbit: a range's grbit other than JET_bitRecordInIndex, or a grbit;
 *  JET_errInvalidTableId; JET_errTooManyOpenTables (JET_paramMaxTemporaryTables); the session
 *  codes. */
JET_ERR JET_API JetIntersectIndexes(JET_SESID sesid, JET_INDEXRANGE *rgindexrange, JET_ULONG cindexrange,
                                    JET_RECORDLIST *precordlist, JET_GRBIT grbit);

/** Approximate position of the current entry: centriesLT of centriesTotal.
 * @param[in] cbRecpos  sizeof(JET_RECPOS).
 * @return JET_errSuccess; JET_errNoCurrentRecord; JET_errInvalidParameter: cbRecpos too small
 *  or NULL; JET_errInvalidTableId; the session codes. */
JET_ERR JET_API JetGetRecordPosition(JET_SESID sesid, JET_TABLEID tableid, JET_RECPOS *precpos,
                                     JET_ULONG cbRecpos);

/** Moves the cursor to the entry centriesLT / centriesTotal of the way through its current index
 * (exact here: entry floor(total * centriesLT / centriesTotal), the last entry for a fraction of 1;
 * centriesTotal 0 means the first). Cancels an index range. On failure the cursor stays put.
 * @return JET_errSuccess; JET_errRecordNotFound: the index is empty; JET_errInvalidParameter:
 *  NULL precpos, cbStruct too small, or centriesLT > centriesTotal; JET_errInvalidTableId. */
JET_ERR JET_API JetGotoPosition(JET_SESID sesid, JET_TABLEID tableid, JET_RECPOS *precpos);

/** Check the cursor's current record: returns JET_errSuccess when it is visible and not
 * changed by another session after this transaction began (pvResult / cbMax / InfoLevel: NULL, 0, 0).
 * @return JET_errSuccess; JET_errNoCurrentRecord; JET_errRecordDeleted;
 *  JET_errWriteConflict: another session holds a write lock on it or changed it;
 *  JET_errInvalidTableId; the session codes. */
JET_ERR JET_API JetGetCursorInfo(JET_SESID sesid, JET_TABLEID tableid, void *pvResult, JET_ULONG cbMax,
                                 JET_ULONG InfoLevel);

/** A hint that the application scans the cursor's whole current index (grbit 0,
 * JET_bitPrereadForward or JET_bitPrereadBackward). Accepted and kept; it changes no result
 * (LMDB reads the memory-mapped file, which the OS reads ahead).
 * @return JET_errSuccess; JET_errInvalidGrbit; JET_errInvalidTableId. */
JET_ERR JET_API JetSetTableSequential(JET_SESID sesid, JET_TABLEID tableid, JET_GRBIT grbit);

/** Withdraws JetSetTableSequential's hint; safe on a cursor that never had it (grbit 0).
 * @return JET_errSuccess; JET_errInvalidGrbit; JET_errInvalidTableId. */
JET_ERR JET_API JetResetTableSequential(JET_SESID sesid, JET_TABLEID tableid, JET_GRBIT grbit);

/* ---- Temporary tables ---- */

/** Open a temporary table (a sort) for the session; it disappears when its cursor closes.
 * @param[in] prgcolumndef, ccolumn  the columns; key columns carry JET_bitColumnTTKey (in key
 *        order) and optionally JET_bitColumnTTDescending.
 * @param[in] grbit  JET_bitTTIndexed, TTUnique, TTUpdatable, TTScrollable, TTSortNullsHigh,
 *        TTForceMaterialization (= TTErrorOnDuplicateInsertion), TTForwardOnly.
 * @param[out] ptableid  the cursor; prgcolumnid  ccolumn columnids, in prgcolumndef's order.
 * Needs JET_paramMaxTemporaryTables > 0.
 * @return JET_errSuccess; JET_errTooManySorts / JET_errOutOfCursors: the instance's limits
 *  (JET_paramMaxTemporaryTables 0 included); JET_errInvalidColumnType;
 *  JET_errInvalidParameter: NULL pointers, ccolumn 0; JET_errInvalidGrbit; the session codes.
 *  Later inserts: JET_errKeyDuplicate with TTForceMaterialization / TTUnique duplicates. */
/* jetstore today: a temporary table lives in the session's memory; it is not versioned (a
 * rollback does not undo its changes; esent versions them unless
 * JET_paramEnableTempTableVersioning is off); text keys use the one collation (lcid 0 or 1033). */
JET_ERR JET_API JetOpenTempTable(JET_SESID sesid, const JET_COLUMNDEF *prgcolumndef, JET_ULONG ccolumn,
                                 JET_GRBIT grbit, JET_TABLEID *ptableid, JET_COLUMNID *prgcolumnid);

/** JetOpenTempTable with a locale for text keys (lcid; 0 = default).
 * @return as JetOpenTempTable; JET_errInvalidLanguageId: unknown lcid. */
JET_ERR JET_API JetOpenTempTable2(JET_SESID sesid, const JET_COLUMNDEF *prgcolumndef, JET_ULONG ccolumn,
                                  JET_ULONG lcid, JET_GRBIT grbit, JET_TABLEID *ptableid,
                                  JET_COLUMNID *prgcolumnid);

/** JetOpenTempTable with an optional JET_UNICODEINDEX (locale and normalization flags).
 * @return as JetOpenTempTable2. */
JET_ERR JET_API JetOpenTempTable3(JET_SESID sesid, const JET_COLUMNDEF *prgcolumndef, JET_ULONG ccolumn,
                                  JET_UNICODEINDEX *pidxunicode, JET_GRBIT grbit, JET_TABLEID *ptableid,
                                  JET_COLUMNID *prgcolumnid);

/** JetOpenTempTable3 with the arguments in a structure plus key limits; tableid is written to it.
 * @return as JetOpenTempTable3; JET_errInvalidParameter: cbStruct is wrong. */
JET_ERR JET_API JetOpenTemporaryTable(JET_SESID sesid, JET_OPENTEMPORARYTABLE *popentemporarytable);

/* ======================================================================================== */
/* Backup, restore and snapshots                                                           */
/* ======================================================================================== */

/** Back up an instance while it runs: every attached database (a consistent copy taken through
 * its open environment) and the log generations that bring them all to one commit (DECISIONS.md
 * 16), into `szBackupPath`, each file written under a temporary name, flushed and renamed, and
 * listed with its size and XXH3 checksum in `jetstore-backup.manifest`. Sessions go on reading
 * and committing; commits pause only for one log generation switch.
 * @param[in] szBackupPath  the backup folder (created if missing); NULL or "" only truncates the
 *        log (below).
 * @param[in] grbit  0 (a full backup into an empty folder), JET_bitBackupAtomic (a full backup
 *        into `temp/` of the folder, then rotated to `new/`, the previous `new/` becoming `old/`),
 *        JET_bitBackupIncremental (the log generations since the last full or incremental
 *        backup, with their own manifest, into the folder: into the full backup's folder, a
 *        restore of that folder replays both), JET_bitBackupSnapshot (accepted).
 * @param[in] pfnStatus  optional: JET_snpBackup with JET_sntBegin, JET_sntProgress (JET_SNPROG) and
 *        JET_sntComplete or JET_sntFail; its return value is ignored (DECISIONS.md 17).
 * Afterwards the log generations that neither replay nor the next incremental backup needs are
 * deleted, unless circular logging is on. Which generation the last backup reached is kept in
 * `<SystemPath><BaseName>.jbk`.
 * @return JET_errSuccess; in esent's order:
 *  JET_errInvalidGrbit: unknown bits; JET_errInvalidParameter: not a live instance;
 *  JET_errBackupNotAllowedYet: the instance is not initialized, or a term has begun;
 *  JET_errLoggingDisabled: JET_paramRecovery "off"; JET_errLogWriteFail: the instance is Failed;
 *  JET_errClientRequestToStopJetService: after JetStopServiceInstance;
 *  JET_errInvalidBackup: an incremental backup under circular logging;
 *  JET_errBackupInProgress: another backup of the instance runs;
 *  JET_errMissingFullBackup: an incremental backup with no full backup of this log stream before;
 *  JET_errBackupDirectoryNotEmpty: a full, non-atomic backup into a folder that holds files;
 *  JET_errMakeBackupDirectoryFail: the folder cannot be created;
 *  JET_errBackupAbortByServer: JetStopBackupInstance, or JetTerm2 with JET_bitTermAbrupt,
 *      JET_bitTermStopBackup or JET_bitTermDirty, stopped it (the folder then holds no manifest);
 *  JET_errDiskFull, JET_errDiskIO, JET_errFileAccessDenied, JET_errMissingLogFile;
 *  JET_errLogWriteFail / JET_errLogDiskFull: the log failed (the instance is then Failed). */
JET_ERR JET_API JetBackupInstance(JET_INSTANCE instance, JET_PCSTR szBackupPath, JET_GRBIT grbit,
                                  JET_PFNSTATUS pfnStatus);

/** JetBackupInstance on the one-instance-mode instance (legacy).
 * @return as JetBackupInstance; JET_errRunningInMultiInstanceMode in multi-instance mode. */
JET_ERR JET_API JetBackup(JET_PCSTR szBackupPath, JET_GRBIT grbit, JET_PFNSTATUS pfnStatus);

/** Stop a running backup of the instance: its next step returns JET_errBackupAbortByServer.
 * @return JET_errSuccess (also when no backup runs); JET_errInvalidParameter: not a live instance. */
JET_ERR JET_API JetStopBackupInstance(JET_INSTANCE instance);

/** JetStopBackupInstance on the one-instance-mode instance (legacy).
 * @return as JetStopBackupInstance; JET_errRunningInMultiInstanceMode in multi-instance mode. */
JET_ERR JET_API JetStopBackup(void);

/** Begin an external (streaming) backup: the caller copies the same set JetBackupInstance writes,
 * file by file. The order esent uses: JetGetAttachInfoInstance, then for each database
 * JetOpenFileInstance / JetReadFileInstance until it returns 0 bytes / JetCloseFileInstance; then
 * JetGetLogInfoInstance (which fixes the backup's moment, as JetBackupInstance does) and each log
 * file the same way; then optionally JetGetTruncateLogInfoInstance and JetTruncateLogInstance;
 * then JetEndExternalBackupInstance[2]. The log list ends with the set's manifest (a file
 * served from memory, named as JetBackupInstance names it): copy every listed file into one
 * folder under its own name and JetRestoreInstance restores that folder.
 * @param[in] grbit  0 (full), JET_bitBackupIncremental (logs since the last backup),
 *        JET_bitBackupSnapshot (accepted).
 * @return JetBackupInstance's codes (JET_errBackupNotAllowedYet, JET_errLoggingDisabled,
 *  JET_errLogWriteFail, JET_errInvalidBackup, JET_errBackupInProgress, JET_errMissingFullBackup),
 *  JET_errInvalidGrbit for other bits. */
JET_ERR JET_API JetBeginExternalBackupInstance(JET_INSTANCE instance, JET_GRBIT grbit);

/** The attached databases' paths as a double-NUL-terminated list (*pcbActual: its size in bytes,
 * both terminators included; a NULL buffer asks for the size).
 * @return JET_errSuccess; JET_errBufferTooSmall: cbMax too small (nothing written);
 *  JET_errNoBackup: no external backup runs; JET_errInvalidBackupSequence: an incremental one;
 *  JET_errBackupAbortByServer: JetStopBackupInstance stopped it. */
JET_ERR JET_API JetGetAttachInfoInstance(JET_INSTANCE instance, void *szzDatabases, JET_ULONG cbMax,
                                         JET_ULONG *pcbActual);

/** Open a file of the backup: an attached database (its consistent copy is taken now) or, after
 * JetGetLogInfoInstance, one of the log files it listed. *pulFileSizeLow / High: its size.
 * @return JET_errSuccess; JET_errInvalidParameter: NULL arguments; JET_errFileNotFound: neither;
 *  JET_errInvalidBackupSequence: a database after the logs, or in an incremental backup, or a log
 *  before JetGetLogInfoInstance; JET_errNoBackup; JET_errBackupAbortByServer; JET_errDiskFull,
 *  JET_errDiskIO. */
JET_ERR JET_API JetOpenFileInstance(JET_INSTANCE instance, JET_PCSTR szFileName, JET_HANDLE *phfFile,
                                    JET_ULONG *pulFileSizeLow, JET_ULONG *pulFileSizeHigh);

/** Read the next bytes of an open backup file: cb must be a non-zero multiple of 4096 (whole
 * pages); *pcbActual is 0 at the end.
 * @return JET_errSuccess; JET_errInvalidParameter: a bad handle, buffer or size; JET_errNoBackup;
 *  JET_errBackupAbortByServer; JET_errDiskIO. */
JET_ERR JET_API JetReadFileInstance(JET_INSTANCE instance, JET_HANDLE hfFile, void *pv, JET_ULONG cb,
                                    JET_ULONG *pcbActual);

/** Close a backup file. @return JET_errSuccess; JET_errInvalidParameter: a bad handle; JET_errNoBackup. */
JET_ERR JET_API JetCloseFileInstance(JET_INSTANCE instance, JET_HANDLE hfFile);

/** The log files of the backup, double-NUL-terminated (as JetGetAttachInfoInstance's list). The
 * first call fixes the backup's moment: commits pause for one log generation switch.
 * @return as JetGetAttachInfoInstance; JET_errLogWriteFail / JET_errLogDiskFull: the log failed. */
JET_ERR JET_API JetGetLogInfoInstance(JET_INSTANCE instance, void *szzLogs, JET_ULONG cbMax,
                                      JET_ULONG *pcbActual);

/** The log files JetTruncateLogInstance would delete (double-NUL-terminated; none under circular
 * logging). @return as JetGetLogInfoInstance; JET_errInvalidBackupSequence before it. */
JET_ERR JET_API JetGetTruncateLogInfoInstance(JET_INSTANCE instance, void *szzLogs, JET_ULONG cbMax,
                                              JET_ULONG *pcbActual);

/** Delete the log generations neither replay nor the next incremental backup needs.
 * @return JET_errSuccess; JET_errInvalidBackupSequence before JetGetLogInfoInstance; JET_errNoBackup. */
JET_ERR JET_API JetTruncateLogInstance(JET_INSTANCE instance);

/** End the external backup, recording it (for the next incremental one) when its logs were listed.
 * @return JET_errSuccess; JET_errNoBackup; JET_errBackupAbortByServer: it had been stopped (it is
 *  ended all the same). */
JET_ERR JET_API JetEndExternalBackupInstance(JET_INSTANCE instance);

/** JetEndExternalBackupInstance with JET_bitBackupEndNormal (record it) or JET_bitBackupEndAbort
 * (record nothing), optionally JET_bitBackupTruncateDone. @return as JetEndExternalBackupInstance;
 *  JET_errInvalidGrbit: other bits, or both Normal and Abort. */
JET_ERR JET_API JetEndExternalBackupInstance2(JET_INSTANCE instance, JET_GRBIT grbit);

/** The snapshot-writer API: a tool that copies the files of running instances (a volume
 * snapshot, a plain copy) asks the engine to hold still meanwhile. One snapshot at a time per
 * process. Prepare, then Freeze: every included instance (each running instance with the log, or
 * with JET_bitExplicitPrepare those given to JetOSSnapshotPrepareInstance) finishes the commit
 * group it is writing, flushes its log and pauses its checkpointer; commits then wait (they are
 * not refused) until Thaw, so the database files, the log and the checkpoint file do not change.
 * A copy taken meanwhile is a crash-consistent image: JetInit on it replays the log. A freeze is
 * ended by Thaw, Abort, a JetTerm of the instance, or after 20 seconds (then Thaw returns
 * JET_errOSSnapshotTimeOut). Then JetOSSnapshotEnd.
 * @return JET_errSuccess; JET_errInvalidParameter: NULL psnapId; JET_errInvalidGrbit;
 *  JET_errOSSnapshotNotAllowed: another snapshot is in progress. */
JET_ERR JET_API JetOSSnapshotPrepare(JET_OSSNAPID *psnapId, const JET_GRBIT grbit);

/** Include an instance in a snapshot prepared with JET_bitExplicitPrepare.
 * @return JET_errSuccess; JET_errOSSnapshotInvalidSnapId; JET_errOSSnapshotInvalidSequence: not in
 *  the prepared state; JET_errInvalidParameter: not a live instance; JET_errInvalidGrbit. */
JET_ERR JET_API JetOSSnapshotPrepareInstance(JET_OSSNAPID snapId, JET_INSTANCE instance, const JET_GRBIT grbit);

/** Freeze (above). *paInstanceInfo (free it with JetFreeBuffer) lists the frozen instances and
 * their databases, as JetGetInstanceInfo does; their log and checkpoint files are in their
 * JET_paramLogFilePath and JET_paramSystemPath.
 * @return JET_errSuccess; JET_errOSSnapshotInvalidSnapId; JET_errOSSnapshotInvalidSequence: not
 *  prepared; JET_errInvalidParameter: NULL out pointers; JET_errInvalidGrbit;
 *  JET_errLogWriteFail: an instance's log could not be flushed (nothing stays frozen). */
JET_ERR JET_API JetOSSnapshotFreeze(const JET_OSSNAPID snapId, JET_ULONG *pcInstanceInfo,
                                    JET_INSTANCE_INFO **paInstanceInfo, const JET_GRBIT grbit);

/** Resume the frozen instances. @return JET_errSuccess; JET_errOSSnapshotTimeOut: the freeze had
 *  already ended at its timeout (the copy may not be consistent); JET_errOSSnapshotInvalidSnapId;
 *  JET_errOSSnapshotInvalidSequence: not frozen; JET_errInvalidGrbit. */
JET_ERR JET_API JetOSSnapshotThaw(const JET_OSSNAPID snapId, const JET_GRBIT grbit);

/** Abandon the snapshot in any state (resuming a freeze). @return JET_errSuccess;
 *  JET_errOSSnapshotInvalidSnapId; JET_errInvalidGrbit. */
JET_ERR JET_API JetOSSnapshotAbort(const JET_OSSNAPID snapId, const JET_GRBIT grbit);

/** End the snapshot after Thaw (JET_bitAbortSnapshot: in any state, as Abort).
 * @return JET_errSuccess; JET_errOSSnapshotInvalidSnapId; JET_errOSSnapshotInvalidSequence: still
 *  frozen or never frozen (without JET_bitAbortSnapshot); JET_errInvalidGrbit. */
JET_ERR JET_API JetOSSnapshotEnd(const JET_OSSNAPID snapId, const JET_GRBIT grbit);

/** Restore a backup folder (JetBackupInstance's, with any incremental backups taken into it) into
 * an instance that is created and not yet initialized, then replay: the backup's log generations,
 * then every newer generation of the same log stream already in JET_paramLogFilePath (esent's
 * rule), so the databases hold everything up to the newest log. The instance is Restoring
 * meanwhile (every other call on it gets JET_errRestoreInProgress) and Created again afterwards:
 * JetInit it, or JetTerm it. The backup is verified (sizes, then checksums while its files are
 * copied beside their destinations under temporary names) before anything is replaced; a restore
 * that fails or is killed before its files are renamed into place leaves the destination as it
 * was, and one interrupted later is finished by running it again. The databases end consistent
 * and detached, the checkpoint clean.
 * @param[in] instance  a created instance; NULL or JET_instanceNil outside one-instance mode:
 *        a temporary instance with the global parameters.
 * @param[in] sz  the backup folder (for an atomic backup, its `new/`).
 * @param[in] szDest  optional: the folder the databases are restored into (NULL: their original
 *        paths); replay then writes them there.
 * @param[in] pfn  optional: JET_snpRestore with JET_sntBegin, a rising JET_sntProgress (cunitDone
 *        of cunitTotal 100) and JET_sntComplete or JET_sntFail; its result is ignored.
 * It replays every log it finds; for a restore to a point, copy the set's files into place
 * instead and run JetInit3 with JET_RSTINFO's lgposStop (or use `jetstore-util restore --stop`).
 * @return JET_errSuccess; JET_errInvalidParameter: NULL `sz`, not a live instance;
 *  JET_errAlreadyInitialized, JET_errInitInProgress, JET_errTermInProgress,
 *  JET_errRestoreInProgress: the instance's state; JET_errSystemPathInUse /
 *  JET_errLogFilePathInUse: a running instance uses its folders; JET_errInvalidPath: the backup
 *  folder does not exist (or a folder cannot be created);
 *  JET_errInvalidBackup: no manifest, a manifest that does not parse or whose checksum fails,
 *      incremental backups that do not continue the full one, another JET_paramBaseName;
 *  JET_errFileNotFound: a file of the backup is missing; JET_errDatabaseCorrupted: a file of the
 *      backup has another size than its manifest says; JET_errReadVerifyFailure: a file's
 *      checksum differs from its manifest's;
 *  JET_errInvalidLogSequence: the log folder holds logs of another log stream;
 *  replay's errors (as JetInit's): JET_errMissingLogFile, JET_errLogFileCorrupt,
 *  JET_errAttachedDatabaseMismatch, JET_errDatabaseSharingViolation, ...; JET_errDiskFull,
 *  JET_errDiskIO, JET_errOutOfMemory. */
JET_ERR JET_API JetRestoreInstance(JET_INSTANCE instance, JET_PCSTR sz, JET_PCSTR szDest, JET_PFNSTATUS pfn);

/** JetRestoreInstance on a temporary instance (legacy, not in multi-instance mode).
 * @return as JetRestoreInstance; JET_errRunningInMultiInstanceMode in multi-instance mode;
 *  JET_errAlreadyInitialized when the one-instance-mode instance is initialized. */
JET_ERR JET_API JetRestore(JET_PCSTR sz, JET_PFNSTATUS pfn);

/** JetRestore with a destination folder for the databases. @return as JetRestore. */
JET_ERR JET_API JetRestore2(JET_PCSTR sz, JET_PCSTR szDest, JET_PFNSTATUS pfn);


/* esent's narrow-character names, for source compatibility */
#define JetCreateInstanceA JetCreateInstance
#define JetCreateInstance2A JetCreateInstance2
#define JetInit3A JetInit3
#define JetBackupA JetBackup
#define JetBackupInstanceA JetBackupInstance
#define JetRestoreA JetRestore
#define JetRestore2A JetRestore2
#define JetRestoreInstanceA JetRestoreInstance
#define JetCompactA JetCompact
#define JetDefragmentA JetDefragment
#define JetGetAttachInfoInstanceA JetGetAttachInfoInstance
#define JetOpenFileInstanceA JetOpenFileInstance
#define JetGetLogInfoInstanceA JetGetLogInfoInstance
#define JetGetTruncateLogInfoInstanceA JetGetTruncateLogInfoInstance
#define JetGetInstanceInfoA JetGetInstanceInfo
#define JetSetSystemParameterA JetSetSystemParameter
#define JetGetSystemParameterA JetGetSystemParameter
#define JetBeginSessionA JetBeginSession
#define JetEnableMultiInstanceA JetEnableMultiInstance

#ifdef __cplusplus
}
#endif

#endif /* JETSTORE_ESENT_H */

// The C facade: every exported Jet* function checks its pointer arguments, calls the engine and
// turns anything that escapes it into a JET_ERR. Nothing else lives here (STYLE.md: a thin C
// facade over a C++ core); the semantics are in engine/.
#include <esent.h>
#include <jetstore/log_stats.h>

#include "engine/backup.h"
#include "engine/compact.h"
#include "engine/database.h"
#include "engine/instance.h"
#include "engine/os_snapshot.h"
#include "engine/seams.h"
#include "api/src/guarded.h"
#include "engine/session.h"
#include "engine/transaction.h"

#include <cstdlib>
#include <new>

namespace {

namespace eng = jetstore::engine;

using jetstore::api::Guarded;

}  // namespace

// Only the Jet* functions are exported (the libraries build with hidden visibility).
#pragma GCC visibility push(default)
extern "C" {

JET_ERR JET_API JetCreateInstance(JET_INSTANCE* pinstance, const char* szInstanceName) {
    return Guarded([&] { return eng::CreateInstance(pinstance, szInstanceName, nullptr, 0); });
}

JET_ERR JET_API JetCreateInstance2(JET_INSTANCE* pinstance, const char* szInstanceName, const char* szDisplayName,
                                   JET_GRBIT grbit) {
    return Guarded([&] { return eng::CreateInstance(pinstance, szInstanceName, szDisplayName, grbit); });
}

JET_ERR JET_API JetInit(JET_INSTANCE* pinstance) {
    return Guarded([&] { return eng::Init(pinstance, nullptr, 0); });
}

JET_ERR JET_API JetInit2(JET_INSTANCE* pinstance, JET_GRBIT grbit) {
    return Guarded([&] { return eng::Init(pinstance, nullptr, grbit); });
}

JET_ERR JET_API JetInit3(JET_INSTANCE* pinstance, JET_RSTINFO* prstInfo, JET_GRBIT grbit) {
    return Guarded([&] { return eng::Init(pinstance, prstInfo, grbit); });
}

JET_ERR JET_API JetTerm(JET_INSTANCE instance) {
    return Guarded([&] { return eng::Term(instance, JET_bitTermAbrupt); });
}

JET_ERR JET_API JetTerm2(JET_INSTANCE instance, JET_GRBIT grbit) {
    return Guarded([&] { return eng::Term(instance, grbit); });
}

JET_ERR JET_API JetStopService(void) {
    return Guarded([&] { return eng::StopService(); });
}

JET_ERR JET_API JetBackupInstance(JET_INSTANCE instance, JET_PCSTR szBackupPath, JET_GRBIT grbit,
                                  JET_PFNSTATUS pfnStatus) {
    return Guarded([&] { return eng::BackupInstance(instance, szBackupPath, grbit, pfnStatus); });
}

JET_ERR JET_API JetBackup(JET_PCSTR szBackupPath, JET_GRBIT grbit, JET_PFNSTATUS pfnStatus) {
    return Guarded([&] { return eng::Backup(szBackupPath, grbit, pfnStatus); });
}

JET_ERR JET_API JetStopBackupInstance(JET_INSTANCE instance) {
    return Guarded([&] { return eng::StopBackupInstance(instance); });
}

JET_ERR JET_API JetStopBackup(void) {
    return Guarded([&] { return eng::StopBackup(); });
}

JET_ERR JET_API JetBeginExternalBackupInstance(JET_INSTANCE instance, JET_GRBIT grbit) {
    return Guarded([&] { return eng::BeginExternalBackup(instance, grbit); });
}

JET_ERR JET_API JetGetAttachInfoInstance(JET_INSTANCE instance, void* szzDatabases, JET_ULONG cbMax,
                                         JET_ULONG* pcbActual) {
    return Guarded([&] { return eng::GetAttachInfo(instance, szzDatabases, cbMax, pcbActual); });
}

JET_ERR JET_API JetOpenFileInstance(JET_INSTANCE instance, JET_PCSTR szFileName, JET_HANDLE* phfFile,
                                    JET_ULONG* pulFileSizeLow, JET_ULONG* pulFileSizeHigh) {
    return Guarded([&] { return eng::OpenBackupFile(instance, szFileName, phfFile, pulFileSizeLow, pulFileSizeHigh); });
}

JET_ERR JET_API JetReadFileInstance(JET_INSTANCE instance, JET_HANDLE hfFile, void* pv, JET_ULONG cb,
                                    JET_ULONG* pcbActual) {
    return Guarded([&] { return eng::ReadBackupFile(instance, hfFile, pv, cb, pcbActual); });
}

JET_ERR JET_API JetCloseFileInstance(JET_INSTANCE instance, JET_HANDLE hfFile) {
    return Guarded([&] { return eng::CloseBackupFile(instance, hfFile); });
}

JET_ERR JET_API JetGetLogInfoInstance(JET_INSTANCE instance, void* szzLogs, JET_ULONG cbMax, JET_ULONG* pcbActual) {
    return Guarded([&] { return eng::GetLogInfo(instance, szzLogs, cbMax, pcbActual); });
}

JET_ERR JET_API JetGetTruncateLogInfoInstance(JET_INSTANCE instance, void* szzLogs, JET_ULONG cbMax,
                                              JET_ULONG* pcbActual) {
    return Guarded([&] { return eng::GetTruncateLogInfo(instance, szzLogs, cbMax, pcbActual); });
}

JET_ERR JET_API JetTruncateLogInstance(JET_INSTANCE instance) {
    return Guarded([&] { return eng::TruncateLog(instance); });
}

JET_ERR JET_API JetEndExternalBackupInstance(JET_INSTANCE instance) {
    return Guarded([&] { return eng::EndExternalBackup(instance, JET_bitBackupEndNormal); });
}

JET_ERR JET_API JetEndExternalBackupInstance2(JET_INSTANCE instance, JET_GRBIT grbit) {
    return Guarded([&] { return eng::EndExternalBackup(instance, grbit); });
}

JET_ERR JET_API JetOSSnapshotPrepare(JET_OSSNAPID* psnapId, const JET_GRBIT grbit) {
    return Guarded([&] { return eng::OsSnapshotPrepare(psnapId, grbit); });
}

JET_ERR JET_API JetOSSnapshotPrepareInstance(JET_OSSNAPID snapId, JET_INSTANCE instance, const JET_GRBIT grbit) {
    return Guarded([&] { return eng::OsSnapshotPrepareInstance(snapId, instance, grbit); });
}

JET_ERR JET_API JetOSSnapshotFreeze(const JET_OSSNAPID snapId, JET_ULONG* pcInstanceInfo,
                                    JET_INSTANCE_INFO** paInstanceInfo, const JET_GRBIT grbit) {
    return Guarded([&] { return eng::OsSnapshotFreeze(snapId, pcInstanceInfo, paInstanceInfo, grbit); });
}

JET_ERR JET_API JetOSSnapshotThaw(const JET_OSSNAPID snapId, const JET_GRBIT grbit) {
    return Guarded([&] { return eng::OsSnapshotThaw(snapId, grbit); });
}

JET_ERR JET_API JetOSSnapshotAbort(const JET_OSSNAPID snapId, const JET_GRBIT grbit) {
    return Guarded([&] { return eng::OsSnapshotAbort(snapId, grbit); });
}

JET_ERR JET_API JetOSSnapshotEnd(const JET_OSSNAPID snapId, const JET_GRBIT grbit) {
    return Guarded([&] { return eng::OsSnapshotEnd(snapId, grbit); });
}

JET_ERR JET_API JetCompact(JET_SESID sesid, JET_PCSTR szDatabaseSrc, JET_PCSTR szDatabaseDest, JET_PFNSTATUS pfnStatus,
                           JET_CONVERT_A* pconvert, JET_GRBIT grbit) {
    return Guarded([&] { return eng::Compact(sesid, szDatabaseSrc, szDatabaseDest, pfnStatus, pconvert, grbit); });
}

JET_ERR JET_API JetDefragment(JET_SESID sesid, JET_DBID dbid, JET_PCSTR szTableName, JET_ULONG* pcPasses,
                              JET_ULONG* pcSeconds, JET_GRBIT grbit) {
    return Guarded([&] { return eng::Defragment(sesid, dbid, szTableName, pcPasses, pcSeconds, grbit); });
}

JET_ERR JET_API JetDefragment2(JET_SESID sesid, JET_DBID dbid, JET_PCSTR szTableName, JET_ULONG* pcPasses,
                               JET_ULONG* pcSeconds, JET_CALLBACK callback, JET_GRBIT grbit) {
    const JET_ERR err = Guarded([&] { return eng::Defragment(sesid, dbid, szTableName, pcPasses, pcSeconds, grbit); });
    // The pass that started has already completed: its callback, after the call's guard is gone
    // (the callback may call back into the session).
    if (err == JET_errSuccess && callback != nullptr && (grbit & JET_bitDefragmentBatchStop) == 0) {
        (void)callback(sesid, dbid, JET_tableidNil, JET_cbtypOnlineDefragCompleted, nullptr, nullptr, nullptr, 0);
    }
    return err;
}

JET_ERR JET_API JetIdle(JET_SESID sesid, JET_GRBIT grbit) {
    return Guarded([&] { return eng::Idle(sesid, grbit); });
}

JET_ERR JET_API JetGrowDatabase(JET_SESID sesid, JET_DBID dbid, JET_ULONG cpg, JET_ULONG* pcpgReal) {
    return Guarded([&] { return eng::GrowDatabase(sesid, dbid, cpg, pcpgReal); });
}

JET_ERR JET_API JetSetDatabaseSize(JET_SESID sesid, JET_PCSTR szDatabaseName, JET_ULONG cpg, JET_ULONG* pcpgReal) {
    return Guarded([&] { return eng::SetDatabaseSize(sesid, szDatabaseName, cpg, pcpgReal); });
}

JET_ERR JET_API JetGetDatabaseFileInfo(JET_PCSTR szDatabaseName, void* pvResult, JET_ULONG cbMax, JET_ULONG InfoLevel) {
    return Guarded([&] { return eng::GetDatabaseFileInfo(szDatabaseName, pvResult, cbMax, InfoLevel); });
}

JET_ERR JET_API JetRestoreInstance(JET_INSTANCE instance, JET_PCSTR sz, JET_PCSTR szDest, JET_PFNSTATUS pfn) {
    return Guarded([&] { return eng::RestoreInstance(instance, sz, szDest, pfn); });
}

JET_ERR JET_API JetRestore(JET_PCSTR sz, JET_PFNSTATUS pfn) {
    return Guarded([&] { return eng::Restore(sz, nullptr, pfn); });
}

JET_ERR JET_API JetRestore2(JET_PCSTR sz, JET_PCSTR szDest, JET_PFNSTATUS pfn) {
    return Guarded([&] { return eng::Restore(sz, szDest, pfn); });
}

JET_ERR JET_API JetStopServiceInstance(JET_INSTANCE instance) {
    return Guarded([&] { return eng::StopServiceInstance(instance, JET_bitStopServiceAll); });
}

JET_ERR JET_API JetStopServiceInstance2(JET_INSTANCE instance, const JET_GRBIT grbit) {
    return Guarded([&] { return eng::StopServiceInstance(instance, grbit); });
}

JET_ERR JET_API JetEnableMultiInstance(JET_SETSYSPARAM* psetsysparam, JET_ULONG csetsysparam,
                                       JET_ULONG* pcsetsucceed) {
    return Guarded([&] { return eng::EnableMultiInstance(psetsysparam, csetsysparam, pcsetsucceed); });
}

JET_ERR JET_API JetGetInstanceInfo(JET_ULONG* pcInstanceInfo, JET_INSTANCE_INFO** paInstanceInfo) {
    return Guarded([&] { return eng::GetInstanceInfo(pcInstanceInfo, paInstanceInfo); });
}

JET_ERR JET_API JetFreeBuffer(char* pbBuf) {
    std::free(pbBuf);
    return JET_errSuccess;
}

JET_ERR JET_API JetSetSystemParameter(JET_INSTANCE* pinstance, JET_SESID sesid, JET_ULONG paramid,
                                      JET_API_PTR lParam, JET_PCSTR szParam) {
    return Guarded([&] { return eng::SetSystemParameter(pinstance, sesid, paramid, lParam, szParam); });
}

JET_ERR JET_API JetGetSystemParameter(JET_INSTANCE instance, JET_SESID sesid, JET_ULONG paramid,
                                      JET_API_PTR* plParam, JET_PSTR szParam, JET_ULONG cbMax) {
    return Guarded([&] { return eng::GetSystemParameter(instance, sesid, paramid, plParam, szParam, cbMax); });
}

JET_ERR JET_API JetGetVersion(JET_SESID sesid, JET_ULONG* pwVersion) {
    return Guarded([&] { return eng::GetVersion(sesid, pwVersion); });
}

JET_ERR JET_API JetBeginSession(JET_INSTANCE instance, JET_SESID* psesid, JET_PCSTR, JET_PCSTR) {
    if (psesid == nullptr) return JET_errInvalidParameter;
    return Guarded([&] { return eng::BeginSession(instance, psesid); });
}

JET_ERR JET_API JetDupSession(JET_SESID sesid, JET_SESID* psesid) {
    return Guarded([&] { return eng::DupSession(sesid, psesid); });
}

JET_ERR JET_API JetEndSession(JET_SESID sesid, JET_GRBIT grbit) {
    return Guarded([&] { return eng::EndSession(sesid, grbit); });
}

JET_ERR JET_API JetSetSessionContext(JET_SESID sesid, JET_API_PTR ulContext) {
    return eng::SetSessionContext(sesid, ulContext);  // allocates nothing, cannot throw
}

JET_ERR JET_API JetResetSessionContext(JET_SESID sesid) {
    return eng::ResetSessionContext(sesid);  // allocates nothing, cannot throw
}

JET_ERR JET_API JetBeginTransaction(JET_SESID sesid) {
    return Guarded([&] { return eng::BeginTransaction(sesid, 0); });
}

JET_ERR JET_API JetBeginTransaction2(JET_SESID sesid, JET_GRBIT grbit) {
    return Guarded([&] { return eng::BeginTransaction(sesid, grbit); });
}

JET_ERR JET_API JetBeginTransaction3(JET_SESID sesid, long long, JET_GRBIT grbit) {
    return Guarded([&] { return eng::BeginTransaction(sesid, grbit); });
}

JET_ERR JET_API JetCommitTransaction(JET_SESID sesid, JET_GRBIT grbit) {
    return Guarded([&] { return eng::CommitTransaction(sesid, grbit, 0, nullptr); });
}

JET_ERR JET_API JetCommitTransaction2(JET_SESID sesid, JET_GRBIT grbit, JET_ULONG cmsecDurableCommit,
                                      JET_COMMIT_ID* pCommitID) {
    return Guarded([&] { return eng::CommitTransaction(sesid, grbit, cmsecDurableCommit, pCommitID); });
}

JET_ERR JET_API JetRollback(JET_SESID sesid, JET_GRBIT grbit) {
    return Guarded([&] { return eng::Rollback(sesid, grbit); });
}

JET_ERR JET_API JetstoreGetLogStats(JET_INSTANCE instance, JETSTORE_LOG_STATS* pstats) {
    return Guarded([&]() -> JET_ERR {
        if (pstats == nullptr || pstats->cbStruct != sizeof(JETSTORE_LOG_STATS)) return JET_errInvalidParameter;
        eng::seam::LogStats s;
        const JET_ERR err = eng::seam::GetLogStats(instance, &s);
        if (err < 0) return err;
        pstats->fRecovered = s.recovered ? 1 : 0;
        pstats->cCommits = s.commits;
        pstats->cGroups = s.groups;
        pstats->cDurableGroups = s.durable_groups;
        pstats->cLargestGroup = s.largest_group;
        pstats->cbLogBytes = s.log_bytes;
        pstats->cLogWrites = s.log_writes;
        pstats->cLogSyncs = s.log_syncs;
        pstats->lGeneration = s.generations;
        pstats->cCheckpoints = s.checkpoints;
        pstats->cKeysCheckpointed = s.keys_checkpointed;
        pstats->cbOverlay = s.overlay_bytes;
        pstats->cReplayedRecords = s.replayed_records;
        pstats->cbReplayed = s.replayed_bytes;
        pstats->cusecReplay = static_cast<std::uint64_t>(s.replay_seconds * 1e6);
        return JET_errSuccess;
    });
}

}  // extern "C"
#pragma GCC visibility pop

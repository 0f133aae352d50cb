// Backup and restore of an instance (backup.cc): JetBackupInstance / JetBackup, JetStopBackupInstance
// / JetStopBackup, JetRestoreInstance / JetRestore / JetRestore2. The files and their formats are
// recovery/backup_set.h's; restore's work is recovery/restore.h's; this file drives the instance's
// state (Running for a backup, Restoring for a restore) and speaks esent's codes.
#pragma once

#include "storage/commit_log.h"

#include <esent.h>

#include <optional>

namespace jetstore::engine {

// A full backup (every attached database and the log generations that bring them to one commit
// seq), or with JET_bitBackupIncremental the generations since the last backup; with
// JET_bitBackupAtomic into `path`/temp, then rotated to `path`/new (the previous new/ becomes
// old/). Afterwards the generations the checkpoint and the backups no longer need are deleted
// (not under circular logging). A NULL or empty `path` only deletes them.
[[nodiscard]] JET_ERR BackupInstance(JET_INSTANCE instance, const char* path, JET_GRBIT grbit, JET_PFNSTATUS status);
// JetBackup: the one-instance-mode instance's backup.
[[nodiscard]] JET_ERR Backup(const char* path, JET_GRBIT grbit, JET_PFNSTATUS status);
// Asks a running backup to stop: its next step returns JET_errBackupAbortByServer.
[[nodiscard]] JET_ERR StopBackupInstance(JET_INSTANCE instance);
[[nodiscard]] JET_ERR StopBackup();

// The external (streaming) backup: the same set, file by file, through the caller.
[[nodiscard]] JET_ERR BeginExternalBackup(JET_INSTANCE instance, JET_GRBIT grbit);
[[nodiscard]] JET_ERR GetAttachInfo(JET_INSTANCE instance, void* szz, JET_ULONG cb, JET_ULONG* actual);
[[nodiscard]] JET_ERR OpenBackupFile(JET_INSTANCE instance, const char* name, JET_HANDLE* handle, JET_ULONG* low,
                                     JET_ULONG* high);
[[nodiscard]] JET_ERR ReadBackupFile(JET_INSTANCE instance, JET_HANDLE handle, void* pv, JET_ULONG cb,
                                     JET_ULONG* actual);
[[nodiscard]] JET_ERR CloseBackupFile(JET_INSTANCE instance, JET_HANDLE handle);
[[nodiscard]] JET_ERR GetLogInfo(JET_INSTANCE instance, void* szz, JET_ULONG cb, JET_ULONG* actual);
[[nodiscard]] JET_ERR GetTruncateLogInfo(JET_INSTANCE instance, void* szz, JET_ULONG cb, JET_ULONG* actual);
[[nodiscard]] JET_ERR TruncateLog(JET_INSTANCE instance);
[[nodiscard]] JET_ERR EndExternalBackup(JET_INSTANCE instance, JET_GRBIT grbit);

// Restores the backup in `source` into an instance that is created and not initialized (or, for a
// NULL / Nil handle outside one-instance mode, a temporary one), `dest` replacing the databases'
// folder when given. The instance is Restoring meanwhile and Created again afterwards.
// `stop` (jetstore-util restore --stop; not in esent's JetRestoreInstance): replay ends there and
// the log is cut (crash_recovery.h, LogConfig::stop).
[[nodiscard]] JET_ERR RestoreInstance(JET_INSTANCE instance, const char* source, const char* dest, JET_PFNSTATUS status,
                                      std::optional<storage::LogPosition> stop = std::nullopt);
// JetRestore / JetRestore2: not in multi-instance mode (JET_errRunningInMultiInstanceMode).
[[nodiscard]] JET_ERR Restore(const char* source, const char* dest, JET_PFNSTATUS status);

}  // namespace jetstore::engine

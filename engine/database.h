// Attached databases and each session's open databases (database.cc): JetCreateDatabase,
// JetAttachDatabase, JetDetachDatabase, JetOpenDatabase, JetCloseDatabase, JetGetDatabaseInfo; the
// instance's data from JetInit to JetTerm; the snapshots sessions read through.
#pragma once

#include "engine/data.h"

#include <esent.h>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace jetstore::engine {

class CallGuard;
struct InstanceRecord;

[[nodiscard]] JET_ERR CreateDatabase(JET_SESID sesid, const char* file, JET_DBID* pdbid, JET_GRBIT grbit, JET_ULONG max_pages);
[[nodiscard]] JET_ERR AttachDatabase(JET_SESID sesid, const char* file, JET_GRBIT grbit, JET_ULONG max_pages);
[[nodiscard]] JET_ERR DetachDatabase(JET_SESID sesid, const char* file, JET_GRBIT grbit);
[[nodiscard]] JET_ERR OpenDatabaseCall(JET_SESID sesid, const char* file, JET_DBID* pdbid, JET_GRBIT grbit);
[[nodiscard]] JET_ERR CloseDatabase(JET_SESID sesid, JET_DBID dbid, JET_GRBIT grbit);
[[nodiscard]] JET_ERR GetDatabaseInfo(JET_SESID sesid, JET_DBID dbid, void* pv, JET_ULONG cb, JET_ULONG level);
[[nodiscard]] JET_ERR GrowDatabase(JET_SESID sesid, JET_DBID dbid, JET_ULONG pages, JET_ULONG* real);
[[nodiscard]] JET_ERR SetDatabaseSize(JET_SESID sesid, const char* file, JET_ULONG pages, JET_ULONG* real);
// JetGetDatabaseFileInfo: needs no instance.
[[nodiscard]] JET_ERR GetDatabaseFileInfo(const char* file, void* pv, JET_ULONG cb, JET_ULONG level);
// Maps a storage status to the code of the calling API. `not_found` is what kNotFound means there.
[[nodiscard]] JET_ERR FromStorage(const storage::Status& s, JET_ERR not_found);
// Maps the status of a logged commit (or of the log): JET_errLogDiskFull, JET_errLogWriteFail,
// JET_errOutOfDatabaseSpace (the checkpointer cannot move: a full database), JET_errOutOfMemory.
[[nodiscard]] JET_ERR FromCommitStatus(const storage::Status& s);
// The session's data, created on first use. REQUIRES: g admitted.
SessionData& DataOf(CallGuard& g);
SessionData* DataIfAny(CallGuard& g);
// Frees a session's data: closes cursors and databases, drops uncommitted writes.
void DestroySessionData(SessionData* data);
// Drops a session's open database entry. REQUIRES: no cursor of the session reads it.
void ForgetOpen(SessionData& d, std::map<JET_DBID, OpenDatabase>::iterator it);
// A snapshot of the database's latest committed state, renewed (live).
[[nodiscard]] JET_ERR NewLatestSnapshot(AttachedDatabase& db, std::unique_ptr<storage::Snapshot>* out);
// Renews a kept snapshot to the latest committed state (creating it the first time); the caller
// resets it after use so that it pins nothing while idle.
[[nodiscard]] JET_ERR RenewLatest(AttachedDatabase& db, std::unique_ptr<storage::Snapshot>* snapshot);
// A snapshot object for a session (reset; Renew before use).
[[nodiscard]] JET_ERR NewSessionSnapshot(AttachedDatabase& db, std::unique_ptr<storage::Snapshot>* out);
// The seq a snapshot renewed now would read at, without renewing one (what an implicit call's
// cached reads are stamped with).
std::uint64_t LatestSeq(const AttachedDatabase& db);
// Instance lifetime: JetInit creates, JetTerm destroys (after every session is ended). With the
// log, `log` and `checkpoint` come from crash recovery (recovery/crash_recovery.h).
struct LogStart {
    std::unique_ptr<storage::CommitLog> log;
    storage::CheckpointState checkpoint;
    storage::CheckpointOptions options;
};
std::unique_ptr<InstanceData> NewInstanceData(InstanceRecord& rec, unsigned max_sessions, LogStart* log);
// The last checkpoint of a clean stop: every committed change into the databases, each marked
// consistent, the checkpoint file clean. Errors: the log's or the checkpointer's (the instance
// then needs recovery at the next JetInit).
[[nodiscard]] JET_ERR FinishInstanceData(InstanceData& data);
// A database file name as the instance knows it: absolute and lexically normal.
std::string AbsolutePath(const char* file);
// Paths of the attached databases, in dbid order (JetGetInstanceInfo).
std::vector<std::string> AttachedPaths(InstanceData& data);

}  // namespace jetstore::engine

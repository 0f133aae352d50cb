#include "recovery/crash_recovery.h"

#include "storage/db_meta.h"
#include "storage/env.h"
#include "storage/kill_point.h"

#include <sys/stat.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <set>
#include <vector>

namespace jetstore::recovery {
namespace {

namespace lf = storage::logfmt;
using storage::Code;
using storage::Status;

// Replayed changes are committed to a database in transactions of about this many bytes.
constexpr std::size_t kApplyBatchBytes = 64u << 20;

JET_ERR FromScan(const Status& s) {
    switch (s.code()) {
        case Code::kOk:
            return JET_errSuccess;
        case Code::kNotFound:
            return JET_errMissingLogFile;
        case Code::kCorrupt:
            return JET_errLogFileCorrupt;
        case Code::kOutOfMemory:
            return JET_errOutOfMemory;
        case Code::kDiskFull:
            return JET_errDiskFull;
        case Code::kAccessDenied:
            return JET_errFileAccessDenied;
        default:
            return JET_errDiskIO;
    }
}

JET_ERR FromDb(const Status& s) {
    switch (s.code()) {
        case Code::kOk:
            return JET_errSuccess;
        case Code::kAttachedElsewhere:
            return JET_errDatabaseSharingViolation;
        case Code::kLockedByProcess:
        case Code::kAccessDenied:
            return JET_errFileAccessDenied;
        case Code::kCorrupt:
            return JET_errDatabaseCorrupted;
        case Code::kMapFull:
        case Code::kDiskFull:
            return JET_errDiskFull;
        case Code::kOutOfMemory:
            return JET_errOutOfMemory;
        default:
            return JET_errDiskIO;
    }
}

bool FileExists(const std::string& path) {
    struct stat st {};
    return ::stat(path.c_str(), &st) == 0;
}

// The attachment table as the log describes it at each record: a generation's header starts it,
// create / attach / detach records change it.
class Attachments {
public:
    void Reset(const std::vector<lf::DbAttachment>& list) {
        by_dbid_.clear();
        for (const lf::DbAttachment& db : list) by_dbid_[db.dbid] = db;
    }
    // Applies an event record; false when it is malformed.
    bool Apply(const lf::RecordHeader& h, std::string_view payload) {
        if (h.type == lf::RecordType::kCreateDb || h.type == lf::RecordType::kAttachDb) {
            lf::DbAttachment db;
            if (!lf::DecodeDbEvent(payload, &db)) return false;
            by_dbid_[db.dbid] = db;
        } else if (h.type == lf::RecordType::kDetachDb) {
            std::uint8_t dbid = 0;
            std::uint64_t sig = 0;
            if (!lf::DecodeDetach(payload, &dbid, &sig)) return false;
            by_dbid_.erase(dbid);
        }
        return true;
    }
    const lf::DbAttachment* Find(std::uint8_t dbid) const {
        auto it = by_dbid_.find(dbid);
        return it == by_dbid_.end() ? nullptr : &it->second;
    }
    const std::map<std::uint8_t, lf::DbAttachment>& all() const { return by_dbid_; }

private:
    std::map<std::uint8_t, lf::DbAttachment> by_dbid_;
};

// What replay does with one database (by signature).
struct Plan {
    lf::DbAttachment db;
    std::uint64_t create_seq = 0;       // its create record's seq, when the scan holds it
    std::uint64_t last_record = 0;      // the seq of the last commit record that writes it
    std::uint64_t last_detach = 0;      // the seq of its last detach record
    bool attached_at_end = false;
    // Decided after pass 2:
    bool active = false;                // replay writes it
    bool create = false;                // its file is made anew
    std::uint64_t applied = 0;          // the seq its file stands at
    std::unique_ptr<storage::Env> env;
    std::vector<storage::WriteOp> pending;
    std::size_t pending_bytes = 0;
    std::uint64_t pending_seq = 0;
};

Status Flush(Plan& p, std::uint64_t lineage, bool final) {
    storage::DbMeta meta;
    meta.attached = !final;
    meta.signature = p.db.signature;
    meta.lineage = lineage;
    meta.applied_seq = std::max(p.applied, p.pending_seq);
    Status s = p.env->Write(
        [&](storage::TxnWriter& w) {
            for (const storage::WriteOp& op : p.pending) {
                Status inner = op.value ? w.Put(op.key, *op.value) : w.Delete(op.key);
                if (!inner.ok()) return inner;
            }
            return w.Put(storage::DbMetaKey(), storage::EncodeDbMeta(meta));
        },
        storage::Durability::kDurable);
    if (!s.ok()) return s;
    p.applied = meta.applied_seq;
    p.pending.clear();
    p.pending_bytes = 0;
    storage::KillPoint("replay");
    return Status::Ok();
}

}  // namespace

JET_ERR StartLog(const LogConfig& config, JET_GRBIT grbit, StartedLog* out) {
    const auto started = std::chrono::steady_clock::now();
    *out = StartedLog{};
    // The checkpoint.
    storage::CheckpointState chk;
    bool have_chk = false;
    Status s = storage::ReadCheckpoint(config.checkpoint_path, &chk);
    if (s.ok()) {
        have_chk = true;
    } else if (s.Is(Code::kCorrupt)) {
        return JET_errCheckpointCorrupt;
    } else if (!s.Is(Code::kNotFound)) {
        return FromScan(s);
    }

    // Where replay starts: the checkpoint's generation, or the oldest one present.
    std::vector<std::uint32_t> gens;
    s = storage::ListLogGenerations(config.log_folder, config.base, &gens);
    if (!s.ok()) return FromScan(s);
    const bool dirty = have_chk && !chk.clean;
    std::uint32_t from = gens.empty() ? 0 : gens.front();
    if (have_chk && !gens.empty()) {
        if (std::find(gens.begin(), gens.end(), chk.position.generation) != gens.end()) {
            from = chk.position.generation;
        } else if (dirty || chk.position.generation > gens.back()) {
            return JET_errMissingLogFile;  // the generation replay must start from is gone
        }
    }

    // A stop before where replay starts: the databases are already past it.
    if (config.stop && !gens.empty() && config.stop->generation < from) return JET_errDbTimeTooNew;

    // Pass 1: verify.
    storage::LogScan scan;
    s = storage::ScanLog(config.log_folder, config.base, from, 0, 0, &scan, nullptr, nullptr, config.stop);
    if (!s.ok()) return FromScan(s);
    if (config.stop && have_chk && chk.seq > scan.last_seq && chk.lineage == scan.lineage) return JET_errDbTimeTooNew;
    if (scan.empty()) {
        if (dirty) return JET_errMissingLogFile;  // a dirty checkpoint needs its log
        if ((grbit & JET_bitLogStreamMustExist) != 0) return JET_errMissingLogFile;
    } else if (have_chk && chk.lineage != scan.lineage) {
        return JET_errBadCheckpointSignature;
    }

    // Pass 2: plan.
    std::map<std::uint64_t, Plan> plans;  // by signature
    Attachments table;
    bool malformed = false;
    // A database is known by its signature; its path is the one its latest create or attach
    // record gives (a file copied or moved and attached again is replayed where it is now).
    auto plan_of = [&](const lf::DbAttachment& db) -> Plan& {
        Plan& p = plans[db.signature];
        if (p.db.signature == 0) p.db = db;
        return p;
    };
    if (!scan.empty()) {
        s = storage::ScanLog(
            config.log_folder, config.base, from, scan.lineage, 0, &scan,
            [&](const lf::RecordHeader& h, std::string_view payload, storage::LogPosition) -> Status {
                switch (h.type) {
                    case lf::RecordType::kCommit: {
                        const bool ok = lf::WalkCommit(
                            payload,
                            [&](std::uint8_t dbid, std::uint64_t) {
                                const lf::DbAttachment* db = table.Find(dbid);
                                if (db == nullptr) return false;  // a change to a database never attached
                                plan_of(*db).last_record = h.seq;
                                return true;
                            },
                            [](std::uint8_t, const lf::OpView&) {});
                        if (!ok) malformed = true;
                        break;
                    }
                    case lf::RecordType::kCreateDb: {
                        lf::DbAttachment db;
                        if (!lf::DecodeDbEvent(payload, &db)) {
                            malformed = true;
                            break;
                        }
                        plan_of(db).create_seq = h.seq;
                        break;
                    }
                    case lf::RecordType::kDetachDb: {
                        std::uint8_t dbid = 0;
                        std::uint64_t sig = 0;
                        if (lf::DecodeDetach(payload, &dbid, &sig)) {
                            if (const lf::DbAttachment* db = table.Find(dbid)) plan_of(*db).last_detach = h.seq;
                        }
                        break;
                    }
                    default:
                        break;
                }
                if (!malformed && !table.Apply(h, payload)) malformed = true;
                if (!malformed && (h.type == lf::RecordType::kCreateDb || h.type == lf::RecordType::kAttachDb)) {
                    lf::DbAttachment db;
                    if (lf::DecodeDbEvent(payload, &db)) plan_of(db).db = db;
                }
                return malformed ? Status::Error(Code::kCorrupt, "malformed log record") : Status::Ok();
            },
            [&](const storage::GenerationFile& g) -> Status {
                if (g.generation == from) table.Reset(g.header.attached);
                return Status::Ok();
            },
            config.stop);
        if (!s.ok()) return FromScan(s);
        for (const auto& [dbid, db] : table.all()) plan_of(db).attached_at_end = true;
    }

    // Relocated databases are replayed where the map says.
    for (auto& [sig, p] : plans) {
        for (const auto& [from_path, to_path] : config.relocate) {
            if (p.db.path == from_path) p.db.path = to_path;
        }
    }

    // Which databases replay writes, and where they stand.
    const bool ignore_missing = (grbit & JET_bitReplayIgnoreMissingDB) != 0;
    std::uint64_t records_beyond = 0;
    for (auto& [sig, p] : plans) {
        const bool has_records = p.last_record > 0;
        // Records up to the checkpoint's seq are in every database the checkpoint covered: a
        // file replaced or removed since (a compacted copy, a restored file) needs none of them.
        const bool needed = !have_chk || p.last_record > chk.seq;
        if (!FileExists(p.db.path)) {
            if (has_records && p.create_seq > 0 && (p.last_detach < p.last_record || p.attached_at_end)) {
                p.create = true;  // created in this log and lost since: made again from it
                p.active = true;
                p.applied = p.create_seq;
                continue;
            }
            if (!has_records || !needed || p.last_detach > p.last_record || ignore_missing) continue;
            return JET_errAttachedDatabaseMismatch;
        }
        // Another database of the log already holds the file at this path (a database created
        // again over it, JET_bitDbOverwriteExisting): this one's file is gone, as below.
        const Plan* const self = &p;  // (clang 14 does not capture structured bindings)
        const std::string& path = p.db.path;
        const bool held_by_another = std::any_of(plans.begin(), plans.end(), [&](const auto& kv) {
            return &kv.second != self && kv.second.env != nullptr && kv.second.db.path == path;
        });
        if (held_by_another) {
            if (!has_records || !needed || p.last_detach > p.last_record || ignore_missing) continue;
            return JET_errAttachedDatabaseMismatch;
        }
        storage::EnvOptions options;
        options.mode = storage::OpenMode::kOpenExisting;
        options.max_readers = 8;
        options.owner = out;
        s = storage::Env::Open(p.db.path, options, &p.env);
        if (!s.ok()) return FromDb(s);
        std::unique_ptr<storage::ReadSnapshot> snap;
        s = p.env->NewSnapshot(&snap);
        if (!s.ok()) return FromDb(s);
        std::string_view v;
        storage::DbMeta meta;
        const bool has_meta = snap->Get(storage::DbMetaKey(), &v).ok() && storage::DecodeDbMeta(v, &meta);
        snap.reset();
        if (!has_meta || meta.signature != sig || meta.lineage != scan.lineage) {
            // Another database now lives at this path.
            p.env.reset();
            if (!has_records || !needed || p.last_detach > p.last_record || ignore_missing) continue;
            return JET_errAttachedDatabaseMismatch;
        }
        p.applied = meta.applied_seq;
        if (config.stop && p.applied > scan.last_seq) return JET_errDbTimeTooNew;  // it cannot go back
        p.active = true;
        if (p.last_record > p.applied) ++records_beyond;
    }

    // A point-in-time recovery ends the log at the stop before anything is applied: a crash from
    // here on leaves a log that replays to the stop and no further.
    if (scan.cut) {
        s = storage::CutLog(config.log_folder, config.base, &scan);
        if (!s.ok()) return FromScan(s);
    }

    // Pass 3: apply.
    std::uint64_t applied_records = 0;
    std::uint64_t bytes = 0;
    if (!scan.empty() && (records_beyond > 0 || std::any_of(plans.begin(), plans.end(), [](const auto& kv) {
                              return kv.second.create;
                          }))) {
        for (auto& [sig, p] : plans) {
            if (!p.create) continue;
            storage::EnvOptions options;
            options.mode = storage::OpenMode::kCreate;
            options.overwrite = true;
            options.max_readers = 8;
            options.owner = out;
            s = storage::Env::Open(p.db.path, options, &p.env);
            if (!s.ok()) return FromDb(s);
        }
        table = Attachments{};
        storage::LogScan again;
        Status apply_error;
        s = storage::ScanLog(
            config.log_folder, config.base, from, scan.lineage, 0, &again,
            [&](const lf::RecordHeader& h, std::string_view payload, storage::LogPosition) -> Status {
                bytes += lf::kRecordHeaderSize + payload.size();
                if (h.type != lf::RecordType::kCommit) {
                    table.Apply(h, payload);
                    return Status::Ok();
                }
                bool counted = false;
                Plan* current = nullptr;
                lf::WalkCommit(
                    payload,
                    [&](std::uint8_t dbid, std::uint64_t) {
                        const lf::DbAttachment* db = table.Find(dbid);
                        auto it = db == nullptr ? plans.end() : plans.find(db->signature);
                        current = it != plans.end() && it->second.active && h.seq > it->second.applied ? &it->second
                                                                                                       : nullptr;
                        if (current != nullptr) {
                            current->pending_seq = h.seq;
                            if (!counted) ++applied_records;
                            counted = true;
                        }
                        return true;
                    },
                    [&](std::uint8_t, const lf::OpView& op) {
                        if (current == nullptr) return;
                        storage::WriteOp w;
                        w.key.assign(op.key);
                        if (op.op == lf::Op::kPut) w.value.emplace(op.value);
                        current->pending_bytes += op.key.size() + op.value.size() + 32;
                        current->pending.push_back(std::move(w));
                    });
                for (auto& [sig, p] : plans) {
                    if (p.active && p.pending_bytes >= kApplyBatchBytes) {
                        Status f = Flush(p, scan.lineage, false);
                        if (!f.ok()) return f;
                    }
                }
                return Status::Ok();
            },
            [&](const storage::GenerationFile& g) -> Status {
                if (g.generation == from) table.Reset(g.header.attached);
                return Status::Ok();
            },
            config.stop);
        if (!s.ok()) return s.Is(Code::kNotFound) || s.Is(Code::kCorrupt) ? FromScan(s) : FromDb(s);
        (void)apply_error;
    }
    // Every database the log knows of ends consistent and detached.
    for (auto& [sig, p] : plans) {
        if (!p.active || p.env == nullptr) continue;
        s = Flush(p, scan.lineage, true);
        if (!s.ok()) return FromDb(s);
        p.env.reset();
        ++out->stats.databases;
    }
    out->stats.records = applied_records;
    out->stats.log_bytes = bytes;

    // The log for the running instance.
    storage::LogOptions options;
    options.folder = config.log_folder;
    options.base = config.base;
    options.file_size = config.file_size;
    options.write_chunk = config.write_chunk;
    options.skip_sync_for_testing = config.skip_sync_for_testing;
    if (scan.empty()) scan.last_seq = have_chk ? chk.seq : 0;
    s = storage::CommitLog::Open(options, scan, {}, &out->log);
    if (!s.ok()) return FromScan(s);
    if ((grbit & JET_bitTruncateLogsAfterRecovery) != 0) {
        s = out->log->DeleteGenerationsBefore(out->log->generation());
        if (!s.ok()) return FromScan(s);
    }
    storage::CheckpointState now;
    now.clean = false;
    now.lineage = out->log->lineage();
    now.position = out->log->written();
    now.seq = out->log->last_seq();
    s = storage::WriteCheckpoint(config.checkpoint_path, now);
    if (!s.ok()) return FromScan(s);
    out->checkpoint = now;
    out->recovered = dirty || (!have_chk && !scan.empty()) || applied_records > 0;
    out->stats.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return JET_errSuccess;
}

}  // namespace jetstore::recovery

// jetstore-util: esentutl's modes for jetstore's files.
//
//   jetstore-util integrity <db>             (esentutl /g) walk every table and index through the
//                                            engine and check them against the catalog and the file
//   jetstore-util dump <file>                (/m) a database's state and tables, a log generation,
//                                            a checkpoint file or a backup manifest
//   jetstore-util checksum <file|folder>...  (/k) verify every checksum: log records, checkpoint
//                                            files, backup sets; a database is read whole
//   jetstore-util copy <db> <dest>           (/y) a consistent copy of a database file
//   jetstore-util recover <folder>           (/r) replay the logs into the databases
//   jetstore-util restore <backup> <folder>  (/c) restore a backup set (replaying newer logs)
//   ... --stop GEN[:BYTE]                    recover or restore to a point: replay the records up
//                                            to the end of generation GEN (or those beginning
//                                            before byte BYTE of it); the log is cut there
//   jetstore-util compact <db> <dest>        (/d) a compacted copy of a consistent database
//
// Exit status: 0 success (and, for checks, nothing wrong); 1 a check found damage or the file
// needs something first (recovery); 2 bad arguments; 3 the operation failed (I/O, in use).
// Files must not be in use by a running instance (each database is opened exclusively).
#include <esent.h>
#include <jetstore/errors.hpp>
#include <jetstore/log_stats.h>

#include <CLI/CLI.hpp>

#include <fcntl.h>
#include <unistd.h>

#include <chrono>
#include <cerrno>
#include <cinttypes>
#include <cstdlib>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "engine/backup.h"
#include "engine/catalog.h"
#include "recovery/backup_set.h"
#include "storage/checkpoint_file.h"
#include "storage/commit_log.h"
#include "storage/db_meta.h"
#include "storage/env.h"
#include "storage/file_util.h"
#include "storage/log_format.h"

namespace {

namespace fs = std::filesystem;
namespace lf = jetstore::storage::logfmt;
using jetstore::storage::Status;

constexpr int kOk = 0, kDamaged = 1, kUsage = 2, kFailed = 3;

std::string Describe(JET_ERR err) {
    const char* name = jetstore::ErrorName(err);
    return (name != nullptr ? std::string(name) : std::string("JET_err?")) + " (" + std::to_string(err) + ")";
}

// A progress bar on stderr for long work (only when stderr is a terminal).
class Progress {
public:
    Progress(std::string what, std::uint64_t total) : what_(std::move(what)), total_(total), tty_(::isatty(2) != 0) {}
    ~Progress() { Done(); }
    void Update(std::uint64_t done) {
        if (!tty_ || total_ == 0) return;
        const int percent = static_cast<int>(std::min<std::uint64_t>(100, done * 100 / total_));
        if (percent == last_) return;
        last_ = percent;
        const int bars = percent / 4;
        std::fprintf(stderr, "\r%-10s [%-25.*s] %3d%%", what_.c_str(), bars, "#########################", percent);
        std::fflush(stderr);
    }
    void Done() {
        if (tty_ && last_ >= 0) std::fputc('\n', stderr);
        last_ = -1;
    }

private:
    std::string what_;
    std::uint64_t total_;
    bool tty_;
    int last_ = -1;
};

std::string Hex(std::uint64_t v) {
    char b[24];
    std::snprintf(b, sizeof b, "%016" PRIx64, v);
    return b;
}

std::string Head(const std::string& path, std::size_t n) {
    std::string bytes;
    (void)jetstore::storage::ReadFileRange(path, 0, n, &bytes);
    return bytes;
}

enum class Kind { kLog, kCheckpoint, kManifest, kBackupState, kDatabase, kFolder, kMissing };

Kind KindOf(const std::string& path) {
    std::error_code ec;
    if (fs::is_directory(path, ec)) return Kind::kFolder;
    if (!fs::exists(path, ec)) return Kind::kMissing;
    const std::string head = Head(path, 17);
    if (head.starts_with("JSLOGGEN")) return Kind::kLog;
    if (head.starts_with("JSCHKPT1")) return Kind::kCheckpoint;
    if (head.starts_with("JSBKUP01")) return Kind::kBackupState;
    if (head.starts_with("jetstore-backup 1")) return Kind::kManifest;
    return Kind::kDatabase;
}

// ---- log generations ----

struct LogReport {
    lf::GenerationHeader header;
    std::map<std::string, std::uint64_t> records;  // by type
    std::uint64_t first_seq = 0, last_seq = 0, bytes = 0;
    bool ended = false;          // closed with kEndOfGeneration
    bool bad = false;            // a record failed its checks before the end of the file's data
    std::uint64_t bad_offset = 0;
};

const char* TypeName(lf::RecordType t) {
    switch (t) {
        case lf::RecordType::kCommit: return "commit";
        case lf::RecordType::kCreateDb: return "create-database";
        case lf::RecordType::kAttachDb: return "attach-database";
        case lf::RecordType::kDetachDb: return "detach-database";
        case lf::RecordType::kEndOfGeneration: return "end-of-generation";
        case lf::RecordType::kBackup: return "backup";
    }
    return "unknown";
}

bool ReadLog(const std::string& path, LogReport* out, std::string* error) {
    std::string data;
    if (const Status s = jetstore::storage::ReadWholeFile(path, &data); !s.ok()) {
        *error = s.message();
        return false;
    }
    if (!lf::DecodeGenerationHeader(data, &out->header)) {
        *error = "not a log generation (bad header)";
        return false;
    }
    std::size_t at = lf::kHeaderSize;
    while (at + lf::kRecordHeaderSize <= data.size()) {
        const std::string_view rest(data.data() + at, data.size() - at);
        lf::RecordHeader h;
        if (!lf::DecodeRecordHeader(rest, &h) || at + lf::kRecordHeaderSize + h.length > data.size() ||
            !lf::VerifyRecord(rest.substr(0, lf::kRecordHeaderSize), rest.substr(lf::kRecordHeaderSize, h.length),
                              out->header.lineage, h.checksum)) {
            // Zeros are the unused rest of the file; anything else is a torn or damaged record.
            const bool zeros = rest.find_first_not_of('\0') == std::string_view::npos;
            if (!zeros) {
                out->bad = true;
                out->bad_offset = at;
            }
            break;
        }
        ++out->records[TypeName(h.type)];
        if (h.type == lf::RecordType::kEndOfGeneration) {
            out->ended = true;
            break;
        }
        if (out->first_seq == 0) out->first_seq = h.seq;
        out->last_seq = h.seq;
        out->bytes += lf::kRecordHeaderSize + h.length;
        at += lf::kRecordHeaderSize + h.length;
    }
    return true;
}

int DumpLog(const std::string& path) {
    LogReport r;
    std::string error;
    if (!ReadLog(path, &r, &error)) {
        std::printf("%s: %s\n", path.c_str(), error.c_str());
        return kDamaged;
    }
    std::printf("log generation %u of stream %s\n", r.header.generation, Hex(r.header.lineage).c_str());
    std::printf("  file size %" PRIu64 " bytes, records after seq %" PRIu64 "\n", r.header.size, r.header.prev_seq);
    for (const auto& a : r.header.attached) {
        std::printf("  attached at its start: dbid %u signature %s %s\n", a.dbid, Hex(a.signature).c_str(), a.path.c_str());
    }
    for (const auto& [type, n] : r.records) std::printf("  %-18s %" PRIu64 "\n", type.c_str(), n);
    if (r.first_seq != 0) std::printf("  seqs %" PRIu64 "..%" PRIu64 ", %" PRIu64 " record bytes\n", r.first_seq, r.last_seq, r.bytes);
    std::printf("  state: %s\n", r.ended ? "closed (end-of-generation)" : r.bad ? "damaged or torn" : "open (current generation)");
    if (r.bad) std::printf("  a record at offset %" PRIu64 " fails its checks\n", r.bad_offset);
    return kOk;
}

// ---- checkpoint, manifest, backup state ----

int DumpCheckpoint(const std::string& path) {
    jetstore::storage::CheckpointState c;
    const Status s = jetstore::storage::ReadCheckpoint(path, &c);
    if (!s.ok()) {
        std::printf("%s: %s\n", path.c_str(), s.message().c_str());
        return kDamaged;
    }
    std::printf("checkpoint of stream %s: %s\n", Hex(c.lineage).c_str(), c.clean ? "clean (stopped cleanly)" : "dirty (recovery needed)");
    std::printf("  replay starts at generation %u offset %" PRIu64 "; commits up to seq %" PRIu64 " are in the databases\n",
                c.position.generation, c.position.offset, c.seq);
    for (const auto& a : c.attached) std::printf("  attached: dbid %u %s\n", a.dbid, a.path.c_str());
    return kOk;
}

int DumpManifest(const std::string& path) {
    std::string text;
    jetstore::recovery::Manifest m;
    if (!jetstore::storage::ReadWholeFile(path, &text).ok() || !jetstore::recovery::DecodeManifest(text, &m)) {
        std::printf("%s: not a valid backup manifest\n", path.c_str());
        return kDamaged;
    }
    std::printf("%s backup of instance \"%s\", stream %s, taken at %" PRId64 "\n", m.incremental ? "incremental" : "full",
                m.instance.c_str(), Hex(m.lineage).c_str(), m.time);
    std::printf("  replay from generation %u; logs %u..%u; up to seq %" PRIu64 "\n", m.start.generation, m.first_log,
                m.last_log, m.last_seq);
    for (const auto& d : m.dbs) {
        std::printf("  database %s (%" PRIu64 " bytes) of %s\n", d.file.name.c_str(), d.file.size, d.original_path.c_str());
    }
    for (const auto& l : m.logs) std::printf("  log %s (%" PRIu64 " bytes)\n", l.file.name.c_str(), l.file.size);
    return kOk;
}

// ---- databases ----

struct DbScan {
    jetstore::storage::DbMeta meta;
    bool has_meta = false;
    std::vector<jetstore::engine::TableDef> tables;
    std::map<std::uint32_t, std::uint64_t> keys_by_objid;
    std::uint64_t keys = 0, bytes = 0;
};

std::uint32_t ObjidOf(std::string_view key) {
    if (key.size() < 4) return 0xFFFFFFFFu;
    return (static_cast<std::uint32_t>(static_cast<unsigned char>(key[0])) << 24) |
           (static_cast<std::uint32_t>(static_cast<unsigned char>(key[1])) << 16) |
           (static_cast<std::uint32_t>(static_cast<unsigned char>(key[2])) << 8) | static_cast<unsigned char>(key[3]);
}

// Reads the whole database through LMDB: its state, its catalog, and every key (so every page).
int ScanDatabase(const std::string& path, DbScan* out, std::string* error) {
    jetstore::storage::EnvOptions o;
    o.mode = jetstore::storage::OpenMode::kReadOnly;
    std::unique_ptr<jetstore::storage::Env> env;
    Status s = jetstore::storage::Env::Open(path, o, &env);
    if (!s.ok()) {
        *error = s.message();
        return kFailed;
    }
    std::unique_ptr<jetstore::storage::ReadSnapshot> snap;
    s = env->NewSnapshot(&snap);
    if (!s.ok()) {
        *error = s.message();
        return kFailed;
    }
    std::string_view v;
    out->has_meta = snap->Get(jetstore::storage::DbMetaKey(), &v).ok() && jetstore::storage::DecodeDbMeta(v, &out->meta);
    auto it = snap->NewIterator();
    std::vector<jetstore::engine::TableDef> listed;
    if (const JET_ERR err = jetstore::engine::ListTables(*it, &listed); err < 0) {
        *error = "the catalog cannot be read: " + Describe(err);
        return kDamaged;
    }
    for (const auto& t : listed) {
        // The whole definition: columns and indexes.
        jetstore::engine::TableDef def;
        if (const JET_ERR err = jetstore::engine::LoadTable(*it, t.name, &def); err < 0) {
            *error = "the catalog entry of table " + t.name + " cannot be read: " + Describe(err);
            return kDamaged;
        }
        out->tables.push_back(std::move(def));
    }
    Progress bar("reading", env->UsedBytes());
    for (s = it->First(); s.ok() && it->Valid(); s = it->Next()) {
        ++out->keys_by_objid[ObjidOf(it->key())];
        ++out->keys;
        out->bytes += it->key().size() + it->value().size();
        bar.Update(out->bytes);
    }
    if (!s.ok()) {
        *error = s.message();
        return kDamaged;
    }
    return kOk;
}

int DumpDatabase(const std::string& path) {
    DbScan d;
    std::string error;
    const int rc = ScanDatabase(path, &d, &error);
    if (rc != kOk) {
        std::printf("%s: %s\n", path.c_str(), error.c_str());
        return rc;
    }
    std::printf("database %s\n", path.c_str());
    if (d.has_meta) {
        std::printf("  state: %s; signature %s; stream %s; commits up to seq %" PRIu64 " applied\n",
                    d.meta.attached ? "attached to a log (not consistent until recovered or detached)" : "consistent",
                    Hex(d.meta.signature).c_str(), Hex(d.meta.lineage).c_str(), d.meta.applied_seq);
    } else {
        std::printf("  state: consistent (never attached with a log)\n");
    }
    std::printf("  %" PRIu64 " keys, %" PRIu64 " bytes of keys and values\n", d.keys, d.bytes);
    for (const auto& t : d.tables) {
        std::printf("  table %s: %" PRIu64 " records, %zu columns, %zu indexes\n", t.name.c_str(),
                    d.keys_by_objid[t.objid], t.columns.size(), t.indexes.size());
        for (const auto& c : t.columns) std::printf("    column %s (id %llu, coltyp %llu)\n", c.name.c_str(),
                                                    static_cast<unsigned long long>(c.columnid),
                                                    static_cast<unsigned long long>(c.coltyp));
        for (const auto& x : t.indexes) {
            std::printf("    index %s%s: %" PRIu64 " entries\n", x.name.c_str(), x.primary() ? " (primary)" : "",
                        x.primary() ? d.keys_by_objid[t.objid] : d.keys_by_objid[x.objid]);
        }
    }
    return kOk;
}

// ---- an instance for the engine-level modes ----

struct Instance {
    JET_INSTANCE inst = 0;
    JET_SESID ses = 0;
    ~Instance() {
        if (ses != 0) JetEndSession(ses, 0);
        if (inst != 0) JetTerm(inst);
    }
};

// --stop GEN[:BYTE]: false when it does not parse.
bool ParseStop(const std::string& text, std::optional<jetstore::storage::LogPosition>* out) {
    out->reset();
    if (text.empty()) return true;
    jetstore::storage::LogPosition at;
    char* end = nullptr;
    errno = 0;
    const unsigned long long gen = std::strtoull(text.c_str(), &end, 10);
    if (errno != 0 || end == text.c_str() || gen == 0 || gen > UINT32_MAX) return false;
    at.generation = static_cast<std::uint32_t>(gen);
    at.offset = UINT64_MAX;
    if (*end == ':') {
        const char* from = end + 1;
        at.offset = std::strtoull(from, &end, 10);
        if (errno != 0 || end == from) return false;
    }
    if (*end != 0) return false;
    *out = at;
    return true;
}

JET_ERR StartInstance(const std::string& folder, bool recovery, Instance* out,
                      const std::optional<jetstore::storage::LogPosition>& stop = std::nullopt) {
    static int serial = 0;
    const std::string name = "jetstore-util-" + std::to_string(::getpid()) + "-" + std::to_string(++serial);
    JET_ERR err = JetCreateInstance(&out->inst, name.c_str());
    if (err < 0) return err;
    const std::string f = folder.empty() || folder.back() == '/' ? folder : folder + "/";
    JetSetSystemParameter(&out->inst, 0, JET_paramSystemPath, 0, f.c_str());
    JetSetSystemParameter(&out->inst, 0, JET_paramLogFilePath, 0, f.c_str());
    JetSetSystemParameter(&out->inst, 0, JET_paramTempPath, 0, f.c_str());
    JetSetSystemParameter(&out->inst, 0, JET_paramRecovery, 0, recovery ? "on" : "off");
    JET_RSTINFO info{};
    info.cbStruct = sizeof info;
    if (stop) {
        // JET_LGPOS: isec * 512 + ib, or both 0xFFFF for the end of the generation.
        info.lgposStop.lGeneration = static_cast<decltype(info.lgposStop.lGeneration)>(stop->generation);
        if (stop->offset == UINT64_MAX) {
            info.lgposStop.isec = info.lgposStop.ib = 0xFFFF;
        } else {
            info.lgposStop.isec = static_cast<unsigned short>(stop->offset / 512);
            info.lgposStop.ib = static_cast<unsigned short>(stop->offset % 512);
        }
    }
    err = JetInit3(&out->inst, &info, 0);
    if (err < 0) {
        out->inst = 0;
        return err;
    }
    return JetBeginSession(out->inst, &out->ses, nullptr, nullptr);
}

// Walks every index of every table through the engine, reading every column of every entry.
int Integrity(const std::string& path) {
    DbScan raw;
    std::string error;
    int rc = ScanDatabase(path, &raw, &error);
    if (rc != kOk) {
        std::printf("%s: %s\n", path.c_str(), error.c_str());
        return rc;
    }
    if (raw.has_meta && raw.meta.attached) {
        std::printf("%s: attached to a log and not recovered: run `jetstore-util recover` on its instance folder first\n",
                    path.c_str());
        return kDamaged;
    }
    int problems = 0;
    // Keys of no object the catalog knows.
    std::set<std::uint32_t> known;
    for (const auto& t : raw.tables) {
        known.insert(t.objid);
        if (t.lv_objid != 0) known.insert(t.lv_objid);
        for (const auto& x : t.indexes) known.insert(x.objid);
    }
    for (const auto& [objid, n] : raw.keys_by_objid) {
        if (objid >= jetstore::engine::kFirstUserObjid && known.count(objid) == 0) {
            std::printf("  %" PRIu64 " keys of object %u, which the catalog does not know\n", n, objid);
            ++problems;
        }
    }
    const std::string tmp = fs::temp_directory_path().string() + "/jetstore-util-" + std::to_string(::getpid()) + "/";
    fs::create_directories(tmp);
    struct Cleanup {
        std::string dir;
        ~Cleanup() {
            std::error_code ec;
            fs::remove_all(dir, ec);
        }
    } cleanup{tmp};
    Instance in;
    JET_ERR err = StartInstance(tmp, false, &in);
    JET_DBID dbid = 0;
    if (err >= 0) err = JetAttachDatabase(in.ses, path.c_str(), JET_bitDbReadOnly);
    if (err >= 0) err = JetOpenDatabase(in.ses, path.c_str(), nullptr, &dbid, JET_bitDbReadOnly);
    if (err < 0) {
        std::printf("%s: cannot be opened: %s\n", path.c_str(), Describe(err).c_str());
        return kDamaged;
    }
    Progress bar("checking", raw.keys);
    std::uint64_t seen = 0;
    std::vector<char> buf(1 << 20);
    for (const auto& t : raw.tables) {
        JET_TABLEID tab = 0;
        err = JetOpenTable(in.ses, dbid, t.name.c_str(), nullptr, 0, JET_bitTableReadOnly, &tab);
        if (err < 0) {
            std::printf("  table %s: cannot be opened: %s\n", t.name.c_str(), Describe(err).c_str());
            ++problems;
            continue;
        }
        for (const auto& x : t.indexes) {
            err = JetSetCurrentIndex(in.ses, tab, x.name.c_str());
            if (err < 0) {
                std::printf("  index %s.%s: %s\n", t.name.c_str(), x.name.c_str(), Describe(err).c_str());
                ++problems;
                continue;
            }
            std::uint64_t entries = 0;
            for (err = JetMove(in.ses, tab, JET_MoveFirst, 0); err >= 0; err = JetMove(in.ses, tab, JET_MoveNext, 0)) {
                ++entries;
                bar.Update(++seen);
                // Every column of the record, every value of a multi-valued one, long values whole.
                for (const auto& c : t.columns) {
                    for (JET_ULONG tag = 1;; ++tag) {
                        JET_RETINFO ri{};
                        ri.cbStruct = sizeof ri;
                        ri.itagSequence = tag;
                        JET_ULONG cb = 0;
                        const JET_ERR r = JetRetrieveColumn(in.ses, tab, c.columnid, buf.data(),
                                                            static_cast<JET_ULONG>(buf.size()), &cb, 0, &ri);
                        if (r < 0) {
                            std::printf("  %s.%s: a record's column %s cannot be read: %s\n", t.name.c_str(),
                                        x.name.c_str(), c.name.c_str(), Describe(r).c_str());
                            ++problems;
                        }
                        if (r != JET_errSuccess || (c.grbit & JET_bitColumnMultiValued) == 0) break;
                    }
                }
            }
            if (err != JET_errNoCurrentRecord) {
                std::printf("  index %s.%s: the walk stopped with %s\n", t.name.c_str(), x.name.c_str(), Describe(err).c_str());
                ++problems;
            }
            const std::uint64_t stored = x.primary() ? raw.keys_by_objid[t.objid] : raw.keys_by_objid[x.objid];
            if (entries != stored) {
                std::printf("  index %s.%s: the engine walks %" PRIu64 " entries, the file holds %" PRIu64 "\n",
                            t.name.c_str(), x.name.c_str(), entries, stored);
                ++problems;
            }
        }
        if (t.indexes.empty() || std::none_of(t.indexes.begin(), t.indexes.end(), [](const auto& x) { return x.primary(); })) {
            // The records in their own (sequential) order.
            std::uint64_t records = 0;
            JetSetCurrentIndex(in.ses, tab, nullptr);
            for (err = JetMove(in.ses, tab, JET_MoveFirst, 0); err >= 0; err = JetMove(in.ses, tab, JET_MoveNext, 0)) ++records;
            if (records != raw.keys_by_objid[t.objid]) {
                std::printf("  table %s: the engine walks %" PRIu64 " records, the file holds %" PRIu64 "\n", t.name.c_str(),
                            records, raw.keys_by_objid[t.objid]);
                ++problems;
            }
        }
        JetCloseTable(in.ses, tab);
    }
    bar.Done();
    std::printf("%s: %zu tables, %" PRIu64 " keys: %s\n", path.c_str(), raw.tables.size(), raw.keys,
                problems == 0 ? "no damage found" : (std::to_string(problems) + " problems").c_str());
    return problems == 0 ? kOk : kDamaged;
}

// ---- checksum ----

int ChecksumOne(const std::string& path) {
    switch (KindOf(path)) {
        case Kind::kMissing:
            std::printf("%s: no such file\n", path.c_str());
            return kFailed;
        case Kind::kLog: {
            LogReport r;
            std::string error;
            if (!ReadLog(path, &r, &error) || r.bad) {
                std::printf("%s: DAMAGED (%s)\n", path.c_str(), r.bad ? ("bad record at offset " + std::to_string(r.bad_offset)).c_str()
                                                                    : error.c_str());
                return kDamaged;
            }
            std::printf("%s: %" PRIu64 " records, every checksum good\n", path.c_str(), r.last_seq >= r.first_seq && r.first_seq > 0
                                                                                                ? r.last_seq - r.first_seq + 1 : 0);
            return kOk;
        }
        case Kind::kCheckpoint: {
            jetstore::storage::CheckpointState c;
            const bool ok = jetstore::storage::ReadCheckpoint(path, &c).ok();
            std::printf("%s: %s\n", path.c_str(), ok ? "checksum good" : "DAMAGED");
            return ok ? kOk : kDamaged;
        }
        case Kind::kBackupState: {
            jetstore::recovery::BackupState b;
            const bool ok = jetstore::recovery::ReadBackupState(path, &b).ok();
            std::printf("%s: %s\n", path.c_str(), ok ? "checksum good" : "DAMAGED");
            return ok ? kOk : kDamaged;
        }
        case Kind::kManifest:
        case Kind::kFolder: {
            // A backup set: every file against its manifest.
            const std::string folder = Kind::kFolder == KindOf(path) ? (path.back() == '/' ? path : path + "/")
                                                                     : jetstore::storage::FolderOf(path);
            int rc = kOk;
            int manifests = 0;
            for (const auto& e : fs::directory_iterator(folder)) {
                const std::string name = e.path().filename().string();
                if (name != jetstore::recovery::kFullManifest && !jetstore::recovery::IsIncrementalManifest(name)) continue;
                ++manifests;
                std::string text;
                jetstore::recovery::Manifest m;
                if (!jetstore::storage::ReadWholeFile(folder + name, &text).ok() || !jetstore::recovery::DecodeManifest(text, &m)) {
                    std::printf("%s%s: DAMAGED manifest\n", folder.c_str(), name.c_str());
                    rc = kDamaged;
                    continue;
                }
                std::vector<jetstore::recovery::BackupFile> files;
                for (const auto& d : m.dbs) files.push_back(d.file);
                for (const auto& l : m.logs) files.push_back(l.file);
                for (const auto& f : files) {
                    std::uint64_t size = 0, hash = 0;
                    const Status s = jetstore::recovery::HashFile(folder + f.name, &size, &hash);
                    const bool ok = s.ok() && size == f.size && hash == f.hash;
                    std::printf("%s%s: %s\n", folder.c_str(), f.name.c_str(),
                                ok ? "checksum good" : !s.ok() ? "MISSING" : size != f.size ? "DAMAGED (size)" : "DAMAGED (checksum)");
                    if (!ok) rc = kDamaged;
                }
            }
            if (manifests == 0) {
                std::printf("%s: no backup manifest\n", folder.c_str());
                return kFailed;
            }
            return rc;
        }
        case Kind::kDatabase: {
            DbScan d;
            std::string error;
            const int rc = ScanDatabase(path, &d, &error);
            std::uint64_t size = 0, hash = 0;
            const bool hashed = jetstore::recovery::HashFile(path, &size, &hash).ok();
            if (rc != kOk) {
                std::printf("%s: %s\n", path.c_str(), error.c_str());
                return rc;
            }
            std::printf("%s: every page read (%" PRIu64 " keys); XXH3-64 of the file %s\n", path.c_str(), d.keys,
                        hashed ? Hex(hash).c_str() : "?");
            return kOk;
        }
    }
    return kFailed;
}

// ---- copy, compact ----

int CopyDatabase(const std::string& src, const std::string& dest, bool compact) {
    jetstore::storage::EnvOptions o;
    o.mode = jetstore::storage::OpenMode::kReadOnly;
    std::unique_ptr<jetstore::storage::Env> env;
    Status s = jetstore::storage::Env::Open(src, o, &env);
    if (!s.ok()) {
        std::printf("%s: %s\n", src.c_str(), s.message().c_str());
        return kFailed;
    }
    if (compact) {
        std::unique_ptr<jetstore::storage::ReadSnapshot> snap;
        std::string_view v;
        jetstore::storage::DbMeta meta;
        if (env->NewSnapshot(&snap).ok() && snap->Get(jetstore::storage::DbMetaKey(), &v).ok() &&
            jetstore::storage::DecodeDbMeta(v, &meta) && meta.attached) {
            std::printf("%s: attached to a log and not recovered: recover it first (a compacted copy is consistent)\n",
                        src.c_str());
            return kDamaged;
        }
    }
    std::error_code ec;
    const std::string abs = fs::absolute(dest, ec).lexically_normal().string();
    Progress bar(compact ? "compacting" : "copying", env->UsedBytes());
    jetstore::recovery::BackupFile out;
    s = jetstore::recovery::WriteFileFrom(
        jetstore::storage::FolderOf(abs), abs.substr(abs.rfind('/') + 1), [&](int fd) { return env->CopyTo(fd, compact); },
        &out, [&](std::uint64_t n) { bar.Update(n); });
    bar.Done();
    if (!s.ok()) {
        std::printf("%s: %s\n", dest.c_str(), s.message().c_str());
        return kFailed;
    }
    std::printf("%s -> %s: %" PRIu64 " bytes (of %" PRIu64 "), XXH3-64 %s\n", src.c_str(), dest.c_str(), out.size,
                env->UsedBytes(), Hex(out.hash).c_str());
    return kOk;
}

// ---- recover, restore ----

int Recover(const std::string& folder, const std::optional<jetstore::storage::LogPosition>& stop) {
    if (stop && stop->offset != UINT64_MAX && stop->offset / 512 >= 0xFFFF) {
        std::printf("--stop: byte %" PRIu64 " is past what a JET_LGPOS addresses (32 MiB)\n", stop->offset);
        return kUsage;
    }
    Instance in;
    const JET_ERR err = StartInstance(folder, true, &in, stop);
    if (err < 0) {
        std::printf("%s: recovery failed: %s\n", folder.c_str(), Describe(err).c_str());
        return err == JET_errLogFileCorrupt || err == JET_errMissingLogFile || err == JET_errCheckpointCorrupt ? kDamaged : kFailed;
    }
    JETSTORE_LOG_STATS st{};
    st.cbStruct = sizeof st;
    (void)JetstoreGetLogStats(in.inst, &st);
    JetEndSession(in.ses, 0);
    in.ses = 0;
    const JET_ERR term = JetTerm2(in.inst, JET_bitTermComplete);
    in.inst = 0;
    if (term < 0) {
        std::printf("%s: the clean stop after recovery failed: %s\n", folder.c_str(), Describe(term).c_str());
        return kFailed;
    }
    std::printf("%s: recovered (%" PRIu64 " log bytes replayed); the databases are consistent and detached\n",
                folder.c_str(), static_cast<std::uint64_t>(st.cbReplayed));
    return kOk;
}

Progress* g_restore_bar = nullptr;
JET_ERR JET_API RestoreStatus(JET_SESID, JET_SNP, JET_SNT snt, void* pv) {
    if (snt == JET_sntProgress && pv != nullptr && g_restore_bar != nullptr) {
        g_restore_bar->Update(static_cast<const JET_SNPROG*>(pv)->cunitDone);
    }
    return JET_errSuccess;
}

int Restore(const std::string& backup, const std::string& folder, const std::string& dest,
            const std::optional<jetstore::storage::LogPosition>& stop) {
    JET_INSTANCE inst = 0;
    JET_ERR err = JetCreateInstance(&inst, ("jetstore-util-restore-" + std::to_string(::getpid())).c_str());
    const std::string f = folder.back() == '/' ? folder : folder + "/";
    if (err >= 0) {
        JetSetSystemParameter(&inst, 0, JET_paramSystemPath, 0, f.c_str());
        JetSetSystemParameter(&inst, 0, JET_paramLogFilePath, 0, f.c_str());
        JetSetSystemParameter(&inst, 0, JET_paramTempPath, 0, f.c_str());
        JetSetSystemParameter(&inst, 0, JET_paramCreatePathIfNotExist, 1, nullptr);
        Progress bar("restoring", 100);
        g_restore_bar = &bar;
        err = jetstore::engine::RestoreInstance(inst, backup.c_str(), dest.empty() ? nullptr : dest.c_str(),
                                                RestoreStatus, stop);
        g_restore_bar = nullptr;
        JetTerm(inst);
    }
    if (err < 0) {
        std::printf("%s: restore failed: %s\n", backup.c_str(), Describe(err).c_str());
        return err == JET_errReadVerifyFailure || err == JET_errInvalidBackup || err == JET_errDatabaseCorrupted ||
                       err == JET_errFileNotFound
                   ? kDamaged
                   : kFailed;
    }
    std::printf("%s restored into %s\n", backup.c_str(), dest.empty() ? "the databases' original paths" : dest.c_str());
    return kOk;
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"jetstore-util: check, dump, copy, recover, restore and compact jetstore's files (esentutl's modes)"};
    app.require_subcommand(1);
    std::vector<std::string> paths;
    std::string a, b, dest;

    auto* integrity = app.add_subcommand("integrity", "walk every table and index of a database and check them (esentutl /g)");
    integrity->add_option("database", a, "the database file")->required();
    auto* dump = app.add_subcommand("dump", "show a database, log generation, checkpoint or backup manifest (esentutl /m)");
    dump->add_option("file", a, "the file")->required();
    auto* checksum = app.add_subcommand("checksum", "verify checksums: logs, checkpoints, backup sets; read databases whole (esentutl /k)");
    checksum->add_option("files", paths, "files or backup folders")->required();
    auto* copy = app.add_subcommand("copy", "a consistent copy of a database file (esentutl /y)");
    copy->add_option("database", a, "the database file")->required();
    copy->add_option("dest", b, "the copy")->required();
    auto* recover = app.add_subcommand("recover", "replay an instance's logs into its databases (esentutl /r)");
    recover->add_option("folder", a, "the instance's log and system folder")->required();
    std::string stop_text;
    const char* stop_help =
        "to a point: replay up to the end of log generation GEN, or the records that begin before byte BYTE of it; "
        "the log is cut there (what lay beyond is deleted)";
    recover->add_option("--stop", stop_text, stop_help)->type_name("GEN[:BYTE]");
    auto* restore = app.add_subcommand("restore", "restore a backup folder, replaying newer logs (esentutl /c)");
    restore->add_option("backup", a, "the backup folder")->required();
    restore->add_option("folder", b, "the instance's log and system folder")->required();
    restore->add_option("--dest", dest, "restore the databases into this folder instead of their original paths");
    restore->add_option("--stop", stop_text, stop_help)->type_name("GEN[:BYTE]");
    auto* compact = app.add_subcommand("compact", "a compacted copy of a consistent database (esentutl /d)");
    compact->add_option("database", a, "the database file")->required();
    compact->add_option("dest", b, "the compacted copy")->required();

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        const int rc = app.exit(e);
        return rc == 0 ? kOk : kUsage;
    }
    if (integrity->parsed()) return Integrity(a);
    if (dump->parsed()) {
        switch (KindOf(a)) {
            case Kind::kLog: return DumpLog(a);
            case Kind::kCheckpoint: return DumpCheckpoint(a);
            case Kind::kManifest: return DumpManifest(a);
            case Kind::kDatabase: return DumpDatabase(a);
            case Kind::kBackupState: return ChecksumOne(a);
            case Kind::kFolder:
            case Kind::kMissing:
                std::printf("%s: not a file\n", a.c_str());
                return kUsage;
        }
    }
    if (checksum->parsed()) {
        int rc = kOk;
        for (const auto& p : paths) rc = std::max(rc, ChecksumOne(p));
        return rc;
    }
    if (copy->parsed()) return CopyDatabase(a, b, false);
    if (compact->parsed()) return CopyDatabase(a, b, true);
    std::optional<jetstore::storage::LogPosition> stop;
    if (!ParseStop(stop_text, &stop)) {
        std::printf("--stop %s: expected GEN or GEN:BYTE (GEN from 1)\n", stop_text.c_str());
        return kUsage;
    }
    if (recover->parsed()) return Recover(a, stop);
    if (restore->parsed()) return Restore(a, b, dest, stop);
    return kUsage;
}

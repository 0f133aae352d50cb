// Helpers of the recovery, crash and fault suites: an instance with the commit log in a folder of
// the test's, and databases of one table ("t": k Long primary key, v LongBinary) to commit
// numbered transactions into and read back. Only the C API, so that forked children may use them.
#ifndef JETSTORE_TESTS_RECOVERY_LOG_FIXTURE_H
#define JETSTORE_TESTS_RECOVERY_LOG_FIXTURE_H

#include <esent.h>

#include <unistd.h>

#include <atomic>
#include <cstdint>
#include <cstring>
#include <map>
#include <string>

namespace jetstore::test {

// One database of the fixture, as a session has it open.
struct LogDb {
    std::string path;
    JET_DBID dbid = JET_dbidNil;
    JET_TABLEID t = JET_tableidNil;
    JET_COLUMNID k = 0;
    JET_COLUMNID v = 0;
};

struct LogInstanceOptions {
    JET_ULONG log_file_kb = 256;   // JET_paramLogFileSize
    bool circular = false;
    JET_ULONG checkpoint_depth = 0;  // JET_paramCheckpointDepthMax (0: default)
};

// An instance with the commit log whose system and log paths are `folder`.
class LogInstance {
public:
    LogInstance(std::string folder, LogInstanceOptions options = {}) : folder_(std::move(folder)), options_(options) {}
    ~LogInstance() {
        if (inst_ != 0) JetTerm2(inst_, JET_bitTermDirty);
    }
    LogInstance(const LogInstance&) = delete;
    LogInstance& operator=(const LogInstance&) = delete;

    // Creates the instance with the fixture's parameters (not initialized); JetCreateInstance's code.
    JET_ERR CreateConfigured() {
        static std::atomic<int> counter{0};
        const std::string name = "log" + std::to_string(counter.fetch_add(1)) + "_" + std::to_string(::getpid());
        JET_ERR err = JetCreateInstance(&inst_, name.c_str());
        if (err < 0) return err;
        JetSetSystemParameter(&inst_, 0, JET_paramCreatePathIfNotExist, 1, nullptr);
        JetSetSystemParameter(&inst_, 0, JET_paramSystemPath, 0, folder_.c_str());
        JetSetSystemParameter(&inst_, 0, JET_paramLogFilePath, 0, folder_.c_str());
        JetSetSystemParameter(&inst_, 0, JET_paramTempPath, 0, (folder_ + "tmp.edb").c_str());
        JetSetSystemParameter(&inst_, 0, JET_paramRecovery, 0, "on");
        JetSetSystemParameter(&inst_, 0, JET_paramMaxTemporaryTables, 0, nullptr);
        JetSetSystemParameter(&inst_, 0, JET_paramNoInformationEvent, 1, nullptr);
        JetSetSystemParameter(&inst_, 0, JET_paramLogFileSize, options_.log_file_kb, nullptr);
        JetSetSystemParameter(&inst_, 0, JET_paramCircularLog, options_.circular ? 1 : 0, nullptr);
        if (options_.checkpoint_depth != 0) {
            JetSetSystemParameter(&inst_, 0, JET_paramCheckpointDepthMax, options_.checkpoint_depth, nullptr);
        }
        return JET_errSuccess;
    }

    // Creates and initializes the instance; JetInit's code.
    JET_ERR Init(JET_GRBIT grbit = 0) {
        JET_ERR err = CreateConfigured();
        if (err < 0) return err;
        err = JetInit2(&inst_, grbit);
        if (err < 0) {
            inst_ = 0;  // a failed JetInit frees the instance
            return err;
        }
        return JetBeginSession(inst_, &s_, nullptr, nullptr);
    }

    // JetRestoreInstance of `backup` on an instance with the fixture's parameters (created for the
    // restore and freed afterwards); its code.
    JET_ERR Restore(const std::string& backup, const char* dest = nullptr, JET_PFNSTATUS status = nullptr) {
        JET_ERR err = CreateConfigured();
        if (err < 0) return err;
        err = JetRestoreInstance(inst_, backup.c_str(), dest, status);
        JetTerm(inst_);
        inst_ = 0;
        return err;
    }

    // JetTerm2's code; the instance is gone afterwards whatever it returns.
    JET_ERR Term(JET_GRBIT grbit = 0) {
        const JET_ERR err = JetTerm2(inst_, grbit);
        inst_ = 0;
        s_ = 0;
        return err;
    }

    // Creates `path` with table "t"; leaves it open in `db`.
    JET_ERR Create(const std::string& path, LogDb* db) {
        db->path = path;
        JET_ERR err = JetCreateDatabase(s_, path.c_str(), nullptr, &db->dbid, 0);
        if (err < 0) return err;
        err = JetBeginTransaction(s_);
        if (err >= 0) err = JetCreateTable(s_, db->dbid, "t", 0, 100, &db->t);
        JET_COLUMNDEF cd{};
        cd.cbStruct = sizeof cd;
        cd.coltyp = JET_coltypLong;
        if (err >= 0) err = JetAddColumn(s_, db->t, "k", &cd, nullptr, 0, &db->k);
        cd.coltyp = JET_coltypLongBinary;
        if (err >= 0) err = JetAddColumn(s_, db->t, "v", &cd, nullptr, 0, &db->v);
        if (err >= 0) err = JetCreateIndex(s_, db->t, "pk", JET_bitIndexPrimary, "+k\0", 4, 100);
        if (err >= 0) err = JetCommitTransaction(s_, 0);
        return err;
    }

    // Attaches (if needed) and opens `path`, and its table.
    JET_ERR Open(const std::string& path, LogDb* db) {
        db->path = path;
        JET_ERR err = JetAttachDatabase(s_, path.c_str(), 0);
        if (err < 0) return err;
        err = JetOpenDatabase(s_, path.c_str(), nullptr, &db->dbid, 0);
        if (err >= 0) err = JetOpenTable(s_, db->dbid, "t", nullptr, 0, 0, &db->t);
        JET_COLUMNDEF def{};
        if (err >= 0) err = JetGetTableColumnInfo(s_, db->t, "k", &def, sizeof def, JET_ColInfo);
        db->k = def.columnid;
        if (err >= 0) err = JetGetTableColumnInfo(s_, db->t, "v", &def, sizeof def, JET_ColInfo);
        db->v = def.columnid;
        return err;
    }

    // Inserts or overwrites row k = value, in a transaction of its own (nested in the caller's,
    // if any). `lazy`: JET_bitCommitLazyFlush.
    JET_ERR Put(const LogDb& db, std::int32_t k, const std::string& value, bool lazy = false) {
        JET_ERR err = JetBeginTransaction(s_);
        if (err < 0) return err;
        err = PutIn(db, k, value);
        if (err < 0) {
            JetRollback(s_, 0);
            return err;
        }
        return JetCommitTransaction(s_, lazy ? JET_bitCommitLazyFlush : 0);
    }

    // Put's work inside the caller's transaction.
    JET_ERR PutIn(const LogDb& db, std::int32_t k, const std::string& value) {
        JET_ERR err = JetMakeKey(s_, db.t, &k, sizeof k, JET_bitNewKey);
        const bool exists = err >= 0 && JetSeek(s_, db.t, JET_bitSeekEQ) >= 0;
        err = JetPrepareUpdate(s_, db.t, exists ? JET_prepReplace : JET_prepInsert);
        if (err < 0) return err;
        if (!exists) err = JetSetColumn(s_, db.t, db.k, &k, sizeof k, 0, nullptr);
        if (err >= 0) {
            err = JetSetColumn(s_, db.t, db.v, value.data(), static_cast<JET_ULONG>(value.size()),
                               value.empty() ? JET_bitSetZeroLength : 0, nullptr);
        }
        if (err >= 0) err = JetUpdate(s_, db.t, nullptr, 0, nullptr);
        if (err < 0) JetPrepareUpdate(s_, db.t, JET_prepCancel);
        return err;
    }

    // Every row of the table.
    std::map<std::int32_t, std::string> Rows(const LogDb& db, JET_ERR* error = nullptr) {
        std::map<std::int32_t, std::string> rows;
        JET_ERR err = JET_errSuccess;
        JET_ERR e = JetMove(s_, db.t, JET_MoveFirst, 0);
        for (; e >= 0; e = JetMove(s_, db.t, JET_MoveNext, 0)) {
            std::int32_t k = 0;
            JET_ULONG cb = 0;
            err = JetRetrieveColumn(s_, db.t, db.k, &k, sizeof k, &cb, 0, nullptr);
            if (err < 0) break;
            std::string v(1 << 16, '\0');
            err = JetRetrieveColumn(s_, db.t, db.v, v.data(), static_cast<JET_ULONG>(v.size()), &cb, 0, nullptr);
            if (err < 0 && err != JET_wrnColumnNull) break;
            v.resize(err == JET_wrnColumnNull ? 0 : cb);
            err = JET_errSuccess;
            rows[k] = v;
        }
        if (err == JET_errSuccess && e != JET_errNoCurrentRecord) err = e;  // the walk did not end cleanly
        if (error != nullptr) *error = err;
        return rows;
    }

    JET_INSTANCE instance() const { return inst_; }
    JET_SESID session() const { return s_; }
    const std::string& folder() const { return folder_; }

private:
    std::string folder_;
    LogInstanceOptions options_;
    JET_INSTANCE inst_ = 0;
    JET_SESID s_ = 0;
};

}  // namespace jetstore::test

#endif  // JETSTORE_TESTS_RECOVERY_LOG_FIXTURE_H

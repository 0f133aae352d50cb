// jetstore-sim: an esent server's life, simulated: sessions churned by a thread pool while a
// controller cycles the instance through its states.
//
// WORKERS claim pooled sessions with JetSetSessionContext (a loser gets
// JET_errSessionContextAlreadySet and tries another), begin a transaction that inserts a row,
// release the session with the transaction open, and let whichever thread claims it next commit
// (durably or lazily) or roll it back; now and then they probe the rules (a second claim of their
// own session, JetEndSession while it is claimed, a commit under another context). While the
// instance is running every result is checked against the simulator's model of each session.
//
// THE CONTROLLER runs the instance for a slice, then picks an action: an online backup (full,
// incremental into the last full one's folder, or streaming through the external backup API),
// JetStopServiceInstance followed by a term, JetTerm2 complete / abrupt / dirty, a restore of the
// last backup (with the newer logs kept and replayed, with the folder wiped so the data returns
// to the backup's moment, or to a point: the set's files placed and JetInit3's lgposStop stopping
// replay at a point marked earlier with JET_bitForceNewLog), a plain JetInit, or a child process
// of its own instance killed with SIGKILL at a random moment and recovered. Workers keep calling
// through every transition.
//
// INVARIANTS (a violation is printed with the seed and makes the exit status 1):
//   - every result code is one esent.h defines and one the state the instance was in allows
//     (states: running, stop requested, terminating, down, restoring, initializing);
//   - after a term of any kind and the next JetInit, the table holds exactly the rows of the
//     commits that returned success (lazy ones included: a stop of this process loses nothing);
//   - after a restore with the newer logs, the same; after a restore into a wiped folder, every
//     row acknowledged before the backup began and none committed after it ended; after a
//     restore to a point, every row acknowledged before the point and none committed after it;
//   - a killed child's every acknowledged commit is there after recovery;
//   - no call that starts after JetTerm returned succeeds on the old instance's sessions.
//
// THE REPORT: controller cycles, operations per second, a histogram of result codes per state,
// time spent in each state, term / restore / init latencies (p50, p99, max), backups and kills.
// With --deterministic the controller's sequence of actions depends on the seed alone (the
// workers' interleavings do not), and each cycle's actions are printed.
//
// Exit status: 0; 1 violations; 2 bad arguments or the instance cannot start.
#include <esent.h>
#include <jetstore/errors.hpp>
#include <jetstore/log_stats.h>

#include <CLI/CLI.hpp>

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <cinttypes>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <random>
#include <set>
#include <shared_mutex>
#include <string>
#include <thread>
#include <unordered_map>
#include <unordered_set>
#include <vector>

extern char** environ;

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

constexpr std::uint64_t kUnlimited = ~std::uint64_t{0};

struct Options {
    std::string dir = "./jetstore-data";
    unsigned threads = 4;
    unsigned sessions = 16;
    double seconds = 10;
    std::uint64_t ops = kUnlimited;
    std::uint64_t seed = 1;
    bool deterministic = false;
    unsigned slice_ms = 300;  // how long the instance runs between actions
    std::uint64_t cycles = 0;  // stop after this many controller cycles (0: no limit)
    bool kills = true;
    bool controller = true;
    std::string child;  // internal: run as the killed child, in this folder
    bool forget_an_ack = false;  // tests: the negative control of the data check
    bool ignore_the_point = false;  // tests: the negative control of the point check (no stop given)
    unsigned widen_us = 0;  // tests: a pause between reading the transition count and the phase
    bool phase_first = false;  // tests: the negative control of that read order
};

std::string CodeText(JET_ERR err) {
    const char* name = jetstore::ErrorName(err);
    return std::string(name != nullptr ? name : "UNDOCUMENTED") + " (" + std::to_string(err) + ")";
}

volatile std::sig_atomic_t g_interrupted = 0;
extern "C" void OnSignal(int) { g_interrupted = 1; }

// ---- the instance's states, as the simulator drives them ----

enum Phase : int { kRunning, kStopRequested, kTerminating, kDown, kRestoring, kInitializing, kPhaseCount };
const char* kPhaseName[kPhaseCount] = {"running", "stop requested", "terminating", "down", "restoring", "initializing"};

// The codes a worker's call may get in each state other than running (where the model decides).
bool AllowedIn(Phase p, JET_ERR err) {
    switch (p) {
        case kRunning:
            return true;  // checked against the model
        case kStopRequested:
            return err >= 0 || err == JET_errClientRequestToStopJetService || err == JET_errSessionContextAlreadySet ||
                   err == JET_errSessionSharingViolation || err == JET_errSessionInUse || err == JET_errNotInTransaction ||
                   err == JET_errWriteConflict;
        case kTerminating:
            return err >= 0 || err == JET_errTermInProgress || err == JET_errInvalidSesid ||
                   err == JET_errClientRequestToStopJetService || err == JET_errSessionContextAlreadySet ||
                   err == JET_errSessionSharingViolation || err == JET_errSessionInUse || err == JET_errNotInTransaction ||
                   err == JET_errNotInitialized || err == JET_errInvalidParameter || err == JET_errWriteConflict ||
                   err == JET_errSessionContextNotSetByThisThread;
        case kDown:
            return err == JET_errInvalidSesid || err == JET_errNotInitialized || err == JET_errInvalidParameter ||
                   err == JET_errTermInProgress || err == JET_errSessionContextNotSetByThisThread;
        case kRestoring:
            return err == JET_errRestoreInProgress || err == JET_errInvalidSesid || err == JET_errNotInitialized ||
                   err == JET_errInvalidParameter || err == JET_errSessionContextNotSetByThisThread;
        case kInitializing:
            return err == JET_errInitInProgress || err == JET_errNotInitialized || err == JET_errInvalidSesid ||
                   err == JET_errInvalidParameter || err == JET_errSessionContextNotSetByThisThread;
        case kPhaseCount:
            break;
    }
    return false;
}

// ---- the child that is killed ----

// Commits one row per transaction, durably, and reports each acknowledged key on stdout.
int RunChild(const std::string& dir) {
    JET_INSTANCE inst = 0;
    if (JetCreateInstance(&inst, "jetstore-sim-child") < 0) return 2;
    JetSetSystemParameter(&inst, 0, JET_paramCreatePathIfNotExist, 1, nullptr);
    JetSetSystemParameter(&inst, 0, JET_paramSystemPath, 0, dir.c_str());
    JetSetSystemParameter(&inst, 0, JET_paramLogFilePath, 0, dir.c_str());
    JetSetSystemParameter(&inst, 0, JET_paramTempPath, 0, dir.c_str());
    if (JetInit(&inst) < 0) return 2;
    JET_SESID s = 0;
    JET_DBID db = 0;
    JET_TABLEID t = 0;
    JET_COLUMNID k = 0;
    const std::string path = dir + "child.edb";
    if (JetBeginSession(inst, &s, nullptr, nullptr) < 0) return 2;
    if (JetAttachDatabase(s, path.c_str(), 0) >= 0) {
        if (JetOpenDatabase(s, path.c_str(), nullptr, &db, 0) < 0 || JetOpenTable(s, db, "rows", nullptr, 0, 0, &t) < 0) return 2;
        JET_COLUMNDEF def{};
        if (JetGetTableColumnInfo(s, t, "k", &def, sizeof def, JET_ColInfo) < 0) return 2;
        k = def.columnid;
    } else {
        if (JetCreateDatabase(s, path.c_str(), nullptr, &db, 0) < 0 || JetCreateTable(s, db, "rows", 0, 100, &t) < 0) return 2;
        JET_COLUMNDEF cd{};
        cd.cbStruct = sizeof cd;
        cd.coltyp = JET_coltypCurrency;
        if (JetAddColumn(s, t, "k", &cd, nullptr, 0, &k) < 0 || JetCreateIndex(s, t, "pk", JET_bitIndexPrimary, "+k\0", 4, 100) < 0) {
            return 2;
        }
    }
    // Continue after the largest key a previous child left.
    std::int64_t next = 1;
    if (JetMove(s, t, JET_MoveLast, 0) >= 0) {
        JET_ULONG cb = 0;
        JetRetrieveColumn(s, t, k, &next, sizeof next, &cb, 0, nullptr);
        ++next;
    }
    for (;; ++next) {
        if (JetBeginTransaction(s) < 0 || JetPrepareUpdate(s, t, JET_prepInsert) < 0 ||
            JetSetColumn(s, t, k, &next, sizeof next, 0, nullptr) < 0 || JetUpdate(s, t, nullptr, 0, nullptr) < 0 ||
            JetCommitTransaction(s, 0) < 0) {
            return 3;
        }
        std::printf("%" PRId64 "\n", next);
        std::fflush(stdout);
    }
}

// ---- the simulator ----

struct PooledSession {
    JET_SESID sesid = 0;
    JET_TABLEID table = 0;
    std::atomic<int> holder{-1};
    std::atomic<JET_API_PTR> context{0};
    // Guarded by the claim:
    bool open = false;
    JET_API_PTR bound = 0;
    int began_by = -1;
    std::int64_t pending_key = 0;  // the row the open transaction inserted
    std::int64_t pending_bump = 0;  // the earlier row it read, escrow-incremented and updated
    std::vector<std::int64_t> own;  // rows this session committed since the pool began
};

struct Ack {
    std::int64_t key;
    Clock::time_point at;     // the commit returned
    Clock::time_point begun;  // the commit was called
};

struct alignas(64) WorkerStats {
    std::atomic<std::uint64_t> cycles{0};
    std::atomic<std::uint64_t> calls{0};
    std::array<std::map<JET_ERR, std::uint64_t>, kPhaseCount> codes;  // read after join
    std::vector<Ack> acked;          // guarded by the pool lock (shared by its worker, read exclusively)
    std::vector<Ack> bumps;          // acknowledged escrow increments (key: the row), likewise
    std::uint64_t next_key = 1;      // the worker's own key sequence
};

std::uint64_t Percentile(std::vector<double> v, double p) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    const std::size_t i = std::min(v.size() - 1, static_cast<std::size_t>(p * static_cast<double>(v.size() - 1) + 0.5));
    return static_cast<std::uint64_t>(v[i] * 1000);  // microseconds
}

class Simulator {
public:
    explicit Simulator(const Options& o) : opt_(o), rng_(o.seed), pool_(o.sessions) {}

    bool Start() {
        std::error_code ec;
        dir_ = fs::absolute(opt_.dir, ec).lexically_normal().string();
        if (dir_.back() != '/') dir_ += '/';
        fs::create_directories(dir_, ec);
        if (ec) {
            std::fprintf(stderr, "jetstore-sim: cannot create %s: %s\n", dir_.c_str(), ec.message().c_str());
            return false;
        }
        // An earlier run's backups: the model knows nothing of their moments, and this run's
        // folders would reuse their names.
        fs::remove_all(dir_ + "backups", ec);
        db_path_ = dir_ + "sim.edb";
        SetPhase(kInitializing);
        JET_ERR err = Create(&instance_);
        if (err >= 0) err = JetInit(&instance_);
        if (err < 0) {
            std::fprintf(stderr, "jetstore-sim: JetInit: %s\n", CodeText(err).c_str());
            return false;
        }
        ++init_count_;
        err = Populate(true);
        if (err < 0) {
            std::fprintf(stderr, "jetstore-sim: setting up the sessions: %s\n", CodeText(err).c_str());
            return false;
        }
        // Rows left by an earlier run count as acknowledged.
        std::unordered_set<std::int64_t> rows;
        std::unordered_map<std::int64_t, std::pair<std::int32_t, std::int32_t>> counts;
        if (ReadRows(&rows, &counts) < 0) return false;
        baseline_ = rows;
        for (const auto& [k, nu] : counts) baseline_n_[k] = nu.first;
        current_instance_.store(instance_);
        SetPhase(kRunning);
        return true;
    }

    int Run() {
        for (unsigned i = 0; i < opt_.threads; ++i) stats_.push_back(std::make_unique<WorkerStats>());
        std::int64_t floor = 0;
        for (std::int64_t k : baseline_) floor = std::max(floor, k);
        for (unsigned i = 0; i < opt_.threads; ++i) stats_[i]->next_key = NextKeyBase(floor, i);
        std::printf("jetstore-sim: %u threads, %zu sessions, seed %" PRIu64 "%s, dir %s\n", opt_.threads, pool_.size(),
                    opt_.seed, opt_.deterministic ? " (deterministic controller)" : "", dir_.c_str());
        std::fflush(stdout);
        start_ = Clock::now();
        phase_since_ = start_;
        std::vector<std::thread> workers;
        for (unsigned i = 0; i < opt_.threads; ++i) workers.emplace_back([this, i] { Work(static_cast<int>(i)); });
        Control();
        stop_.store(true);
        for (auto& w : workers) w.join();
        const double elapsed = std::chrono::duration<double>(Clock::now() - start_).count();
        Finish();
        return Report(elapsed);
    }

private:
    // ---- instance plumbing ----

    JET_ERR Create(JET_INSTANCE* out) {
        const std::string name = "jetstore-sim-" + std::to_string(++instance_serial_);
        JET_ERR err = JetCreateInstance(out, name.c_str());
        if (err < 0) return err;
        JetSetSystemParameter(out, 0, JET_paramCreatePathIfNotExist, 1, nullptr);
        JetSetSystemParameter(out, 0, JET_paramSystemPath, 0, dir_.c_str());
        JetSetSystemParameter(out, 0, JET_paramLogFilePath, 0, dir_.c_str());
        JetSetSystemParameter(out, 0, JET_paramTempPath, 0, dir_.c_str());
        JetSetSystemParameter(out, 0, JET_paramMaxSessions, opt_.sessions + 4, nullptr);
        return JET_errSuccess;
    }

    // Begins the pooled sessions on the current instance, each with the table open. The
    // controller holds the pool exclusively.
    JET_ERR Populate(bool create_if_missing) {
        JET_SESID s = 0;
        JET_ERR err = JetBeginSession(instance_, &s, nullptr, nullptr);
        if (err < 0) return err;
        err = JetAttachDatabase(s, db_path_.c_str(), 0);
        if (err == JET_errFileNotFound && create_if_missing) {
            JET_DBID db = 0;
            JET_TABLEID t = 0;
            err = JetCreateDatabase(s, db_path_.c_str(), nullptr, &db, 0);
            if (err >= 0) err = JetCreateTable(s, db, "rows", 0, 100, &t);
            JET_COLUMNDEF cd{};
            cd.cbStruct = sizeof cd;
            cd.coltyp = JET_coltypCurrency;
            JET_COLUMNID k = 0;
            if (err >= 0) err = JetAddColumn(s, t, "k", &cd, nullptr, 0, &k);
            if (err >= 0) err = JetCreateIndex(s, t, "pk", JET_bitIndexPrimary, "+k\0", 4, 100);
            if (err >= 0) err = JetCloseTable(s, t);
        }
        if (err >= 0 || err == JET_wrnDatabaseAttached) err = AddCounterColumns(s);
        JetEndSession(s, 0);
        if (err < 0 && err != JET_wrnDatabaseAttached) return err;
        std::mt19937_64 rng(rng_());
        for (PooledSession& p : pool_) {
            p.sesid = 0;
            p.open = false;
            p.bound = 0;
            p.began_by = -1;
            p.pending_key = 0;
            p.pending_bump = 0;
            p.own.clear();
            p.holder.store(-1);
            err = JetBeginSession(instance_, &p.sesid, nullptr, nullptr);
            JET_DBID db = 0;
            if (err >= 0) err = JetOpenDatabase(p.sesid, db_path_.c_str(), nullptr, &db, 0);
            if (err >= 0) err = JetOpenTable(p.sesid, db, "rows", nullptr, 0, 0, &p.table);
            if (err < 0) return err;
            if (column_ == 0) {
                JET_COLUMNDEF def{};
                err = JetGetTableColumnInfo(p.sesid, p.table, "k", &def, sizeof def, JET_ColInfo);
                if (err < 0) return err;
                column_ = def.columnid;
                err = JetGetTableColumnInfo(p.sesid, p.table, "n", &def, sizeof def, JET_ColInfo);
                if (err < 0) return err;
                counter_ = def.columnid;
                err = JetGetTableColumnInfo(p.sesid, p.table, "u", &def, sizeof def, JET_ColInfo);
                if (err < 0) return err;
                mirror_ = def.columnid;
            }
            JET_API_PTR c = 0;
            while (c == 0 || c == ~JET_API_PTR{0}) c = static_cast<JET_API_PTR>(rng());
            p.context.store(c);
        }
        return JET_errSuccess;
    }

    // The table's escrow counter "n" and its mirror "u" (each transaction that increments n sets u
    // to the value n then has, so u == n in every row unless a transaction was split), added to a
    // table an older run created without them.
    JET_ERR AddCounterColumns(JET_SESID s) {
        JET_DBID db = 0;
        JET_TABLEID t = 0;
        JET_ERR err = JetOpenDatabase(s, db_path_.c_str(), nullptr, &db, 0);
        if (err >= 0) err = JetOpenTable(s, db, "rows", nullptr, 0, 0, &t);
        if (err < 0) return err;
        JET_COLUMNDEF def{};
        if (JetGetTableColumnInfo(s, t, "n", &def, sizeof def, JET_ColInfo) == JET_errColumnNotFound) {
            JET_COLUMNDEF cd{};
            cd.cbStruct = sizeof cd;
            cd.coltyp = JET_coltypLong;
            const std::int32_t zero = 0;
            JET_COLUMNID id = 0;
            cd.grbit = JET_bitColumnEscrowUpdate;
            err = JetAddColumn(s, t, "n", &cd, &zero, sizeof zero, &id);
            cd.grbit = 0;
            if (err >= 0) err = JetAddColumn(s, t, "u", &cd, &zero, sizeof zero, &id);
        }
        JetCloseTable(s, t);
        return err;
    }

    JET_ERR ReadRows(std::unordered_set<std::int64_t>* rows, std::unordered_map<std::int64_t, std::pair<std::int32_t, std::int32_t>>* counts = nullptr) {
        rows->clear();
        if (counts != nullptr) counts->clear();
        JET_SESID s = 0;
        JET_ERR err = JetBeginSession(instance_, &s, nullptr, nullptr);
        JET_DBID db = 0;
        JET_TABLEID t = 0;
        if (err >= 0) err = JetOpenDatabase(s, db_path_.c_str(), nullptr, &db, 0);
        if (err >= 0) err = JetOpenTable(s, db, "rows", nullptr, 0, JET_bitTableReadOnly, &t);
        if (err >= 0) {
            for (JET_ERR m = JetMove(s, t, JET_MoveFirst, 0); m >= 0; m = JetMove(s, t, JET_MoveNext, 0)) {
                std::int64_t k = 0;
                JET_ULONG cb = 0;
                if (JetRetrieveColumn(s, t, column_, &k, sizeof k, &cb, 0, nullptr) >= 0) rows->insert(k);
                std::int32_t n = 0, u = 0;
                if (counts != nullptr && JetRetrieveColumn(s, t, counter_, &n, sizeof n, &cb, 0, nullptr) >= 0 &&
                    JetRetrieveColumn(s, t, mirror_, &u, sizeof u, &cb, 0, nullptr) >= 0 && (n != 0 || u != 0)) {
                    (*counts)[k] = {n, u};
                }
            }
        }
        if (s != 0) JetEndSession(s, 0);
        if (err < 0) Violation("reading the rows back: " + CodeText(err));
        return err;
    }

    // Each worker's keys: a range of its own above every key already stored.
    static std::uint64_t NextKeyBase(std::int64_t floor, unsigned worker) {
        return ((static_cast<std::uint64_t>(floor) >> 36) + 1 + worker) << 36;
    }

    void SetPhase(Phase p) {
        const auto now = Clock::now();
        std::lock_guard lock(phase_mu_);
        if (phase_since_ != Clock::time_point{}) time_in_[phase_.load()] += std::chrono::duration<double>(now - phase_since_).count();
        phase_since_ = now;
        phase_.store(p, std::memory_order_seq_cst);
        transitions_.fetch_add(1, std::memory_order_seq_cst);  // after the phase: see Snapshot
    }

    void Violation(const std::string& what) {
        violations_.fetch_add(1);
        std::lock_guard lock(messages_mu_);
        if (messages_.size() < 30) messages_.push_back(what);
    }

    // ---- workers ----

    // A call's result, checked against the state(s) the instance was in meanwhile.
    JET_ERR Note(WorkerStats& st, Phase before, std::uint64_t transitions_before, JET_ERR err, JET_ERR model, const char* call) {
        st.calls.fetch_add(1, std::memory_order_relaxed);
        const Phase after = phase_.load(std::memory_order_acquire);
        ++st.codes[before][err];
        if (jetstore::ErrorName(err) == nullptr) {
            Violation(std::string(call) + ": a code esent.h does not define: " + std::to_string(err));
            return err;
        }
        const bool moved = transitions_.load(std::memory_order_seq_cst) != transitions_before;
        if (!moved && before == kRunning) {
            if (err != model) Violation(std::string(call) + " while running: got " + CodeText(err) + ", the model expects " + CodeText(model));
            return err;
        }
        bool ok = AllowedIn(before, err) || AllowedIn(after, err);
        if (!ok && moved) {
            for (int p = 0; p < kPhaseCount && !ok; ++p) ok = p != kRunning && AllowedIn(static_cast<Phase>(p), err);
            ok = ok || err == model;
        }
        if (!ok) Violation(std::string(call) + " in state " + kPhaseName[before] + ": " + CodeText(err));
        return err;
    }

    // The phase a call begins in, and the transition count to compare after it. The count is read
    // first: SetPhase stores the phase and then counts, so a phase read after the count is that
    // count's phase or a later one, and a change that lands between the two reads shows as a
    // moved count when the call returns. (Read the other way round, a term beginning between the
    // reads looked like "still running, nothing moved" while the call saw the session ended.)
    void Snapshot(Phase* before, std::uint64_t* transitions) {
        if (opt_.phase_first) *before = phase_.load(std::memory_order_seq_cst);
        else *transitions = transitions_.load(std::memory_order_seq_cst);
        if (opt_.widen_us != 0) std::this_thread::sleep_for(std::chrono::microseconds(opt_.widen_us));
        if (opt_.phase_first) *transitions = transitions_.load(std::memory_order_seq_cst);
        else *before = phase_.load(std::memory_order_seq_cst);
    }

    template <typename F>
    JET_ERR Call(WorkerStats& st, JET_ERR model, const char* name, F&& f) {
        Phase before;
        std::uint64_t t;
        Snapshot(&before, &t);
        return Note(st, before, t, f(), model, name);
    }

    void Work(int me) {
        WorkerStats& st = *stats_[static_cast<std::size_t>(me)];
        std::mt19937_64 rng(opt_.seed * 0x9E3779B97F4A7C15ull + static_cast<std::uint64_t>(me) + 1);
        while (!stop_.load(std::memory_order_relaxed)) {
            if (opt_.ops != kUnlimited && total_cycles_.load(std::memory_order_relaxed) >= opt_.ops) break;
            std::shared_lock pool_lock(pool_mu_);
            const Phase phase = phase_.load(std::memory_order_acquire);
            if (phase != kRunning && phase != kStopRequested) {
                // Not running: what an instance-level call on it gets now and then, and a rest.
                if (rng() % 8 == 0) {
                    JET_SESID s = 0;
                    const JET_INSTANCE inst = current_instance_.load();
                    const JET_ERR err = Call(st, JET_errSuccess, "JetBeginSession", [&] { return JetBeginSession(inst, &s, nullptr, nullptr); });
                    if (err >= 0) JetEndSession(s, 0);
                }
                pool_lock.unlock();
                std::this_thread::sleep_for(std::chrono::microseconds(200));
                continue;
            }
            const std::size_t index = static_cast<std::size_t>(rng() % pool_.size());
            PooledSession& s = pool_[index];
            const JET_API_PTR context = s.context.load(std::memory_order_acquire);
            Phase before;
            std::uint64_t moves;
            Snapshot(&before, &moves);
            const JET_ERR claim = JetSetSessionContext(s.sesid, context);
            // Losing the race to another claimer is what the model expects then.
            const bool lost = claim == JET_errSessionContextAlreadySet || claim == JET_errSessionSharingViolation;
            Note(st, before, moves, claim, lost ? claim : JET_errSuccess, "JetSetSessionContext");
            if (claim != JET_errSuccess) {
                if (!lost) {
                    pool_lock.unlock();
                    std::this_thread::sleep_for(std::chrono::microseconds(100));  // refused: not running
                }
                continue;
            }
            int nobody = -1;
            if (!s.holder.compare_exchange_strong(nobody, me, std::memory_order_acquire)) {
                Violation("session " + std::to_string(index) + " claimed by workers " + std::to_string(nobody) + " and " + std::to_string(me));
            }
            Hold(st, me, s, context, rng);
            s.holder.store(-1, std::memory_order_release);
            Call(st, JET_errSuccess, "JetResetSessionContext", [&] { return JetResetSessionContext(s.sesid); });
            st.cycles.fetch_add(1, std::memory_order_relaxed);
            total_cycles_.fetch_add(1, std::memory_order_relaxed);
        }
    }

    // REQUIRES: this thread holds the claim of `s` under `context`, and the pool shared.
    void Hold(WorkerStats& st, int me, PooledSession& s, JET_API_PTR context, std::mt19937_64& rng) {
        const std::uint64_t roll = rng();
        if (roll % 64 == 0) {
            JET_API_PTR other = static_cast<JET_API_PTR>(rng()) | 1;
            if (other == ~JET_API_PTR{0}) other = 3;
            Call(st, JET_errSessionContextAlreadySet, "JetSetSessionContext (own claim)", [&] { return JetSetSessionContext(s.sesid, other); });
        } else if (roll % 64 == 1) {
            Call(st, JET_errSessionInUse, "JetEndSession (claimed)", [&] { return JetEndSession(s.sesid, 0); });
        }
        const bool quiesce = quiesce_.load(std::memory_order_acquire);
        if (!s.open) {
            if (quiesce) return;
            if (Call(st, JET_errSuccess, "JetBeginTransaction", [&] { return JetBeginTransaction(s.sesid); }) != JET_errSuccess) return;
            s.open = true;
            s.bound = context;
            s.began_by = me;
            s.pending_key = 0;
            const std::int64_t key = static_cast<std::int64_t>(st.next_key++);
            JET_ERR err = Call(st, JET_errSuccess, "JetPrepareUpdate", [&] { return JetPrepareUpdate(s.sesid, s.table, JET_prepInsert); });
            if (err >= 0) err = Call(st, JET_errSuccess, "JetSetColumn", [&] { return JetSetColumn(s.sesid, s.table, column_, &key, sizeof key, 0, nullptr); });
            if (err >= 0) err = Call(st, JET_errSuccess, "JetUpdate", [&] { return JetUpdate(s.sesid, s.table, nullptr, 0, nullptr); });
            if (err >= 0) s.pending_key = key;
            s.pending_bump = 0;
            if (err >= 0 && !s.own.empty() && (roll >> 40) % 2 == 0) {
                // An earlier row of this session: read it, add 1 to its counter, mirror the result.
                const std::int64_t target = s.own[(roll >> 44) % s.own.size()];
                err = Call(st, JET_errSuccess, "JetMakeKey", [&] { return JetMakeKey(s.sesid, s.table, &target, sizeof target, JET_bitNewKey); });
                if (err >= 0) err = Call(st, JET_errSuccess, "JetSeek (a committed row)", [&] { return JetSeek(s.sesid, s.table, JET_bitSeekEQ); });
                std::int64_t found = 0;
                JET_ULONG cb = 0;
                if (err >= 0) err = Call(st, JET_errSuccess, "JetRetrieveColumn", [&] { return JetRetrieveColumn(s.sesid, s.table, column_, &found, sizeof found, &cb, 0, nullptr); });
                if (err >= 0 && found != target && phase_.load() == kRunning) Violation("a seek for row " + std::to_string(target) + " found " + std::to_string(found));
                std::int32_t delta = 1, old = 0;
                JET_ULONG cb_old = 0;
                if (err >= 0) err = Call(st, JET_errSuccess, "JetEscrowUpdate", [&] { return JetEscrowUpdate(s.sesid, s.table, counter_, &delta, sizeof delta, &old, sizeof old, &cb_old, 0); });
                const std::int32_t now = old + 1;
                if (err >= 0) err = Call(st, JET_errSuccess, "JetPrepareUpdate (replace)", [&] { return JetPrepareUpdate(s.sesid, s.table, JET_prepReplace); });
                if (err >= 0) err = Call(st, JET_errSuccess, "JetSetColumn", [&] { return JetSetColumn(s.sesid, s.table, mirror_, &now, sizeof now, 0, nullptr); });
                if (err >= 0) err = Call(st, JET_errSuccess, "JetUpdate (replace)", [&] { return JetUpdate(s.sesid, s.table, nullptr, 0, nullptr); });
                if (err >= 0) s.pending_bump = target;
            }
            if ((roll >> 8) % 4 != 0) return;  // usually left open for a later claim
        } else if (!quiesce && s.began_by == me && opt_.threads > 1 && (roll >> 32) % 16 != 0) {
            return;  // usually finished by another thread
        } else if (s.bound != context) {
            Call(st, JET_errSessionSharingViolation, "JetCommitTransaction (another context)",
                 [&] { return JetCommitTransaction(s.sesid, 0); });
            return;
        }
        const bool commit = !quiesce && (roll >> 16) % 4 != 0;
        if (commit) {
            const JET_GRBIT grbit = (roll >> 24) % 2 != 0 ? JET_bitCommitLazyFlush : 0;
            const auto begun = Clock::now();
            const JET_ERR err = Call(st, JET_errSuccess, "JetCommitTransaction", [&] { return JetCommitTransaction(s.sesid, grbit); });
            if (err != JET_errSuccess) return;
            const auto at = Clock::now();
            if (s.pending_key != 0) {
                st.acked.push_back(Ack{s.pending_key, at, begun});
                s.own.push_back(s.pending_key);
            }
            if (s.pending_bump != 0) {
                st.bumps.push_back(Ack{s.pending_bump, at, begun});
                bumps_total_.fetch_add(1, std::memory_order_relaxed);
            }
        } else {
            if (Call(st, JET_errSuccess, "JetRollback", [&] { return JetRollback(s.sesid, 0); }) != JET_errSuccess) return;
        }
        s.open = false;
        s.bound = 0;
        s.began_by = -1;
        s.pending_key = 0;
        JET_API_PTR c = static_cast<JET_API_PTR>(rng()) | 1;
        if (c == ~JET_API_PTR{0}) c = 5;
        s.context.store(c, std::memory_order_release);
    }

    // ---- the controller ----

    std::uint64_t Pick(std::uint64_t n) { return rng_() % n; }

    void Control() {
        const bool timed = opt_.seconds > 0 || (opt_.ops == kUnlimited && opt_.cycles == 0);
        const auto deadline = start_ + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(opt_.seconds));
        auto next_print = start_ + std::chrono::seconds(1);
        std::uint64_t last_cycles = 0;
        auto last_time = start_;
        while (g_interrupted == 0) {
            // Run for a slice, printing progress.
            const auto slice_end = Clock::now() + std::chrono::milliseconds(opt_.slice_ms / 2 + (opt_.deterministic ? opt_.slice_ms / 2 : Pick(opt_.slice_ms)));
            while (Clock::now() < slice_end && g_interrupted == 0) {
                const auto now = Clock::now();
                if (now >= next_print) {
                    const std::uint64_t cycles = total_cycles_.load();
                    std::printf("[%5.1fs] ops/s %9.0f  state %-14s  cycles %3" PRIu64 "  backups %3" PRIu64 "  kills %2" PRIu64 "  violations %" PRIu64 "\n",
                                std::chrono::duration<double>(now - start_).count(),
                                static_cast<double>(cycles - last_cycles) / std::chrono::duration<double>(now - last_time).count(),
                                kPhaseName[phase_.load()], cycles_, backups_, kills_, violations_.load());
                    std::fflush(stdout);
                    last_cycles = cycles;
                    last_time = now;
                    next_print += std::chrono::seconds(1);
                }
                std::this_thread::sleep_for(std::chrono::milliseconds(5));
            }
            if (g_interrupted != 0) break;
            if (opt_.cycles != 0 && cycles_ >= opt_.cycles) break;
            if (timed && Clock::now() >= deadline) break;
            if (opt_.ops != kUnlimited && total_cycles_.load() >= opt_.ops) break;
            if (!opt_.controller) continue;
            ++cycles_;
            std::string line;
            Cycle(&line);
            if (opt_.deterministic) {
                std::printf("cycle %" PRIu64 ": %s\n", cycles_, line.c_str());
                std::fflush(stdout);
            }
        }
    }

    // One controller action (and the restart it needs).
    void Cycle(std::string* line) {
        const std::uint64_t action = Pick(10);
        if (action < 3) {
            Backup(line);
        } else if (action == 3 && opt_.kills) {
            KillChild(line);
        } else if (action == 4) {
            MarkPoint(line);
        } else {
            TermAndRestart(line);
        }
    }

    // A full, incremental or streaming backup while the workers run.
    void Backup(std::string* line) {
        const std::uint64_t kind = Pick(3);
        const auto begun = Clock::now();
        JET_ERR err;
        std::string folder;
        if (kind == 1 && !last_full_.empty()) {
            folder = last_full_;
            err = JetBackupInstance(instance_, folder.c_str(), JET_bitBackupIncremental, nullptr);
            *line += "backup-incremental";
        } else if (kind == 2) {
            folder = dir_ + "backups/stream-" + std::to_string(++backup_serial_) + "/";
            err = StreamBackup(folder);
            *line += "backup-streaming";
        } else {
            folder = dir_ + "backups/full-" + std::to_string(++backup_serial_) + "/";
            err = JetBackupInstance(instance_, folder.c_str(), 0, nullptr);
            *line += "backup-full";
        }
        const auto ended = Clock::now();
        ++codes_controller_[err];
        if (err < 0) {
            Violation("backup into " + folder + ": " + CodeText(err));
            return;
        }
        ++backups_;
        if (kind == 1 && !last_full_.empty()) {
            last_set_end_ = ended;  // the set in that folder now reaches this moment
        } else {
            last_full_ = kind == 2 ? std::string() : folder;
            last_set_ = folder;
            last_set_begin_ = begun;
            last_set_end_ = ended;
        }
    }

    // A moment to restore to later: every commit acknowledged before it is in a log generation
    // before `generation`, every commit called after it in that generation or a later one.
    void MarkPoint(std::string* line) {
        *line += "mark-point";
        const auto begin = Clock::now();
        JET_SESID s = 0;
        JET_ERR err = JetBeginSession(instance_, &s, nullptr, nullptr);
        if (err >= 0) err = JetCommitTransaction(s, JET_bitForceNewLog);
        JETSTORE_LOG_STATS stats{};
        stats.cbStruct = sizeof stats;
        if (err >= 0) err = JetstoreGetLogStats(instance_, &stats);
        const auto end = Clock::now();
        if (s != 0) JetEndSession(s, 0);
        ++codes_controller_[err];
        if (err == JET_errOutOfSessions) return;  // the workers hold every session: no point this time
        if (err < 0) {
            Violation("marking a point (JET_bitForceNewLog): " + CodeText(err));
            return;
        }
        point_ = Point{true, static_cast<std::uint32_t>(stats.lGeneration), begin, end};
    }

    JET_ERR StreamBackup(const std::string& folder) {
        fs::create_directories(folder);
        JET_ERR err = JetBeginExternalBackupInstance(instance_, 0);
        if (err < 0) return err;
        auto copy = [&](const std::string& path) -> JET_ERR {
            JET_HANDLE h = 0;
            JET_ULONG lo = 0, hi = 0;
            JET_ERR e = JetOpenFileInstance(instance_, path.c_str(), &h, &lo, &hi);
            if (e < 0) return e;
            std::ofstream out(folder + fs::path(path).filename().string(), std::ios::binary);
            std::vector<char> buf(1 << 16);
            for (;;) {
                JET_ULONG n = 0;
                e = JetReadFileInstance(instance_, h, buf.data(), static_cast<JET_ULONG>(buf.size()), &n);
                if (e < 0 || n == 0) break;
                out.write(buf.data(), n);
            }
            out.flush();
            const JET_ERR c = JetCloseFileInstance(instance_, h);
            return e < 0 ? e : c;
        };
        auto list = [&](auto fn) -> std::vector<std::string> {
            JET_ULONG n = 0;
            std::vector<std::string> out;
            if (fn(nullptr, 0, &n) < 0) return out;
            std::vector<char> buf(n);
            if (fn(buf.data(), n, &n) < 0) return out;
            for (std::size_t i = 0; i < buf.size() && buf[i] != 0;) {
                out.emplace_back(&buf[i]);
                i += out.back().size() + 1;
            }
            return out;
        };
        for (const std::string& db : list([&](void* p, JET_ULONG cb, JET_ULONG* n) { return JetGetAttachInfoInstance(instance_, p, cb, n); })) {
            if (err >= 0) err = copy(db);
        }
        for (const std::string& log : list([&](void* p, JET_ULONG cb, JET_ULONG* n) { return JetGetLogInfoInstance(instance_, p, cb, n); })) {
            if (err >= 0) err = copy(log);
        }
        if (err >= 0) err = JetTruncateLogInstance(instance_);
        const JET_ERR end = JetEndExternalBackupInstance2(instance_, err >= 0 ? JET_bitBackupEndNormal : JET_bitBackupEndAbort);
        return err < 0 ? err : end;
    }

    // A term of some kind, then maybe a restore, then JetInit; the data checked against the model.
    void TermAndRestart(std::string* line) {
        // Now and then a point to restore to, with commits after it.
        if (!last_set_.empty() && !(point_.valid && point_.begin > last_set_end_) && Pick(2) == 0) {
            MarkPoint(line);
            *line += ", ";
            std::this_thread::sleep_for(std::chrono::milliseconds(opt_.slice_ms / 4 + 10));
        }
        const std::uint64_t how = Pick(5);
        JET_GRBIT grbit = 0;
        const char* name = "term-complete";
        if (how == 1) grbit = JET_bitTermAbrupt, name = "term-abrupt";
        if (how == 2) grbit = JET_bitTermDirty, name = "term-dirty";
        // Open transactions refuse a clean term: let the workers finish theirs first (usually; a
        // server does this before it stops the service, after which only rollbacks are taken).
        if (grbit != JET_bitTermDirty && (how != 4 || opt_.deterministic)) {
            quiesce_.store(true);
            std::this_thread::sleep_for(std::chrono::milliseconds(opt_.slice_ms / 4 + 10));
        }
        if (how == 3) {
            SetPhase(kStopRequested);
            ++codes_controller_[JetStopServiceInstance(instance_)];
            *line += "stop-service, ";
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        }
        *line += name;
        SetPhase(kTerminating);
        const auto t0 = Clock::now();
        JET_ERR err = JetTerm2(instance_, grbit);
        ++codes_controller_[err];
        if (err == JET_errDirtyShutdown && grbit == JET_bitTermDirty) err = JET_errSuccess;  // a dirty stop's success
        if (err == JET_errTooManyActiveUsers) {
            // A transaction is still open: a dirty stop ends it (rolled back by recovery).
            ++term_fallbacks_;
            err = JetTerm2(instance_, JET_bitTermDirty);
            ++codes_controller_[err];
            if (err == JET_errDirtyShutdown) err = JET_errSuccess;
        }
        const auto t1 = Clock::now();
        term_latency_.push_back(std::chrono::duration<double, std::milli>(t1 - t0).count());
        if (err < 0) Violation(std::string(name) + ": " + CodeText(err));
        term_returned_ = t1;
        SetPhase(kDown);
        quiesce_.store(false);
        // The workers may still call; the pool is rebuilt under the exclusive lock.
        std::unique_lock pool_lock(pool_mu_);
        // Open transactions were rolled back by the stop: their rows never acknowledged.
        std::uint64_t restore = last_set_.empty() ? 0 : Pick(4);
        // To a point: one marked since the last restart and after the last backup set's end.
        if (restore == 3 && !(point_.valid && point_.begin > last_set_end_)) restore = 1;
        bool wiped = false;
        const bool to_point = restore == 3;
        if (to_point) {
            // An external restore: the set's database and the logs the folder lacks copied into
            // place, the checkpoint removed; JetInit3's lgposStop replays the newer logs up to
            // the point and cuts the log there.
            *line += ", restore to a point (generation " + std::to_string(point_.generation) + ")";
            ++point_restores_;
            fs::remove(dir_ + "edb.chk");
            fs::remove(db_path_);
            fs::remove(db_path_ + "-lock");
            const std::string db_name = fs::path(db_path_).filename().string();
            for (const auto& e : fs::directory_iterator(last_set_)) {
                const std::string file = e.path().filename().string();
                if (file == db_name) fs::copy_file(e.path(), db_path_);
                if (file.ends_with(".log") && !fs::exists(dir_ + file)) fs::copy_file(e.path(), dir_ + file);
            }
            last_full_.clear();  // the log was cut: a full backup comes next, and the next restore
            last_set_.clear();   // needs it (this set's moment is before rows the model now holds)
            Create(&instance_);
            current_instance_.store(instance_);
        } else if (restore != 0) {
            wiped = restore == 2;
            *line += wiped ? ", restore into a wiped folder" : ", restore with newer logs";
            if (wiped) {
                for (const auto& e : fs::directory_iterator(dir_)) {
                    if (e.is_regular_file()) fs::remove(e.path());
                }
                last_full_.clear();  // the record of the last backup went with the folder: a full one comes next
            }
            JET_INSTANCE inst = 0;
            Create(&inst);
            current_instance_.store(inst);
            SetPhase(kRestoring);
            const auto r0 = Clock::now();
            err = JetRestoreInstance(inst, last_set_.c_str(), nullptr, nullptr);
            restore_latency_.push_back(std::chrono::duration<double, std::milli>(Clock::now() - r0).count());
            ++codes_controller_[err];
            if (err < 0) Violation("JetRestoreInstance(" + last_set_ + "): " + CodeText(err));
            instance_ = inst;
        } else {
            Create(&instance_);
            current_instance_.store(instance_);
        }
        *line += to_point ? ", init3" : ", init";
        SetPhase(kInitializing);
        const auto i0 = Clock::now();
        if (to_point) {
            JET_RSTINFO info{};
            info.cbStruct = sizeof info;
            info.lgposStop.lGeneration = static_cast<decltype(info.lgposStop.lGeneration)>(point_.generation);
            if (opt_.ignore_the_point) info.lgposStop.lGeneration = 0;
            err = JetInit3(&instance_, &info, 0);
        } else {
            err = JetInit(&instance_);
        }
        init_latency_.push_back(std::chrono::duration<double, std::milli>(Clock::now() - i0).count());
        ++codes_controller_[err];
        ++init_count_;
        if (err < 0) {
            Violation("JetInit after " + std::string(name) + ": " + CodeText(err));
            g_interrupted = 1;
            SetPhase(kDown);
            return;
        }
        current_instance_.store(instance_);
        err = Populate(false);
        if (err < 0) {
            Violation("sessions after JetInit: " + CodeText(err));
            g_interrupted = 1;
            return;
        }
        Verify(to_point ? kToPoint : restore != 0 && wiped ? kBackupMoment : kEverything);
        point_.valid = false;  // the next point is marked after this restart
        SetPhase(kRunning);
    }

    // The rows against what was acknowledged. REQUIRES: the pool held exclusively.
    enum Expect { kEverything, kBackupMoment, kToPoint };
    void Verify(Expect expect) {
        std::unordered_set<std::int64_t> rows;
        std::unordered_map<std::int64_t, std::pair<std::int32_t, std::int32_t>> counts;
        if (ReadRows(&rows, &counts) < 0) return;
        if (opt_.forget_an_ack) {
            // Negative control of the counters: the model forgets an acknowledged increment.
            for (auto& st : stats_) {
                if (!st->bumps.empty() && counts.count(st->bumps.back().key) != 0) {
                    st->bumps.pop_back();
                    break;
                }
            }
        }
        VerifyCounts(expect, counts);
        if (opt_.forget_an_ack) {
            // Negative control: the model forgets one acknowledged commit; the check must notice.
            for (auto& st : stats_) {
                if (!st->acked.empty() && rows.count(st->acked.back().key) != 0) {
                    st->acked.pop_back();
                    break;
                }
            }
        }
        std::size_t missing = 0, unexpected = 0;
        std::unordered_set<std::int64_t> acked(baseline_.begin(), baseline_.end());
        for (const auto& st : stats_) {
            for (const Ack& a : st->acked) acked.insert(a.key);
        }
        if (expect == kToPoint) {
            // The point: the rows before this run, every commit acknowledged before the point was
            // marked, none called after it; nothing else.
            for (std::int64_t k : baseline_) missing += rows.count(k) == 0 ? 1 : 0;
            for (const auto& st : stats_) {
                for (const Ack& a : st->acked) {
                    if (a.at < point_.begin) missing += rows.count(a.key) == 0 ? 1 : 0;
                    if (a.begun > point_.end) unexpected += rows.count(a.key) != 0 ? 1 : 0;
                }
            }
            for (std::int64_t k : rows) unexpected += acked.count(k) == 0 ? 1 : 0;
            if (missing != 0) Violation(std::to_string(missing) + " rows acknowledged before the point are not in its restore (seed " + std::to_string(opt_.seed) + ")");
            if (unexpected != 0) Violation(std::to_string(unexpected) + " rows committed after the point (or never) appear in its restore (seed " + std::to_string(opt_.seed) + ")");
            baseline_ = rows;
            for (auto& st : stats_) st->acked.clear();
        } else if (expect == kEverything) {
            for (std::int64_t k : acked) missing += rows.count(k) == 0 ? 1 : 0;
            for (std::int64_t k : rows) unexpected += acked.count(k) == 0 ? 1 : 0;
            if (missing != 0) Violation(std::to_string(missing) + " acknowledged rows lost (seed " + std::to_string(opt_.seed) + ")");
            if (unexpected != 0) Violation(std::to_string(unexpected) + " rows no commit acknowledged (seed " + std::to_string(opt_.seed) + ")");
        } else {
            // The backup's moment: everything acknowledged before it began, nothing after it ended.
            for (std::int64_t k : baseline_) missing += rows.count(k) == 0 ? 1 : 0;
            for (const auto& st : stats_) {
                for (const Ack& a : st->acked) {
                    if (a.at < last_set_begin_) missing += rows.count(a.key) == 0 ? 1 : 0;
                    if (a.begun > last_set_end_) unexpected += rows.count(a.key) != 0 ? 1 : 0;
                }
            }
            if (missing != 0) Violation(std::to_string(missing) + " rows acknowledged before the backup are not in its restore");
            if (unexpected != 0) Violation(std::to_string(unexpected) + " rows acknowledged after the backup appear in its restore");
            // The model follows the data: what is there now is what counts.
            baseline_ = rows;
            for (auto& st : stats_) st->acked.clear();
        }
    }

    // The escrow counters: in every row the mirror equals the counter (a transaction's increment
    // and its update are never split); after a term and JetInit each counter is its baseline plus
    // the acknowledged increments; after a restore to a moment, at least those acknowledged
    // before it and none called after it. REQUIRES: the pool held exclusively.
    void VerifyCounts(Expect expect, const std::unordered_map<std::int64_t, std::pair<std::int32_t, std::int32_t>>& counts) {
        std::size_t split = 0, wrong = 0;
        for (const auto& [k, nu] : counts) split += nu.first != nu.second ? 1 : 0;
        if (split != 0) Violation(std::to_string(split) + " rows whose escrow increment and update were split (seed " + std::to_string(opt_.seed) + ")");
        Clock::time_point from{}, to{};
        if (expect == kBackupMoment) from = last_set_begin_, to = last_set_end_;
        if (expect == kToPoint) from = point_.begin, to = point_.end;
        std::unordered_map<std::int64_t, std::pair<std::int64_t, std::int64_t>> bounds;  // row: at least, at most
        for (const auto& [k, n] : baseline_n_) bounds[k] = {n, n};
        for (const auto& st : stats_) {
            for (const Ack& b : st->bumps) {
                auto& [lo, hi] = bounds[b.key];
                if (expect == kEverything || b.at < from) ++lo;
                if (expect == kEverything || b.begun <= to) ++hi;
            }
        }
        for (const auto& [k, lohi] : bounds) {
            auto it = counts.find(k);
            const std::int64_t n = it == counts.end() ? 0 : it->second.first;
            if (n < lohi.first || n > lohi.second) ++wrong;
        }
        for (const auto& [k, nu] : counts) wrong += bounds.count(k) == 0 ? 1 : 0;  // incremented by nobody
        if (wrong != 0) Violation(std::to_string(wrong) + " escrow counters differ from the acknowledged increments (seed " + std::to_string(opt_.seed) + ")");
        if (expect != kEverything) {
            baseline_n_.clear();
            for (const auto& [k, nu] : counts) baseline_n_[k] = nu.first;
            for (auto& st : stats_) st->bumps.clear();
        }
    }

    // A child instance process killed at a random moment, recovered, checked.
    void KillChild(std::string* line) {
        const std::string child_dir = dir_ + "child/";
        fs::create_directories(child_dir);
        int out[2];
        if (::pipe(out) != 0) return;
        posix_spawn_file_actions_t actions;
        posix_spawn_file_actions_init(&actions);
        posix_spawn_file_actions_adddup2(&actions, out[1], 1);
        posix_spawn_file_actions_addclose(&actions, out[0]);
        const std::string self = fs::read_symlink("/proc/self/exe").string();
        std::vector<std::string> args = {self, "--child", child_dir};
        std::vector<char*> argv;
        for (auto& a : args) argv.push_back(a.data());
        argv.push_back(nullptr);
        pid_t pid = 0;
        const int rc = posix_spawn(&pid, self.c_str(), &actions, nullptr, argv.data(), environ);
        posix_spawn_file_actions_destroy(&actions);
        ::close(out[1]);
        if (rc != 0) {
            ::close(out[0]);
            Violation("spawning the child: " + std::string(std::strerror(rc)));
            return;
        }
        const std::uint64_t wanted = 20 + Pick(300);
        std::int64_t last = 0;
        std::uint64_t seen = 0;
        std::string pending;
        char buf[4096];
        while (seen < wanted) {
            const ssize_t n = ::read(out[0], buf, sizeof buf);
            if (n <= 0) break;
            pending.append(buf, static_cast<std::size_t>(n));
            std::size_t nl;
            while ((nl = pending.find('\n')) != std::string::npos) {
                last = std::stoll(pending.substr(0, nl));
                pending.erase(0, nl + 1);
                ++seen;
            }
        }
        ::kill(pid, SIGKILL);
        // Acknowledgements already in the pipe count too.
        int status = 0;
        ::waitpid(pid, &status, 0);
        for (;;) {
            const ssize_t n = ::read(out[0], buf, sizeof buf);
            if (n <= 0) break;
            pending.append(buf, static_cast<std::size_t>(n));
        }
        std::size_t nl;
        while ((nl = pending.find('\n')) != std::string::npos) {
            last = std::stoll(pending.substr(0, nl));
            pending.erase(0, nl + 1);
        }
        ::close(out[0]);
        ++kills_;
        *line += "kill a child after " + std::to_string(wanted) + " commits";
        (void)seen;
        // Recover it here, in an instance of this process, and count its rows.
        JET_INSTANCE inst = 0;
        JET_ERR err = JetCreateInstance(&inst, ("jetstore-sim-recover-" + std::to_string(kills_)).c_str());
        if (err >= 0) {
            JetSetSystemParameter(&inst, 0, JET_paramSystemPath, 0, child_dir.c_str());
            JetSetSystemParameter(&inst, 0, JET_paramLogFilePath, 0, child_dir.c_str());
            JetSetSystemParameter(&inst, 0, JET_paramTempPath, 0, child_dir.c_str());
            err = JetInit(&inst);
        }
        std::int64_t max = 0, count = 0;
        if (err >= 0) {
            JET_SESID s = 0;
            JET_DBID db = 0;
            JET_TABLEID t = 0;
            const std::string path = child_dir + "child.edb";
            err = JetBeginSession(inst, &s, nullptr, nullptr);
            if (err >= 0) err = JetAttachDatabase(s, path.c_str(), 0);
            if (err >= 0) err = JetOpenDatabase(s, path.c_str(), nullptr, &db, 0);
            if (err >= 0) err = JetOpenTable(s, db, "rows", nullptr, 0, 0, &t);
            JET_COLUMNDEF def{};
            if (err >= 0) err = JetGetTableColumnInfo(s, t, "k", &def, sizeof def, JET_ColInfo);
            for (JET_ERR m = err >= 0 ? JetMove(s, t, JET_MoveFirst, 0) : -1; m >= 0; m = JetMove(s, t, JET_MoveNext, 0)) {
                std::int64_t k = 0;
                JET_ULONG cb = 0;
                JetRetrieveColumn(s, t, def.columnid, &k, sizeof k, &cb, 0, nullptr);
                ++count;
                max = std::max(max, k);
            }
            if (s != 0) JetEndSession(s, 0);
            JetTerm(inst);
        }
        if (err < 0) {
            Violation("recovering the killed child: " + CodeText(err));
        } else if (max < last || count != max) {
            Violation("the killed child acknowledged row " + std::to_string(last) + "; after recovery its rows are 1.." +
                      std::to_string(max) + " (" + std::to_string(count) + " rows)");
        }
    }

    // ---- the end ----

    void Finish() {
        std::unique_lock pool_lock(pool_mu_);
        quiesce_.store(true);
        for (PooledSession& s : pool_) {
            if (s.open) {
                JetSetSessionContext(s.sesid, s.bound);
                JetRollback(s.sesid, 0);
                JetResetSessionContext(s.sesid);
                s.open = false;
            }
            JetEndSession(s.sesid, 0);
        }
        SetPhase(kTerminating);
        const JET_ERR err = JetTerm2(instance_, JET_bitTermComplete);
        ++codes_controller_[err];
        if (err < 0) Violation("the final JetTerm2: " + CodeText(err));
        SetPhase(kDown);
        // Nothing that starts now succeeds on the old sessions.
        for (PooledSession& s : pool_) {
            const JET_ERR late = JetBeginTransaction(s.sesid);
            if (late >= 0) Violation("a call on a session of a terminated instance succeeded");
        }
        std::lock_guard lock(phase_mu_);
        time_in_[kDown] += 0;
    }

    int Report(double elapsed) {
        std::uint64_t cycles = 0, calls = 0, undocumented = 0;
        std::array<std::map<JET_ERR, std::uint64_t>, kPhaseCount> codes;
        for (const auto& st : stats_) {
            cycles += st->cycles.load();
            calls += st->calls.load();
            for (int p = 0; p < kPhaseCount; ++p) {
                for (const auto& [c, n] : st->codes[p]) codes[p][c] += n;
            }
        }
        auto ull = [](std::uint64_t v) { return static_cast<unsigned long long>(v); };
        std::printf("\n%s after %.2f s, seed %" PRIu64 "\n", g_interrupted != 0 ? "stopped" : "done", elapsed, opt_.seed);
        std::printf("  controller cycles %llu: backups %llu, kills %llu, inits %llu, restores to a point %llu, clean terms refused for an open transaction %llu\n",
                    ull(cycles_), ull(backups_), ull(kills_), ull(init_count_), ull(point_restores_), ull(term_fallbacks_));
        std::printf("  acknowledged escrow increments (each with a read and an update of an earlier row) %llu\n", ull(bumps_total_.load()));
        std::printf("  ops (claim cycles) %llu, %.0f /s; JET calls %llu, %.0f /s\n", ull(cycles), static_cast<double>(cycles) / elapsed,
                    ull(calls), static_cast<double>(calls) / elapsed);
        std::printf("\ntime in each state\n");
        for (int p = 0; p < kPhaseCount; ++p) std::printf("  %-16s %8.2f s\n", kPhaseName[p], time_in_[p]);
        auto lat = [&](const char* what, const std::vector<double>& v) {
            std::printf("  %-8s n=%-5zu p50 %8.2f ms  p99 %8.2f ms  max %8.2f ms\n", what, v.size(), Percentile(v, 0.5) / 1000.0,
                        Percentile(v, 0.99) / 1000.0, v.empty() ? 0.0 : *std::max_element(v.begin(), v.end()));
        };
        std::printf("\nlatencies\n");
        lat("term", term_latency_);
        lat("restore", restore_latency_);
        lat("init", init_latency_);
        std::printf("\nresult codes of the workers' calls, by the state the instance was in\n");
        for (int p = 0; p < kPhaseCount; ++p) {
            if (codes[p].empty()) continue;
            std::printf("  %s\n", kPhaseName[p]);
            for (const auto& [code, n] : codes[p]) {
                const char* name = jetstore::ErrorName(code);
                if (name == nullptr) undocumented += n;
                std::printf("    %-44s %6ld %12llu\n", name != nullptr ? name : "UNDOCUMENTED", static_cast<long>(code), ull(n));
            }
        }
        std::printf("  the controller's calls\n");
        for (const auto& [code, n] : codes_controller_) {
            const char* name = jetstore::ErrorName(code);
            std::printf("    %-44s %6ld %12llu\n", name != nullptr ? name : "UNDOCUMENTED", static_cast<long>(code), ull(n));
        }
        const std::uint64_t bad = violations_.load();
        std::printf("\nundocumented codes: %llu   violations: %llu%s\n", ull(undocumented), ull(bad),
                    bad != 0 ? (" (reproduce with --seed " + std::to_string(opt_.seed) + " --deterministic)").c_str() : "");
        for (const std::string& m : messages_) std::printf("  %s\n", m.c_str());
        return undocumented == 0 && bad == 0 ? 0 : 1;
    }

    const Options opt_;
    std::mt19937_64 rng_;  // the controller's: its sequence of actions depends on the seed alone
    std::string dir_, db_path_;
    JET_INSTANCE instance_ = 0;
    std::atomic<JET_INSTANCE> current_instance_{0};
    std::uint64_t instance_serial_ = 0;
    JET_COLUMNID column_ = 0, counter_ = 0, mirror_ = 0;
    std::vector<PooledSession> pool_;
    std::shared_mutex pool_mu_;  // workers shared per claim cycle; the controller exclusive to rebuild
    std::vector<std::unique_ptr<WorkerStats>> stats_;
    std::atomic<Phase> phase_{kDown};
    std::atomic<std::uint64_t> transitions_{0};
    std::mutex phase_mu_;
    Clock::time_point phase_since_{};
    std::array<double, kPhaseCount> time_in_{};
    std::atomic<bool> stop_{false}, quiesce_{false};
    std::atomic<std::uint64_t> total_cycles_{0}, violations_{0};
    std::mutex messages_mu_;
    std::vector<std::string> messages_;
    Clock::time_point start_, term_returned_;
    std::map<JET_ERR, std::uint64_t> codes_controller_;
    std::uint64_t cycles_ = 0, backups_ = 0, kills_ = 0, init_count_ = 0, backup_serial_ = 0, term_fallbacks_ = 0;
    std::vector<double> term_latency_, restore_latency_, init_latency_;
    std::string last_full_, last_set_;
    Clock::time_point last_set_begin_, last_set_end_;
    struct Point {
        bool valid = false;
        std::uint32_t generation = 0;  // JetInit3 stops at its start
        Clock::time_point begin, end;  // MarkPoint's call
    } point_;
    std::uint64_t point_restores_ = 0;
    std::atomic<std::uint64_t> bumps_total_{0};  // acknowledged escrow increments
    std::unordered_set<std::int64_t> baseline_;
    std::unordered_map<std::int64_t, std::int64_t> baseline_n_;  // escrow counters at the baseline  // rows acknowledged before this run or restored
};

}  // namespace

int main(int argc, char** argv) {
    Options opt;
    CLI::App app{"jetstore-sim: an esent server's sessions and transactions while its instance goes through backup, "
                 "stop, term (complete, abrupt, dirty), kills, restore and init, with the invariants checked"};
    app.add_option("--dir", opt.dir, "data folder, created if missing")->capture_default_str();
    app.add_option("--threads", opt.threads, "worker threads")->check(CLI::Range(1u, 1024u))->capture_default_str();
    app.add_option("--sessions", opt.sessions, "pooled sessions")->check(CLI::Range(1u, 30000u))->capture_default_str();
    app.add_option("--seconds", opt.seconds, "run time (0: until --ops or --cycles)")->check(CLI::NonNegativeNumber)->capture_default_str();
    app.add_option("--ops", opt.ops, "stop after this many claim cycles");
    app.add_option("--seed", opt.seed, "random seed")->capture_default_str();
    app.add_option("--cycles", opt.cycles, "stop after this many controller cycles");
    app.add_flag("--deterministic", opt.deterministic, "the controller's actions depend on the seed alone (printed per cycle)");
    app.add_option("--slice-ms", opt.slice_ms, "how long the instance runs between the controller's actions")
        ->check(CLI::Range(10u, 600000u))
        ->capture_default_str();
    app.add_flag("!--no-kills", opt.kills, "do not spawn and kill child instance processes");
    app.add_flag("!--no-controller", opt.controller, "only the session workload: no backups, terms or restores");
    app.add_option("--child", opt.child, "internal: run as the child that is killed")->group("");
    app.add_flag("--test-forget-an-ack", opt.forget_an_ack, "tests: the model forgets a commit (the check must fail)")->group("");
    app.add_flag("--test-ignore-the-point", opt.ignore_the_point, "tests: a restore to a point replays everything (the check must fail)")->group("");
    app.add_option("--test-widen-us", opt.widen_us, "tests: pause between a call's two state reads")->group("");
    app.add_flag("--test-phase-first", opt.phase_first, "tests: read the phase before the transition count (the check must fail)")->group("");
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        const int rc = app.exit(e);
        return rc == 0 ? 0 : 2;
    }
    if (!opt.child.empty()) return RunChild(opt.child.back() == '/' ? opt.child : opt.child + "/");
    if (opt.seconds == 0 && opt.ops == kUnlimited && opt.cycles == 0) opt.seconds = 10;
    std::signal(SIGINT, OnSignal);
    std::signal(SIGTERM, OnSignal);
    std::signal(SIGPIPE, SIG_IGN);
    Simulator sim(opt);
    if (!sim.Start()) return 2;
    return sim.Run();
}

// jetstore-workload: what a server does, through jetstore's C API (the installed shared library),
// against raw LMDB doing the same work with the flags jetstore uses (MDB_NOSUBDIR | MDB_NOTLS, one
// named DBI, no MDB_WRITEMAP), each workload and engine in its own forked child. Recovery is on
// for every jetstore run (the commit log, the overlay and the checkpointer are measured).
//
//   1 bulk insert       N rows in random key order, 1000 per transaction, lazy commits, vs raw
//                       MDB_NOSYNC batches                                            target >= 0.5x
//   2 point reads       one lookup per request outside any transaction (JetMakeKey + JetSeek +
//                       JetRetrieveColumn, each in its implicit transaction), the overlay empty
//                       (after a clean stop), vs raw renew + mdb_get + copy + reset per lookup
//                                                                                     target >= 0.8x
//   3 reads after lazy  the same, right after 100k lazy single-row replaces (whatever is not yet
//                       checkpointed stays in the overlay), vs raw after the same replaces
//                                                                                     target >= 0.6x
//   4 reads in txns     the lookups in read-only transactions of 1000, vs raw renewing once per
//                       1000 (reference)
//   5 sequential scan   JetMove + JetRetrieveColumn per row in one read-only transaction per pass,
//                       vs cursor MDB_FIRST / MDB_NEXT + copy                          target >= 0.3x
//   6 lazy commits      single-row transactions from one session, JET_bitCommitLazyFlush, vs raw
//                       single-row commits under MDB_NOMETASYNC                        target >= 20x
//   7 durable commits   single-row transactions from 1, 4 and 16 sessions, plain commit, vs raw
//                       commits with LMDB's full sync    targets: 1 session latency <= 0.75x;
//                                                                 16 sessions >= 12x raw commits/s
//   8 the log           bytes per commit, checkpoints, and JetInit after a SIGKILL with 64 MiB of
//                       log to replay: its time and the replay's MB/s
//   9 backup, restore   JetBackupInstance of workload 1's database, and JetRestoreInstance of that
//                       backup into a fresh folder, vs copying the same files (1 MiB reads and
//                       writes, fdatasync per file)                      targets >= 0.9x each
//   a JetTerm latency   a clean JetTerm2 with 1, 100 and 10000 idle sessions and with 16 threads
//                       calling (reported in ms)
//   b 1 GiB backup      a database of --big-rows rows (about 1 GiB) under 16 sessions committing
//                       durably: the time to a consistent backup, the commit rate before and
//                       during it, the longest commit; then JetInit after a dirty stop with 64 MiB
//                       of log
//
// Rows: 4-byte int keys 0..N-1 inserted in a fixed-seed random order, 100-byte values. The
// jetstore table has a Long key column (primary index "+key\0\0") and a Binary (cbMax 255) value
// column. A child's peak resident set (getrusage ru_maxrss, file-backed map pages included) is
// its run's alone. Files live in a fresh mkdtemp directory, removed at the end (--keep keeps it).
// The table reports; the exit status is 0 whether or not a target is met (1 only for bad
// arguments or a failed setup).
//
//   jetstore-workload [--rows N] [--reads N] [--scan-passes N] [--lazy-commits N]
//                     [--durable-commits N] [--replay-mib N] [--big-rows N] [--only 123456789ab] [--keep]
//                     [--raw-first]
// --raw-first runs each workload's raw child before its jetstore child (to see order effects).
#include <esent.h>
#include <jetstore/errors.hpp>
#include <jetstore/log_stats.h>

#include <lmdb.h>

#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <latch>
#include <string>
#include <thread>
#include <atomic>
#include <random>
#include <vector>

namespace {

// ---- options, seeds, data ---------------------------------------------------------------------

struct Options {
  long rows = 1000000;
  long reads = 1000000;
  long scan_passes = 0;  // 0: enough passes to visit about 1,000,000 rows
  long lazy_commits = 100000;
  long durable_commits = 2000;
  long replay_mib = 64;
  long big_rows = 7000000;  // workload b: about 1 GiB of database
  std::string only = "123456789ab";
  bool keep = false;
  bool raw_first = false;  // run each workload's raw child before its jetstore child
};

constexpr std::uint64_t kInsertSeed = 0x6a657473746f7265ULL;  // the insert order of workload 1
constexpr std::uint64_t kReadSeed = 0x7265616473656564ULL;    // the keys of workload 2
constexpr std::uint64_t kCommitSeed = 0x636f6d6d69747321ULL;  // the keys of workloads 4 and 5
constexpr std::uint64_t kValueSeed = 0x76616c7565732121ULL;   // the value pool
constexpr std::uint64_t kReplaceSeed = 0x7265706c61636521ULL; // the keys of workload 3's replaces
constexpr unsigned long kValueBytes = 100;
constexpr long kRowsPerTxn = 1000;
constexpr long kReplacesBeforeReads = 100000;  // workload 3
constexpr long kReadsPerTxn = 1000;
constexpr std::size_t kPoolBytes = 4096;
constexpr std::uint64_t kRawMapSize = std::uint64_t{64} << 30;  // jetstore's default on 64-bit
constexpr unsigned kMaxSessions = 40;
constexpr const char* kTable = "rows";
constexpr const char* kDbiName = "jetstore";  // one named DBI, as jetstore's

std::string g_dir;  // the mkdtemp directory, with a trailing '/'
unsigned char g_pool[kPoolBytes + kValueBytes];

std::uint64_t SplitMix(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

// 0..n-1 in a random order (Fisher-Yates with SplitMix64: the same on every platform).
std::vector<std::int32_t> Permutation(long n, std::uint64_t seed) {
  std::vector<std::int32_t> v(static_cast<std::size_t>(n));
  for (long i = 0; i < n; ++i) v[static_cast<std::size_t>(i)] = static_cast<std::int32_t>(i);
  for (long i = n - 1; i > 0; --i) {
    const auto j = static_cast<long>(SplitMix(seed) % static_cast<std::uint64_t>(i + 1));
    std::swap(v[static_cast<std::size_t>(i)], v[static_cast<std::size_t>(j)]);
  }
  return v;
}

// `count` keys drawn uniformly from 0..n-1.
std::vector<std::int32_t> UniformKeys(long count, long n, std::uint64_t seed) {
  std::vector<std::int32_t> v(static_cast<std::size_t>(count));
  for (auto& k : v) k = static_cast<std::int32_t>(SplitMix(seed) % static_cast<std::uint64_t>(n));
  return v;
}

void FillPool() {
  std::uint64_t s = kValueSeed;
  for (auto& b : g_pool) b = static_cast<unsigned char>(SplitMix(s));
}

// The 100-byte value of a key: a window of the pool (both engines get the same pointer, no copy).
const unsigned char* ValueOf(std::int32_t key) {
  return g_pool + (static_cast<std::uint32_t>(key) * 37u) % kPoolBytes;
}

// The raw engine's key: big-endian, so LMDB's memcmp order is the integer order (as jetstore's
// normalized keys are).
void RawKey(std::int32_t key, unsigned char out[4]) {
  const auto u = static_cast<std::uint32_t>(key);
  out[0] = static_cast<unsigned char>(u >> 24);
  out[1] = static_cast<unsigned char>(u >> 16);
  out[2] = static_cast<unsigned char>(u >> 8);
  out[3] = static_cast<unsigned char>(u);
}

using Clock = std::chrono::steady_clock;
double Seconds(Clock::time_point since) { return std::chrono::duration<double>(Clock::now() - since).count(); }

// ---- what a child reports -----------------------------------------------------------------------

struct Measure {
  double ops = 0;
  double seconds = 0;
  std::string error;  // empty: the run completed
  double extra[6] = {0, 0, 0, 0, 0, 0};  // a workload's own figures (see its comment)
};

std::string Describe(JET_ERR err) {
  const char* name = jetstore::ErrorName(err);
  return std::string(name != nullptr ? name : "undocumented") + " (" + std::to_string(err) + ")";
}

// The function name of a call's text: "JetSeek(ses, ...)" -> "JetSeek".
std::string CallName(const char* text) {
  const char* paren = std::strchr(text, '(');
  return paren != nullptr ? std::string(text, static_cast<std::size_t>(paren - text)) : std::string(text);
}

// Every jetstore call is checked: an error (< 0) stops the run and is reported with the call.
#define JET_TRY(call)                                                        \
  do {                                                                       \
    const JET_ERR e_ = (call);                                               \
    if (e_ < 0) return CallName(#call) + " -> " + Describe(e_);             \
  } while (0)

#define MDB_TRY(call)                                                        \
  do {                                                                       \
    const int rc_ = (call);                                                  \
    if (rc_ != 0) return CallName(#call) + " -> " + ::mdb_strerror(rc_);    \
  } while (0)

// ---- jetstore -------------------------------------------------------------------------------------

struct JetTable {
  JET_SESID ses = 0;
  JET_DBID db = 0;
  JET_TABLEID tab = 0;
  JET_COLUMNID key_col = 0;
  JET_COLUMNID val_col = 0;
};

// An initialized instance with its system, log and temp folders in `dir`.
std::string JetStart(const std::string& dir, bool recovery, JET_INSTANCE* out, long checkpoint_depth = 0,
                     unsigned max_sessions = kMaxSessions) {
  std::filesystem::create_directories(dir);
  static int serial = 0;
  const std::string name = "workload-" + std::to_string(getpid()) + "-" + std::to_string(++serial);
  JET_INSTANCE inst = 0;
  JET_TRY(JetCreateInstance(&inst, name.c_str()));
  const struct {
    unsigned long id;
    JET_API_PTR value;
    const char* text;
  } params[] = {
      {JET_paramRecovery, 0, recovery ? "on" : "off"}, {JET_paramSystemPath, 0, dir.c_str()},
      {JET_paramLogFilePath, 0, dir.c_str()},          {JET_paramTempPath, 0, dir.c_str()},
      {JET_paramMaxSessions, max_sessions, nullptr},
  };
  for (const auto& p : params) {
    const JET_ERR err = JetSetSystemParameter(&inst, 0, p.id, p.value, p.text);
    if (err < 0) {
      JetTerm(inst);
      return "JetSetSystemParameter(" + std::to_string(p.id) + ") -> " + Describe(err);
    }
  }
  if (checkpoint_depth > 0) {
    const JET_ERR err = JetSetSystemParameter(&inst, 0, JET_paramCheckpointDepthMax,
                                              static_cast<JET_API_PTR>(checkpoint_depth), nullptr);
    if (err < 0) {
      JetTerm(inst);
      return "JetSetSystemParameter(CheckpointDepthMax) -> " + Describe(err);
    }
  }
  JET_TRY(JetInit(&inst));
  *out = inst;
  return {};
}

// Creates the database and the table (key Long + primary index, value Binary 255), then closes
// the database so that every session may open it.
std::string JetCreateSchema(JET_SESID ses, const std::string& path) {
  JET_DBID db = 0;
  JET_TRY(JetCreateDatabase(ses, path.c_str(), nullptr, &db, 0));
  JET_TABLEID tab = 0;
  JET_TRY(JetCreateTable(ses, db, kTable, 0, 100, &tab));
  JET_COLUMNDEF key{};
  key.cbStruct = sizeof(key);
  key.coltyp = JET_coltypLong;
  key.grbit = JET_bitColumnFixed | JET_bitColumnNotNULL;
  JET_COLUMNID key_col = 0;
  JET_TRY(JetAddColumn(ses, tab, "key", &key, nullptr, 0, &key_col));
  JET_COLUMNDEF val{};
  val.cbStruct = sizeof(val);
  val.coltyp = JET_coltypBinary;
  val.cbMax = 255;
  JET_COLUMNID val_col = 0;
  JET_TRY(JetAddColumn(ses, tab, "value", &val, nullptr, 0, &val_col));
  static const char kKey[] = "+key\0";  // with the array's own NUL: "+key\0\0", 6 bytes
  JET_TRY(JetCreateIndex(ses, tab, "primary", JET_bitIndexPrimary | JET_bitIndexUnique, kKey, sizeof(kKey), 100));
  JET_TRY(JetCloseTable(ses, tab));
  JET_TRY(JetCloseDatabase(ses, db, 0));
  return {};
}

// Opens the (attached) database and the table for `ses`.
std::string JetOpen(JET_SESID ses, const std::string& path, JetTable* t) {
  t->ses = ses;
  JET_TRY(JetOpenDatabase(ses, path.c_str(), nullptr, &t->db, 0));
  JET_TRY(JetOpenTable(ses, t->db, kTable, nullptr, 0, 0, &t->tab));
  JET_COLUMNDEF def{};
  def.cbStruct = sizeof(def);
  JET_TRY(JetGetTableColumnInfo(ses, t->tab, "key", &def, sizeof(def), JET_ColInfo));
  t->key_col = def.columnid;
  JET_TRY(JetGetTableColumnInfo(ses, t->tab, "value", &def, sizeof(def), JET_ColInfo));
  t->val_col = def.columnid;
  return {};
}

std::string JetClose(JetTable* t) {
  JET_TRY(JetCloseTable(t->ses, t->tab));
  JET_TRY(JetCloseDatabase(t->ses, t->db, 0));
  return {};
}

std::string JetReplace(const JetTable& t, std::int32_t key, const unsigned char* value) {
  JET_TRY(JetMakeKey(t.ses, t.tab, &key, sizeof(key), JET_bitNewKey));
  JET_TRY(JetSeek(t.ses, t.tab, JET_bitSeekEQ));
  JET_TRY(JetPrepareUpdate(t.ses, t.tab, JET_prepReplace));
  JET_TRY(JetSetColumn(t.ses, t.tab, t.val_col, value, kValueBytes, 0, nullptr));
  JET_TRY(JetUpdate(t.ses, t.tab, nullptr, 0, nullptr));
  return {};
}

std::string JetInsert(const JetTable& t, std::int32_t key) {
  JET_TRY(JetPrepareUpdate(t.ses, t.tab, JET_prepInsert));
  JET_TRY(JetSetColumn(t.ses, t.tab, t.key_col, &key, sizeof(key), 0, nullptr));
  JET_TRY(JetSetColumn(t.ses, t.tab, t.val_col, ValueOf(key), kValueBytes, 0, nullptr));
  JET_TRY(JetUpdate(t.ses, t.tab, nullptr, 0, nullptr));
  return {};
}

// The shared data set of workloads 1-3.
std::string JetDataDir() { return g_dir + "jet-data/"; }
std::string JetDataPath() { return JetDataDir() + "rows.edb"; }
std::string RawDataPath() { return g_dir + "raw-data.mdb"; }

// Runs `body` on a session of a fresh instance in `dir` with the database at `path` (created
// when `create`, else attached) open on a JetTable; terminates the instance afterwards.
template <typename Body>
Measure WithJet(const std::string& dir, const std::string& path, bool recovery, bool create, Body body) {
  Measure m;
  JET_INSTANCE inst = 0;
  m.error = JetStart(dir, recovery, &inst);
  if (!m.error.empty()) return m;
  JET_SESID ses = 0;
  JetTable t;
  auto setup = [&]() -> std::string {
    JET_TRY(JetBeginSession(inst, &ses, nullptr, nullptr));
    if (create) {
      const std::string e = JetCreateSchema(ses, path);
      if (!e.empty()) return e;
    } else {
      JET_TRY(JetAttachDatabase(ses, path.c_str(), 0));
    }
    return JetOpen(ses, path, &t);
  };
  m.error = setup();
  if (m.error.empty()) m.error = body(inst, t, &m);
  if (m.error.empty()) m.error = JetClose(&t);
  if (ses != 0) JetEndSession(ses, 0);
  const JET_ERR term = JetTerm2(inst, JET_bitTermComplete);
  if (m.error.empty() && term < 0) m.error = "JetTerm2 -> " + Describe(term);
  return m;
}

// ---- raw LMDB ---------------------------------------------------------------------------------

struct RawEnv {
  MDB_env* env = nullptr;
  MDB_dbi dbi = 0;
};

std::string RawOpen(const std::string& path, unsigned extra_flags, RawEnv* out) {
  MDB_TRY(::mdb_env_create(&out->env));
  MDB_TRY(::mdb_env_set_maxreaders(out->env, kMaxSessions + 16));
  MDB_TRY(::mdb_env_set_maxdbs(out->env, 1));
  MDB_TRY(::mdb_env_set_mapsize(out->env, kRawMapSize));
  MDB_TRY(::mdb_env_open(out->env, path.c_str(), MDB_NOSUBDIR | MDB_NOTLS | extra_flags, 0644));
  MDB_txn* txn = nullptr;
  MDB_TRY(::mdb_txn_begin(out->env, nullptr, 0, &txn));
  const int rc = ::mdb_dbi_open(txn, kDbiName, MDB_CREATE, &out->dbi);
  if (rc != 0) {
    ::mdb_txn_abort(txn);
    return std::string("mdb_dbi_open -> ") + ::mdb_strerror(rc);
  }
  MDB_TRY(::mdb_txn_commit(txn));
  return {};
}

template <typename Body>
Measure WithRaw(const std::string& path, unsigned extra_flags, Body body) {
  Measure m;
  RawEnv e;
  m.error = RawOpen(path, extra_flags, &e);
  if (m.error.empty()) m.error = body(e, &m);
  if (e.env != nullptr) ::mdb_env_close(e.env);
  return m;
}

std::string RawPut(const RawEnv& e, MDB_txn* txn, std::int32_t key) {
  unsigned char kb[4];
  RawKey(key, kb);
  MDB_val k{sizeof(kb), kb};
  MDB_val v{kValueBytes, const_cast<unsigned char*>(ValueOf(key))};
  MDB_TRY(::mdb_put(txn, e.dbi, &k, &v, 0));
  return {};
}

// ---- the workloads ------------------------------------------------------------------------------

// The log statistics of a running instance (jetstore/log_stats.h).
JETSTORE_LOG_STATS LogStats(JET_INSTANCE inst) {
  JETSTORE_LOG_STATS st{};
  st.cbStruct = sizeof(st);
  if (JetstoreGetLogStats(inst, &st) < 0) st = JETSTORE_LOG_STATS{};
  return st;
}

// 1. Bulk insert, lazy commits. extra: [0] checkpoints during the run, [1] log bytes per row.
Measure JetBulkInsert(const Options& o) {
  const auto keys = Permutation(o.rows, kInsertSeed);
  return WithJet(JetDataDir(), JetDataPath(), true, true, [&](JET_INSTANCE inst, JetTable& t, Measure* m) -> std::string {
    const JETSTORE_LOG_STATS before = LogStats(inst);
    const auto start = Clock::now();
    for (long i = 0; i < o.rows; i += kRowsPerTxn) {
      JET_TRY(JetBeginTransaction(t.ses));
      const long end = std::min(o.rows, i + kRowsPerTxn);
      for (long j = i; j < end; ++j) {
        const std::string e = JetInsert(t, keys[static_cast<std::size_t>(j)]);
        if (!e.empty()) return e + " (row " + std::to_string(j) + ")";
      }
      JET_TRY(JetCommitTransaction(t.ses, JET_bitCommitLazyFlush));
    }
    m->seconds = Seconds(start);
    m->ops = static_cast<double>(o.rows);
    const JETSTORE_LOG_STATS after = LogStats(inst);
    m->extra[0] = static_cast<double>(after.cCheckpoints - before.cCheckpoints);
    m->extra[1] = static_cast<double>(after.cbLogBytes - before.cbLogBytes) / static_cast<double>(o.rows);
    return {};
  });
}

Measure RawBulkInsert(const Options& o) {
  const auto keys = Permutation(o.rows, kInsertSeed);
  return WithRaw(RawDataPath(), MDB_NOSYNC, [&](RawEnv& e, Measure* m) -> std::string {
    const auto start = Clock::now();
    for (long i = 0; i < o.rows; i += kRowsPerTxn) {
      MDB_txn* txn = nullptr;
      MDB_TRY(::mdb_txn_begin(e.env, nullptr, 0, &txn));
      const long end = std::min(o.rows, i + kRowsPerTxn);
      for (long j = i; j < end; ++j) {
        const std::string err = RawPut(e, txn, keys[static_cast<std::size_t>(j)]);
        if (!err.empty()) {
          ::mdb_txn_abort(txn);
          return err;
        }
      }
      MDB_TRY(::mdb_txn_commit(txn));
    }
    m->seconds = Seconds(start);
    m->ops = static_cast<double>(o.rows);
    // Not timed: leave the file as durable as jetstore's clean term leaves it.
    MDB_TRY(::mdb_env_sync(e.env, 1));
    return {};
  });
}

// The 100k lazy single-row replaces that workload 3 runs before its reads (not timed).
std::string JetReplaces(const Options& o, const JetTable& t) {
  const auto keys = UniformKeys(kReplacesBeforeReads, o.rows, kReplaceSeed);
  for (std::size_t i = 0; i < keys.size(); ++i) {
    JET_TRY(JetBeginTransaction(t.ses));
    const std::string e = JetReplace(t, keys[i], ValueOf(keys[i] + 1));
    if (!e.empty()) return e;
    JET_TRY(JetCommitTransaction(t.ses, JET_bitCommitLazyFlush));
  }
  return {};
}

std::string RawReplaces(const Options& o, const RawEnv& e) {
  const auto keys = UniformKeys(kReplacesBeforeReads, o.rows, kReplaceSeed);
  for (std::size_t i = 0; i < keys.size(); ++i) {
    MDB_txn* txn = nullptr;
    MDB_TRY(::mdb_txn_begin(e.env, nullptr, 0, &txn));
    unsigned char kb[4];
    RawKey(keys[i], kb);
    MDB_val k{sizeof(kb), kb};
    MDB_val v{kValueBytes, const_cast<unsigned char*>(ValueOf(keys[i] + 1))};
    const int rc = ::mdb_put(txn, e.dbi, &k, &v, 0);
    if (rc != 0) {
      ::mdb_txn_abort(txn);
      return std::string("mdb_put -> ") + ::mdb_strerror(rc);
    }
    MDB_TRY(::mdb_txn_commit(txn));
  }
  return {};
}

// 2 and 3. One lookup per request, each call in its own implicit transaction. With
// `after_replaces`, right after the replaces (workload 3). extra: [0] overlay bytes at the start
// of the reads.
Measure JetRequestReads(const Options& o, bool after_replaces) {
  const auto keys = UniformKeys(o.reads, o.rows, kReadSeed);
  return WithJet(JetDataDir(), JetDataPath(), true, false, [&](JET_INSTANCE inst, JetTable& t, Measure* m) -> std::string {
    if (after_replaces) {
      const std::string e = JetReplaces(o, t);
      if (!e.empty()) return e;
    }
    m->extra[0] = static_cast<double>(LogStats(inst).cbOverlay);
    unsigned char buf[256];
    std::uint64_t sum = 0;
    const auto start = Clock::now();
    for (long i = 0; i < o.reads; ++i) {
      const std::int32_t key = keys[static_cast<std::size_t>(i)];
      JET_TRY(JetMakeKey(t.ses, t.tab, &key, sizeof(key), JET_bitNewKey));
      const JET_ERR seek = JetSeek(t.ses, t.tab, JET_bitSeekEQ);
      if (seek != JET_errSuccess) return "JetSeek(EQ, key " + std::to_string(key) + ") -> " + Describe(seek);
      unsigned long cb = 0;
      const JET_ERR r = JetRetrieveColumn(t.ses, t.tab, t.val_col, buf, sizeof(buf), &cb, 0, nullptr);
      if (r != JET_errSuccess || cb != kValueBytes) {
        return "JetRetrieveColumn(key " + std::to_string(key) + ") -> " + Describe(r) + ", " + std::to_string(cb) + " bytes";
      }
      sum += buf[0];
    }
    m->seconds = Seconds(start);
    m->ops = static_cast<double>(o.reads);
    if (sum == 0xFFFFFFFFFFFFFFFFULL) std::fputc(' ', stderr);  // keep the copies
    return {};
  });
}

Measure RawRequestReads(const Options& o, bool after_replaces) {
  const auto keys = UniformKeys(o.reads, o.rows, kReadSeed);
  return WithRaw(RawDataPath(), MDB_NOSYNC, [&](RawEnv& e, Measure* m) -> std::string {
    if (after_replaces) {
      const std::string err = RawReplaces(o, e);
      if (!err.empty()) return err;
    }
    MDB_txn* txn = nullptr;
    MDB_TRY(::mdb_txn_begin(e.env, nullptr, MDB_RDONLY, &txn));
    ::mdb_txn_reset(txn);
    unsigned char buf[256];
    std::uint64_t sum = 0;
    std::string err;
    const auto start = Clock::now();
    for (long i = 0; i < o.reads && err.empty(); ++i) {
      const int rn = ::mdb_txn_renew(txn);
      if (rn != 0) {
        err = std::string("mdb_txn_renew -> ") + ::mdb_strerror(rn);
        break;
      }
      unsigned char kb[4];
      RawKey(keys[static_cast<std::size_t>(i)], kb);
      MDB_val k{sizeof(kb), kb};
      MDB_val v{};
      const int rc = ::mdb_get(txn, e.dbi, &k, &v);
      if (rc != 0 || v.mv_size != kValueBytes) {
        err = "mdb_get(key " + std::to_string(keys[static_cast<std::size_t>(i)]) + ") -> " + ::mdb_strerror(rc);
        break;
      }
      std::memcpy(buf, v.mv_data, v.mv_size);
      sum += buf[0];
      ::mdb_txn_reset(txn);
    }
    m->seconds = Seconds(start);
    ::mdb_txn_abort(txn);
    m->ops = static_cast<double>(o.reads);
    if (sum == 0xFFFFFFFFFFFFFFFFULL) std::fputc(' ', stderr);
    return err;
  });
}

// 4. Random point reads in read-only transactions renewed every 1000 reads.
Measure JetPointReads(const Options& o) {
  const auto keys = UniformKeys(o.reads, o.rows, kReadSeed);
  return WithJet(JetDataDir(), JetDataPath(), true, false, [&](JET_INSTANCE, JetTable& t, Measure* m) -> std::string {
    unsigned char buf[256];
    std::uint64_t sum = 0;
    const auto start = Clock::now();
    for (long i = 0; i < o.reads; ++i) {
      if (i % kReadsPerTxn == 0) {
        if (i > 0) JET_TRY(JetCommitTransaction(t.ses, 0));
        JET_TRY(JetBeginTransaction2(t.ses, JET_bitTransactionReadOnly));
      }
      const std::int32_t key = keys[static_cast<std::size_t>(i)];
      JET_TRY(JetMakeKey(t.ses, t.tab, &key, sizeof(key), JET_bitNewKey));
      const JET_ERR seek = JetSeek(t.ses, t.tab, JET_bitSeekEQ);
      if (seek != JET_errSuccess) return "JetSeek(EQ, key " + std::to_string(key) + ") -> " + Describe(seek);
      unsigned long cb = 0;
      const JET_ERR r = JetRetrieveColumn(t.ses, t.tab, t.val_col, buf, sizeof(buf), &cb, 0, nullptr);
      if (r != JET_errSuccess || cb != kValueBytes) {
        return "JetRetrieveColumn(key " + std::to_string(key) + ") -> " + Describe(r) + ", " + std::to_string(cb) + " bytes";
      }
      sum += buf[0];
    }
    JET_TRY(JetCommitTransaction(t.ses, 0));
    m->seconds = Seconds(start);
    m->ops = static_cast<double>(o.reads);
    if (sum == 0xFFFFFFFFFFFFFFFFULL) std::fputc(' ', stderr);  // keep the copies
    return {};
  });
}

Measure RawPointReads(const Options& o) {
  const auto keys = UniformKeys(o.reads, o.rows, kReadSeed);
  return WithRaw(RawDataPath(), 0, [&](RawEnv& e, Measure* m) -> std::string {
    MDB_txn* txn = nullptr;
    MDB_TRY(::mdb_txn_begin(e.env, nullptr, MDB_RDONLY, &txn));
    ::mdb_txn_reset(txn);  // held reset between renewals, as a jetstore session holds its own
    unsigned char buf[256];
    std::uint64_t sum = 0;
    std::string err;
    const auto start = Clock::now();
    for (long i = 0; i < o.reads && err.empty(); ++i) {
      if (i % kReadsPerTxn == 0) {
        if (i > 0) ::mdb_txn_reset(txn);
        const int rc = ::mdb_txn_renew(txn);
        if (rc != 0) {
          err = std::string("mdb_txn_renew -> ") + ::mdb_strerror(rc);
          break;
        }
      }
      unsigned char kb[4];
      RawKey(keys[static_cast<std::size_t>(i)], kb);
      MDB_val k{sizeof(kb), kb};
      MDB_val v{};
      const int rc = ::mdb_get(txn, e.dbi, &k, &v);
      if (rc != 0 || v.mv_size != kValueBytes) {
        err = "mdb_get(key " + std::to_string(keys[static_cast<std::size_t>(i)]) + ") -> " + ::mdb_strerror(rc);
        break;
      }
      std::memcpy(buf, v.mv_data, v.mv_size);
      sum += buf[0];
    }
    ::mdb_txn_reset(txn);
    m->seconds = Seconds(start);
    ::mdb_txn_abort(txn);
    m->ops = static_cast<double>(o.reads);
    if (sum == 0xFFFFFFFFFFFFFFFFULL) std::fputc(' ', stderr);
    return err;
  });
}

// 5. Sequential scan.
Measure JetScan(const Options& o, long passes) {
  return WithJet(JetDataDir(), JetDataPath(), true, false, [&](JET_INSTANCE, JetTable& t, Measure* m) -> std::string {
    unsigned char buf[256];
    std::uint64_t sum = 0;
    long visited = 0;
    const auto start = Clock::now();
    for (long p = 0; p < passes; ++p) {
      JET_TRY(JetBeginTransaction2(t.ses, JET_bitTransactionReadOnly));
      long rows = 0;
      JET_ERR err = JetMove(t.ses, t.tab, JET_MoveFirst, 0);
      while (err == JET_errSuccess) {
        unsigned long cb = 0;
        const JET_ERR r = JetRetrieveColumn(t.ses, t.tab, t.val_col, buf, sizeof(buf), &cb, 0, nullptr);
        if (r != JET_errSuccess || cb != kValueBytes) {
          return "JetRetrieveColumn(row " + std::to_string(rows) + ") -> " + Describe(r) + ", " + std::to_string(cb) + " bytes";
        }
        sum += buf[0];
        ++rows;
        err = JetMove(t.ses, t.tab, JET_MoveNext, 0);
      }
      if (err != JET_errNoCurrentRecord) return "JetMove(row " + std::to_string(rows) + ") -> " + Describe(err);
      JET_TRY(JetCommitTransaction(t.ses, 0));
      if (rows != o.rows) return "scan saw " + std::to_string(rows) + " rows, not " + std::to_string(o.rows);
      visited += rows;
    }
    m->seconds = Seconds(start);
    m->ops = static_cast<double>(visited);
    if (sum == 0xFFFFFFFFFFFFFFFFULL) std::fputc(' ', stderr);
    return {};
  });
}

Measure RawScan(const Options& o, long passes) {
  return WithRaw(RawDataPath(), 0, [&](RawEnv& e, Measure* m) -> std::string {
    MDB_txn* txn = nullptr;
    MDB_TRY(::mdb_txn_begin(e.env, nullptr, MDB_RDONLY, &txn));
    MDB_cursor* cur = nullptr;
    MDB_TRY(::mdb_cursor_open(txn, e.dbi, &cur));
    ::mdb_txn_reset(txn);
    unsigned char buf[256];
    std::uint64_t sum = 0;
    long visited = 0;
    std::string err;
    const auto start = Clock::now();
    for (long p = 0; p < passes && err.empty(); ++p) {
      int rc = ::mdb_txn_renew(txn);
      if (rc == 0) rc = ::mdb_cursor_renew(txn, cur);
      if (rc != 0) {
        err = std::string("mdb_txn_renew / mdb_cursor_renew -> ") + ::mdb_strerror(rc);
        break;
      }
      long rows = 0;
      MDB_val k{}, v{};
      for (rc = ::mdb_cursor_get(cur, &k, &v, MDB_FIRST); rc == 0; rc = ::mdb_cursor_get(cur, &k, &v, MDB_NEXT)) {
        std::memcpy(buf, v.mv_data, v.mv_size < sizeof(buf) ? v.mv_size : sizeof(buf));
        sum += buf[0];
        ++rows;
      }
      ::mdb_txn_reset(txn);
      if (rc != MDB_NOTFOUND) err = std::string("mdb_cursor_get -> ") + ::mdb_strerror(rc);
      else if (rows != o.rows) err = "scan saw " + std::to_string(rows) + " rows, not " + std::to_string(o.rows);
      visited += rows;
    }
    m->seconds = Seconds(start);
    ::mdb_cursor_close(cur);
    ::mdb_txn_abort(txn);
    m->ops = static_cast<double>(visited);
    if (sum == 0xFFFFFFFFFFFFFFFFULL) std::fputc(' ', stderr);
    return err;
  });
}

// 6. Single-row lazy commits from one session. extra: [0] log bytes per commit, [1] log writes
// per commit, [2] checkpoints.
Measure JetLazyCommits(const Options& o) {
  const auto keys = Permutation(o.lazy_commits, kCommitSeed);
  const std::string dir = g_dir + "jet-lazy/";
  return WithJet(dir, dir + "lazy.edb", true, true, [&](JET_INSTANCE inst, JetTable& t, Measure* m) -> std::string {
    const JETSTORE_LOG_STATS before = LogStats(inst);
    const auto start = Clock::now();
    for (long i = 0; i < o.lazy_commits; ++i) {
      JET_TRY(JetBeginTransaction(t.ses));
      const std::string e = JetInsert(t, keys[static_cast<std::size_t>(i)]);
      if (!e.empty()) return e;
      JET_TRY(JetCommitTransaction(t.ses, JET_bitCommitLazyFlush));
    }
    m->seconds = Seconds(start);
    m->ops = static_cast<double>(o.lazy_commits);
    const JETSTORE_LOG_STATS after = LogStats(inst);
    const double n = static_cast<double>(o.lazy_commits);
    m->extra[0] = static_cast<double>(after.cbLogBytes - before.cbLogBytes) / n;
    m->extra[1] = static_cast<double>(after.cLogWrites - before.cLogWrites) / n;
    m->extra[2] = static_cast<double>(after.cCheckpoints - before.cCheckpoints);
    return {};
  });
}

Measure RawLazyCommits(const Options& o) {
  const auto keys = Permutation(o.lazy_commits, kCommitSeed);
  return WithRaw(g_dir + "raw-lazy.mdb", MDB_NOMETASYNC, [&](RawEnv& e, Measure* m) -> std::string {
    const auto start = Clock::now();
    for (long i = 0; i < o.lazy_commits; ++i) {
      MDB_txn* txn = nullptr;
      MDB_TRY(::mdb_txn_begin(e.env, nullptr, 0, &txn));
      const std::string err = RawPut(e, txn, keys[static_cast<std::size_t>(i)]);
      if (!err.empty()) {
        ::mdb_txn_abort(txn);
        return err;
      }
      MDB_TRY(::mdb_txn_commit(txn));
    }
    m->seconds = Seconds(start);
    m->ops = static_cast<double>(o.lazy_commits);
    return {};
  });
}

// 7. Durable single-row transactions from `threads` sessions / threads. Thread i commits the
// keys i, i + threads, ... of a fixed permutation.
Measure JetDurable(const Options& o, int threads) {
  const auto keys = Permutation(o.durable_commits, kCommitSeed);
  const std::string dir = g_dir + "jet-durable-" + std::to_string(threads) + "/";
  const std::string path = dir + "durable.edb";
  return WithJet(dir, path, true, true, [&](JET_INSTANCE inst, JetTable&, Measure* m) -> std::string {
    std::vector<std::string> errors(static_cast<std::size_t>(threads));
    std::latch ready(threads + 1), go(1);
    std::vector<std::thread> pool;
    for (int w = 0; w < threads; ++w) {
      pool.emplace_back([&, w] {
        std::string& error = errors[static_cast<std::size_t>(w)];
        JET_SESID ses = 0;
        JetTable t;
        auto setup = [&]() -> std::string {
          JET_TRY(JetBeginSession(inst, &ses, nullptr, nullptr));
          return JetOpen(ses, path, &t);
        };
        error = setup();
        ready.count_down();
        go.wait();
        auto run = [&]() -> std::string {
          for (long i = w; i < o.durable_commits; i += threads) {
            JET_TRY(JetBeginTransaction(t.ses));
            const std::string e = JetInsert(t, keys[static_cast<std::size_t>(i)]);
            if (!e.empty()) return e;
            JET_TRY(JetCommitTransaction(t.ses, 0));
          }
          return {};
        };
        if (error.empty()) error = run();
        if (error.empty()) error = JetClose(&t);
        if (ses != 0) JetEndSession(ses, 0);
      });
    }
    ready.arrive_and_wait();
    const auto start = Clock::now();
    go.count_down();
    for (auto& th : pool) th.join();
    m->seconds = Seconds(start);
    m->ops = static_cast<double>(o.durable_commits);
    for (const auto& e : errors) {
      if (!e.empty()) return e;
    }
    return {};
  });
}

Measure RawDurable(const Options& o, int threads) {
  const auto keys = Permutation(o.durable_commits, kCommitSeed);
  const std::string path = g_dir + "raw-durable-" + std::to_string(threads) + ".mdb";
  return WithRaw(path, 0, [&](RawEnv& e, Measure* m) -> std::string {
    std::vector<std::string> errors(static_cast<std::size_t>(threads));
    std::latch ready(threads + 1), go(1);
    std::vector<std::thread> pool;
    for (int w = 0; w < threads; ++w) {
      pool.emplace_back([&, w] {
        ready.count_down();
        go.wait();
        auto run = [&]() -> std::string {
          for (long i = w; i < o.durable_commits; i += threads) {
            MDB_txn* txn = nullptr;
            MDB_TRY(::mdb_txn_begin(e.env, nullptr, 0, &txn));
            const std::string err = RawPut(e, txn, keys[static_cast<std::size_t>(i)]);
            if (!err.empty()) {
              ::mdb_txn_abort(txn);
              return err;
            }
            MDB_TRY(::mdb_txn_commit(txn));
          }
          return {};
        };
        errors[static_cast<std::size_t>(w)] = run();
      });
    }
    ready.arrive_and_wait();
    const auto start = Clock::now();
    go.count_down();
    for (auto& th : pool) th.join();
    m->seconds = Seconds(start);
    m->ops = static_cast<double>(o.durable_commits);
    for (const auto& err : errors) {
      if (!err.empty()) return err;
    }
    return {};
  });
}


// 8. JetInit after a SIGKILL with `replay_mib` MiB of log behind the checkpoint. A grandchild
// commits lazily with a checkpoint depth of 1 GiB (nothing is checkpointed meanwhile), flushes
// the log and kills itself; this child then times JetInit. ops = replayed MiB, seconds = the
// JetInit; extra: [0] replayed records, [1] recovery's own time (s).
Measure JetReplay(const Options& o) {
  Measure m;
  const std::string dir = g_dir + "jet-replay/";
  const std::string path = dir + "replay.edb";
  const pid_t writer = ::fork();
  if (writer < 0) {
    m.error = std::string("fork: ") + std::strerror(errno);
    return m;
  }
  if (writer == 0) {
    auto run = [&]() -> std::string {
      JET_INSTANCE inst = 0;
      std::string e = JetStart(dir, true, &inst, 1L << 30);
      if (!e.empty()) return e;
      JET_SESID ses = 0;
      JET_TRY(JetBeginSession(inst, &ses, nullptr, nullptr));
      e = JetCreateSchema(ses, path);
      if (!e.empty()) return e;
      JetTable t;
      e = JetOpen(ses, path, &t);
      if (!e.empty()) return e;
      const std::uint64_t target = static_cast<std::uint64_t>(o.replay_mib) << 20;
      for (std::int32_t key = 0; LogStats(inst).cbLogBytes < target; key += 1000) {
        JET_TRY(JetBeginTransaction(t.ses));
        for (std::int32_t k = key; k < key + 1000; ++k) {
          e = JetInsert(t, k);
          if (!e.empty()) return e;
        }
        JET_TRY(JetCommitTransaction(t.ses, JET_bitCommitLazyFlush));
      }
      JET_TRY(JetCommitTransaction(t.ses, JET_bitWaitAllLevel0Commit));
      return {};
    };
    const std::string e = run();
    if (!e.empty()) {
      std::fprintf(stderr, "replay writer: %s\n", e.c_str());
      ::_exit(1);
    }
    ::kill(::getpid(), SIGKILL);
    ::_exit(2);
  }
  int status = 0;
  while (::waitpid(writer, &status, 0) < 0 && errno == EINTR) {
  }
  if (!WIFSIGNALED(status) || WTERMSIG(status) != SIGKILL) {
    m.error = "the writer did not end with SIGKILL";
    return m;
  }
  JET_INSTANCE inst = 0;
  const auto start = Clock::now();
  m.error = JetStart(dir, true, &inst, 1L << 30);
  m.seconds = Seconds(start);
  if (!m.error.empty()) return m;
  const JETSTORE_LOG_STATS st = LogStats(inst);
  m.ops = static_cast<double>(st.cbReplayed) / (1 << 20);
  m.extra[0] = static_cast<double>(st.cReplayedRecords);
  m.extra[1] = static_cast<double>(st.cusecReplay) / 1e6;
  if (st.fRecovered == 0) m.error = "JetInit did not run recovery";
  JetTerm(inst);
  return m;
}

// ---- children -------------------------------------------------------------------------------------

struct ChildResult {
  Measure m;
  double rss_mib = 0;  // peak resident set of the child (ru_maxrss)
};

// The fixed-size record a child writes to its pipe.
struct Wire {
  double ops;
  double seconds;
  double extra[6];
  char error[1024];
};

template <typename Fn>
ChildResult RunInChild(Fn fn) {
  ChildResult r;
  std::fflush(stdout);
  std::fflush(stderr);
  int fds[2];
  if (::pipe(fds) != 0) {
    r.m.error = std::string("pipe: ") + std::strerror(errno);
    return r;
  }
  const pid_t pid = ::fork();
  if (pid < 0) {
    r.m.error = std::string("fork: ") + std::strerror(errno);
    ::close(fds[0]);
    ::close(fds[1]);
    return r;
  }
  if (pid == 0) {
    ::close(fds[0]);
    const Measure m = fn();
    Wire w{};
    w.ops = m.ops;
    w.seconds = m.seconds;
    for (int i = 0; i < 6; ++i) w.extra[i] = m.extra[i];
    std::snprintf(w.error, sizeof(w.error), "%s", m.error.c_str());
    const char* p = reinterpret_cast<const char*>(&w);
    std::size_t left = sizeof(w);
    while (left > 0) {
      const ssize_t n = ::write(fds[1], p, left);
      if (n <= 0) break;
      p += n;
      left -= static_cast<std::size_t>(n);
    }
    std::fflush(stdout);
    std::fflush(stderr);
    ::_exit(0);
  }
  ::close(fds[1]);
  Wire w{};
  char* p = reinterpret_cast<char*>(&w);
  std::size_t got = 0;
  while (got < sizeof(w)) {
    const ssize_t n = ::read(fds[0], p + got, sizeof(w) - got);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    got += static_cast<std::size_t>(n);
  }
  ::close(fds[0]);
  int status = 0;
  struct rusage ru {};
  while (::wait4(pid, &status, 0, &ru) < 0 && errno == EINTR) {
  }
  r.rss_mib = static_cast<double>(ru.ru_maxrss) / 1024.0;
  if (got != sizeof(w)) {
    r.m.error = WIFSIGNALED(status) ? "child killed by signal " + std::to_string(WTERMSIG(status))
                                    : "child exited (" + std::to_string(WEXITSTATUS(status)) + ") without a result";
    return r;
  }
  r.m.ops = w.ops;
  r.m.seconds = w.seconds;
  for (int i = 0; i < 6; ++i) r.m.extra[i] = w.extra[i];
  r.m.error = w.error;
  return r;
}

// ---- the table --------------------------------------------------------------------------------

struct Row {
  std::string workload;
  ChildResult jet, raw;
  std::string target;  // text
  double min_ratio = 0;  // jet/raw throughput must be >= this; 0: reference only
};

// 9. Backup and restore of the database workload 1 left, against copying the same files (read,
// write, fdatasync each, as cp followed by a flush would). ops: MiB copied.
std::string BackupDir() { return g_dir + "backup/"; }

std::uint64_t FolderBytes(const std::string& folder) {
  std::uint64_t n = 0;
  std::error_code ec;
  for (const auto& e : std::filesystem::directory_iterator(folder, ec)) {
    if (e.is_regular_file()) n += e.file_size();
  }
  return n;
}

// Copies the files of `from` that `want` accepts into `to` with a 1 MiB buffer, fdatasync per
// file, then the folder.
template <typename Want>
std::string CopyFolder(const std::string& from, const std::string& to, Want want) {
  std::filesystem::create_directories(to);
  std::vector<char> buf(1 << 20);
  for (const auto& e : std::filesystem::directory_iterator(from)) {
    if (!e.is_regular_file() || !want(e.path().filename().string())) continue;
    const int in = ::open(e.path().c_str(), O_RDONLY);
    const int out = ::open((to + e.path().filename().string()).c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (in < 0 || out < 0) return "open: " + std::string(std::strerror(errno));
    for (;;) {
      const ssize_t n = ::read(in, buf.data(), buf.size());
      if (n <= 0) break;
      if (::write(out, buf.data(), static_cast<std::size_t>(n)) != n) return "write failed";
    }
    ::fdatasync(out);
    ::close(in);
    ::close(out);
  }
  const int dir = ::open(to.c_str(), O_RDONLY | O_DIRECTORY);
  if (dir >= 0) {
    ::fsync(dir);
    ::close(dir);
  }
  return {};
}

// What a backup copies: the database and the log generations (the current one excepted).
bool BackupSource(const std::string& name) {
  return name.ends_with(".edb") || (name.size() == 12 && name.rfind("edb", 0) == 0 && name.ends_with(".log") &&
                                    name != "edbtmp.log");
}

Measure JetBackup(const Options&) {
  std::error_code ec;
  std::filesystem::remove_all(BackupDir(), ec);
  ::sync();  // no earlier writeback in the measured time
  return WithJet(JetDataDir(), JetDataPath(), true, false, [&](JET_INSTANCE inst, JetTable&, Measure* m) -> std::string {
    const auto start = Clock::now();
    JET_TRY(JetBackupInstance(inst, BackupDir().c_str(), 0, nullptr));
    m->seconds = Seconds(start);
    m->ops = static_cast<double>(FolderBytes(BackupDir())) / (1 << 20);
    return {};
  });
}

Measure CopyBackup(const Options&) {
  Measure m;
  std::error_code ec;
  const std::string to = g_dir + "cp-backup/";
  std::filesystem::remove_all(to, ec);
  ::sync();
  const auto start = Clock::now();
  m.error = CopyFolder(JetDataDir(), to, BackupSource);
  m.seconds = Seconds(start);
  m.ops = static_cast<double>(FolderBytes(to)) / (1 << 20);
  std::filesystem::remove_all(to, ec);
  return m;
}

Measure JetRestoreRun(const Options&) {
  Measure m;
  const std::string dir = g_dir + "restored/";
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);
  std::filesystem::create_directories(dir);
  JET_INSTANCE inst = 0;
  if (JetCreateInstance(&inst, "workload-restore") < 0) {
    m.error = "JetCreateInstance failed";
    return m;
  }
  JetSetSystemParameter(&inst, 0, JET_paramSystemPath, 0, dir.c_str());
  JetSetSystemParameter(&inst, 0, JET_paramLogFilePath, 0, dir.c_str());
  JetSetSystemParameter(&inst, 0, JET_paramTempPath, 0, dir.c_str());
  ::sync();
  const auto start = Clock::now();
  const JET_ERR err = JetRestoreInstance(inst, BackupDir().c_str(), dir.c_str(), nullptr);
  m.seconds = Seconds(start);
  JetTerm(inst);
  if (err < 0) m.error = "JetRestoreInstance -> " + Describe(err);
  m.ops = static_cast<double>(FolderBytes(BackupDir())) / (1 << 20);
  std::filesystem::remove_all(dir, ec);
  return m;
}

// Restore's baseline: copying the backup's files into a fresh folder.
Measure CopyRestore(const Options&) {
  Measure m;
  const std::string to = g_dir + "cp-restore/";
  std::error_code ec;
  std::filesystem::remove_all(to, ec);
  ::sync();
  const auto start = Clock::now();
  m.error = CopyFolder(BackupDir(), to, [](const std::string&) { return true; });
  m.seconds = Seconds(start);
  m.ops = static_cast<double>(FolderBytes(BackupDir())) / (1 << 20);
  std::filesystem::remove_all(to, ec);
  return m;
}

// a. JetTerm2(JET_bitTermComplete) latency with `sessions` idle sessions, or (busy) with 16
// threads calling on their own sessions when it starts. seconds: the term.
Measure JetTermLatency(long sessions, bool busy) {
  Measure m;
  const std::string dir = g_dir + "jet-term-" + std::to_string(sessions) + (busy ? "-busy/" : "/");
  JET_INSTANCE inst = 0;
  m.error = JetStart(dir, true, &inst, 0, static_cast<unsigned>(sessions + 24));
  if (!m.error.empty()) return m;
  std::vector<JET_SESID> ses(static_cast<std::size_t>(sessions));
  for (auto& s : ses) {
    const JET_ERR err = JetBeginSession(inst, &s, nullptr, nullptr);
    if (err < 0) {
      m.error = "JetBeginSession -> " + Describe(err);
      JetTerm2(inst, JET_bitTermDirty);
      return m;
    }
  }
  std::atomic<bool> go{true};
  std::atomic<long> calls{0};
  std::vector<std::thread> threads;
  if (busy) {
    for (std::size_t i = 0; i < ses.size(); ++i) {
      threads.emplace_back([&, i] {
        const JET_API_PTR ctx = 0x1000 + i;
        // Claims and calls outside transactions (a transaction open at the term would refuse it).
        while (go.load(std::memory_order_relaxed)) {
          if (JetSetSessionContext(ses[i], ctx) < 0) break;
          JET_ULONG version = 0;
          const JET_ERR e = JetGetVersion(ses[i], &version);
          if (JetResetSessionContext(ses[i]) < 0 || e < 0) break;
          calls.fetch_add(1, std::memory_order_relaxed);
        }
      });
    }
    while (calls.load() < 10000) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  const auto start = Clock::now();
  const JET_ERR err = JetTerm2(inst, JET_bitTermComplete);
  m.seconds = Seconds(start);
  go.store(false);
  for (auto& t : threads) t.join();
  m.ops = 1;
  if (err < 0) m.error = "JetTerm2 -> " + Describe(err);
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);
  return m;
}

// b. A database of about 1 GiB (--big-rows rows) under 16 sessions committing durably: the time to
// a consistent backup and what the commits see meanwhile; then 64 MiB of log, a dirty stop, and
// JetInit's time. extra: [0] database MiB, [1] commits/s before the backup, [2] commits/s during
// it, [3] the longest commit during it (ms), [4] JetInit after the dirty stop (s), [5] the longest
// commit before it (ms).
Measure JetBigBackup(const Options& o) {
  const std::string dir = g_dir + "jet-big/";
  const std::string path = dir + "big.edb";
  Measure m;
  JET_INSTANCE inst = 0;
  m.error = JetStart(dir, true, &inst);
  if (!m.error.empty()) return m;
  auto run = [&]() -> std::string {
    JET_SESID ses = 0;
    JET_TRY(JetBeginSession(inst, &ses, nullptr, nullptr));
    std::string e = JetCreateSchema(ses, path);
    if (!e.empty()) return e;
    JetTable t;
    e = JetOpen(ses, path, &t);
    if (!e.empty()) return e;
    for (std::int32_t key = 0; key < o.big_rows; key += kRowsPerTxn) {
      JET_TRY(JetBeginTransaction(t.ses));
      for (std::int32_t k = key; k < std::min<std::int64_t>(key + kRowsPerTxn, o.big_rows); ++k) {
        e = JetInsert(t, k);
        if (!e.empty()) return e;
      }
      JET_TRY(JetCommitTransaction(t.ses, JET_bitCommitLazyFlush));
    }
    JET_TRY(JetCommitTransaction(t.ses, JET_bitWaitAllLevel0Commit));
    // 16 committers.
    std::atomic<int> phase{0};  // 0 before, 1 during the backup, 2 stop
    std::atomic<long> before{0}, during{0};
    std::atomic<long long> longest_ns{0}, longest_before_ns{0};
    std::atomic<std::int32_t> next_key{static_cast<std::int32_t>(o.big_rows)};
    std::vector<std::thread> threads;
    std::atomic<int> failed{0};
    for (int i = 0; i < 16; ++i) {
      threads.emplace_back([&] {
        JET_SESID s = 0;
        JetTable tt;
        if (JetBeginSession(inst, &s, nullptr, nullptr) < 0 || !JetOpen(s, path, &tt).empty()) {
          failed.store(1);
          return;
        }
        while (phase.load() != 2) {
          const std::int32_t k = next_key.fetch_add(1);
          const auto t0 = Clock::now();
          if (JetBeginTransaction(s) < 0 || !JetInsert(tt, k).empty() || JetCommitTransaction(s, 0) < 0) {
            failed.store(1);
            break;
          }
          const long long ns = std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now() - t0).count();
          if (phase.load() == 0) {
            before.fetch_add(1);
            long long cur = longest_before_ns.load();
            while (ns > cur && !longest_before_ns.compare_exchange_weak(cur, ns)) {
            }
          } else if (phase.load() == 1) {
            during.fetch_add(1);
            long long cur = longest_ns.load();
            while (ns > cur && !longest_ns.compare_exchange_weak(cur, ns)) {
            }
          }
        }
        JetEndSession(s, 0);
      });
    }
    std::this_thread::sleep_for(std::chrono::seconds(1));
    const long before_n = before.load();
    phase.store(1);
    const auto start = Clock::now();
    std::error_code ec;
    std::filesystem::remove_all(g_dir + "big-backup/", ec);
    const JET_ERR b = JetBackupInstance(inst, (g_dir + "big-backup/").c_str(), 0, nullptr);
    m.seconds = Seconds(start);
    phase.store(2);
    for (auto& th : threads) th.join();
    if (b < 0) return "JetBackupInstance -> " + Describe(b);
    if (failed.load() != 0) return "a committer failed";
    m.ops = 1;
    m.extra[0] = static_cast<double>(std::filesystem::file_size(path)) / (1 << 20);
    m.extra[1] = static_cast<double>(before_n);
    m.extra[2] = m.seconds > 0 ? static_cast<double>(during.load()) / m.seconds : 0;
    m.extra[3] = static_cast<double>(longest_ns.load()) / 1e6;
    std::filesystem::remove_all(g_dir + "big-backup/", ec);
    // 64 MiB of log over the big database, then a dirty stop and JetInit.
    const std::uint64_t target = LogStats(inst).cbLogBytes + (static_cast<std::uint64_t>(o.replay_mib) << 20);
    std::mt19937_64 rng(kReplaceSeed);
    while (LogStats(inst).cbLogBytes < target) {
      JET_TRY(JetBeginTransaction(t.ses));
      for (int i = 0; i < kRowsPerTxn; ++i) {
        const std::int32_t k = static_cast<std::int32_t>(rng() % static_cast<std::uint64_t>(o.big_rows));
        JET_TRY(JetMakeKey(t.ses, t.tab, &k, sizeof k, JET_bitNewKey));
        JET_TRY(JetSeek(t.ses, t.tab, JET_bitSeekEQ));
        JET_TRY(JetPrepareUpdate(t.ses, t.tab, JET_prepReplace));
        JET_TRY(JetSetColumn(t.ses, t.tab, t.val_col, ValueOf(k + 1), kValueBytes, 0, nullptr));
        JET_TRY(JetUpdate(t.ses, t.tab, nullptr, 0, nullptr));
      }
      JET_TRY(JetCommitTransaction(t.ses, JET_bitCommitLazyFlush));
    }
    JET_TRY(JetCommitTransaction(t.ses, JET_bitWaitAllLevel0Commit));
    m.extra[5] = static_cast<double>(longest_before_ns.load()) / 1e6;
    JetEndSession(ses, 0);
    const JET_ERR dirty = JetTerm2(inst, JET_bitTermDirty);
    inst = 0;
    if (dirty != JET_errDirtyShutdown) return "JetTerm2(dirty) -> " + Describe(dirty);
    const auto init_start = Clock::now();
    const std::string e2 = JetStart(dir, true, &inst);
    m.extra[4] = Seconds(init_start);
    if (!e2.empty()) return e2;
    return {};
  };
  m.error = run();
  if (inst != 0) JetTerm2(inst, JET_bitTermDirty);
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);
  return m;
}

double Rate(const ChildResult& c) { return c.m.error.empty() && c.m.seconds > 0 ? c.m.ops / c.m.seconds : 0; }

void PrintRow(const Row& r) {
  const double jet = Rate(r.jet), raw = Rate(r.raw);
  const double ratio = jet > 0 && raw > 0 ? jet / raw : 0;
  const char* verdict = ratio <= 0 ? "n/a" : r.min_ratio <= 0 ? "reference" : ratio >= r.min_ratio ? "met" : "MISSED";
  char jet_s[32], raw_s[32], ratio_s[32];
  std::snprintf(jet_s, sizeof(jet_s), jet > 0 ? "%.0f" : "failed", jet);
  std::snprintf(raw_s, sizeof(raw_s), raw > 0 ? "%.0f" : "failed", raw);
  std::snprintf(ratio_s, sizeof(ratio_s), ratio > 0 ? "%.2fx" : "-", ratio);
  std::printf("%-26s %13s %13s %8s  %-16s %-9s %9.1f %9.1f\n", r.workload.c_str(), jet_s, raw_s, ratio_s,
              r.target.c_str(), verdict, r.jet.rss_mib, r.raw.rss_mib);
}

bool ParseLong(const char* text, long* out) {
  char* end = nullptr;
  errno = 0;
  const long v = std::strtol(text, &end, 10);
  if (errno != 0 || end == text || *end != '\0' || v <= 0) return false;
  *out = v;
  return true;
}

int Usage(const char* argv0) {
  std::fprintf(stderr,
               "usage: %s [--rows N] [--reads N] [--scan-passes N] [--lazy-commits N] [--durable-commits N]\n"
               "          [--replay-mib N] [--big-rows N] [--only 123456789ab] [--keep] [--raw-first]\n",
               argv0);
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    long* target = a == "--rows"              ? &o.rows
                   : a == "--reads"           ? &o.reads
                   : a == "--scan-passes"     ? &o.scan_passes
                   : a == "--lazy-commits"    ? &o.lazy_commits
                   : a == "--durable-commits" ? &o.durable_commits
                   : a == "--replay-mib"      ? &o.replay_mib
                   : a == "--big-rows"        ? &o.big_rows
                                              : nullptr;
    if (target != nullptr) {
      if (i + 1 >= argc || !ParseLong(argv[++i], target)) return Usage(argv[0]);
    } else if (a == "--only" && i + 1 < argc) {
      o.only = argv[++i];
    } else if (a == "--keep") {
      o.keep = true;
    } else if (a == "--raw-first") {
      o.raw_first = true;
    } else {
      return Usage(argv[0]);
    }
  }
  if (o.rows > 0x7fffffffL) return Usage(argv[0]);
  const long passes = o.scan_passes > 0 ? o.scan_passes : std::max(1L, (1000000L + o.rows - 1) / o.rows);
  auto wants = [&o](char w) { return o.only.find(w) != std::string::npos; };
  if ((wants('2') || wants('3') || wants('4') || wants('5')) && !wants('1')) {
    std::fprintf(stderr, "workloads 2 to 5 read the data of workload 1: add 1 to --only\n");
    return 1;
  }

  const char* tmp = getenv("TMPDIR");
  std::string tmpl = std::string(tmp != nullptr && *tmp != '\0' ? tmp : "/tmp") + "/jetstore-workload-XXXXXX";
  std::vector<char> buf(tmpl.begin(), tmpl.end());
  buf.push_back('\0');
  if (mkdtemp(buf.data()) == nullptr) {
    std::perror("mkdtemp");
    return 1;
  }
  g_dir = std::string(buf.data()) + "/";
  FillPool();

  std::printf("jetstore-workload: %ld rows of %lu-byte values, 4-byte keys in random order (seed %#llx)\n", o.rows,
              kValueBytes, static_cast<unsigned long long>(kInsertSeed));
  std::printf("  point reads %ld (seed %#llx), scan passes %ld, lazy commits %ld, durable commits %ld per run\n",
              o.reads, static_cast<unsigned long long>(kReadSeed), passes, o.lazy_commits, o.durable_commits);
  std::printf("  files in %s; each workload and engine in its own child process\n\n", g_dir.c_str());

  // Runs a workload's two children, jetstore first unless --raw-first (to check order effects).
  auto pair = [&o](Row r, auto jet, auto raw) {
    if (o.raw_first) {
      r.raw = RunInChild(raw);
      r.jet = RunInChild(jet);
    } else {
      r.jet = RunInChild(jet);
      r.raw = RunInChild(raw);
    }
    return r;
  };
  std::vector<Row> rows;
  auto add = [&rows](Row r) {
    PrintRow(r);  // progress: printed again in the final table
    rows.push_back(std::move(r));
  };
  std::printf("%-26s %13s %13s %8s  %-16s %-9s %9s %9s\n", "workload", "jetstore op/s", "raw op/s", "ratio", "target",
              "", "jet MiB", "raw MiB");
  ChildResult bulk, lazy;
  if (wants('1')) {
    Row r = pair({"1 bulk insert, lazy", {}, {}, ">= 0.5x", 0.5}, [&] { return JetBulkInsert(o); },
                 [&] { return RawBulkInsert(o); });
    bulk = r.jet;
    add(std::move(r));
  }
  if (wants('2')) {
    add(pair({"2 reads/request, overlay 0", {}, {}, ">= 0.8x", 0.8}, [&] { return JetRequestReads(o, false); },
             [&] { return RawRequestReads(o, false); }));
  }
  if (wants('3')) {
    add(pair({"3 reads/request after 100k", {}, {}, ">= 0.6x", 0.6}, [&] { return JetRequestReads(o, true); },
             [&] { return RawRequestReads(o, true); }));
  }
  if (wants('4')) {
    add(pair({"4 reads, 1000 per txn", {}, {}, "reference", 0}, [&] { return JetPointReads(o); },
             [&] { return RawPointReads(o); }));
  }
  if (wants('5')) {
    add(pair({"5 sequential scan (rows)", {}, {}, ">= 0.3x", 0.3}, [&] { return JetScan(o, passes); },
             [&] { return RawScan(o, passes); }));
  }
  if (wants('6')) {
    Row r = pair({"6 lazy commits, 1 session", {}, {}, ">= 20x", 20}, [&] { return JetLazyCommits(o); },
                 [&] { return RawLazyCommits(o); });
    lazy = r.jet;
    add(std::move(r));
  }
  if (wants('7')) {
    for (int threads : {1, 4, 16}) {
      Row r{"7 durable, " + std::to_string(threads) + (threads == 1 ? " session" : " sessions"), {}, {},
            threads == 1 ? "latency <= 0.75x" : threads == 16 ? ">= 12x" : "-",
            threads == 1 ? 1.0 / 0.75 : threads == 16 ? 12.0 : 0};
      add(pair(std::move(r), [&] { return JetDurable(o, threads); }, [&] { return RawDurable(o, threads); }));
    }
  }
  ChildResult replay;
  if (wants('8')) replay = RunInChild([&] { return JetReplay(o); });
  std::vector<std::pair<std::string, ChildResult>> terms;
  if (wants('a')) {
    for (long n : {1L, 100L, 10000L}) {
      terms.emplace_back(std::to_string(n) + " idle session" + (n == 1 ? "" : "s"), RunInChild([&, n] { return JetTermLatency(n, false); }));
    }
    terms.emplace_back("16 threads in flight", RunInChild([&] { return JetTermLatency(16, true); }));
  }
  ChildResult big;
  if (wants('b')) big = RunInChild([&] { return JetBigBackup(o); });
  if (wants('9')) {
    add(pair({"9 backup (MiB/s)", {}, {}, ">= 0.9x", 0.9}, [&] { return JetBackup(o); }, [&] { return CopyBackup(o); }));
    add(pair({"9 restore (MiB/s)", {}, {}, ">= 0.9x", 0.9}, [&] { return JetRestoreRun(o); },
             [&] { return CopyRestore(o); }));
  }
  std::printf("\nresults (ratio = jetstore / raw throughput; RSS = peak resident set of each child, map pages included)\n");
  std::printf("%-26s %13s %13s %8s  %-16s %-9s %9s %9s\n", "workload", "jetstore op/s", "raw op/s", "ratio", "target",
              "", "jet MiB", "raw MiB");
  for (const Row& r : rows) PrintRow(r);
  for (const Row& r : rows) {
    if (r.workload.rfind("7 durable, 1 ", 0) == 0 && Rate(r.jet) > 0 && Rate(r.raw) > 0) {
      std::printf("  1-session durable commit latency: jetstore %.1f us, raw %.1f us (%.2fx)\n", 1e6 / Rate(r.jet),
                  1e6 / Rate(r.raw), Rate(r.raw) / Rate(r.jet));
    }
    if (r.workload.rfind("3 reads", 0) == 0 && r.jet.m.error.empty()) {
      std::printf("  reads after 100k lazy replaces started with %.1f MiB in the overlay\n", r.jet.m.extra[0] / (1 << 20));
    }
  }
  std::printf("\nthe commit log\n");
  if (bulk.m.error.empty() && bulk.m.seconds > 0) {
    std::printf("  bulk insert: %.0f log bytes per row, %.0f checkpoints in %.1f s (one per %.1f s)\n", bulk.m.extra[1],
                bulk.m.extra[0], bulk.m.seconds, bulk.m.extra[0] > 0 ? bulk.m.seconds / bulk.m.extra[0] : 0.0);
  }
  if (lazy.m.error.empty() && lazy.m.seconds > 0) {
    std::printf("  lazy single-row commits: %.0f log bytes per commit, %.2f write(2) per commit, %.0f checkpoints\n",
                lazy.m.extra[0], lazy.m.extra[1], lazy.m.extra[2]);
  }
  if (wants('8')) {
    if (replay.m.error.empty()) {
      std::printf("  JetInit after SIGKILL with %.1f MiB of log to replay: %.2f s (recovery %.2f s, %.0f MB/s, %.0f records); "
                  "peak RSS %.1f MiB\n",
                  replay.m.ops, replay.m.seconds, replay.m.extra[1],
                  replay.m.extra[1] > 0 ? replay.m.ops * 1.048576 / replay.m.extra[1] : 0.0, replay.m.extra[0], replay.rss_mib);
    } else {
      std::printf("  replay: %s\n", replay.m.error.c_str());
    }
  }
  if (!terms.empty()) {
    std::printf("\nJetTerm2(JET_bitTermComplete) latency\n");
    for (const auto& [what, r] : terms) {
      if (r.m.error.empty()) {
        std::printf("  %-24s %8.2f ms\n", what.c_str(), r.m.seconds * 1000);
      } else {
        std::printf("  %-24s %s\n", what.c_str(), r.m.error.c_str());
      }
    }
  }
  if (wants('b')) {
    std::printf("\na %.0f MiB database under 16 sessions committing durably\n", big.m.extra[0]);
    if (big.m.error.empty()) {
      std::printf("  a consistent backup: %.2f s (%.0f MiB/s); commits/s before %.0f, during %.0f (%.2fx); "
                  "the longest commit during it %.1f ms (before it %.1f ms)\n",
                  big.m.seconds, big.m.seconds > 0 ? big.m.extra[0] / big.m.seconds : 0.0, big.m.extra[1], big.m.extra[2],
                  big.m.extra[1] > 0 ? big.m.extra[2] / big.m.extra[1] : 0.0, big.m.extra[3], big.m.extra[5]);
      std::printf("  JetInit after a dirty stop with %ld MiB of log: %.2f s; peak RSS %.1f MiB\n", o.replay_mib,
                  big.m.extra[4], big.rss_mib);
    } else {
      std::printf("  %s\n", big.m.error.c_str());
    }
  }
  bool failed = false;
  for (const Row& r : rows) {
    if (!r.jet.m.error.empty()) std::printf("  %s, jetstore: %s\n", r.workload.c_str(), r.jet.m.error.c_str());
    if (!r.raw.m.error.empty()) std::printf("  %s, raw: %s\n", r.workload.c_str(), r.raw.m.error.c_str());
    failed = failed || !r.jet.m.error.empty() || !r.raw.m.error.empty();
  }
  if (failed) std::printf("  (a failed run is reported, not fatal)\n");

  if (o.keep) {
    std::printf("\nkept %s\n", g_dir.c_str());
  } else {
    std::error_code ec;
    std::filesystem::remove_all(g_dir, ec);
  }
  return 0;
}

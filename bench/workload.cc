// jetstore-workload: whole workloads through jetstore's C API against raw LMDB doing the same work
// with the flags jetstore uses (MDB_NOSUBDIR | MDB_NOTLS, one named DBI, no MDB_WRITEMAP; reads
// renew one read transaction, writes begin / put / commit).
//
//   1 bulk insert     N rows in random key order, 1000 per transaction, Recovery off
//                     (raw: MDB_NOSYNC, as jetstore's Recovery off)                   target >= 0.5x
//   2 point reads     JetMakeKey + JetSeek(EQ) + JetRetrieveColumn in a read-only transaction
//                     renewed every 1000 reads, vs mdb_get + copy in a read transaction
//                     renewed (mdb_txn_reset / mdb_txn_renew) every 1000 reads, on the data of 1
//                                                                                     target >= 0.7x
//   3 sequential scan JetMove(First / Next) + JetRetrieveColumn per row in one read-only
//                     transaction per pass, vs cursor MDB_FIRST / MDB_NEXT + copy        target >= 0.3x
//   4 lazy commits    single-row transactions from one session, JET_bitCommitLazyFlush,
//                     Recovery on, vs raw commits under MDB_NOMETASYNC                   target >= 0.8x
//   5 durable commits single-row transactions from 1, 4 and 16 sessions on as many threads,
//                     Recovery on, plain commit, vs raw commits with LMDB's full sync from as
//                     many threads              targets: 16 threads >= 4x; 1 thread latency <= 1.2x
//
// Rows: 4-byte int keys 0..N-1 inserted in a fixed-seed random order, 100-byte values. The
// jetstore table has a Long key column (primary index "+key\0\0") and a Binary (cbMax 255) value
// column. Every workload and engine runs in its own forked child, so the child's peak resident
// set (getrusage ru_maxrss, file-backed map pages included) is that run's alone. Files live in a
// fresh mkdtemp directory, removed at the end (--keep keeps it). The table reports; the exit
// status is 0 whether or not a target is met (1 only for bad arguments or a failed setup).
//
//   jetstore-workload [--rows N] [--reads N] [--scan-passes N] [--lazy-commits N]
//                     [--durable-commits N] [--only 1,2,3,4,5] [--keep] [--raw-first]
// --raw-first runs each workload's raw child before its jetstore child (to see order effects).
#include <esent.h>
#include <jetstore/errors.hpp>

#include <lmdb.h>

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
#include <vector>

namespace {

// ---- options, seeds, data ---------------------------------------------------------------------

struct Options {
  long rows = 1000000;
  long reads = 1000000;
  long scan_passes = 0;  // 0: enough passes to visit about 1,000,000 rows
  long lazy_commits = 20000;
  long durable_commits = 2000;
  std::string only = "12345";
  bool keep = false;
  bool raw_first = false;  // run each workload's raw child before its jetstore child
};

constexpr std::uint64_t kInsertSeed = 0x6a657473746f7265ULL;  // the insert order of workload 1
constexpr std::uint64_t kReadSeed = 0x7265616473656564ULL;    // the keys of workload 2
constexpr std::uint64_t kCommitSeed = 0x636f6d6d69747321ULL;  // the keys of workloads 4 and 5
constexpr std::uint64_t kValueSeed = 0x76616c7565732121ULL;   // the value pool
constexpr unsigned long kValueBytes = 100;
constexpr long kRowsPerTxn = 1000;
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
std::string JetStart(const std::string& dir, bool recovery, JET_INSTANCE* out) {
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
      {JET_paramMaxSessions, kMaxSessions, nullptr},
  };
  for (const auto& p : params) {
    const JET_ERR err = JetSetSystemParameter(&inst, 0, p.id, p.value, p.text);
    if (err < 0) {
      JetTerm(inst);
      return "JetSetSystemParameter(" + std::to_string(p.id) + ") -> " + Describe(err);
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

// 1. Bulk insert.
Measure JetBulkInsert(const Options& o) {
  const auto keys = Permutation(o.rows, kInsertSeed);
  return WithJet(JetDataDir(), JetDataPath(), false, true, [&](JET_INSTANCE, JetTable& t, Measure* m) -> std::string {
    const auto start = Clock::now();
    for (long i = 0; i < o.rows; i += kRowsPerTxn) {
      JET_TRY(JetBeginTransaction(t.ses));
      const long end = std::min(o.rows, i + kRowsPerTxn);
      for (long j = i; j < end; ++j) {
        const std::string e = JetInsert(t, keys[static_cast<std::size_t>(j)]);
        if (!e.empty()) return e + " (row " + std::to_string(j) + ")";
      }
      JET_TRY(JetCommitTransaction(t.ses, 0));
    }
    m->seconds = Seconds(start);
    m->ops = static_cast<double>(o.rows);
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

// 2. Random point reads.
Measure JetPointReads(const Options& o) {
  const auto keys = UniformKeys(o.reads, o.rows, kReadSeed);
  return WithJet(JetDataDir(), JetDataPath(), false, false, [&](JET_INSTANCE, JetTable& t, Measure* m) -> std::string {
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

// 3. Sequential scan.
Measure JetScan(const Options& o, long passes) {
  return WithJet(JetDataDir(), JetDataPath(), false, false, [&](JET_INSTANCE, JetTable& t, Measure* m) -> std::string {
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

// 4. Single-row lazy commits from one session.
Measure JetLazyCommits(const Options& o) {
  const auto keys = Permutation(o.lazy_commits, kCommitSeed);
  const std::string dir = g_dir + "jet-lazy/";
  return WithJet(dir, dir + "lazy.edb", true, true, [&](JET_INSTANCE, JetTable& t, Measure* m) -> std::string {
    const auto start = Clock::now();
    for (long i = 0; i < o.lazy_commits; ++i) {
      JET_TRY(JetBeginTransaction(t.ses));
      const std::string e = JetInsert(t, keys[static_cast<std::size_t>(i)]);
      if (!e.empty()) return e;
      JET_TRY(JetCommitTransaction(t.ses, JET_bitCommitLazyFlush));
    }
    m->seconds = Seconds(start);
    m->ops = static_cast<double>(o.lazy_commits);
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

// 5. Durable single-row transactions from `threads` sessions / threads. Thread i commits the
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

// ---- children -------------------------------------------------------------------------------------

struct ChildResult {
  Measure m;
  double rss_mib = 0;  // peak resident set of the child (ru_maxrss)
};

// The fixed-size record a child writes to its pipe.
struct Wire {
  double ops;
  double seconds;
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
               "          [--only 12345] [--keep] [--raw-first]\n",
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
  if ((wants('2') || wants('3')) && !wants('1')) {
    std::fprintf(stderr, "workloads 2 and 3 read the data of workload 1: add 1 to --only\n");
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
  if (wants('1')) {
    add(pair({"1 bulk insert (1000/txn)", {}, {}, ">= 0.5x", 0.5}, [&] { return JetBulkInsert(o); },
             [&] { return RawBulkInsert(o); }));
  }
  if (wants('2')) {
    add(pair({"2 random point reads", {}, {}, ">= 0.7x", 0.7}, [&] { return JetPointReads(o); },
             [&] { return RawPointReads(o); }));
  }
  if (wants('3')) {
    add(pair({"3 sequential scan (rows)", {}, {}, ">= 0.3x", 0.3}, [&] { return JetScan(o, passes); },
             [&] { return RawScan(o, passes); }));
  }
  if (wants('4')) {
    add(pair({"4 lazy commits, 1 session", {}, {}, ">= 0.8x", 0.8}, [&] { return JetLazyCommits(o); },
             [&] { return RawLazyCommits(o); }));
  }
  if (wants('5')) {
    for (int threads : {1, 4, 16}) {
      Row r{"5 durable, " + std::to_string(threads) + (threads == 1 ? " session" : " sessions"), {}, {},
            threads == 1 ? "latency <= 1.2x" : threads == 16 ? ">= 4x" : "-",
            threads == 1 ? 1.0 / 1.2 : threads == 16 ? 4.0 : 0};
      add(pair(std::move(r), [&] { return JetDurable(o, threads); }, [&] { return RawDurable(o, threads); }));
    }
  }

  std::printf("\nresults (ratio = jetstore / raw throughput; RSS = peak resident set of each child, map pages included)\n");
  std::printf("%-26s %13s %13s %8s  %-16s %-9s %9s %9s\n", "workload", "jetstore op/s", "raw op/s", "ratio", "target",
              "", "jet MiB", "raw MiB");
  for (const Row& r : rows) PrintRow(r);
  for (const Row& r : rows) {
    if (r.workload.rfind("5 durable, 1 ", 0) == 0 && Rate(r.jet) > 0 && Rate(r.raw) > 0) {
      std::printf("  1-session durable commit latency: jetstore %.1f us, raw %.1f us (%.2fx)\n", 1e6 / Rate(r.jet),
                  1e6 / Rate(r.raw), Rate(r.raw) / Rate(r.jet));
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

// jetstore-sim: a thread pool sharing a pool of sessions the way an esent server does.
//
// Worker threads pick sessions at random and claim them with JetSetSessionContext (a loser of the
// race gets JET_errSessionContextAlreadySet and tries another). A transaction spans two claims on
// (usually) different threads: one claim begins it and releases the session with the transaction
// still open, bound to the context value; a later claim of the same session, by whichever thread
// wins it, commits or rolls it back. Now and then a holder also probes the rules: a second claim
// of its own session must give JET_errSessionContextAlreadySet, ending it JET_errSessionInUse,
// and committing a transaction bound to another value JET_errSessionSharingViolation.
//
// The simulator keeps its own model of every session (who holds it, whether a transaction is
// open and to which value it is bound) and checks each result code against it. Progress is
// printed once a second; at the end, throughput and a histogram of every result code by name.
//
// Exit status: 0; 1 when a code outside esent.h or an inconsistency (two holders of one session,
// a result the model rules out) was seen; 2 for bad arguments or when the instance cannot start.
#include <esent.h>
#include <jetstore/errors.hpp>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <limits>
#include <map>
#include <memory>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

namespace {

constexpr uint64_t kUnlimited = std::numeric_limits<uint64_t>::max();

struct Options {
  std::string dir = "./jetstore-data";
  unsigned threads = 4;
  unsigned sessions = 16;
  double seconds = 5;
  bool seconds_given = false;
  uint64_t ops = kUnlimited;  // claim cycles in total
  uint64_t seed = 1;
};

void Usage(FILE* out) {
  std::fprintf(out,
               "usage: jetstore-sim [options]\n"
               "  --dir PATH       data folder, created if missing (default ./jetstore-data)\n"
               "  --threads N      worker threads (default 4)\n"
               "  --sessions N     pooled sessions, 1..30000 (default 16)\n"
               "  --seconds S      run time (default 5; with --ops alone: no time limit)\n"
               "  --ops N          stop after N claim cycles in total (default: no limit)\n"
               "  --seed N         random seed (default 1)\n"
               "  --help\n");
}

bool ParseUnsigned(const std::string& text, uint64_t* out) {
  if (text.empty() || text[0] == '-') return false;
  char* end = nullptr;
  errno = 0;
  const unsigned long long v = std::strtoull(text.c_str(), &end, 10);
  if (errno != 0 || *end != '\0') return false;
  *out = v;
  return true;
}

// Returns false (after printing why) on bad arguments.
bool ParseOptions(int argc, char** argv, Options* opt, bool* help) {
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    std::string value;
    const size_t eq = arg.find('=');
    if (arg == "--help" || arg == "-h") {
      *help = true;
      return true;
    }
    if (arg.rfind("--", 0) != 0) {
      std::fprintf(stderr, "jetstore-sim: unexpected argument '%s'\n", arg.c_str());
      return false;
    }
    if (eq != std::string::npos) {
      value = arg.substr(eq + 1);
      arg.resize(eq);
    } else if (i + 1 < argc) {
      value = argv[++i];
    } else {
      std::fprintf(stderr, "jetstore-sim: %s needs a value\n", arg.c_str());
      return false;
    }
    uint64_t n = 0;
    if (arg == "--dir") {
      if (value.empty()) return false;
      opt->dir = value;
    } else if (arg == "--threads" && ParseUnsigned(value, &n) && n >= 1 && n <= 1024) {
      opt->threads = static_cast<unsigned>(n);
    } else if (arg == "--sessions" && ParseUnsigned(value, &n) && n >= 1 && n <= JET_cMaxSessionsPerInstance) {
      opt->sessions = static_cast<unsigned>(n);
    } else if (arg == "--seconds") {
      char* end = nullptr;
      const double s = std::strtod(value.c_str(), &end);
      if (value.empty() || *end != '\0' || !(s > 0)) {
        std::fprintf(stderr, "jetstore-sim: bad --seconds '%s'\n", value.c_str());
        return false;
      }
      opt->seconds = s;
      opt->seconds_given = true;
    } else if (arg == "--ops" && ParseUnsigned(value, &n)) {
      opt->ops = n;
    } else if (arg == "--seed" && ParseUnsigned(value, &n)) {
      opt->seed = n;
    } else {
      std::fprintf(stderr, "jetstore-sim: bad option or value: %s %s\n", arg.c_str(), value.c_str());
      return false;
    }
  }
  return true;
}

std::string CodeText(JET_ERR err) {
  const char* name = jetstore::ErrorName(err);
  return std::string(name != nullptr ? name : "(undocumented)") + " (" + std::to_string(err) + ")";
}

volatile std::sig_atomic_t g_interrupted = 0;
extern "C" void OnSignal(int) { g_interrupted = 1; }

// One pooled session and the simulator's model of it.
struct PooledSession {
  JET_SESID sesid = 0;
  // The worker holding the claim, -1 when none. Set with a CAS right after a successful
  // JetSetSessionContext: a failed CAS means two threads won the same claim.
  std::atomic<int> holder{-1};
  // The value claimers use. Equal to `bound` while a transaction is open (a claimer that loaded an
  // older value gets its commit refused with JET_errSessionSharingViolation and retries later).
  std::atomic<JET_API_PTR> context{0};
  // Guarded by the claim (read and written only by the holder; the holder CAS / release store
  // order the accesses between holders):
  bool open = false;    // a transaction is open
  JET_API_PTR bound = 0;  // the value it is bound to
  int began_by = -1;    // the worker that began it
};

// Per-worker counters: written by their worker only, read by the progress printer.
struct alignas(64) WorkerStats {
  std::atomic<uint64_t> cycles{0};  // claim -> work -> reset
  std::atomic<uint64_t> calls{0};   // JET API calls
  std::atomic<uint64_t> claims{0};
  std::atomic<uint64_t> conflicts{0};  // claims lost to another holder
  std::atomic<uint64_t> begun{0};
  std::atomic<uint64_t> committed{0};
  std::atomic<uint64_t> rolled_back{0};
  std::atomic<uint64_t> handoffs{0};       // finished on another thread than the one that began
  std::atomic<uint64_t> wrong_context{0};  // commits refused: bound to another value
  std::atomic<uint64_t> probes{0};
  std::map<JET_ERR, uint64_t> codes;  // the worker's histogram; read after join
};

uint64_t Sum(const std::vector<std::unique_ptr<WorkerStats>>& stats, std::atomic<uint64_t> WorkerStats::*field) {
  uint64_t total = 0;
  for (const auto& s : stats) total += ((*s).*field).load(std::memory_order_relaxed);
  return total;
}

class Simulator {
 public:
  explicit Simulator(const Options& opt) : opt_(opt), pool_(opt.sessions) {}

  // Creates and starts the instance and the session pool; false (after printing) on failure.
  bool Start() {
    std::error_code ec;
    const std::filesystem::path dir = std::filesystem::absolute(opt_.dir, ec);
    if (ec) {
      std::fprintf(stderr, "jetstore-sim: bad --dir: %s\n", ec.message().c_str());
      return false;
    }
    std::filesystem::create_directories(dir, ec);
    if (ec) {
      std::fprintf(stderr, "jetstore-sim: cannot create %s: %s\n", dir.c_str(), ec.message().c_str());
      return false;
    }
    dir_ = dir.lexically_normal().string();
    if (dir_.back() != '/') dir_ += '/';

    if (!Setup(JetCreateInstance(&instance_, "jetstore-sim"), "JetCreateInstance")) return false;
    const struct {
      unsigned long id;
      JET_API_PTR value;
      const char* text;
      const char* what;
    } params[] = {
        {JET_paramCreatePathIfNotExist, 1, nullptr, "CreatePathIfNotExist"},
        {JET_paramSystemPath, 0, dir_.c_str(), "SystemPath"},
        {JET_paramLogFilePath, 0, dir_.c_str(), "LogFilePath"},
        {JET_paramTempPath, 0, dir_.c_str(), "TempPath"},
        {JET_paramMaxSessions, opt_.sessions, nullptr, "MaxSessions"},
    };
    for (const auto& p : params) {
      if (!Setup(JetSetSystemParameter(&instance_, 0, p.id, p.value, p.text), p.what)) return false;
    }
    if (!Setup(JetInit(&instance_), "JetInit")) {
      instance_ = 0;  // a failed JetInit frees the instance
      return false;
    }
    std::mt19937_64 rng(opt_.seed);
    for (PooledSession& s : pool_) {
      if (!Setup(JetBeginSession(instance_, &s.sesid, nullptr, nullptr), "JetBeginSession")) return false;
      s.context.store(FreshContext(rng), std::memory_order_relaxed);
    }
    return true;
  }

  // Runs the workers and prints progress; returns the exit status.
  int Run() {
    for (unsigned i = 0; i < opt_.threads; ++i) stats_.push_back(std::make_unique<WorkerStats>());
    std::printf("jetstore-sim: %u threads, %zu sessions, %s, dir %s\n", opt_.threads, pool_.size(),
                Limits().c_str(), dir_.c_str());
    std::fflush(stdout);

    const auto start = std::chrono::steady_clock::now();
    std::vector<std::thread> workers;
    for (unsigned i = 0; i < opt_.threads; ++i) {
      uint64_t quota = kUnlimited;
      if (opt_.ops != kUnlimited) quota = opt_.ops / opt_.threads + (i < opt_.ops % opt_.threads ? 1 : 0);
      workers.emplace_back([this, i, quota] { Work(static_cast<int>(i), quota); });
    }
    Progress(start);
    stop_.store(true, std::memory_order_relaxed);
    for (auto& w : workers) w.join();
    const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

    for (const auto& s : stats_) {
      for (const auto& [code, n] : s->codes) codes_[code] += n;
    }
    Shutdown();
    return Report(elapsed);
  }

  // After a failed Start: release what exists.
  void Abandon() {
    for (PooledSession& s : pool_) {
      if (s.sesid != 0) JetEndSession(s.sesid, 0);
    }
    if (instance_ != 0) JetTerm(instance_);
  }

 private:
  static JET_API_PTR FreshContext(std::mt19937_64& rng) {
    for (;;) {
      const JET_API_PTR c = static_cast<JET_API_PTR>(rng());
      if (c != 0 && c != ~JET_API_PTR{0}) return c;
    }
  }

  std::string Limits() const {
    std::string s;
    if (opt_.seconds_given || opt_.ops == kUnlimited) {
      char buf[32];
      std::snprintf(buf, sizeof buf, "%g s", opt_.seconds);
      s = buf;
    }
    if (opt_.ops != kUnlimited) s += (s.empty() ? "" : " or ") + std::to_string(opt_.ops) + " ops";
    return s;
  }

  bool Setup(JET_ERR err, const char* what) {
    ++codes_[err];
    if (err >= 0) return true;
    std::fprintf(stderr, "jetstore-sim: %s: %s\n", what, CodeText(err).c_str());
    return false;
  }

  void Inconsistent(std::string what) {
    inconsistencies_.fetch_add(1, std::memory_order_relaxed);
    std::lock_guard<std::mutex> lock(messages_mu_);
    if (messages_.size() < 20) messages_.push_back(std::move(what));
  }

  // Records a result code; returns it.
  JET_ERR Note(WorkerStats& st, JET_ERR err) {
    st.calls.fetch_add(1, std::memory_order_relaxed);
    ++st.codes[err];
    return err;
  }

  // Checks a result against the model's expectation.
  void Expect(WorkerStats& st, JET_ERR got, JET_ERR want, const char* call, size_t session) {
    Note(st, got);
    if (got != want) {
      Inconsistent(std::string(call) + " on session " + std::to_string(session) + ": got " + CodeText(got) +
                   ", the model expects " + CodeText(want));
    }
  }

  void Work(int me, uint64_t quota) {
    WorkerStats& st = *stats_[static_cast<size_t>(me)];
    std::mt19937_64 rng(opt_.seed * 0x9E3779B97F4A7C15ull + static_cast<uint64_t>(me) + 1);
    uint64_t done = 0;
    while (done < quota && !stop_.load(std::memory_order_relaxed)) {
      const size_t index = static_cast<size_t>(rng() % pool_.size());
      PooledSession& s = pool_[index];
      const JET_API_PTR context = s.context.load(std::memory_order_acquire);

      const JET_ERR claim = Note(st, JetSetSessionContext(s.sesid, context));
      if (claim == JET_errSessionContextAlreadySet || claim == JET_errSessionSharingViolation) {
        st.conflicts.fetch_add(1, std::memory_order_relaxed);
        continue;  // try another session
      }
      if (claim != JET_errSuccess) {
        Inconsistent("JetSetSessionContext on session " + std::to_string(index) + ": " + CodeText(claim));
        continue;
      }
      st.claims.fetch_add(1, std::memory_order_relaxed);
      int nobody = -1;
      if (!s.holder.compare_exchange_strong(nobody, me, std::memory_order_acquire)) {
        Inconsistent("session " + std::to_string(index) + " claimed by workers " + std::to_string(nobody) + " and " +
                     std::to_string(me) + " at once");
      }

      WorkWhileHolding(st, me, index, s, context, rng);

      s.holder.store(-1, std::memory_order_release);
      Expect(st, JetResetSessionContext(s.sesid), JET_errSuccess, "JetResetSessionContext", index);
      st.cycles.fetch_add(1, std::memory_order_relaxed);
      ++done;
    }
  }

  // REQUIRES: this thread holds the claim of `s`, under `context`.
  void WorkWhileHolding(WorkerStats& st, int me, size_t index, PooledSession& s, JET_API_PTR context,
                        std::mt19937_64& rng) {
    const uint64_t roll = rng();
    if (roll % 64 == 0) {
      st.probes.fetch_add(1, std::memory_order_relaxed);
      Expect(st, JetSetSessionContext(s.sesid, FreshContext(rng)), JET_errSessionContextAlreadySet,
             "JetSetSessionContext (own claim)", index);
    } else if (roll % 64 == 1) {
      st.probes.fetch_add(1, std::memory_order_relaxed);
      Expect(st, JetEndSession(s.sesid, 0), JET_errSessionInUse, "JetEndSession (context set)", index);
    }

    if (!s.open) {
      const JET_ERR err = JetBeginTransaction(s.sesid);
      Expect(st, err, JET_errSuccess, "JetBeginTransaction", index);
      if (err != JET_errSuccess) return;
      s.open = true;
      s.bound = context;
      s.began_by = me;
      s.context.store(context, std::memory_order_release);
      st.begun.fetch_add(1, std::memory_order_relaxed);
      if ((roll >> 8) % 4 != 0) return;  // usually leave it open for a later claim
    } else if (s.began_by == me && opt_.threads > 1 && (roll >> 32) % 16 != 0) {
      return;  // usually leave it to another thread: the point is the cross-thread finish
    } else if (s.bound != context) {
      // This claimer loaded the value before the open transaction was begun under another one.
      st.wrong_context.fetch_add(1, std::memory_order_relaxed);
      Expect(st, JetCommitTransaction(s.sesid, 0), JET_errSessionSharingViolation, "JetCommitTransaction (wrong context)",
             index);
      return;
    }

    // Finish the open transaction: commit (3 in 4, some lazily) or roll back.
    const bool commit = (roll >> 16) % 4 != 0;
    if (commit) {
      const JET_GRBIT grbit = (roll >> 24) % 2 != 0 ? JET_bitCommitLazyFlush : 0;
      const JET_ERR err = JetCommitTransaction(s.sesid, grbit);
      Expect(st, err, JET_errSuccess, "JetCommitTransaction", index);
      if (err != JET_errSuccess) return;
      st.committed.fetch_add(1, std::memory_order_relaxed);
    } else {
      const JET_ERR err = JetRollback(s.sesid, 0);
      Expect(st, err, JET_errSuccess, "JetRollback", index);
      if (err != JET_errSuccess) return;
      st.rolled_back.fetch_add(1, std::memory_order_relaxed);
    }
    if (s.began_by != me) st.handoffs.fetch_add(1, std::memory_order_relaxed);
    s.open = false;
    s.bound = 0;
    s.began_by = -1;
    // Now and then: the transaction is over, the session is at level 0, a rollback finds nothing.
    if ((roll >> 40) % 4 == 0) {
      Expect(st, JetRollback(s.sesid, 0), JET_errNotInTransaction, "JetRollback (after finishing)", index);
    }
    s.context.store(FreshContext(rng), std::memory_order_release);
  }

  // Prints a line per second until the time is up, every worker met its quota, or SIGINT.
  void Progress(std::chrono::steady_clock::time_point start) {
    const bool timed = opt_.seconds_given || opt_.ops == kUnlimited;
    const auto deadline = start + std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                                      std::chrono::duration<double>(opt_.seconds));
    auto next_print = start + std::chrono::seconds(1);
    uint64_t last_cycles = 0, last_claims = 0, last_conflicts = 0;
    auto last_time = start;
    for (;;) {
      const auto now = std::chrono::steady_clock::now();
      const uint64_t cycles = Sum(stats_, &WorkerStats::cycles);
      const bool finished = opt_.ops != kUnlimited && cycles >= opt_.ops;
      if (g_interrupted != 0 || finished || (timed && now >= deadline)) return;
      if (now >= next_print) {
        const uint64_t claims = Sum(stats_, &WorkerStats::claims);
        const uint64_t conflicts = Sum(stats_, &WorkerStats::conflicts);
        const double dt = std::chrono::duration<double>(now - last_time).count();
        std::printf("[%5.1fs] ops/s %10.0f  claims %9llu  conflicts %8llu  open txns %5llu  inconsistencies %llu\n",
                    std::chrono::duration<double>(now - start).count(), static_cast<double>(cycles - last_cycles) / dt,
                    static_cast<unsigned long long>(claims - last_claims),
                    static_cast<unsigned long long>(conflicts - last_conflicts),
                    static_cast<unsigned long long>(OpenTransactions()),
                    static_cast<unsigned long long>(inconsistencies_.load(std::memory_order_relaxed)));
        std::fflush(stdout);
        last_cycles = cycles;
        last_claims = claims;
        last_conflicts = conflicts;
        last_time = now;
        next_print += std::chrono::seconds(1);
      }
      auto wake = std::min(next_print, now + std::chrono::milliseconds(50));
      if (timed) wake = std::min(wake, deadline);
      std::this_thread::sleep_until(wake);
    }
  }

  uint64_t OpenTransactions() const {
    const uint64_t begun = Sum(stats_, &WorkerStats::begun);
    const uint64_t ended = Sum(stats_, &WorkerStats::committed) + Sum(stats_, &WorkerStats::rolled_back);
    return begun >= ended ? begun - ended : 0;
  }

  // Rolls back what is still open, ends every session, terminates the instance.
  void Shutdown() {
    for (size_t i = 0; i < pool_.size(); ++i) {
      PooledSession& s = pool_[i];
      auto check = [&](JET_ERR got, JET_ERR want, const char* call) {
        ++codes_[got];
        if (got != want) {
          Inconsistent(std::string("shutdown: ") + call + " on session " + std::to_string(i) + ": got " +
                       CodeText(got) + ", the model expects " + CodeText(want));
        }
      };
      if (s.holder.load(std::memory_order_acquire) != -1) Inconsistent("session " + std::to_string(i) + " still held");
      if (s.open) {
        check(JetSetSessionContext(s.sesid, s.bound), JET_errSuccess, "JetSetSessionContext");
        check(JetRollback(s.sesid, 0), JET_errSuccess, "JetRollback");
        check(JetResetSessionContext(s.sesid), JET_errSuccess, "JetResetSessionContext");
        s.open = false;
        ++rolled_back_at_end_;
      }
      check(JetEndSession(s.sesid, 0), JET_errSuccess, "JetEndSession");
      s.sesid = 0;
    }
    const JET_ERR term = JetTerm(instance_);
    ++codes_[term];
    if (term != JET_errSuccess) Inconsistent("JetTerm: " + CodeText(term));
    instance_ = 0;
  }

  int Report(double elapsed) {
    const uint64_t cycles = Sum(stats_, &WorkerStats::cycles);
    const uint64_t calls = Sum(stats_, &WorkerStats::calls);
    const uint64_t claims = Sum(stats_, &WorkerStats::claims);
    const uint64_t conflicts = Sum(stats_, &WorkerStats::conflicts);
    auto ull = [](uint64_t v) { return static_cast<unsigned long long>(v); };
    std::printf("\n%s after %.2f s\n", g_interrupted != 0 ? "interrupted" : "done", elapsed);
    std::printf("  ops (claim cycles) %12llu   %12.0f /s\n", ull(cycles), static_cast<double>(cycles) / elapsed);
    std::printf("  JET calls          %12llu   %12.0f /s\n", ull(calls), static_cast<double>(calls) / elapsed);
    std::printf("  claims won         %12llu   lost %llu (%.1f%% of attempts)\n", ull(claims), ull(conflicts),
                claims + conflicts > 0 ? 100.0 * static_cast<double>(conflicts) / static_cast<double>(claims + conflicts)
                                       : 0.0);
    std::printf("  transactions       begun %llu, committed %llu, rolled back %llu (+%llu at shutdown)\n",
                ull(Sum(stats_, &WorkerStats::begun)), ull(Sum(stats_, &WorkerStats::committed)),
                ull(Sum(stats_, &WorkerStats::rolled_back)), ull(rolled_back_at_end_));
    std::printf("  finished on another thread %llu, refused for a stale context %llu, probes %llu\n",
                ull(Sum(stats_, &WorkerStats::handoffs)), ull(Sum(stats_, &WorkerStats::wrong_context)),
                ull(Sum(stats_, &WorkerStats::probes)));

    std::printf("\nresult codes\n");
    uint64_t undocumented = 0;
    for (const auto& [code, n] : codes_) {
      const char* name = jetstore::ErrorName(code);
      if (name == nullptr) undocumented += n;
      std::printf("  %-40s %6ld %14llu\n", name != nullptr ? name : "UNDOCUMENTED", code, ull(n));
    }
    const uint64_t bad = inconsistencies_.load(std::memory_order_relaxed);
    std::printf("\nundocumented codes: %llu   inconsistencies: %llu\n", ull(undocumented), ull(bad));
    for (const std::string& m : messages_) std::printf("  %s\n", m.c_str());
    if (bad > messages_.size()) std::printf("  ... and %llu more\n", ull(bad - messages_.size()));
    return undocumented == 0 && bad == 0 ? 0 : 1;
  }

  const Options opt_;
  std::string dir_;
  JET_INSTANCE instance_ = 0;
  std::vector<PooledSession> pool_;  // fixed size: never reallocated while workers run
  std::vector<std::unique_ptr<WorkerStats>> stats_;
  std::atomic<bool> stop_{false};
  std::atomic<uint64_t> inconsistencies_{0};
  std::mutex messages_mu_;
  std::vector<std::string> messages_;  // GUARDED_BY(messages_mu_) while workers run
  std::map<JET_ERR, uint64_t> codes_;  // main thread only
  uint64_t rolled_back_at_end_ = 0;
};

}  // namespace

int main(int argc, char** argv) {
  Options opt;
  bool help = false;
  if (!ParseOptions(argc, argv, &opt, &help)) {
    Usage(stderr);
    return 2;
  }
  if (help) {
    Usage(stdout);
    return 0;
  }
  std::signal(SIGINT, OnSignal);
  std::signal(SIGTERM, OnSignal);

  Simulator sim(opt);
  if (!sim.Start()) {
    sim.Abandon();
    return 2;
  }
  return sim.Run();
}

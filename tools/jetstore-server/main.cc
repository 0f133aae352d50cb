// jetstore-server: jetstore embedded in a Boost.Asio server that Redis clients speak to (RESP2).
//
// THREADS: one io_context run by a pool of threads (--threads, default the number of cores); each
// connection is a coroutine on its own strand with its own JET session. Whichever pool thread
// resumes a connection claims the session with JetSetSessionContext and resets it before every
// wait, so a session follows its client across the pool's threads (no thread id is kept across a
// co_await). A durable commit is handed to a commit pool (Set the same context there, commit,
// Reset, resume on the connection's strand): a slow fdatasync never stalls the pool threads, and
// group commit sees every client in flight.
//
// BATCHES: the commands of one read (a pipelined batch) run in one JET transaction, each command
// in a nested level, with one commit; their replies go out after it. A write conflict rolls the
// batch back and runs it again (bounded), invisibly to the client.
//
// LIFECYCLE: SIGTERM / SIGINT / SHUTDOWN stop accepting; idle connections are closed, busy ones
// finish their batch; each connection rolls back and ends its session on its own strand; then
// JetStopServiceInstance and JetTerm (a dirty JetTerm2 past --shutdown-timeout-ms). A restart
// finds every commit that was acknowledged durably.
//
// MULTI / WATCH: the JET transaction on the connection's main session spans its requests, served
// by whichever pool threads resume it (each claims the session's context); EXEC write-locks the
// watched keys (JetGetLock: a change committed since the snapshot conflicts), runs the queue and
// commits. Commands between WATCH and MULTI run on a second session, committed at once.
//
// LIMITS: --proto-max-bulk-len, --max-pipeline-bytes, --max-reply-bytes (one batch's replies),
// --max-queue (MULTI), --maxclients, --timeout (idle), --max-transaction-age-ms (MULTI / WATCH);
// a client that does not read stops being read from (its socket's buffers fill), so what the
// server holds for it stays bounded.
#include <esent.h>
#include <jetstore/errors.hpp>
#include <jetstore/log_stats.h>

#include <CLI/CLI.hpp>

#include <boost/asio.hpp>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <chrono>
#include <cinttypes>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "keyspace.h"
#include "resp.h"

namespace {

namespace asio = boost::asio;
using asio::ip::tcp;
namespace fs = std::filesystem;
using jetstore::server::Keyspace;
using jetstore::server::KeyspaceSchema;
using jetstore::server::RequestParser;

struct Options {
    std::string bind = "127.0.0.1";
    unsigned port = 6379;
    unsigned threads = std::max(1u, std::thread::hardware_concurrency());
    unsigned commit_threads = 32;
    std::string dir = "jetstore-server-data";
    unsigned maxclients = 1000;
    std::string commit = "durable";
    std::string requirepass;
    std::size_t max_bulk = 512ull * 1024 * 1024;
    std::size_t max_args = 1024 * 1024;
    std::size_t max_inline = 64 * 1024;
    std::size_t max_pipeline = 64ull * 1024 * 1024;  // bytes a client may have sent and not had parsed
    std::size_t max_reply = 256ull * 1024 * 1024;    // bytes of replies one batch may produce
    std::size_t max_queue = 10000;                    // commands a MULTI may queue
    unsigned timeout_s = 0;                           // idle seconds before a connection is closed (0: never)
    unsigned max_txn_age_ms = 60000;                  // a MULTI / WATCH transaction older than this is ended
    unsigned shutdown_timeout_ms = 10000;
    // A conflicting batch is run again at most this often (a few seconds in all): a blind write
    // (SET) to a key others write too waits for their commits this way.
    unsigned max_retries = 2000;
};

void Log(const char* fmt, auto... args) {
    std::fprintf(stderr, "jetstore-server: ");
    std::fprintf(stderr, fmt, args...);
    std::fputc('\n', stderr);
}

// How long a batch that met a write conflict waits before it runs again: 50 us doubling to 2 ms,
// plus as much again at random.
std::chrono::microseconds Backoff(unsigned attempt) {
    thread_local std::minstd_rand rng(std::random_device{}());
    const unsigned base = std::min(2000u, 50u << std::min(attempt, 6u));
    return std::chrono::microseconds(base + rng() % base);
}

const char* ErrName(JET_ERR err) {
    const char* n = jetstore::ErrorName(err);
    return n != nullptr ? n : "error";
}

std::string Lower(std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

// A tiny glob (CONFIG GET's pattern): * and ? only.
bool Glob(std::string_view p, std::string_view s) {
    if (p.empty()) return s.empty();
    if (p[0] == '*') return Glob(p.substr(1), s) || (!s.empty() && Glob(p, s.substr(1)));
    if (s.empty()) return false;
    return (p[0] == '?' || p[0] == s[0]) && Glob(p.substr(1), s.substr(1));
}

struct Counters {
    std::atomic<std::uint64_t> connections_total{0};
    std::atomic<std::uint64_t> connections_now{0};
    std::atomic<std::uint64_t> rejected{0};
    std::atomic<std::uint64_t> commands{0};
    std::atomic<std::uint64_t> batches{0};
    std::atomic<std::uint64_t> commits{0};
    std::atomic<std::uint64_t> retries{0};
    std::atomic<std::uint64_t> crossed{0};  // batches whose commit ran on another thread than they began
    std::atomic<std::uint64_t> commit_pool_depth{0};
    std::atomic<std::uint64_t> commit_pool_max_depth{0};
};

class Server;

// Runs `fn` on the commit pool and resumes the awaiting coroutine on its own executor.
template <typename Fn>
auto OnCommitPool(asio::thread_pool& pool, Fn fn) {
    return asio::async_initiate<decltype(asio::use_awaitable), void(JET_ERR)>(
        [&pool, fn](auto handler) mutable {
            asio::post(pool, [fn, handler = std::move(handler)]() mutable {
                const JET_ERR e = fn();
                auto ex = asio::get_associated_executor(handler);
                asio::post(ex, [handler = std::move(handler), e]() mutable { handler(e); });
            });
        },
        asio::use_awaitable);
}

class Server {
public:
    explicit Server(Options o) : opt_(std::move(o)), acceptor_(io_), signals_(io_, SIGTERM, SIGINT), commit_pool_(opt_.commit_threads) {}

    int Run() {
        if (!StartEngine()) return 3;
        boost::system::error_code ec;
        const auto address = asio::ip::make_address(opt_.bind, ec);
        if (ec) {
            Log("--bind %s: %s", opt_.bind.c_str(), ec.message().c_str());
            StopEngine();
            return 2;
        }
        const tcp::endpoint ep(address, static_cast<unsigned short>(opt_.port));
        acceptor_.open(ep.protocol(), ec);
        if (!ec) acceptor_.set_option(tcp::acceptor::reuse_address(true), ec);
        if (!ec) acceptor_.bind(ep, ec);
        if (!ec) acceptor_.listen(asio::socket_base::max_listen_connections, ec);
        if (ec) {
            Log("listening on %s:%u: %s", opt_.bind.c_str(), opt_.port, ec.message().c_str());
            StopEngine();
            return 3;
        }
        Log("listening on %s:%u (%u threads, commits %s, data in %s)", opt_.bind.c_str(),
            static_cast<unsigned>(acceptor_.local_endpoint().port()), opt_.threads, opt_.commit.c_str(), opt_.dir.c_str());
        signals_.async_wait([this](const boost::system::error_code& e, int sig) {
            if (!e) {
                Log("signal %d: shutting down", sig);
                BeginShutdown();
            }
        });
        asio::co_spawn(io_, Accept(), asio::detached);
        std::vector<std::thread> pool;
        for (unsigned i = 0; i < opt_.threads; ++i) pool.emplace_back([this] { io_.run(); });
        for (auto& t : pool) t.join();
        commit_pool_.join();
        return StopEngine() ? 0 : 1;
    }

    // Called from any thread (a signal, SHUTDOWN).
    void BeginShutdown() {
        asio::post(io_, [this] {
            if (stopping_.exchange(true)) return;
            boost::system::error_code ignored;
            acceptor_.close(ignored);
            signals_.cancel(ignored);
            {
                std::lock_guard lock(mu_);
                // Idle connections are closed now; busy ones end after their batch. The cancel
                // runs on each connection's strand (a socket is not safe to cancel from one thread
                // while its connection closes it on another), and only if it is still registered.
                for (auto& [id, sock] : sockets_) {
                    asio::post(sock->get_executor(), [this, id = id] {
                        std::lock_guard inner(mu_);
                        auto it = sockets_.find(id);
                        boost::system::error_code e;
                        if (it != sockets_.end()) it->second->cancel(e);
                    });
                }
            }
            deadline_ = std::make_unique<asio::steady_timer>(io_, std::chrono::milliseconds(opt_.shutdown_timeout_ms));
            deadline_->async_wait([this](const boost::system::error_code& e) {
                if (e) return;
                Log("connections did not end within %u ms: stopping dirty", opt_.shutdown_timeout_ms);
                dirty_ = true;
                io_.stop();
            });
            MaybeFinish();
        });
    }

private:
    friend class Connection;

    bool StartEngine() {
        std::error_code ec;
        fs::create_directories(opt_.dir, ec);
        const std::string dir = fs::absolute(opt_.dir).lexically_normal().string() + "/";
        JET_ERR err = JetCreateInstance(&inst_, "jetstore-server");
        auto set = [&](JET_ULONG id, JET_API_PTR n, const char* s) {
            if (err >= 0) err = JetSetSystemParameter(&inst_, 0, id, n, s);
        };
        set(JET_paramSystemPath, 0, dir.c_str());
        set(JET_paramLogFilePath, 0, dir.c_str());
        set(JET_paramTempPath, 0, dir.c_str());
        set(JET_paramCreatePathIfNotExist, 1, nullptr);
        set(JET_paramMaxSessions, static_cast<JET_API_PTR>(opt_.maxclients) * 2 + 8, nullptr);  // main + side
        // A transaction's uncommitted bytes are bounded by the version store (16 KiB pages): room
        // for the largest argument twice over, and for a batch of ordinary ones.
        set(JET_paramMaxVerPages, static_cast<JET_API_PTR>(std::max<std::size_t>(4096, opt_.max_bulk / 8192 + 1024)), nullptr);
        if (err >= 0) err = JetInit(&inst_);
        JET_SESID s = 0;
        if (err >= 0) err = JetBeginSession(inst_, &s, nullptr, nullptr);
        db_path_ = dir + "kv.edb";
        if (err >= 0) err = jetstore::server::OpenKeyspace(s, db_path_, &schema_);
        if (s != 0) JetEndSession(s, 0);
        if (err < 0) {
            const char* name = jetstore::ErrorName(err);
            Log("starting the engine in %s: %s (%d)", dir.c_str(), name != nullptr ? name : "?", err);
            if (inst_ != 0) JetTerm(inst_);
            inst_ = 0;
            return false;
        }
        JETSTORE_LOG_STATS st{};
        st.cbStruct = sizeof st;
        if (JetstoreGetLogStats(inst_, &st) >= 0 && st.fRecovered != 0) {
            Log("recovered from an unclean stop (%" PRIu64 " commit records replayed)", static_cast<std::uint64_t>(st.cReplayedRecords));
        }
        return true;
    }

    bool StopEngine() {
        if (inst_ == 0) return true;
        JET_ERR err;
        if (dirty_) {
            err = JetTerm2(inst_, JET_bitTermDirty);
            if (err == JET_errDirtyShutdown) err = JET_errSuccess;
        } else {
            (void)JetStopServiceInstance(inst_);
            err = JetTerm2(inst_, JET_bitTermComplete);
            if (err < 0) err = JetTerm2(inst_, JET_bitTermDirty) == JET_errDirtyShutdown ? JET_errSuccess : err;
        }
        inst_ = 0;
        Log("stopped%s", dirty_ ? " (dirty: the next start recovers)" : "");
        return err >= 0;
    }

    asio::awaitable<void> Accept();
    void MaybeFinish() {
        if (stopping_ && counters_.connections_now.load() == 0) {
            if (deadline_) deadline_->cancel();
            io_.stop();
        }
    }

    Options opt_;
    asio::io_context io_;
    tcp::acceptor acceptor_;
    asio::signal_set signals_;
    asio::thread_pool commit_pool_;
    std::unique_ptr<asio::steady_timer> deadline_;
    std::atomic<bool> stopping_{false};
    bool dirty_ = false;
    JET_INSTANCE inst_ = 0;
    std::string db_path_;
    KeyspaceSchema schema_;
    Counters counters_;
    std::mutex mu_;
    std::map<std::uint64_t, tcp::socket*> sockets_;  // open connections (guarded by mu_)
    std::atomic<std::uint64_t> next_id_{1};
};

class Connection {
public:
    Connection(Server& srv, tcp::socket sock, std::uint64_t id)
        : srv_(srv), sock_(std::move(sock)), id_(id), context_(static_cast<JET_API_PTR>(id)),
          parser_(jetstore::server::Limits{srv.opt_.max_inline, srv.opt_.max_bulk, srv.opt_.max_args, 10, 16384}) {}

    asio::awaitable<void> Serve() {
        {
            std::lock_guard lock(srv_.mu_);
            srv_.sockets_[id_] = &sock_;
        }
        if (srv_.stopping_) {
            Unregister();
            co_return;
        }
        bool ok = Open();
        std::vector<char> buf(16 * 1024);
        asio::steady_timer idle(sock_.get_executor());
        while (ok && !quit_) {
            boost::system::error_code ec;
            const std::uint64_t read_no = ++reads_;
            if (srv_.opt_.timeout_s != 0) {
                // An idle client is closed after --timeout seconds (redis.conf's `timeout`). The
                // handler runs on this connection's strand; one left over from an earlier read
                // (it expired as that read completed) finds another read number and does nothing.
                idle.expires_after(std::chrono::seconds(srv_.opt_.timeout_s));
                idle.async_wait([this, read_no](const boost::system::error_code& e) {
                    if (e || read_no != reads_ || !reading_) return;
                    timed_out_ = true;
                    boost::system::error_code ignored;
                    sock_.cancel(ignored);
                });
            }
            reading_ = true;
            const std::size_t n = co_await sock_.async_read_some(asio::buffer(buf), asio::redirect_error(asio::use_awaitable, ec));
            reading_ = false;
            idle.cancel();
            if (timed_out_ || ec || n == 0) break;
            parser_.Feed(std::string_view(buf.data(), n));
            std::vector<std::vector<std::string>> batch;
            std::string protocol_error;
            for (;;) {
                std::vector<std::string> args;
                const auto r = parser_.Next(&args, &protocol_error, Authenticated() || PendingAuth(batch));
                if (r != RequestParser::Result::kCommand) break;
                batch.push_back(std::move(args));
            }
            if (protocol_error.empty() && parser_.pending() > srv_.opt_.max_pipeline) {
                protocol_error = "ERR Protocol error: too many bytes pipelined without a complete request";
            } else if (!protocol_error.empty()) {
                protocol_error = "ERR " + protocol_error;
            }
            std::string out;
            if (!batch.empty()) co_await RunBatch(batch, &out);
            if (out.size() > srv_.opt_.max_reply) {
                // A bound on what one batch may make the server hold for a client.
                out.clear();
                protocol_error = "ERR the replies to this batch exceed " + std::to_string(srv_.opt_.max_reply) +
                                 " bytes (--max-reply-bytes); the connection is closed";
            }
            if (!protocol_error.empty()) {
                jetstore::server::ReplyError(&out, protocol_error);
                quit_ = true;
            }
            if (!out.empty()) {
                co_await asio::async_write(sock_, asio::buffer(out), asio::redirect_error(asio::use_awaitable, ec));
                if (ec) break;
            }
            if (srv_.stopping_) break;  // the batch is done: end now
        }
        Close();
        Unregister();
        co_return;
    }

private:
    bool Authenticated() const { return srv_.opt_.requirepass.empty() || authenticated_; }
    // Pre-AUTH limits stop applying once an AUTH is in the batch being parsed.
    bool PendingAuth(const std::vector<std::vector<std::string>>& batch) const {
        for (const auto& a : batch) {
            if (!a.empty() && Lower(a[0]) == "auth") return true;
        }
        return false;
    }

    // A JET session of the connection with the table open. `main` carries the batches and the
    // MULTI / WATCH transaction; `side` (opened on demand) runs the commands a client sends
    // between WATCH and MULTI, which Redis applies at once while the watch transaction stays open.
    struct Jet {
        JET_SESID ses = 0;
        JET_TABLEID table = 0;
        JET_API_PTR context = 0;
        std::unique_ptr<Keyspace> ks;
    };

    static void Claim(const Jet& j) { (void)JetSetSessionContext(j.ses, j.context); }
    static void Release(const Jet& j) { (void)JetResetSessionContext(j.ses); }

    JET_ERR OpenJet(Jet* j, JET_API_PTR context) {
        j->context = context;
        JET_ERR err = JetBeginSession(srv_.inst_, &j->ses, nullptr, nullptr);
        JET_DBID db = 0;
        if (err >= 0) {
            Claim(*j);
            err = JetOpenDatabase(j->ses, srv_.db_path_.c_str(), nullptr, &db, 0);
            if (err >= 0) err = JetOpenTable(j->ses, db, "kv", nullptr, 0, 0, &j->table);
            Release(*j);
        }
        if (err >= 0) j->ks = std::make_unique<Keyspace>(j->ses, j->table, srv_.schema_);
        return err;
    }

    static void CloseJet(Jet* j) {
        if (j->ses == 0) return;
        Claim(*j);
        (void)JetRollback(j->ses, JET_bitRollbackAll);
        Release(*j);
        (void)JetEndSession(j->ses, 0);
        j->ses = 0;
    }

    bool Open() {
        const JET_ERR err = OpenJet(&main_, context_);
        if (err < 0) {
            std::string out;
            jetstore::server::ReplyError(&out, err == JET_errOutOfSessions ? "ERR max number of clients reached"
                                                                            : "ERR jetstore: cannot open a session");
            boost::system::error_code ignored;
            asio::write(sock_, asio::buffer(out), ignored);
            return false;
        }
        return true;
    }

    void Close() {
        if (txn_open_) EndTransaction(false);
        CloseJet(&main_);
        CloseJet(&side_);
        boost::system::error_code ignored;
        sock_.shutdown(tcp::socket::shutdown_both, ignored);
        sock_.close(ignored);
    }

    void Unregister() {
        {
            std::lock_guard lock(srv_.mu_);
            srv_.sockets_.erase(id_);
        }
        srv_.counters_.connections_now.fetch_sub(1);
        asio::post(srv_.io_, [s = &srv_] { s->MaybeFinish(); });
    }

    // Commands that do not read or write the keyspace; false when `a` is not one.
    bool RunControl(const std::vector<std::string>& a, const std::string& name, std::string* out);

    // A pipelined batch, command by command: runs of plain commands as segments, MULTI / EXEC /
    // DISCARD / WATCH / UNWATCH and what a transaction queues as Redis does.
    asio::awaitable<void> RunBatch(const std::vector<std::vector<std::string>>& batch, std::string* out);
    // A run of commands in one JET transaction of `j` with one commit (replayed on conflicts).
    asio::awaitable<void> RunSegment(Jet& j, const std::vector<std::vector<std::string>>& segment, std::string* out);
    // The commit of `j`'s open transaction: lazy at once, durable on the commit pool. REQUIRES: the
    // context claimed; claimed again on return.
    asio::awaitable<JET_ERR> CommitOn(Jet& j);
    // One command inside a segment or an EXEC: a reply, or a conflict.
    Keyspace::Outcome RunOne(Jet& j, const std::vector<std::string>& a, std::string* out, bool* wrote);
    // Checks a command as Redis checks it before running or queuing it (unknown, arity, NOAUTH):
    // false with the error reply appended.
    bool Check(const std::vector<std::string>& a, const std::string& name, std::string* out);

    // MULTI / WATCH begin the JET transaction on `main_` (a snapshot, no locks).
    JET_ERR BeginTransaction();
    void EndTransaction(bool commit_done);
    void Scan(const std::vector<std::string>& a, std::string* out);
    void NoteThread();
    asio::awaitable<void> Exec(std::string* out);

    std::string Info();

    Server& srv_;
    tcp::socket sock_;
    std::uint64_t id_;
    JET_API_PTR context_;
    RequestParser parser_;
    Jet main_, side_;
    bool authenticated_ = false;
    bool quit_ = false;
    std::string name_;
    // MULTI / WATCH.
    bool in_multi_ = false;
    bool queue_error_ = false;
    bool txn_open_ = false;
    bool txn_crossed_ = false;
    std::thread::id txn_thread_;  // the thread that began it: compared with, never used as the current one
    std::vector<std::vector<std::string>> queue_;
    std::vector<std::string> watched_;
    std::chrono::steady_clock::time_point txn_began_;
    bool expired_ = false;  // the MULTI was ended for its age: its EXEC gets EXECABORT
    // SCAN's cursors: a number handed to the client for the key to go on from (64-bit decimal
    // cursors cannot hold a key). Valid on this connection; the newest 1024 are kept.
    std::map<std::uint64_t, std::string> scan_cursors_;
    // The idle timeout (on the strand): which read is waiting, and whether it timed out.
    std::uint64_t reads_ = 0;
    bool reading_ = false;
    bool timed_out_ = false;
    std::uint64_t next_cursor_ = 1;
};

asio::awaitable<void> Server::Accept() {
    for (;;) {
        boost::system::error_code ec;
        tcp::socket sock = co_await acceptor_.async_accept(asio::make_strand(io_), asio::redirect_error(asio::use_awaitable, ec));
        if (ec) {
            if (stopping_) co_return;
            continue;
        }
        counters_.connections_total.fetch_add(1);
        if (counters_.connections_now.load() >= opt_.maxclients) {
            counters_.rejected.fetch_add(1);
            static const char kFull[] = "-ERR max number of clients reached\r\n";
            asio::write(sock, asio::buffer(kFull, sizeof kFull - 1), ec);
            continue;
        }
        counters_.connections_now.fetch_add(1);
        const auto strand = sock.get_executor();  // the connection's strand (accepted onto it)
        auto conn = std::make_shared<Connection>(*this, std::move(sock), next_id_.fetch_add(1));
        asio::co_spawn(strand, [conn]() -> asio::awaitable<void> { co_await conn->Serve(); }, asio::detached);
    }
}

bool Connection::RunControl(const std::vector<std::string>& a, const std::string& name, std::string* out) {
    using namespace jetstore::server;
    auto arity = [&](std::size_t at_least, std::size_t at_most) {
        if (a.size() >= at_least && a.size() <= at_most) return true;
        ReplyError(out, "ERR wrong number of arguments for '" + name + "' command");
        return false;
    };
    if (name == "ping") {
        if (!arity(1, 2)) return true;
        if (a.size() == 2) {
            ReplyBulk(out, a[1]);
        } else {
            ReplySimple(out, "PONG");
        }
    } else if (name == "echo") {
        if (arity(2, 2)) ReplyBulk(out, a[1]);
    } else if (name == "quit") {
        ReplySimple(out, "OK");
        quit_ = true;
    } else if (name == "auth") {
        if (!arity(2, 3)) return true;
        if (srv_.opt_.requirepass.empty()) {
            ReplyError(out, "ERR AUTH <password> called without any password configured for the default user. Are you sure your configuration is correct?");
        } else if ((a.size() == 3 && a[1] != "default") || a.back() != srv_.opt_.requirepass) {
            ReplyError(out, "WRONGPASS invalid username-password pair or user is disabled.");
        } else {
            authenticated_ = true;
            ReplySimple(out, "OK");
        }
    } else if (name == "hello") {
        ReplyError(out, "NOPROTO sorry, this protocol version is not supported");
    } else if (name == "select") {
        if (!arity(2, 2)) return true;
        long long db = 0;
        if (!ParseInteger(a[1], &db)) {
            ReplyError(out, "ERR value is not an integer or out of range");
        } else if (db != 0) {
            ReplyError(out, "ERR DB index is out of range");
        } else {
            ReplySimple(out, "OK");
        }
    } else if (name == "client") {
        const std::string sub = a.size() > 1 ? Lower(a[1]) : "";
        if (sub == "setname" && a.size() == 3) {
            if (a[2].find_first_of(" \n\r") != std::string::npos) {
                ReplyError(out, "ERR Client names cannot contain spaces, newlines or special characters.");
            } else {
                name_ = a[2];
                ReplySimple(out, "OK");
            }
        } else if (sub == "getname" && a.size() == 2) {
            if (name_.empty()) {
                ReplyNull(out);
            } else {
                ReplyBulk(out, name_);
            }
        } else if (sub == "id" && a.size() == 2) {
            ReplyInteger(out, static_cast<long long>(id_));
        } else if (sub == "setinfo" && a.size() == 4) {
            ReplySimple(out, "OK");
        } else {
            ReplyError(out, "ERR unknown subcommand or wrong number of arguments for '" + (a.size() > 1 ? a[1] : std::string()) +
                                "'. Try CLIENT HELP.");
        }
    } else if (name == "command") {
        const std::string sub = a.size() > 1 ? Lower(a[1]) : "";
        if (sub == "docs" || sub == "info" || sub.empty()) {
            ReplyArrayHeader(out, 0);  // no command documentation is offered
        } else if (sub == "count") {
            ReplyInteger(out, 0);
        } else {
            ReplyError(out, "ERR unknown subcommand '" + a[1] + "'. Try COMMAND HELP.");
        }
    } else if (name == "config") {
        if (a.size() == 3 && Lower(a[1]) == "get") {
            const std::pair<const char*, std::string> known[] = {
                {"save", ""},
                {"appendonly", "yes"},
                {"appendfsync", srv_.opt_.commit == "durable" ? "always" : "everysec"},
                {"maxclients", std::to_string(srv_.opt_.maxclients)},
                {"databases", "1"},
            };
            std::string items;
            std::size_t n = 0;
            for (const auto& [k, v] : known) {
                if (!Glob(Lower(a[2]), k)) continue;
                ReplyBulk(&items, k);
                ReplyBulk(&items, v);
                n += 2;
            }
            ReplyArrayHeader(out, n);
            out->append(items);
        } else {
            ReplyError(out, "ERR CONFIG supports only GET in jetstore-server");
        }
    } else if (name == "info") {
        ReplyBulk(out, Info());
    } else if (name == "shutdown") {
        srv_.BeginShutdown();
        quit_ = true;  // no reply: the connection closes, as redis-server's does
    } else {
        return false;
    }
    return true;
}

std::string Connection::Info() {
    const Counters& c = srv_.counters_;
    JETSTORE_LOG_STATS st{};
    st.cbStruct = sizeof st;
    const bool have = JetstoreGetLogStats(srv_.inst_, &st) >= 0;
    char buf[2048];
    std::snprintf(buf, sizeof buf,
                  "# Server\r\nredis_version:7.0.0\r\njetstore_server:1\r\nredis_mode:standalone\r\n"
                  "tcp_port:%u\r\npool_threads:%u\r\ncommit_threads:%u\r\ncommit_mode:%s\r\n"
                  "# Clients\r\nconnected_clients:%" PRIu64 "\r\nsessions:%" PRIu64 "\r\nmaxclients:%u\r\n"
                  "rejected_connections:%" PRIu64 "\r\n"
                  "# Stats\r\ntotal_connections_received:%" PRIu64 "\r\ntotal_commands_processed:%" PRIu64 "\r\n"
                  "batches:%" PRIu64 "\r\ncommits:%" PRIu64 "\r\nbatch_retries:%" PRIu64 "\r\n"
                  "transactions_crossed_threads:%" PRIu64 "\r\ncommit_pool_depth:%" PRIu64 "\r\n"
                  "commit_pool_max_depth:%" PRIu64 "\r\n"
                  "# Jetstore\r\ninstance_state:%s\r\nlog_commits:%" PRIu64 "\r\ngroup_commits:%" PRIu64 "\r\n"
                  "largest_group:%" PRIu64 "\r\nlog_syncs:%" PRIu64 "\r\ncheckpoints:%" PRIu64 "\r\n",
                  static_cast<unsigned>(srv_.opt_.port), srv_.opt_.threads, srv_.opt_.commit_threads, srv_.opt_.commit.c_str(),
                  c.connections_now.load(), c.connections_now.load(), srv_.opt_.maxclients, c.rejected.load(),
                  c.connections_total.load(), c.commands.load(), c.batches.load(), c.commits.load(), c.retries.load(),
                  c.crossed.load(), c.commit_pool_depth.load(), c.commit_pool_max_depth.load(),
                  have ? "running" : "unavailable", static_cast<std::uint64_t>(st.cCommits),
                  static_cast<std::uint64_t>(st.cGroups), static_cast<std::uint64_t>(st.cLargestGroup),
                  static_cast<std::uint64_t>(st.cLogSyncs), static_cast<std::uint64_t>(st.cCheckpoints));
    return buf;
}

bool Connection::Check(const std::vector<std::string>& a, const std::string& name, std::string* out) {
    using namespace jetstore::server;
    if (!Authenticated() && name != "auth" && name != "hello" && name != "quit") {
        ReplyError(out, "NOAUTH Authentication required.");
        return false;
    }
    static const std::set<std::string> kControl = {"ping", "echo", "quit", "auth", "hello", "select", "client",
                                                   "command", "config", "info", "shutdown", "multi", "exec",
                                                   "discard", "watch", "unwatch", "scan"};
    if (kControl.count(name) != 0) {
        if (((name == "watch" || name == "scan") && a.size() < 2) || ((name == "multi" || name == "exec" || name == "discard" || name == "unwatch") && a.size() != 1)) {
            ReplyError(out, "ERR wrong number of arguments for '" + name + "' command");
            return false;
        }
        return true;
    }
    int arity = 0;
    bool writes = false;
    if (!Keyspace::IsDataCommand(name, &arity, &writes)) {
        std::string msg = "ERR unknown command '" + a[0] + "', with args beginning with: ";
        for (std::size_t i = 1; i < a.size() && i < 20; ++i) msg += "'" + a[i] + "' ";
        ReplyError(out, msg);
        return false;
    }
    const auto n = static_cast<int>(a.size());
    if ((arity > 0 && n != arity) || (arity < 0 && n < -arity)) {
        ReplyError(out, "ERR wrong number of arguments for '" + name + "' command");
        return false;
    }
    return true;
}

Keyspace::Outcome Connection::RunOne(Jet& j, const std::vector<std::string>& a, std::string* out, bool* wrote) {
    srv_.counters_.commands.fetch_add(1);
    const std::string name = Lower(a[0]);
    if (!Check(a, name, out)) return Keyspace::Outcome::kDone;
    if (RunControl(a, name, out)) return Keyspace::Outcome::kDone;
    int arity = 0;
    bool writes = false;
    (void)Keyspace::IsDataCommand(name, &arity, &writes);
    std::vector<std::string> args = a;
    args[0] = name;
    const Keyspace::Outcome r = j.ks->Run(args, out);
    if (r == Keyspace::Outcome::kDone) *wrote = *wrote || writes;
    return r;
}

asio::awaitable<JET_ERR> Connection::CommitOn(Jet& j) {
    Counters& c = srv_.counters_;
    if (srv_.opt_.commit == "lazy") co_return JetCommitTransaction(j.ses, JET_bitCommitLazyFlush);
    // A durable commit waits for the log flush on the commit pool.
    Release(j);
    const auto depth = c.commit_pool_depth.fetch_add(1) + 1;
    std::uint64_t seen = c.commit_pool_max_depth.load();
    while (depth > seen && !c.commit_pool_max_depth.compare_exchange_weak(seen, depth)) {
    }
    const JET_SESID ses = j.ses;
    const JET_API_PTR ctx = j.context;
    const JET_ERR err = co_await OnCommitPool(srv_.commit_pool_, [ses, ctx]() -> JET_ERR {
        JET_ERR e = JetSetSessionContext(ses, ctx);
        if (e >= 0) e = JetCommitTransaction(ses, 0);
        (void)JetResetSessionContext(ses);
        return e;
    });
    c.commit_pool_depth.fetch_sub(1);
    Claim(j);
    co_return err;
}

asio::awaitable<void> Connection::RunSegment(Jet& j, const std::vector<std::vector<std::string>>& segment, std::string* out) {
    using namespace jetstore::server;
    Counters& c = srv_.counters_;
    c.batches.fetch_add(1);
    for (unsigned attempt = 0;; ++attempt) {
        std::string replies;
        bool conflict = false, wrote = false, fatal = false;
        Claim(j);
        JET_ERR err = JetBeginTransaction(j.ses);
        for (const auto& a : segment) {
            if (quit_) break;
            if (err < 0) {
                ReplyError(&replies, std::string("ERR jetstore: ") + ErrName(err));
                continue;
            }
            const Keyspace::Outcome r = RunOne(j, a, &replies, &wrote);
            if (r == Keyspace::Outcome::kConflict) {
                conflict = true;
                break;
            }
            if (r == Keyspace::Outcome::kFatal) fatal = true;
            if (replies.size() > srv_.opt_.max_reply) {
                // Past the bound on one batch's replies: nothing of it applies, the connection ends.
                (void)JetRollback(j.ses, JET_bitRollbackAll);
                Release(j);
                ReplyError(out, "ERR the replies to this batch exceed " + std::to_string(srv_.opt_.max_reply) +
                                    " bytes (--max-reply-bytes); the connection is closed");
                quit_ = true;
                co_return;
            }
        }
        if (err >= 0 && (conflict || fatal)) {
            (void)JetRollback(j.ses, JET_bitRollbackAll);
        } else if (err >= 0 && !wrote) {
            (void)JetCommitTransaction(j.ses, 0);  // read only: nothing to flush
        } else if (err >= 0) {
            err = co_await CommitOn(j);
            if (err == JET_errWriteConflict) {
                conflict = true;
                (void)JetRollback(j.ses, JET_bitRollbackAll);
            } else if (err < 0) {
                (void)JetRollback(j.ses, JET_bitRollbackAll);
                replies.clear();
                for (std::size_t i = 0; i < segment.size(); ++i) {
                    ReplyError(&replies, std::string("ERR jetstore: the commit failed: ") + ErrName(err));
                }
            } else {
                c.commits.fetch_add(1);
            }
        }
        Release(j);
        if (!conflict) {
            out->append(replies);
            co_return;
        }
        c.retries.fetch_add(1);
        if (attempt + 1 >= srv_.opt_.max_retries) {
            for (std::size_t i = 0; i < segment.size(); ++i) {
                ReplyError(out, "ERR jetstore: write conflicts persisted; the commands were not applied");
            }
            co_return;
        }
        quit_ = false;
        // The conflicting transaction may still be committing (its flush on the commit pool):
        // wait a little, with jitter so that contenders do not meet again, before the next
        // snapshot.
        asio::steady_timer backoff(co_await asio::this_coro::executor, Backoff(attempt));
        boost::system::error_code ignored;
        co_await backoff.async_wait(asio::redirect_error(asio::use_awaitable, ignored));
    }
}

void Connection::NoteThread() {
    if (txn_open_ && std::this_thread::get_id() != txn_thread_) txn_crossed_ = true;
}

JET_ERR Connection::BeginTransaction() {
    Claim(main_);
    JET_ERR err = JetBeginTransaction(main_.ses);
    // The snapshot is taken at the first read: take it now, as MULTI and WATCH promise.
    if (err >= 0) {
        const JET_ERR m = JetMove(main_.ses, main_.table, JET_MoveFirst, 0);
        if (m < 0 && m != JET_errNoCurrentRecord) err = m;
        if (err < 0) (void)JetRollback(main_.ses, JET_bitRollbackAll);
    }
    Release(main_);
    if (err >= 0) {
        txn_open_ = true;
        txn_crossed_ = false;
        txn_thread_ = std::this_thread::get_id();
        txn_began_ = std::chrono::steady_clock::now();
    }
    return err;
}

void Connection::EndTransaction(bool commit_done) {
    if (!commit_done) {
        Claim(main_);
        (void)JetRollback(main_.ses, JET_bitRollbackAll);
        Release(main_);
    }
    if (txn_open_ && txn_crossed_) srv_.counters_.crossed.fetch_add(1);
    txn_open_ = false;
    in_multi_ = false;
    queue_error_ = false;
    queue_.clear();
    watched_.clear();
}

asio::awaitable<void> Connection::Exec(std::string* out) {
    using namespace jetstore::server;
    Counters& c = srv_.counters_;
    NoteThread();
    if (queue_error_) {
        EndTransaction(false);
        ReplyError(out, "EXECABORT Transaction discarded because of previous errors.");
        co_return;
    }
    const auto queue = queue_;
    const bool watching = !watched_.empty();
    for (unsigned attempt = 0;; ++attempt) {
        Claim(main_);
        // The watched keys: changed since the snapshot, the transaction is off (a null array).
        bool changed = false;
        for (const std::string& k : watched_) {
            if (k.size() > srv_.schema_.max_key) continue;
            JET_ERR err = main_.ks->Seek(k);
            if (err >= 0) {
                // Write-locks it: a change committed after the snapshot conflicts.
                err = JetGetLock(main_.ses, main_.table, JET_bitWriteLock);
                if (err < 0) changed = true;
            } else if (err == JET_errRecordNotFound) {
                // Created since? Only a newer snapshot can tell (the side session's).
                if (side_.ses == 0 && OpenJet(&side_, context_ | (JET_API_PTR{1} << (sizeof(JET_API_PTR) * 8 - 1))) < 0) {
                    changed = true;
                } else {
                    Claim(side_);
                    const JET_ERR e = side_.ks->Seek(k);
                    Release(side_);
                    if (e != JET_errRecordNotFound) changed = true;
                }
            } else {
                changed = true;
            }
            if (changed) break;
        }
        Release(main_);
        if (changed) {
            EndTransaction(false);
            ReplyNullArray(out);
            co_return;
        }
        // The queue, each command in a nested level, then one commit.
        Claim(main_);
        std::string replies;
        bool wrote = false, conflict = false;
        for (const auto& a : queue) {
            const Keyspace::Outcome r = RunOne(main_, a, &replies, &wrote);
            if (r == Keyspace::Outcome::kConflict) {
                conflict = true;
                break;
            }
        }
        JET_ERR err = JET_errSuccess;
        if (!conflict) {
            if (wrote) {
                err = co_await CommitOn(main_);
                if (err == JET_errWriteConflict) conflict = true;
            } else {
                err = JetCommitTransaction(main_.ses, 0);
            }
        }
        Release(main_);
        if (!conflict) {
            if (err < 0) {
                EndTransaction(false);
                ReplyError(out, std::string("ERR jetstore: the commit failed: ") + ErrName(err));
                co_return;
            }
            c.commits.fetch_add(1);
            EndTransaction(true);
            ReplyArrayHeader(out, queue.size());
            out->append(replies);
            co_return;
        }
        // A write conflict on a key nobody watched: roll back and run the queue again on a new
        // snapshot, invisibly; with watched keys it means the transaction is off.
        Claim(main_);
        (void)JetRollback(main_.ses, JET_bitRollbackAll);
        Release(main_);
        txn_open_ = false;
        if (watching || attempt + 1 >= srv_.opt_.max_retries) {
            EndTransaction(true);  // already rolled back
            if (watching) {
                ReplyNullArray(out);
            } else {
                ReplyError(out, "ERR jetstore: write conflicts persisted; the transaction was not applied");
            }
            co_return;
        }
        c.retries.fetch_add(1);
        asio::steady_timer backoff(co_await asio::this_coro::executor, Backoff(attempt));
        boost::system::error_code ignored;
        co_await backoff.async_wait(asio::redirect_error(asio::use_awaitable, ignored));
        if (BeginTransaction() < 0) {
            EndTransaction(true);
            ReplyError(out, "ERR jetstore: cannot begin a transaction");
            co_return;
        }
    }
}

void Connection::Scan(const std::vector<std::string>& a, std::string* out) {
    using namespace jetstore::server;
    srv_.counters_.commands.fetch_add(1);
    long long cursor = 0;
    if (!ParseInteger(a[1], &cursor) || cursor < 0) {
        ReplyError(out, "ERR invalid cursor");
        return;
    }
    std::string pattern = "*";
    long long count = 10;
    for (std::size_t i = 2; i < a.size(); ++i) {
        const std::string opt = Lower(a[i]);
        if (opt == "match" && i + 1 < a.size()) {
            pattern = a[++i];
        } else if (opt == "count" && i + 1 < a.size()) {
            if (!ParseInteger(a[++i], &count)) {
                ReplyError(out, "ERR value is not an integer or out of range");
                return;
            }
            if (count < 1) {
                ReplyError(out, "ERR syntax error");
                return;
            }
        } else if (opt == "type" && i + 1 < a.size()) {
            if (Lower(a[++i]) != "string") pattern.clear();  // only strings here: nothing matches
        } else {
            ReplyError(out, "ERR syntax error");
            return;
        }
    }
    std::string from;
    if (cursor != 0) {
        auto it = scan_cursors_.find(static_cast<std::uint64_t>(cursor));
        if (it == scan_cursors_.end()) {
            ReplyError(out, "ERR invalid cursor");
            return;
        }
        from = it->second;
        scan_cursors_.erase(it);
    }
    // Keys in order from `from`, in a read-only transaction: COUNT keys looked at, the matching
    // ones returned.
    Claim(main_);
    std::vector<std::string> keys;
    bool more = false;
    std::string next;
    JET_ERR err = JetBeginTransaction(main_.ses);
    if (err >= 0) {
        if (from.empty()) {
            err = JetMove(main_.ses, main_.table, JET_MoveFirst, 0);
        } else {
            err = JetMakeKey(main_.ses, main_.table, from.data(), static_cast<JET_ULONG>(from.size()), JET_bitNewKey);
            if (err >= 0) err = JetSeek(main_.ses, main_.table, JET_bitSeekGE);
            if (err == JET_wrnSeekNotEqual) err = JET_errSuccess;
        }
        for (long long looked = 0; err >= 0; ++looked) {
            std::string k(256, '\0');
            JET_ULONG cb = 0;
            err = JetRetrieveColumn(main_.ses, main_.table, srv_.schema_.k, k.data(), static_cast<JET_ULONG>(k.size()), &cb, 0, nullptr);
            if (err < 0) break;
            k.resize(err == JET_wrnColumnNull ? 0 : cb);
            if (looked == count) {
                more = true;
                next = k;
                break;
            }
            if (!pattern.empty() && Glob(pattern, k)) keys.push_back(k);
            err = JetMove(main_.ses, main_.table, JET_MoveNext, 0);
        }
        (void)JetCommitTransaction(main_.ses, 0);
    }
    Release(main_);
    if (err < 0 && err != JET_errNoCurrentRecord && err != JET_errRecordNotFound) {
        ReplyError(out, std::string("ERR jetstore: ") + ErrName(err));
        return;
    }
    std::uint64_t id = 0;
    if (more) {
        id = next_cursor_++;
        scan_cursors_[id] = next;
        if (scan_cursors_.size() > 1024) scan_cursors_.erase(scan_cursors_.begin());
    }
    ReplyArrayHeader(out, 2);
    ReplyBulk(out, std::to_string(id));
    ReplyArrayHeader(out, keys.size());
    for (const auto& k : keys) ReplyBulk(out, k);
}

asio::awaitable<void> Connection::RunBatch(const std::vector<std::vector<std::string>>& batch, std::string* out) {
    using namespace jetstore::server;
    if (txn_open_ && std::chrono::steady_clock::now() - txn_began_ > std::chrono::milliseconds(srv_.opt_.max_txn_age_ms)) {
        // A MULTI / WATCH snapshot older than the bound is ended: EXEC then fails.
        const bool was_multi = in_multi_;
        EndTransaction(false);
        expired_ = was_multi;
    }
    std::vector<std::vector<std::string>> segment;
    for (const auto& a : batch) {
        if (quit_) break;
        const std::string name = Lower(a[0]);
        const bool txn_command = name == "multi" || name == "exec" || name == "discard" || name == "watch" || name == "unwatch";
        if (expired_ && (name == "exec" || name == "discard")) {
            expired_ = false;
            ReplyError(out, "EXECABORT the transaction was open longer than " + std::to_string(srv_.opt_.max_txn_age_ms) +
                                " ms and was ended");
            continue;
        }
        if (expired_ && name != "multi") continue;  // what the ended MULTI queued: dropped
        expired_ = false;
        if (!in_multi_ && !txn_open_ && !txn_command && name != "scan") {
            segment.push_back(a);  // a plain command: with the others of this batch
            continue;
        }
        if (!in_multi_ && !txn_open_ && name == "scan") {
            if (!segment.empty()) {
                co_await RunSegment(main_, segment, out);
                segment.clear();
            }
            if (Check(a, name, out)) Scan(a, out);
            continue;
        }
        if (!segment.empty()) {
            co_await RunSegment(main_, segment, out);
            segment.clear();
        }
        NoteThread();
        if (in_multi_) {
            if (name == "exec") {
                srv_.counters_.commands.fetch_add(1);
                co_await Exec(out);
            } else if (name == "discard") {
                srv_.counters_.commands.fetch_add(1);
                EndTransaction(false);
                ReplySimple(out, "OK");
            } else if (name == "multi") {
                ReplyError(out, "ERR MULTI calls can not be nested");
            } else if (name == "watch") {
                ReplyError(out, "ERR WATCH inside MULTI is not allowed");
            } else if (name == "quit") {
                ReplySimple(out, "OK");
                quit_ = true;
            } else if (!Check(a, name, out)) {
                queue_error_ = true;  // EXEC answers EXECABORT
            } else if (name == "scan") {
                ReplyError(out, "ERR SCAN inside MULTI is not supported by jetstore-server");
                queue_error_ = true;
            } else if (queue_.size() >= srv_.opt_.max_queue) {
                ReplyError(out, "ERR the MULTI queue is full (" + std::to_string(srv_.opt_.max_queue) + " commands)");
                queue_error_ = true;
            } else {
                queue_.push_back(a);
                ReplySimple(out, "QUEUED");
            }
            continue;
        }
        if (!Check(a, name, out)) continue;
        if (name == "exec") {
            ReplyError(out, "ERR EXEC without MULTI");
        } else if (name == "discard") {
            ReplyError(out, "ERR DISCARD without MULTI");
        } else if (name == "multi") {
            if (!txn_open_ && BeginTransaction() < 0) {
                ReplyError(out, "ERR jetstore: cannot begin a transaction");
                continue;
            }
            in_multi_ = true;
            ReplySimple(out, "OK");
        } else if (name == "watch") {
            if (!txn_open_ && BeginTransaction() < 0) {
                ReplyError(out, "ERR jetstore: cannot begin a transaction");
                continue;
            }
            watched_.insert(watched_.end(), a.begin() + 1, a.end());
            ReplySimple(out, "OK");
        } else if (name == "unwatch") {
            if (txn_open_) EndTransaction(false);
            ReplySimple(out, "OK");
        } else if (name == "scan") {
            ReplyError(out, "ERR SCAN between WATCH and MULTI is not supported by jetstore-server");
        } else {
            // Between WATCH and MULTI: applied at once, on the side session, as Redis does.
            if (side_.ses == 0 && OpenJet(&side_, context_ | (JET_API_PTR{1} << (sizeof(JET_API_PTR) * 8 - 1))) < 0) {
                ReplyError(out, "ERR max number of clients reached");
                continue;
            }
            std::vector<std::vector<std::string>> one;
            one.push_back(a);
            co_await RunSegment(side_, one, out);
        }
    }
    if (!segment.empty()) co_await RunSegment(main_, segment, out);
}

// "key value" lines (redis.conf's shape); # starts a comment.
bool ReadConfig(const std::string& path, Options* o, std::string* error) {
    std::ifstream in(path);
    if (!in) {
        *error = "cannot read " + path;
        return false;
    }
    std::string line;
    int n = 0;
    while (std::getline(in, line)) {
        ++n;
        std::vector<std::string> w;
        if (!jetstore::server::SplitInline(line, &w)) {
            *error = path + ":" + std::to_string(n) + ": unbalanced quotes";
            return false;
        }
        if (w.empty() || w[0][0] == '#') continue;
        const std::string key = Lower(w[0]);
        if (w.size() != 2) {
            *error = path + ":" + std::to_string(n) + ": expected `key value`";
            return false;
        }
        try {
            if (key == "bind") o->bind = w[1];
            else if (key == "port") o->port = static_cast<unsigned>(std::stoul(w[1]));
            else if (key == "threads") o->threads = static_cast<unsigned>(std::stoul(w[1]));
            else if (key == "dir") o->dir = w[1];
            else if (key == "maxclients") o->maxclients = static_cast<unsigned>(std::stoul(w[1]));
            else if (key == "commit") o->commit = w[1];
            else if (key == "requirepass") o->requirepass = w[1];
            else if (key == "proto-max-bulk-len") o->max_bulk = std::stoull(w[1]);
            else if (key == "timeout") o->timeout_s = static_cast<unsigned>(std::stoul(w[1]));
            else {
                *error = path + ":" + std::to_string(n) + ": unknown key " + w[0];
                return false;
            }
        } catch (const std::exception&) {
            *error = path + ":" + std::to_string(n) + ": bad value " + w[1];
            return false;
        }
    }
    return true;
}

}  // namespace

int main(int argc, char** argv) {
    Options o;
    CLI::App app{"jetstore-server: jetstore embedded in a Boost.Asio server spoken to by Redis clients (RESP2)"};
    std::string config;
    app.add_option("--config", config, "a redis.conf-like file of `key value` lines (bind, port, threads, dir, maxclients, commit, requirepass, proto-max-bulk-len)");
    app.add_option("--bind", o.bind, "address to listen on")->capture_default_str();
    app.add_option("--port", o.port, "TCP port (0: any free port, printed on stderr)")->capture_default_str();
    app.add_option("--threads", o.threads, "io_context pool threads")->capture_default_str()->check(CLI::Range(1u, 1024u));
    app.add_option("--commit-threads", o.commit_threads, "the commit pool's threads (durable commits)")->capture_default_str()->check(CLI::Range(1u, 1024u));
    app.add_option("--dir", o.dir, "data folder")->capture_default_str();
    app.add_option("--maxclients", o.maxclients, "most connections at once (JET_paramMaxSessions)")->capture_default_str()->check(CLI::Range(1u, 100000u));
    app.add_option("--commit", o.commit, "durable (a flush per batch, group commit) or lazy (flushed within a second)")
        ->capture_default_str()->check(CLI::IsMember({"durable", "lazy"}));
    app.add_option("--requirepass", o.requirepass, "a password clients must give with AUTH");
    app.add_option("--proto-max-bulk-len", o.max_bulk, "the largest argument, in bytes")->capture_default_str();
    app.add_option("--max-pipeline-bytes", o.max_pipeline, "bytes a client may send ahead of a complete request")->capture_default_str();
    app.add_option("--shutdown-timeout-ms", o.shutdown_timeout_ms, "how long a shutdown waits for connections before a dirty stop")->capture_default_str();
    app.add_option("--timeout", o.timeout_s, "close a connection idle this many seconds (0: never)")->capture_default_str();
    app.add_option("--max-reply-bytes", o.max_reply, "the most replies one batch may produce before the connection is closed")->capture_default_str();
    app.add_option("--max-queue", o.max_queue, "commands one MULTI may queue")->capture_default_str();
    app.add_option("--max-transaction-age-ms", o.max_txn_age_ms, "a MULTI / WATCH transaction older than this is ended")->capture_default_str();
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        const int rc = app.exit(e);
        return rc == 0 ? 0 : 2;
    }
    if (!config.empty()) {
        std::string error;
        Options from_file = o;
        if (!ReadConfig(config, &from_file, &error)) {
            Log("--config: %s", error.c_str());
            return 2;
        }
        // Command-line flags win over the file.
        for (const auto* opt : app.get_options()) {
            if (opt->count() != 0) continue;
            const std::string n = opt->get_name();
            if (n == "--bind") o.bind = from_file.bind;
            if (n == "--port") o.port = from_file.port;
            if (n == "--threads") o.threads = from_file.threads;
            if (n == "--dir") o.dir = from_file.dir;
            if (n == "--maxclients") o.maxclients = from_file.maxclients;
            if (n == "--commit") o.commit = from_file.commit;
            if (n == "--requirepass") o.requirepass = from_file.requirepass;
            if (n == "--proto-max-bulk-len") o.max_bulk = from_file.max_bulk;
            if (n == "--timeout") o.timeout_s = from_file.timeout_s;
        }
    }
    ::signal(SIGPIPE, SIG_IGN);
    Server server(o);
    return server.Run();
}

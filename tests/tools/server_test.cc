// jetstore-server end to end over loopback: the server binary (its path from the build) started
// on a free port in a fresh folder, spoken to by a small RESP client: every command it has, with
// Redis's replies and errors; pipelines split byte by byte and at random points; 50 clients x 200
// INCR on one key giving exactly 1..10000; MULTI / EXEC / DISCARD / WATCH as Redis clients expect
// them, with transactions whose requests are served by different pool threads (INFO counts them);
// AUTH and the pre-AUTH limits; malformed input of every
// kind answered with Redis's protocol errors and a closed connection; maxclients; the key limit;
// SCAN; the idle timeout and a client that never reads (bounded memory);
// SHUTDOWN with idle clients (a clean stop); SIGKILL during durable SETs (every acknowledged key
// there after the restart).
#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <mutex>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "tests/test_support.h"

namespace {

namespace fs = std::filesystem;

// The server as a child process.
class ServerProcess {
public:
    ~ServerProcess() { Kill(); }

    // Starts it with `args`; waits for "listening on ...:PORT".
    bool Start(const std::string& dir, const std::vector<std::string>& extra = {}) {
        const char* bin = std::getenv("JETSTORE_SERVER");
        if (bin == nullptr) return false;
        log_ = dir + "server.log";
        std::vector<std::string> args = {bin, "--port", "0", "--dir", dir + "data"};
        if (std::find(extra.begin(), extra.end(), "--threads") == extra.end()) {
            args.push_back("--threads");
            args.push_back("2");
        }
        args.insert(args.end(), extra.begin(), extra.end());
        ::unlink(log_.c_str());  // an earlier run's log must not be read as this one's
        pid_ = fork();
        if (pid_ == 0) {
            const int fd = ::open(log_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
            ::dup2(fd, 2);
            std::vector<char*> argv;
            for (auto& a : args) argv.push_back(a.data());
            argv.push_back(nullptr);
            ::execv(argv[0], argv.data());
            _exit(127);
        }
        for (int i = 0; i < 500; ++i) {
            std::ifstream in(log_);
            std::string text((std::istreambuf_iterator<char>(in)), {});
            const auto at = text.find("listening on 127.0.0.1:");
            if (at != std::string::npos) {
                port_ = std::atoi(text.c_str() + at + std::strlen("listening on 127.0.0.1:"));
                return port_ > 0;
            }
            int status = 0;
            if (::waitpid(pid_, &status, WNOHANG) == pid_) {
                pid_ = -1;
                return false;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
        return false;
    }
    // Waits for the process to end by itself; its exit status (-1: killed or still running).
    int Wait(int ms = 20000) {
        for (int i = 0; i < ms / 10 && pid_ > 0; ++i) {
            int status = 0;
            if (::waitpid(pid_, &status, WNOHANG) == pid_) {
                pid_ = -1;
                return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
        return -1;
    }
    void Signal(int sig) {
        if (pid_ > 0) ::kill(pid_, sig);
    }
    void Kill() {
        if (pid_ <= 0) return;
        ::kill(pid_, SIGKILL);
        ::waitpid(pid_, nullptr, 0);
        pid_ = -1;
    }
    int port() const { return port_; }
    int pid() const { return pid_; }
    std::string Log() const {
        std::ifstream in(log_);
        return std::string((std::istreambuf_iterator<char>(in)), {});
    }

private:
    pid_t pid_ = -1;
    int port_ = 0;
    std::string log_;
};

// A blocking client: raw bytes in, whole replies out.
class Client {
public:
    explicit Client(int port) {
        fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_port = htons(static_cast<std::uint16_t>(port));
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        if (::connect(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
            ::close(fd_);
            fd_ = -1;
        }
        const int one = 1;
        if (fd_ >= 0) ::setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    }
    ~Client() {
        if (fd_ >= 0) ::close(fd_);
    }
    bool ok() const { return fd_ >= 0; }
    void SetSendTimeout(int ms) {
        timeval tv{ms / 1000, (ms % 1000) * 1000};
        ::setsockopt(fd_, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    }
    // Sends all of `bytes`; false when the send times out or fails.
    bool TrySend(std::string_view bytes) {
        while (!bytes.empty()) {
            const ssize_t n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
            if (n <= 0) return false;
            bytes.remove_prefix(static_cast<std::size_t>(n));
        }
        return true;
    }
    void Send(std::string_view bytes) {
        while (!bytes.empty()) {
            const ssize_t n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
            if (n <= 0) return;
            bytes.remove_prefix(static_cast<std::size_t>(n));
        }
    }
    // A command as a multibulk request.
    static std::string Encode(const std::vector<std::string>& args) {
        std::string s = "*" + std::to_string(args.size()) + "\r\n";
        for (const auto& a : args) s += "$" + std::to_string(a.size()) + "\r\n" + a + "\r\n";
        return s;
    }
    std::string Call(const std::vector<std::string>& args) {
        Send(Encode(args));
        return ReadReply();
    }
    // One whole reply (nested arrays included), as its raw bytes; "" when the connection ended.
    std::string ReadReply(int timeout_ms = 10000) {
        std::size_t end = 0;
        while (!Complete(buf_, 0, &end)) {
            if (!Fill(timeout_ms)) return {};
        }
        std::string r = buf_.substr(0, end);
        buf_.erase(0, end);
        return r;
    }
    // Whether the server closed the connection (after reading what remains).
    bool Closed(int timeout_ms = 5000) {
        for (;;) {
            pollfd p{fd_, POLLIN, 0};
            if (::poll(&p, 1, timeout_ms) <= 0) return false;
            char b[4096];
            const ssize_t n = ::recv(fd_, b, sizeof b, 0);
            if (n <= 0) return true;
            buf_.append(b, static_cast<std::size_t>(n));
        }
    }
    std::string buffered() const { return buf_; }

private:
    bool Fill(int timeout_ms) {
        pollfd p{fd_, POLLIN, 0};
        if (::poll(&p, 1, timeout_ms) <= 0) return false;
        char b[65536];
        const ssize_t n = ::recv(fd_, b, sizeof b, 0);
        if (n <= 0) return false;
        buf_.append(b, static_cast<std::size_t>(n));
        return true;
    }
    static bool Line(const std::string& s, std::size_t at, std::size_t* after) {
        const std::size_t cr = s.find("\r\n", at);
        if (cr == std::string::npos) return false;
        *after = cr + 2;
        return true;
    }
    static bool Complete(const std::string& s, std::size_t at, std::size_t* end) {
        if (at >= s.size()) return false;
        std::size_t after = 0;
        if (!Line(s, at, &after)) return false;
        const char type = s[at];
        if (type == '+' || type == '-' || type == ':') {
            *end = after;
            return true;
        }
        const long long n = std::atoll(s.c_str() + at + 1);
        if (type == '$') {
            if (n < 0) {
                *end = after;
                return true;
            }
            if (s.size() < after + static_cast<std::size_t>(n) + 2) return false;
            *end = after + static_cast<std::size_t>(n) + 2;
            return true;
        }
        if (type == '*') {
            std::size_t pos = after;
            for (long long i = 0; i < n; ++i) {
                if (!Complete(s, pos, &pos)) return false;
            }
            *end = pos;
            return true;
        }
        *end = after;
        return true;
    }

    int fd_ = -1;
    std::string buf_;
};

std::string Bulk(const std::string& s) { return "$" + std::to_string(s.size()) + "\r\n" + s + "\r\n"; }

class ServerTest : public ::testing::Test {
protected:
    ServerTest() : dir_("jetstore_server_") {}
    void SetUp() override { ASSERT_NE(nullptr, std::getenv("JETSTORE_SERVER")) << "run through meson test"; }
    jetstore::test::TempDir dir_;
};

TEST_F(ServerTest, EveryCommandRepliesAsRedisDoes) {
    ServerProcess srv;
    ASSERT_TRUE(srv.Start(dir_.Path())) << srv.Log();
    Client c(srv.port());
    ASSERT_TRUE(c.ok());
    EXPECT_EQ("+PONG\r\n", c.Call({"PING"}));
    EXPECT_EQ(Bulk("hey"), c.Call({"ping", "hey"}));
    EXPECT_EQ(Bulk("a b"), c.Call({"ECHO", "a b"}));
    EXPECT_EQ("$-1\r\n", c.Call({"GET", "k"}));
    EXPECT_EQ("+OK\r\n", c.Call({"SET", "k", "v1"}));
    EXPECT_EQ(Bulk("v1"), c.Call({"GET", "k"}));
    EXPECT_EQ("$-1\r\n", c.Call({"SET", "k", "v2", "NX"}));
    EXPECT_EQ("+OK\r\n", c.Call({"SET", "k", "v2", "XX"}));
    EXPECT_EQ("$-1\r\n", c.Call({"SET", "nope", "v", "xx"}));
    EXPECT_EQ("+OK\r\n", c.Call({"SET", "new", "v", "nx"}));
    EXPECT_EQ("-ERR syntax error\r\n", c.Call({"SET", "k", "v", "NX", "XX"}));
    EXPECT_EQ("-ERR syntax error\r\n", c.Call({"SET", "k", "v", "BOGUS"}));
    EXPECT_EQ(0u, c.Call({"SET", "k", "v", "EX", "10"}).rfind("-ERR SET option 'EX' is not supported", 0));
    EXPECT_EQ(Bulk("v2"), c.Call({"GETSET", "k", "v3"}));
    EXPECT_EQ("$-1\r\n", c.Call({"GETSET", "fresh", "f"}));
    EXPECT_EQ(Bulk("f"), c.Call({"GET", "fresh"}));
    EXPECT_EQ("+OK\r\n", c.Call({"SET", "empty", ""}));
    EXPECT_EQ("$0\r\n\r\n", c.Call({"GET", "empty"}));
    const std::string binary("a\0b\r\nc", 6);
    EXPECT_EQ("+OK\r\n", c.Call({"SET", binary, binary}));
    EXPECT_EQ(Bulk(binary), c.Call({"GET", binary}));
    EXPECT_EQ(":2\r\n", c.Call({"EXISTS", "k", "nope", "k"}));
    EXPECT_EQ(":2\r\n", c.Call({"DEL", "k", "fresh", "nope"}));
    EXPECT_EQ(":0\r\n", c.Call({"EXISTS", "k"}));
    EXPECT_EQ(":1\r\n", c.Call({"INCR", "n"}));
    EXPECT_EQ(":11\r\n", c.Call({"INCRBY", "n", "10"}));
    EXPECT_EQ(":10\r\n", c.Call({"DECR", "n"}));
    EXPECT_EQ(":-90\r\n", c.Call({"DECRBY", "n", "100"}));
    EXPECT_EQ(Bulk("-90"), c.Call({"GET", "n"}));
    EXPECT_EQ("+OK\r\n", c.Call({"SET", "s", "41"}));
    EXPECT_EQ(":42\r\n", c.Call({"INCR", "s"}));
    EXPECT_EQ("+OK\r\n", c.Call({"SET", "t", "x"}));
    EXPECT_EQ("-ERR value is not an integer or out of range\r\n", c.Call({"INCR", "t"}));
    EXPECT_EQ("-ERR value is not an integer or out of range\r\n", c.Call({"INCRBY", "n", "1.5"}));
    EXPECT_EQ("+OK\r\n", c.Call({"SET", "big", "9223372036854775807"}));
    EXPECT_EQ("-ERR increment or decrement would overflow\r\n", c.Call({"INCR", "big"}));
    EXPECT_EQ(Bulk("9223372036854775807"), c.Call({"GET", "big"}));  // the failed INCR changed nothing
    EXPECT_EQ("+OK\r\n", c.Call({"MSET", "a", "1", "b", "2"}));
    EXPECT_EQ("*3\r\n" + Bulk("1") + Bulk("2") + "$-1\r\n", c.Call({"MGET", "a", "b", "zz"}));
    EXPECT_EQ("-ERR wrong number of arguments for 'mset' command\r\n", c.Call({"MSET", "a", "1", "b"}));
    EXPECT_EQ("+string\r\n", c.Call({"TYPE", "a"}));
    EXPECT_EQ("+none\r\n", c.Call({"TYPE", "zz"}));
    const std::string size = c.Call({"DBSIZE"});
    EXPECT_EQ(":9\r\n", size);  // new, empty, the binary key, n, s, t, big, a, b
    EXPECT_EQ("+OK\r\n", c.Call({"SELECT", "0"}));
    EXPECT_EQ("-ERR DB index is out of range\r\n", c.Call({"SELECT", "1"}));
    EXPECT_EQ("-ERR unknown command 'NOSUCH', with args beginning with: 'x' 'y' \r\n", c.Call({"NOSUCH", "x", "y"}));
    EXPECT_EQ("-ERR wrong number of arguments for 'get' command\r\n", c.Call({"GET"}));
    EXPECT_EQ("-ERR wrong number of arguments for 'get' command\r\n", c.Call({"GET", "a", "b"}));
    EXPECT_EQ("-NOPROTO sorry, this protocol version is not supported\r\n", c.Call({"HELLO", "3"}));
    EXPECT_EQ("+OK\r\n", c.Call({"CLIENT", "SETNAME", "me"}));
    EXPECT_EQ(Bulk("me"), c.Call({"CLIENT", "GETNAME"}));
    EXPECT_EQ(':', c.Call({"CLIENT", "ID"})[0]);
    EXPECT_EQ("+OK\r\n", c.Call({"CLIENT", "SETINFO", "lib-name", "test"}));
    EXPECT_EQ("*0\r\n", c.Call({"COMMAND", "DOCS"}));
    EXPECT_EQ("*2\r\n" + Bulk("save") + Bulk(""), c.Call({"CONFIG", "GET", "save"}));
    EXPECT_EQ("*2\r\n" + Bulk("appendonly") + Bulk("yes"), c.Call({"CONFIG", "GET", "appendonly"}));
    EXPECT_EQ("*0\r\n", c.Call({"CONFIG", "GET", "nosuch"}));
    const std::string info = c.Call({"INFO"});
    EXPECT_NE(std::string::npos, info.find("redis_version:")) << info;
    EXPECT_NE(std::string::npos, info.find("pool_threads:2")) << info;
    EXPECT_NE(std::string::npos, info.find("instance_state:running")) << info;
    EXPECT_EQ("-ERR AUTH <password> called without any password configured for the default user. Are you sure your "
              "configuration is correct?\r\n",
              c.Call({"AUTH", "x"}));
    EXPECT_EQ("+OK\r\n", c.Call({"FLUSHDB"}));
    EXPECT_EQ(":0\r\n", c.Call({"DBSIZE"}));
    // Inline commands, as telnet sends them.
    c.Send("PING\r\nSET \"sp ace\" 'it''s'\r\nGET \"sp ace\"\n\r\n");
    EXPECT_EQ("+PONG\r\n", c.ReadReply());
    EXPECT_EQ(0u, c.ReadReply().rfind("-ERR Protocol error: unbalanced quotes", 0));
    EXPECT_TRUE(c.Closed());
    Client q(srv.port());
    EXPECT_EQ("+OK\r\n", q.Call({"QUIT"}));
    EXPECT_TRUE(q.Closed());
}

TEST_F(ServerTest, KeysBeyondTheIndexAreRefusedNeverTruncated) {
    ServerProcess srv;
    ASSERT_TRUE(srv.Start(dir_.Path())) << srv.Log();
    Client c(srv.port());
    const std::string longest(224, 'k');  // what the primary index holds whole
    EXPECT_EQ("+OK\r\n", c.Call({"SET", longest, "v"}));
    EXPECT_EQ(Bulk("v"), c.Call({"GET", longest}));
    const std::string too_long = longest + "k";
    EXPECT_EQ(0u, c.Call({"SET", too_long, "w"}).rfind("-ERR key too long", 0));
    EXPECT_EQ(0u, c.Call({"GET", too_long}).rfind("-ERR key too long", 0));
    EXPECT_EQ(Bulk("v"), c.Call({"GET", longest}));  // nothing truncated onto it
}

TEST_F(ServerTest, PipelinesSplitAnywhereGiveTheSameReplies) {
    ServerProcess srv;
    ASSERT_TRUE(srv.Start(dir_.Path(), {"--commit", "lazy"})) << srv.Log();
    std::string requests, expected;
    for (int i = 0; i < 200; ++i) {
        const std::string k = "key" + std::to_string(i % 37);
        requests += Client::Encode({"SET", k, std::to_string(i)});
        expected += "+OK\r\n";
        requests += Client::Encode({"GET", k});
        expected += Bulk(std::to_string(i));
        requests += "PING\r\n";  // inline among multibulk
        expected += "+PONG\r\n";
    }
    std::mt19937 rng(5);
    for (int mode = 0; mode < 3; ++mode) {
        Client c(srv.port());
        ASSERT_TRUE(c.ok());
        std::size_t at = 0;
        while (at < requests.size()) {
            const std::size_t n = mode == 0 ? 1 : mode == 1 ? 1 + rng() % 13 : requests.size();
            c.Send(std::string_view(requests).substr(at, n));
            at += n;
            if (mode == 0 && at % 97 == 0) std::this_thread::sleep_for(std::chrono::microseconds(200));
        }
        std::string got;
        while (got.size() < expected.size()) {
            const std::string r = c.ReadReply();
            if (r.empty()) break;
            got += r;
        }
        EXPECT_EQ(expected, got) << "split mode " << mode;
    }
}

TEST_F(ServerTest, FiftyClientsIncrementingOneKeyGetExactlyOneToTenThousand) {
    ServerProcess srv;
    ASSERT_TRUE(srv.Start(dir_.Path(), {"--threads", "4"})) << srv.Log();
    constexpr int kClients = 50, kEach = 200;
    std::vector<std::vector<long long>> got(kClients);
    std::vector<std::thread> threads;
    for (int i = 0; i < kClients; ++i) {
        threads.emplace_back([&, i] {
            Client c(srv.port());
            for (int n = 0; n < kEach; ++n) {
                const std::string r = c.Call({"INCR", "counter"});
                if (r.empty() || r[0] != ':') return;
                got[static_cast<std::size_t>(i)].push_back(std::atoll(r.c_str() + 1));
            }
        });
    }
    for (auto& t : threads) t.join();
    std::set<long long> all;
    std::size_t total = 0;
    for (const auto& v : got) {
        total += v.size();
        all.insert(v.begin(), v.end());
    }
    EXPECT_EQ(static_cast<std::size_t>(kClients * kEach), total);
    EXPECT_EQ(static_cast<std::size_t>(kClients * kEach), all.size()) << "a value was given twice";
    EXPECT_EQ(1, *all.begin());
    EXPECT_EQ(kClients * kEach, *all.rbegin());
    Client c(srv.port());
    EXPECT_EQ(Bulk(std::to_string(kClients * kEach)), c.Call({"GET", "counter"}));
}

TEST_F(ServerTest, MultiExecQueuesChecksAndRunsTheQueueAtomically) {
    ServerProcess srv;
    ASSERT_TRUE(srv.Start(dir_.Path())) << srv.Log();
    Client c(srv.port()), other(srv.port());
    EXPECT_EQ("+OK\r\n", c.Call({"MULTI"}));
    EXPECT_EQ("+QUEUED\r\n", c.Call({"SET", "a", "1"}));
    EXPECT_EQ("+QUEUED\r\n", c.Call({"INCR", "n"}));
    EXPECT_EQ("+QUEUED\r\n", c.Call({"GET", "a"}));
    EXPECT_EQ("$-1\r\n", other.Call({"GET", "a"}));  // nothing applied before EXEC
    EXPECT_EQ("*3\r\n+OK\r\n:1\r\n" + Bulk("1"), c.Call({"EXEC"}));
    EXPECT_EQ(Bulk("1"), other.Call({"GET", "a"}));
    // A queue-time error: EXEC aborts, nothing applied.
    EXPECT_EQ("+OK\r\n", c.Call({"MULTI"}));
    EXPECT_EQ("+QUEUED\r\n", c.Call({"SET", "a", "2"}));
    EXPECT_EQ(0u, c.Call({"NOSUCH"}).rfind("-ERR unknown command 'NOSUCH'", 0));
    EXPECT_EQ("-ERR wrong number of arguments for 'get' command\r\n", c.Call({"GET"}));
    EXPECT_EQ("-EXECABORT Transaction discarded because of previous errors.\r\n", c.Call({"EXEC"}));
    EXPECT_EQ(Bulk("1"), c.Call({"GET", "a"}));
    // A runtime error inside EXEC is that command's reply; the others apply.
    EXPECT_EQ("+OK\r\n", c.Call({"MULTI"}));
    EXPECT_EQ("+QUEUED\r\n", c.Call({"SET", "s", "x"}));
    EXPECT_EQ("+QUEUED\r\n", c.Call({"INCR", "s"}));
    EXPECT_EQ("+QUEUED\r\n", c.Call({"SET", "t", "y"}));
    EXPECT_EQ("*3\r\n+OK\r\n-ERR value is not an integer or out of range\r\n+OK\r\n", c.Call({"EXEC"}));
    EXPECT_EQ(Bulk("y"), other.Call({"GET", "t"}));
    // DISCARD, and the misuses.
    EXPECT_EQ("+OK\r\n", c.Call({"MULTI"}));
    EXPECT_EQ("-ERR MULTI calls can not be nested\r\n", c.Call({"MULTI"}));
    EXPECT_EQ("-ERR WATCH inside MULTI is not allowed\r\n", c.Call({"WATCH", "a"}));
    EXPECT_EQ("+QUEUED\r\n", c.Call({"SET", "a", "discarded"}));
    EXPECT_EQ("+OK\r\n", c.Call({"DISCARD"}));
    EXPECT_EQ(Bulk("1"), c.Call({"GET", "a"}));
    EXPECT_EQ("-ERR EXEC without MULTI\r\n", c.Call({"EXEC"}));
    EXPECT_EQ("-ERR DISCARD without MULTI\r\n", c.Call({"DISCARD"}));
    // Pipelined: one read holding a whole transaction.
    c.Send(Client::Encode({"MULTI"}) + Client::Encode({"INCR", "n"}) + Client::Encode({"INCR", "n"}) + Client::Encode({"EXEC"}));
    EXPECT_EQ("+OK\r\n", c.ReadReply());
    EXPECT_EQ("+QUEUED\r\n", c.ReadReply());
    EXPECT_EQ("+QUEUED\r\n", c.ReadReply());
    EXPECT_EQ("*2\r\n:2\r\n:3\r\n", c.ReadReply());
}

TEST_F(ServerTest, WatchGivesANullArrayAfterAnotherClientsChange) {
    ServerProcess srv;
    ASSERT_TRUE(srv.Start(dir_.Path())) << srv.Log();
    Client c(srv.port()), other(srv.port());
    EXPECT_EQ("+OK\r\n", c.Call({"SET", "k", "1"}));
    // Unchanged: EXEC applies.
    EXPECT_EQ("+OK\r\n", c.Call({"WATCH", "k"}));
    EXPECT_EQ("+OK\r\n", c.Call({"MULTI"}));
    EXPECT_EQ("+QUEUED\r\n", c.Call({"SET", "k", "2"}));
    EXPECT_EQ("*1\r\n+OK\r\n", c.Call({"EXEC"}));
    // Changed by another client after WATCH: a null array, nothing applied.
    EXPECT_EQ("+OK\r\n", c.Call({"WATCH", "k"}));
    EXPECT_EQ("+OK\r\n", other.Call({"SET", "k", "theirs"}));
    EXPECT_EQ("+OK\r\n", c.Call({"MULTI"}));
    EXPECT_EQ("+QUEUED\r\n", c.Call({"SET", "k", "mine"}));
    EXPECT_EQ("+QUEUED\r\n", c.Call({"SET", "also", "mine"}));
    EXPECT_EQ("*-1\r\n", c.Call({"EXEC"}));
    EXPECT_EQ(Bulk("theirs"), c.Call({"GET", "k"}));
    EXPECT_EQ("$-1\r\n", c.Call({"GET", "also"}));
    // A watched key that did not exist and was created meanwhile.
    EXPECT_EQ("+OK\r\n", c.Call({"WATCH", "fresh"}));
    EXPECT_EQ("+OK\r\n", other.Call({"SET", "fresh", "x"}));
    EXPECT_EQ("+OK\r\n", c.Call({"MULTI"}));
    EXPECT_EQ("+QUEUED\r\n", c.Call({"SET", "fresh", "y"}));
    EXPECT_EQ("*-1\r\n", c.Call({"EXEC"}));
    // Commands between WATCH and MULTI apply at once (Redis's behaviour); UNWATCH ends the watch.
    EXPECT_EQ("+OK\r\n", c.Call({"WATCH", "k"}));
    EXPECT_EQ("+OK\r\n", c.Call({"SET", "now", "1"}));
    EXPECT_EQ(Bulk("1"), other.Call({"GET", "now"}));
    EXPECT_EQ("+OK\r\n", c.Call({"UNWATCH"}));
    EXPECT_EQ("+OK\r\n", other.Call({"SET", "k", "again"}));
    EXPECT_EQ("+OK\r\n", c.Call({"MULTI"}));
    EXPECT_EQ("+QUEUED\r\n", c.Call({"SET", "k", "after-unwatch"}));
    EXPECT_EQ("*1\r\n+OK\r\n", c.Call({"EXEC"}));
    // Without WATCH, a conflict inside EXEC is replayed invisibly: concurrent INCR-by-MULTI on
    // one string key from 8 clients all apply.
    EXPECT_EQ("+OK\r\n", c.Call({"SET", "ctr", "0"}));
    std::vector<std::thread> threads;
    std::atomic<int> applied{0};
    for (int i = 0; i < 8; ++i) {
        threads.emplace_back([&] {
            Client t(srv.port());
            for (int n = 0; n < 20; ++n) {
                t.Call({"MULTI"});
                t.Call({"SET", "ctr-" + std::to_string(n), "x"});
                t.Call({"INCR", "ctr"});
                if (t.Call({"EXEC"}).rfind("*2\r\n", 0) == 0) applied.fetch_add(1);
            }
        });
    }
    for (auto& t : threads) t.join();
    EXPECT_EQ(160, applied.load());
    EXPECT_EQ(Bulk("160"), c.Call({"GET", "ctr"}));
}

TEST_F(ServerTest, ATransactionSpansRequestsServedByDifferentPoolThreads) {
    ServerProcess srv;
    ASSERT_TRUE(srv.Start(dir_.Path(), {"--threads", "4", "--commit", "lazy"})) << srv.Log();
    Client c(srv.port());
    std::vector<std::unique_ptr<Client>> noise;  // other connections keep the pool's threads busy
    for (int i = 0; i < 6; ++i) noise.push_back(std::make_unique<Client>(srv.port()));
    std::atomic<bool> stop{false};
    std::vector<std::thread> busy;
    for (auto& n : noise) {
        busy.emplace_back([&, cl = n.get()] {
            while (!stop.load()) cl->Call({"INCR", "noise"});
        });
    }
    long long crossed = 0;
    int done = 0;
    for (; done < 300 && crossed == 0; ++done) {
        EXPECT_EQ("+OK\r\n", c.Call({"MULTI"}));
        for (int k = 0; k < 3; ++k) {
            EXPECT_EQ("+QUEUED\r\n", c.Call({"SET", "m" + std::to_string(k), std::to_string(done)}));
        }
        EXPECT_EQ("*3\r\n+OK\r\n+OK\r\n+OK\r\n", c.Call({"EXEC"}));
        const std::string info = c.Call({"INFO"});
        const auto at = info.find("transactions_crossed_threads:");
        ASSERT_NE(std::string::npos, at);
        crossed = std::atoll(info.c_str() + at + std::strlen("transactions_crossed_threads:"));
    }
    stop.store(true);
    for (auto& t : busy) t.join();
    EXPECT_GT(crossed, 0) << "no transaction of " << done << " was served by two threads";
    EXPECT_EQ(Bulk(std::to_string(done - 1)), c.Call({"GET", "m2"}));
}

TEST_F(ServerTest, ScanWalksEveryKeyWithMatchAndCount) {
    ServerProcess srv;
    ASSERT_TRUE(srv.Start(dir_.Path(), {"--commit", "lazy"})) << srv.Log();
    Client c(srv.port());
    std::set<std::string> all, ones;
    for (int i = 0; i < 300; ++i) {
        const std::string k = (i % 3 == 0 ? "user:" : "item:") + std::to_string(i);
        ASSERT_EQ("+OK\r\n", c.Call({"SET", k, "v"}));
        all.insert(k);
        if (k.rfind("user:1", 0) == 0) ones.insert(k);
    }
    auto scan_all = [&](std::vector<std::string> extra) {
        std::set<std::string> seen;
        std::string cursor = "0";
        int calls = 0;
        do {
            std::vector<std::string> args = {"SCAN", cursor};
            args.insert(args.end(), extra.begin(), extra.end());
            const std::string r = c.Call(args);
            // *2 $<n> cursor *<m> keys...
            std::size_t at = r.find("\r\n", r.find('$')) + 2;
            cursor = r.substr(at, r.find("\r\n", at) - at);
            at = r.find("\r\n", r.find('*', at)) + 2;
            while (at < r.size()) {
                const std::size_t len_end = r.find("\r\n", at);
                const auto len = static_cast<std::size_t>(std::atoll(r.c_str() + at + 1));
                seen.insert(r.substr(len_end + 2, len));
                at = len_end + 2 + len + 2;
            }
            ++calls;
        } while (cursor != "0" && calls < 1000);
        return std::make_pair(seen, calls);
    };
    const auto [every, calls] = scan_all({"COUNT", "7"});
    EXPECT_EQ(all, every);
    EXPECT_GE(calls, 300 / 7);
    EXPECT_EQ(ones, scan_all({"MATCH", "user:1*", "COUNT", "50"}).first);
    EXPECT_TRUE(scan_all({"TYPE", "list"}).first.empty());
    EXPECT_EQ("-ERR invalid cursor\r\n", c.Call({"SCAN", "12345"}));
    EXPECT_EQ("-ERR invalid cursor\r\n", c.Call({"SCAN", "x"}));
    EXPECT_EQ("-ERR syntax error\r\n", c.Call({"SCAN", "0", "COUNT", "0"}));
}

long RssKiB(int pid) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/status");
    std::string line;
    while (std::getline(in, line)) {
        if (line.rfind("VmRSS:", 0) == 0) return std::atol(line.c_str() + 6);
    }
    return -1;
}

TEST_F(ServerTest, IdleClientsTimeOutAndClientsThatDoNotReadAreBounded) {
    ServerProcess srv;
    ASSERT_TRUE(srv.Start(dir_.Path(), {"--timeout", "1", "--max-reply-bytes", "8000000"})) << srv.Log();
    Client idle(srv.port());
    EXPECT_EQ("+PONG\r\n", idle.Call({"PING"}));
    EXPECT_TRUE(idle.Closed(4000)) << "an idle client outlived --timeout";
    Client c(srv.port());
    ASSERT_EQ("+OK\r\n", c.Call({"SET", "big", std::string(1 << 20, 'b')}));
    // One batch asking for 64 MiB of replies: refused past the bound, the connection closed.
    std::string many;
    for (int i = 0; i < 64; ++i) many += "GET big\r\n";
    Client greedy(srv.port());
    greedy.Send(many);
    EXPECT_TRUE(greedy.Closed());
    EXPECT_NE(std::string::npos, greedy.buffered().find("--max-reply-bytes")) << greedy.buffered().substr(0, 200);
    // A client that asks, batch by batch, and never reads: the server stops reading from it once
    // its socket is full, and holds a bounded amount.
    const long before = RssKiB(srv.pid());
    Client sleeper(srv.port());
    sleeper.SetSendTimeout(1000);
    const std::string echo = Client::Encode({"ECHO", std::string(100000, 'e')});  // 100 kB asked, 100 kB answered
    int sent = 0;
    for (; sent < 2000; ++sent) {
        if (!sleeper.TrySend(echo)) break;
    }
    EXPECT_LT(sent, 2000) << "the server read all 200 MB that a client that never reads sent";
    const long after = RssKiB(srv.pid());
    // A server that read it all would hold 200 MB of requests and as much in replies; this one
    // holds what its socket buffers and one batch do (sanitizer builds keep freed memory a while).
    EXPECT_LT(after - before, 128 * 1024) << "KiB before " << before << ", after " << after;
    Client other(srv.port());
    EXPECT_EQ("+PONG\r\n", other.Call({"PING"}));  // everyone else is served
}

TEST_F(ServerTest, AuthAndThePreAuthLimits) {
    ServerProcess srv;
    ASSERT_TRUE(srv.Start(dir_.Path(), {"--requirepass", "s3cret"})) << srv.Log();
    Client c(srv.port());
    EXPECT_EQ("-NOAUTH Authentication required.\r\n", c.Call({"GET", "k"}));
    EXPECT_EQ("-WRONGPASS invalid username-password pair or user is disabled.\r\n", c.Call({"AUTH", "nope"}));
    EXPECT_EQ("-WRONGPASS invalid username-password pair or user is disabled.\r\n", c.Call({"AUTH", "bob", "s3cret"}));
    EXPECT_EQ("+OK\r\n", c.Call({"AUTH", "default", "s3cret"}));
    EXPECT_EQ("$-1\r\n", c.Call({"GET", "k"}));
    // Before AUTH: at most 10 arguments and 16384-byte arguments.
    Client many(srv.port());
    std::vector<std::string> args(11, "x");
    many.Send(Client::Encode(args));
    EXPECT_EQ("-ERR Protocol error: unauthenticated multibulk length\r\n", many.ReadReply());
    EXPECT_TRUE(many.Closed());
    Client big(srv.port());
    big.Send(Client::Encode({"AUTH", std::string(16385, 'p')}));
    EXPECT_EQ("-ERR Protocol error: unauthenticated bulk length\r\n", big.ReadReply());
    EXPECT_TRUE(big.Closed());
    // Once authenticated, the ordinary limits.
    c.Send(Client::Encode(args));
    EXPECT_EQ(0u, c.ReadReply().rfind("-ERR unknown command 'x'", 0));
}

TEST_F(ServerTest, MalformedInputGetsRedisProtocolErrorsAndAClosedConnection) {
    ServerProcess srv;
    ASSERT_TRUE(srv.Start(dir_.Path(), {"--proto-max-bulk-len", "1000"})) << srv.Log();
    const std::pair<std::string, std::string> cases[] = {
        {"*x\r\n", "-ERR Protocol error: invalid multibulk length\r\n"},
        {"*2\r\n+a\r\n", "-ERR Protocol error: expected '$', got '+'\r\n"},
        {"*1\r\n$-3\r\n", "-ERR Protocol error: invalid bulk length\r\n"},
        {"*1\r\n$1001\r\n", "-ERR Protocol error: invalid bulk length\r\n"},
        {"*1\r\n$abc\r\n", "-ERR Protocol error: invalid bulk length\r\n"},
        {"*9999999999\r\n", "-ERR Protocol error: invalid multibulk length\r\n"},
        {"SET \"a b\r\n", "-ERR Protocol error: unbalanced quotes in request\r\n"},
        {std::string(70000, 'a'), "-ERR Protocol error: too big inline request\r\n"},
        {"*" + std::string(70000, '1'), "-ERR Protocol error: too big mbulk count string\r\n"},
        {"*1\r\n$" + std::string(70000, '1'), "-ERR Protocol error: too big bulk count string\r\n"},
    };
    for (const auto& [bytes, reply] : cases) {
        Client c(srv.port());
        ASSERT_TRUE(c.ok());
        c.Send("PING\r\n" + bytes);
        EXPECT_EQ("+PONG\r\n", c.ReadReply()) << bytes.substr(0, 40);
        EXPECT_EQ(reply, c.ReadReply()) << bytes.substr(0, 40);
        EXPECT_TRUE(c.Closed()) << bytes.substr(0, 40);
    }
    // Empty requests are no command; the server is fine afterwards.
    Client c(srv.port());
    c.Send("\r\n*0\r\n*-1\r\nPING\r\n");
    EXPECT_EQ("+PONG\r\n", c.ReadReply());
}

TEST_F(ServerTest, MaxClientsRefusesTheOneTooMany) {
    ServerProcess srv;
    ASSERT_TRUE(srv.Start(dir_.Path(), {"--maxclients", "2"})) << srv.Log();
    Client a(srv.port()), b(srv.port());
    EXPECT_EQ("+PONG\r\n", a.Call({"PING"}));
    EXPECT_EQ("+PONG\r\n", b.Call({"PING"}));
    Client c(srv.port());
    EXPECT_EQ("-ERR max number of clients reached\r\n", c.ReadReply());
    EXPECT_TRUE(c.Closed());
    const std::string info = a.Call({"INFO"});
    EXPECT_NE(std::string::npos, info.find("rejected_connections:1")) << info;
}

TEST_F(ServerTest, ShutdownWithIdleClientsStopsCleanlyAndARestartFindsTheData) {
    {
        ServerProcess srv;
        ASSERT_TRUE(srv.Start(dir_.Path())) << srv.Log();
        Client idle1(srv.port()), idle2(srv.port()), c(srv.port());
        EXPECT_EQ("+PONG\r\n", idle1.Call({"PING"}));
        // Clients idle inside MULTI and WATCH: rolled back, and the stop is still clean.
        EXPECT_EQ("+OK\r\n", idle1.Call({"MULTI"}));
        EXPECT_EQ("+QUEUED\r\n", idle1.Call({"SET", "never", "x"}));
        EXPECT_EQ("+OK\r\n", idle2.Call({"WATCH", "kept"}));
        EXPECT_EQ("+OK\r\n", c.Call({"SET", "kept", "yes"}));
        c.Send(Client::Encode({"SHUTDOWN"}));
        EXPECT_TRUE(c.Closed());
        EXPECT_EQ(0, srv.Wait());
        EXPECT_NE(std::string::npos, srv.Log().find("stopped")) << srv.Log();
        EXPECT_EQ(std::string::npos, srv.Log().find("dirty")) << srv.Log();
        EXPECT_TRUE(idle1.Closed());
        EXPECT_TRUE(idle2.Closed());
    }
    {
        ServerProcess srv;
        ASSERT_TRUE(srv.Start(dir_.Path())) << srv.Log();
        EXPECT_EQ(std::string::npos, srv.Log().find("recovered")) << "a clean stop needs no recovery";
        Client c(srv.port());
        EXPECT_EQ(Bulk("yes"), c.Call({"GET", "kept"}));
        EXPECT_EQ("$-1\r\n", c.Call({"GET", "never"}));
        srv.Signal(SIGTERM);
        EXPECT_EQ(0, srv.Wait());
    }
}

TEST_F(ServerTest, SigkillDuringDurableSetsLosesNoAcknowledgedKey) {
    std::set<std::string> acked;
    {
        ServerProcess srv;
        ASSERT_TRUE(srv.Start(dir_.Path())) << srv.Log();
        std::atomic<bool> stop{false};
        std::mutex mu;
        std::vector<std::thread> writers;
        for (int w = 0; w < 8; ++w) {
            writers.emplace_back([&, w] {
                Client c(srv.port());
                for (int n = 0; !stop.load(); ++n) {
                    const std::string k = "w" + std::to_string(w) + "-" + std::to_string(n);
                    if (c.Call({"SET", k, "v"}) != "+OK\r\n") return;
                    std::lock_guard lock(mu);
                    acked.insert(k);
                }
            });
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(400));
        srv.Kill();
        stop.store(true);
        for (auto& t : writers) t.join();
    }
    ASSERT_GT(acked.size(), 20u);
    ServerProcess srv;
    ASSERT_TRUE(srv.Start(dir_.Path())) << srv.Log();
    EXPECT_NE(std::string::npos, srv.Log().find("recovered")) << srv.Log();
    Client c(srv.port());
    std::size_t lost = 0;
    for (const std::string& k : acked) lost += c.Call({"EXISTS", k}) == ":1\r\n" ? 0 : 1;
    EXPECT_EQ(0u, lost) << "of " << acked.size() << " acknowledged SETs";
}

}  // namespace

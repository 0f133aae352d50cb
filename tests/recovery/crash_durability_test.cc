// A process crash loses no acknowledged commit and half-applies none: a child commits numbered
// transactions (each inserting a batch of rows) and reports each acknowledgement through a pipe;
// the parent kills it with SIGKILL at a random moment, then reattaches the database and checks
// that every acknowledged transaction is there in full and every other one is absent or whole.
#include <esent.h>

#include <gtest/gtest.h>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <random>
#include <set>
#include <string>
#include <thread>

#include "tests/test_support.h"

namespace {

constexpr int kRowsPerTxn = 5;

// The child: commit transactions 1, 2, ... until killed. Uses only the C API and write(2).
[[noreturn]] void CommitForever(const std::string& dir, int ack_fd, bool lazy, int first_txn) {
    JET_INSTANCE inst = 0;
    JET_SESID s = 0;
    JET_DBID db = 0;
    JET_TABLEID t = 0;
    if (JetCreateInstance(&inst, "crashchild") < 0) _exit(10);
    JetSetSystemParameter(&inst, 0, JET_paramSystemPath, 0, (dir + "/").c_str());
    JetSetSystemParameter(&inst, 0, JET_paramLogFilePath, 0, (dir + "/").c_str());
    if (JetInit(&inst) < 0) _exit(11);
    if (JetBeginSession(inst, &s, nullptr, nullptr) < 0) _exit(12);
    if (JetAttachDatabase(s, (dir + "/crash.edb").c_str(), 0) < 0) _exit(13);
    if (JetOpenDatabase(s, (dir + "/crash.edb").c_str(), nullptr, &db, 0) < 0) _exit(14);
    if (JetOpenTable(s, db, "t", nullptr, 0, 0, &t) < 0) _exit(15);
    JET_COLUMNID k = 0;
    JET_COLUMNID txn = 0;
    JET_COLUMNDEF def{};
    if (JetGetTableColumnInfo(s, t, "k", &def, sizeof def, JET_ColInfo) < 0) _exit(16);
    k = def.columnid;
    if (JetGetTableColumnInfo(s, t, "txn", &def, sizeof def, JET_ColInfo) < 0) _exit(17);
    txn = def.columnid;
    for (int n = first_txn;; ++n) {
        if (JetBeginTransaction(s) < 0) _exit(20);
        for (int r = 0; r < kRowsPerTxn; ++r) {
            const int key = n * kRowsPerTxn + r;
            if (JetPrepareUpdate(s, t, JET_prepInsert) < 0) _exit(21);
            if (JetSetColumn(s, t, k, &key, sizeof key, 0, nullptr) < 0) _exit(25);
            if (JetSetColumn(s, t, txn, &n, sizeof n, 0, nullptr) < 0) _exit(26);
            const JET_ERR e = JetUpdate(s, t, nullptr, 0, nullptr);
            if (e < 0) {
                char msg[64];
                const int len = std::snprintf(msg, sizeof msg, "child: JetUpdate = %ld at txn %d row %d k=%llu txn=%llu\n", static_cast<long>(e), n, r,
                                            static_cast<unsigned long long>(k), static_cast<unsigned long long>(txn));
                (void)!write(2, msg, static_cast<std::size_t>(len));
                _exit(22);
            }
        }
        if (JetCommitTransaction(s, lazy ? JET_bitCommitLazyFlush : 0) < 0) _exit(23);
        if (write(ack_fd, &n, sizeof n) != sizeof n) _exit(24);
    }
}

class CrashDurabilityTest : public jetstore::test::InstanceTest {
protected:
    CrashDurabilityTest() : InstanceTest("jetstore_crash_") {}

    // Creates the database and table, detached again, in dir_.
    void Prepare() {
        JET_INSTANCE inst = CreateConfigured("setup", /*recovery=*/true);
        ASSERT_EQ(JET_errSuccess, JetInit(&inst));
        JET_SESID s = 0;
        JET_DBID db = 0;
        JET_TABLEID t = 0;
        ASSERT_EQ(JET_errSuccess, JetBeginSession(inst, &s, nullptr, nullptr));
        ASSERT_EQ(JET_errSuccess, JetCreateDatabase(s, (dir_ + "/crash.edb").c_str(), nullptr, &db, 0));
        ASSERT_EQ(JET_errSuccess, JetCreateTable(s, db, "t", 0, 100, &t));
        JET_COLUMNDEF cd{};
        cd.cbStruct = sizeof cd;
        cd.coltyp = JET_coltypLong;
        JET_COLUMNID id = 0;
        ASSERT_EQ(JET_errSuccess, JetAddColumn(s, t, "k", &cd, nullptr, 0, &id));
        ASSERT_EQ(JET_errSuccess, JetAddColumn(s, t, "txn", &cd, nullptr, 0, &id));
        ASSERT_EQ(JET_errSuccess, JetCreateIndex(s, t, "pk", JET_bitIndexPrimary, "+k\0", 4, 100));
        ASSERT_EQ(JET_errSuccess, JetCloseTable(s, t));
        ASSERT_EQ(JET_errSuccess, JetCloseDatabase(s, db, 0));
        ASSERT_EQ(JET_errSuccess, JetDetachDatabase(s, (dir_ + "/crash.edb").c_str()));
        ASSERT_EQ(JET_errSuccess, JetTerm(inst));
    }

    // Counts the rows of each transaction number after the crash: an instance with the child's
    // log and checkpoint (recovery replays them) reads the database.
    std::map<int, int> RowsByTxn() {
        std::map<int, int> rows;
        JET_INSTANCE inst = CreateConfigured("after", /*recovery=*/true);
        EXPECT_EQ(JET_errSuccess, JetSetSystemParameter(&inst, 0, JET_paramSystemPath, 0, (dir_ + "/").c_str()));
        EXPECT_EQ(JET_errSuccess, JetSetSystemParameter(&inst, 0, JET_paramLogFilePath, 0, (dir_ + "/").c_str()));
        EXPECT_EQ(JET_errSuccess, JetInit(&inst));
        JET_SESID s = 0;
        JET_DBID db = 0;
        JET_TABLEID t = 0;
        EXPECT_EQ(JET_errSuccess, JetBeginSession(inst, &s, nullptr, nullptr));
        EXPECT_EQ(JET_errSuccess, JetAttachDatabase(s, (dir_ + "/crash.edb").c_str(), 0));
        EXPECT_EQ(JET_errSuccess, JetOpenDatabase(s, (dir_ + "/crash.edb").c_str(), nullptr, &db, 0));
        EXPECT_EQ(JET_errSuccess, JetOpenTable(s, db, "t", nullptr, 0, 0, &t));
        JET_COLUMNDEF def{};
        EXPECT_EQ(JET_errSuccess, JetGetTableColumnInfo(s, t, "txn", &def, sizeof def, JET_ColInfo));
        for (JET_ERR e = JetMove(s, t, JET_MoveFirst, 0); e >= 0; e = JetMove(s, t, JET_MoveNext, 0)) {
            int n = 0;
            JET_ULONG cb = 0;
            EXPECT_EQ(JET_errSuccess, JetRetrieveColumn(s, t, def.columnid, &n, sizeof n, &cb, 0, nullptr));
            ++rows[n];
        }
        EXPECT_EQ(JET_errSuccess, JetTerm(inst));
        return rows;
    }

    // Each round numbers its transactions from its own base (rows of earlier rounds stay).
    static int Base(int round) { return round * 100000 + 1; }

    void CrashAndCheck(bool lazy, int round) {
        int fds[2];
        ASSERT_EQ(0, pipe(fds));
        const pid_t child = fork();
        ASSERT_GE(child, 0);
        if (child == 0) {
            close(fds[0]);
            CommitForever(dir_, fds[1], lazy, Base(round));
        }
        close(fds[1]);
        // Let it commit for a random while, reading acknowledgements, then kill it.
        std::mt19937 rng(static_cast<unsigned>(1000 + round));
        const int target = Base(round) + 5 + static_cast<int>(rng() % 40);
        int acked = Base(round) - 1;
        int n = 0;
        while (acked < target && read(fds[0], &n, sizeof n) == sizeof n) acked = n;
        ASSERT_EQ(0, kill(child, SIGKILL));
        while (read(fds[0], &n, sizeof n) == sizeof n) acked = n;  // acks sent before the kill
        close(fds[0]);
        int status = 0;
        ASSERT_EQ(child, waitpid(child, &status, 0));
        ASSERT_TRUE(WIFSIGNALED(status)) << "child exited with " << WEXITSTATUS(status);

        const std::map<int, int> rows = RowsByTxn();
        for (int t = Base(round); t <= acked; ++t) {
            auto it = rows.find(t);
            ASSERT_TRUE(it != rows.end()) << "acknowledged transaction " << t << " lost (round " << round << ")";
            EXPECT_EQ(kRowsPerTxn, it->second) << "transaction " << t << " half applied";
        }
        for (const auto& [t, count] : rows) {
            EXPECT_EQ(kRowsPerTxn, count) << "transaction " << t << " half applied";
            if (t >= Base(round)) {
                EXPECT_LE(t, acked + 1) << "a transaction that never began is there";
            }
        }
    }
};

TEST_F(CrashDurabilityTest, KilledProcessKeepsEveryAcknowledgedDurableCommit) {
    Prepare();
    for (int round = 0; round < 3; ++round) CrashAndCheck(/*lazy=*/false, round);
}

// A process crash (not an OS crash) loses no lazy commit either: the data reached the file.
TEST_F(CrashDurabilityTest, KilledProcessKeepsEveryAcknowledgedLazyCommit) {
    Prepare();
    for (int round = 0; round < 3; ++round) CrashAndCheck(/*lazy=*/true, round + 10);
}

}  // namespace

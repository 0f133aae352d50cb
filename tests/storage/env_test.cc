// storage/env: attaching a database file (create / open / overwrite / read-only, exclusive in
// this process and across processes), read snapshots and their iterators, the write path
// (atomic batches, a full map, durability flags) and the counters engine tests rely on.

#include "storage/env.h"

#include "tests/test_support.h"

#include <gtest/gtest.h>
#include <lmdb.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <utility>
#include <vector>

namespace jetstore::storage {
namespace {

using jetstore::test::Scaled;

// Builds a batch from (key, value-or-delete) pairs.
WriteBatch Batch(std::initializer_list<std::pair<std::string, std::optional<std::string>>> ops) {
    WriteBatch batch;
    for (const auto& [key, value] : ops) batch.push_back(WriteOp{key, value});
    return batch;
}

Status Apply(Env& env, const WriteBatch& batch, Durability durability = Durability::kNoSync) {
    const WriteBatch* one[] = {&batch};
    return env.ApplyBatch(one, durability);
}

// The value of `key` in a fresh snapshot; nullopt when missing (an error fails the test).
std::optional<std::string> Read(Env& env, std::string_view key) {
    std::unique_ptr<ReadSnapshot> snapshot;
    Status s = env.NewSnapshot(&snapshot);
    EXPECT_TRUE(s.ok()) << s.message();
    if (!s.ok()) return std::nullopt;
    std::string_view value;
    s = snapshot->Get(key, &value);
    if (s.Is(Code::kNotFound)) return std::nullopt;
    EXPECT_TRUE(s.ok()) << s.message();
    return std::string(value);
}

class EnvTest : public ::testing::Test {
protected:
    void SetUp() override {
        std::string templ = (std::filesystem::temp_directory_path() / "env_test_XXXXXX").string();
        ASSERT_NE(::mkdtemp(templ.data()), nullptr);
        dir_ = templ;
        path_ = dir_ + "/db.edb";
    }
    void TearDown() override {
        std::error_code ec;
        std::filesystem::remove_all(dir_, ec);
    }

    EnvOptions Options(OpenMode mode, const void* owner = nullptr) const {
        EnvOptions options;
        options.mode = mode;
        options.owner = owner != nullptr ? owner : &owner_a_;
        options.max_readers = 16;
        return options;
    }

    std::unique_ptr<Env> OpenOrFail(OpenMode mode, const void* owner = nullptr) {
        std::unique_ptr<Env> env;
        Status s = Env::Open(path_, Options(mode, owner), &env);
        EXPECT_TRUE(s.ok()) << s.message();
        return env;
    }

    std::string dir_;
    std::string path_;
    int owner_a_ = 0;
    int owner_b_ = 0;
};

// ---- open modes ----

TEST_F(EnvTest, CreateMakesDataFileAndLmdbLockFileBeside) {
    auto env = OpenOrFail(OpenMode::kCreate);
    ASSERT_NE(env, nullptr);
    EXPECT_TRUE(std::filesystem::is_regular_file(path_));
    EXPECT_TRUE(std::filesystem::is_regular_file(path_ + "-lock"));
    EXPECT_EQ(env->path(), path_);
    EXPECT_FALSE(env->read_only());
    EXPECT_EQ(env->MaxKeySize(), 511u);
    EXPECT_EQ(env->Stats().max_readers, 16u);
}

TEST_F(EnvTest, CreateOfAnExistingFileIsExistsAndLeavesItIntact) {
    {
        auto env = OpenOrFail(OpenMode::kCreate);
        ASSERT_TRUE(Apply(*env, Batch({{"k", "v"}})).ok());
    }
    std::unique_ptr<Env> env;
    Status s = Env::Open(path_, Options(OpenMode::kCreate), &env);
    EXPECT_TRUE(s.Is(Code::kExists)) << s.message();
    EXPECT_EQ(env, nullptr);
    env = OpenOrFail(OpenMode::kOpenExisting);
    ASSERT_NE(env, nullptr);
    EXPECT_EQ(Read(*env, "k"), "v");
}

TEST_F(EnvTest, CreateWithOverwriteStartsFromAnEmptyDatabase) {
    {
        auto env = OpenOrFail(OpenMode::kCreate);
        ASSERT_TRUE(Apply(*env, Batch({{"k", "v"}})).ok());
    }
    EnvOptions options = Options(OpenMode::kCreate);
    options.overwrite = true;
    std::unique_ptr<Env> env;
    Status s = Env::Open(path_, options, &env);
    ASSERT_TRUE(s.ok()) << s.message();
    EXPECT_EQ(Read(*env, "k"), std::nullopt);
    ASSERT_TRUE(Apply(*env, Batch({{"k2", "v2"}})).ok());
    env.reset();
    env = OpenOrFail(OpenMode::kOpenExisting);
    EXPECT_EQ(Read(*env, "k2"), "v2");
    EXPECT_EQ(Read(*env, "k"), std::nullopt);
}

TEST_F(EnvTest, OpeningAMissingFileIsNotFoundAndCreatesNothing) {
    for (OpenMode mode : {OpenMode::kOpenExisting, OpenMode::kReadOnly}) {
        std::unique_ptr<Env> env;
        Status s = Env::Open(path_, Options(mode), &env);
        EXPECT_TRUE(s.Is(Code::kNotFound)) << s.message();
        EXPECT_EQ(env, nullptr);
    }
    std::unique_ptr<Env> env;
    Status s = Env::Open(dir_ + "/no/such/dir.edb", Options(OpenMode::kCreate), &env);
    EXPECT_TRUE(s.Is(Code::kNotFound)) << s.message();
    EXPECT_FALSE(std::filesystem::exists(path_));
    EXPECT_FALSE(std::filesystem::exists(path_ + "-lock"));
}

TEST_F(EnvTest, ReopenedDatabaseKeepsCommittedData) {
    {
        auto env = OpenOrFail(OpenMode::kCreate);
        ASSERT_TRUE(Apply(*env, Batch({{"a", "1"}, {"b", "2"}}), Durability::kDurable).ok());
    }
    auto env = OpenOrFail(OpenMode::kOpenExisting);
    EXPECT_EQ(Read(*env, "a"), "1");
    EXPECT_EQ(Read(*env, "b"), "2");
}

TEST_F(EnvTest, ReadOnlyEnvReadsButRefusesWrites) {
    {
        auto env = OpenOrFail(OpenMode::kCreate);
        ASSERT_TRUE(Apply(*env, Batch({{"a", "1"}})).ok());
    }
    auto env = OpenOrFail(OpenMode::kReadOnly);
    ASSERT_NE(env, nullptr);
    EXPECT_TRUE(env->read_only());
    EXPECT_EQ(Read(*env, "a"), "1");
    Status s = Apply(*env, Batch({{"b", "2"}}));
    EXPECT_TRUE(s.Is(Code::kAccessDenied)) << s.message();
    EXPECT_TRUE(env->Sync().ok());
    EXPECT_EQ(Read(*env, "b"), std::nullopt);
}

TEST_F(EnvTest, AFileThatIsNotLmdbIsCorrupt) {
    {
        std::ofstream out(path_, std::ios::binary);
        out << std::string(16384, 'x');
    }
    std::unique_ptr<Env> env;
    Status s = Env::Open(path_, Options(OpenMode::kOpenExisting), &env);
    EXPECT_TRUE(s.Is(Code::kCorrupt)) << s.message();
    EXPECT_TRUE(std::filesystem::exists(path_));  // not ours to remove
}

TEST_F(EnvTest, AnLmdbFileWithoutTheJetstoreDbiIsCorrupt) {
    MDB_env* raw = nullptr;
    ASSERT_EQ(::mdb_env_create(&raw), 0);
    ASSERT_EQ(::mdb_env_open(raw, path_.c_str(), MDB_NOSUBDIR, 0644), 0);
    MDB_txn* txn = nullptr;
    ASSERT_EQ(::mdb_txn_begin(raw, nullptr, 0, &txn), 0);
    MDB_dbi dbi = 0;
    ASSERT_EQ(::mdb_dbi_open(txn, nullptr, 0, &dbi), 0);
    MDB_val k{1, const_cast<char*>("x")}, v{1, const_cast<char*>("y")};
    ASSERT_EQ(::mdb_put(txn, dbi, &k, &v, 0), 0);
    ASSERT_EQ(::mdb_txn_commit(txn), 0);
    ::mdb_env_close(raw);

    for (OpenMode mode : {OpenMode::kOpenExisting, OpenMode::kReadOnly}) {
        std::unique_ptr<Env> env;
        Status s = Env::Open(path_, Options(mode), &env);
        EXPECT_TRUE(s.Is(Code::kCorrupt)) << s.message();
    }
}

// ---- exclusive attach ----

TEST_F(EnvTest, SecondOpenInThisProcessIsExistsForTheSameOwnerAndAttachedElsewhereForAnother) {
    auto env = OpenOrFail(OpenMode::kCreate, &owner_a_);
    ASSERT_NE(env, nullptr);
    for (OpenMode mode : {OpenMode::kOpenExisting, OpenMode::kReadOnly}) {
        std::unique_ptr<Env> second;
        Status s = Env::Open(path_, Options(mode, &owner_a_), &second);
        EXPECT_TRUE(s.Is(Code::kExists)) << s.message();
        s = Env::Open(path_, Options(mode, &owner_b_), &second);
        EXPECT_TRUE(s.Is(Code::kAttachedElsewhere)) << s.message();
        EXPECT_EQ(second, nullptr);
    }
    // kCreate with overwrite must not destroy an attached file either.
    EnvOptions overwrite = Options(OpenMode::kCreate, &owner_b_);
    overwrite.overwrite = true;
    std::unique_ptr<Env> second;
    ASSERT_TRUE(Apply(*env, Batch({{"k", "v"}})).ok());
    Status s = Env::Open(path_, overwrite, &second);
    EXPECT_TRUE(s.Is(Code::kAttachedElsewhere)) << s.message();
    EXPECT_EQ(Read(*env, "k"), "v");

    // The failed opens released nothing of the first attachment; closing it frees the file.
    s = Env::Open(path_, Options(OpenMode::kOpenExisting, &owner_b_), &second);
    EXPECT_TRUE(s.Is(Code::kAttachedElsewhere)) << s.message();
    env.reset();
    s = Env::Open(path_, Options(OpenMode::kOpenExisting, &owner_b_), &second);
    ASSERT_TRUE(s.ok()) << s.message();
    EXPECT_EQ(Read(*second, "k"), "v");
}

// Runs `body` in a forked child and returns its exit code (-1 if it did not exit normally).
template <typename Body>
int InChild(Body body) {
    const pid_t pid = ::fork();
    if (pid == 0) ::_exit(body());
    if (pid < 0) return -1;
    int wstatus = 0;
    if (::waitpid(pid, &wstatus, 0) != pid) return -1;
    return WIFEXITED(wstatus) ? WEXITSTATUS(wstatus) : -1;
}

TEST_F(EnvTest, AnotherProcessIsLockedOutUntilTheEnvCloses) {
    auto env = OpenOrFail(OpenMode::kCreate);
    ASSERT_NE(env, nullptr);
    ASSERT_TRUE(Apply(*env, Batch({{"k", "parent"}}), Durability::kDurable).ok());

    // Exit codes: 0 = as expected; 100 + code = the code the child got instead.
    const auto expect_locked = [this](OpenMode mode) {
        return InChild([&] {
            std::unique_ptr<Env> child;
            Status s = Env::Open(path_, Options(mode, &owner_b_), &child);
            return s.Is(Code::kLockedByProcess) ? 0 : 100 + static_cast<int>(s.code());
        });
    };
    EXPECT_EQ(expect_locked(OpenMode::kOpenExisting), 0);
    EXPECT_EQ(expect_locked(OpenMode::kReadOnly), 0);
    // Even with this process's owner: the parent's registry entry is not the child's.
    EXPECT_EQ(InChild([&] {
                  EnvOptions options = Options(OpenMode::kCreate, &owner_a_);
                  options.overwrite = true;
                  std::unique_ptr<Env> child;
                  Status s = Env::Open(path_, options, &child);
                  return s.Is(Code::kLockedByProcess) ? 0 : 100 + static_cast<int>(s.code());
              }),
              0);
    EXPECT_EQ(Read(*env, "k"), "parent");

    env.reset();
    EXPECT_EQ(InChild([&] {
                  std::unique_ptr<Env> child;
                  Status s = Env::Open(path_, Options(OpenMode::kOpenExisting, &owner_b_), &child);
                  if (!s.ok()) return 100 + static_cast<int>(s.code());
                  if (Read(*child, "k") != "parent") return 1;
                  return Apply(*child, Batch({{"k", "child"}}), Durability::kDurable).ok() ? 0 : 2;
              }),
              0);
    env = OpenOrFail(OpenMode::kOpenExisting);
    EXPECT_EQ(Read(*env, "k"), "child");
}

// ---- snapshots ----

TEST_F(EnvTest, SnapshotDoesNotSeeLaterCommitsUntilRenewed) {
    auto env = OpenOrFail(OpenMode::kCreate);
    ASSERT_TRUE(Apply(*env, Batch({{"a", "1"}, {"b", "1"}})).ok());
    std::unique_ptr<ReadSnapshot> snapshot;
    ASSERT_TRUE(env->NewSnapshot(&snapshot).ok());
    const std::uint64_t seen = snapshot->TxnId();

    ASSERT_TRUE(Apply(*env, Batch({{"a", "2"}, {"b", std::nullopt}, {"c", "2"}})).ok());
    std::string_view value;
    ASSERT_TRUE(snapshot->Get("a", &value).ok());
    EXPECT_EQ(value, "1");
    ASSERT_TRUE(snapshot->Get("b", &value).ok());
    EXPECT_EQ(value, "1");
    EXPECT_TRUE(snapshot->Get("c", &value).Is(Code::kNotFound));
    EXPECT_EQ(snapshot->TxnId(), seen);

    snapshot->Reset();
    EXPECT_FALSE(snapshot->live());
    EXPECT_TRUE(snapshot->Get("a", &value).Is(Code::kInvalidArgument));
    ASSERT_TRUE(snapshot->Renew().ok());
    EXPECT_TRUE(snapshot->live());
    EXPECT_EQ(snapshot->TxnId(), seen + 1);
    ASSERT_TRUE(snapshot->Get("a", &value).ok());
    EXPECT_EQ(value, "2");
    EXPECT_TRUE(snapshot->Get("b", &value).Is(Code::kNotFound));
    ASSERT_TRUE(snapshot->Get("c", &value).ok());
    EXPECT_EQ(value, "2");
}

TEST_F(EnvTest, RenewOfALiveSnapshotTakesANewOne) {
    auto env = OpenOrFail(OpenMode::kCreate);
    std::unique_ptr<ReadSnapshot> snapshot;
    ASSERT_TRUE(env->NewSnapshot(&snapshot).ok());
    ASSERT_TRUE(Apply(*env, Batch({{"a", "1"}})).ok());
    ASSERT_TRUE(snapshot->Renew().ok());
    std::string_view value;
    ASSERT_TRUE(snapshot->Get("a", &value).ok());
    EXPECT_EQ(value, "1");
    snapshot->Reset();
    snapshot->Reset();  // a no-op
    EXPECT_FALSE(snapshot->live());
}

TEST_F(EnvTest, KeysOutsideLmdbLimitsAreRefused) {
    auto env = OpenOrFail(OpenMode::kCreate);
    Status s = Apply(*env, Batch({{"", "v"}}));
    EXPECT_TRUE(s.Is(Code::kInvalidArgument)) << s.message();
    s = Apply(*env, Batch({{std::string(env->MaxKeySize() + 1, 'k'), "v"}}));
    EXPECT_TRUE(s.Is(Code::kTooLarge)) << s.message();
    ASSERT_TRUE(Apply(*env, Batch({{std::string(env->MaxKeySize(), 'k'), "v"}})).ok());

    std::unique_ptr<ReadSnapshot> snapshot;
    ASSERT_TRUE(env->NewSnapshot(&snapshot).ok());
    std::string_view value;
    EXPECT_TRUE(snapshot->Get("", &value).Is(Code::kNotFound));
    EXPECT_TRUE(snapshot->Get(std::string(env->MaxKeySize(), 'k'), &value).ok());
    EXPECT_TRUE(snapshot->Get(std::string(env->MaxKeySize() + 1, 'k'), &value).Is(Code::kNotFound));
}

// ---- iterators against a std::map model ----

std::string RandomKey(std::mt19937& rng) {
    // Few distinct bytes (including 0x00 and 0xff) and short lengths: many shared prefixes.
    static constexpr char kBytes[] = {'\0', '\x01', 'a', 'b', 'z', '\x7f', '\x80', '\xff'};
    std::uniform_int_distribution<int> len(1, 6);
    std::uniform_int_distribution<int> byte(0, static_cast<int>(sizeof kBytes) - 1);
    std::string key(static_cast<std::size_t>(len(rng)), '\0');
    for (char& c : key) c = kBytes[byte(rng)];
    return key;
}

using Model = std::map<std::string, std::string>;

// The model's answer for each KvIterator seek: end() when no entry qualifies.
Model::const_iterator ModelSeekGE(const Model& m, const std::string& t) { return m.lower_bound(t); }
Model::const_iterator ModelSeekLE(const Model& m, const std::string& t) {
    auto it = m.upper_bound(t);
    return it == m.begin() ? m.end() : std::prev(it);
}

void ExpectAt(const KvIterator& it, const Model& m, Model::const_iterator want, const std::string& context) {
    if (want == m.end()) {
        EXPECT_FALSE(it.Valid()) << context;
        return;
    }
    ASSERT_TRUE(it.Valid()) << context;
    EXPECT_EQ(it.key(), want->first) << context;
    EXPECT_EQ(it.value(), want->second) << context;
}

TEST_F(EnvTest, IteratorMatchesAnOrderedMapModel) {
    auto env = OpenOrFail(OpenMode::kCreate);
    std::mt19937 rng(20240611);
    Model model;
    const long keys = Scaled(3000, 200);
    // Puts in batches of 100, with some deletes (of present and missing keys) mixed in.
    while (static_cast<long>(model.size()) < keys) {
        WriteBatch batch;
        for (int i = 0; i < 100; ++i) {
            std::string key = RandomKey(rng) + std::to_string(rng() % 1000);
            if (rng() % 8 == 0) {
                batch.push_back(WriteOp{key, std::nullopt});
                model.erase(key);
            } else {
                std::string value = "v" + std::to_string(rng());
                batch.push_back(WriteOp{key, value});
                model[key] = value;
            }
        }
        ASSERT_TRUE(Apply(*env, batch).ok());
    }
    std::unique_ptr<ReadSnapshot> snapshot;
    ASSERT_TRUE(env->NewSnapshot(&snapshot).ok());
    auto it = snapshot->NewIterator();

    // Full scans both ways.
    ASSERT_TRUE(it->First().ok());
    for (auto m = model.cbegin(); m != model.cend(); ++m) {
        ExpectAt(*it, model, m, "forward scan");
        ASSERT_TRUE(it->Next().ok());
    }
    EXPECT_FALSE(it->Valid());
    ASSERT_TRUE(it->Last().ok());
    for (auto m = model.crbegin(); m != model.crend(); ++m) {
        ExpectAt(*it, model, std::prev(m.base()), "backward scan");
        ASSERT_TRUE(it->Prev().ok());
    }
    EXPECT_FALSE(it->Valid());

    // Random seeks (present and absent targets) followed by short random walks.
    const long seeks = Scaled(2000, 200);
    for (long i = 0; i < seeks; ++i) {
        std::string target =
            rng() % 2 == 0 ? std::next(model.begin(), static_cast<long>(rng() % model.size()))->first : RandomKey(rng);
        const bool ge = rng() % 2 == 0;
        auto want = ge ? ModelSeekGE(model, target) : ModelSeekLE(model, target);
        ASSERT_TRUE((ge ? it->SeekGE(target) : it->SeekLE(target)).ok());
        ExpectAt(*it, model, want, (ge ? "SeekGE " : "SeekLE ") + target);
        for (int step = 0; step < 5 && want != model.end() && it->Valid(); ++step) {
            if (rng() % 2 == 0) {
                ASSERT_TRUE(it->Next().ok());
                ++want;
            } else {
                ASSERT_TRUE(it->Prev().ok());
                want = want == model.begin() ? model.end() : std::prev(want);
            }
            ExpectAt(*it, model, want, "walk after seek " + target);
        }
    }

    // Edge targets.
    ASSERT_TRUE(it->SeekGE("").ok());
    ExpectAt(*it, model, model.begin(), "SeekGE empty");
    ASSERT_TRUE(it->SeekLE("").ok());
    EXPECT_FALSE(it->Valid());
    ASSERT_TRUE(it->SeekGE(std::string(600, '\xff')).ok());
    EXPECT_FALSE(it->Valid());
    ASSERT_TRUE(it->SeekLE(std::string(600, '\xff')).ok());
    ExpectAt(*it, model, std::prev(model.end()), "SeekLE past the end");
}

TEST_F(EnvTest, SeeksWithTargetsLongerThanAnyKeyAreExact) {
    auto env = OpenOrFail(OpenMode::kCreate);
    const std::string p(env->MaxKeySize(), 'p');
    ASSERT_TRUE(Apply(*env, Batch({{"a", "1"}, {p, "2"}, {p.substr(1) + "q", "3"}})).ok());
    std::unique_ptr<ReadSnapshot> snapshot;
    ASSERT_TRUE(env->NewSnapshot(&snapshot).ok());
    auto it = snapshot->NewIterator();
    const std::string longer = p + "x";  // p < longer < p[1..] + "q"
    ASSERT_TRUE(it->SeekGE(longer).ok());
    ASSERT_TRUE(it->Valid());
    EXPECT_EQ(it->value(), "3");
    ASSERT_TRUE(it->SeekLE(longer).ok());
    ASSERT_TRUE(it->Valid());
    EXPECT_EQ(it->value(), "2");
}

TEST_F(EnvTest, EmptyDatabaseIteratorIsNeverValid) {
    auto env = OpenOrFail(OpenMode::kCreate);
    std::unique_ptr<ReadSnapshot> snapshot;
    ASSERT_TRUE(env->NewSnapshot(&snapshot).ok());
    auto it = snapshot->NewIterator();
    EXPECT_FALSE(it->Valid());
    ASSERT_TRUE(it->First().ok());
    EXPECT_FALSE(it->Valid());
    ASSERT_TRUE(it->Last().ok());
    EXPECT_FALSE(it->Valid());
    ASSERT_TRUE(it->SeekGE("a").ok());
    EXPECT_FALSE(it->Valid());
    ASSERT_TRUE(it->SeekLE("a").ok());
    EXPECT_FALSE(it->Valid());
}

TEST_F(EnvTest, IteratorOutlivesResetAndRepositionsOnTheRenewedSnapshot) {
    auto env = OpenOrFail(OpenMode::kCreate);
    ASSERT_TRUE(Apply(*env, Batch({{"a", "1"}, {"c", "1"}})).ok());
    std::unique_ptr<ReadSnapshot> snapshot;
    ASSERT_TRUE(env->NewSnapshot(&snapshot).ok());
    auto it = snapshot->NewIterator();
    ASSERT_TRUE(it->First().ok());
    ASSERT_TRUE(it->Valid());
    EXPECT_EQ(it->key(), "a");

    ASSERT_TRUE(Apply(*env, Batch({{"b", "2"}, {"a", std::nullopt}})).ok());
    snapshot->Reset();
    EXPECT_FALSE(it->Valid());
    EXPECT_TRUE(it->First().Is(Code::kInvalidArgument));
    ASSERT_TRUE(snapshot->Renew().ok());
    EXPECT_FALSE(it->Valid());  // the position does not carry over
    ASSERT_TRUE(it->First().ok());
    ASSERT_TRUE(it->Valid());
    EXPECT_EQ(it->key(), "b");
    ASSERT_TRUE(it->Next().ok());
    ASSERT_TRUE(it->Valid());
    EXPECT_EQ(it->key(), "c");

    // An iterator made while the snapshot is reset works once it is renewed.
    snapshot->Reset();
    auto late = snapshot->NewIterator();
    EXPECT_TRUE(late->Last().Is(Code::kInvalidArgument));
    ASSERT_TRUE(snapshot->Renew().ok());
    ASSERT_TRUE(late->Last().ok());
    ASSERT_TRUE(late->Valid());
    EXPECT_EQ(late->key(), "c");
}

// ---- the write path ----

TEST_F(EnvTest, BatchesApplyInOrderAndDeletingAMissingKeyIsFine) {
    auto env = OpenOrFail(OpenMode::kCreate);
    WriteBatch first = Batch({{"k", "1"}, {"gone", std::nullopt}, {"x", "1"}});
    WriteBatch second = Batch({{"k", "2"}, {"x", std::nullopt}});
    const WriteBatch* both[] = {&first, &second};
    ASSERT_TRUE(env->ApplyBatch(both, Durability::kNoSync).ok());
    EXPECT_EQ(Read(*env, "k"), "2");
    EXPECT_EQ(Read(*env, "x"), std::nullopt);
}

// The id ApplyBatch reports is one every later snapshot reaches, also for a batch that changes
// nothing (LMDB does not advance its id for a transaction that dirtied no page).
TEST_F(EnvTest, TheReportedTransactionIdIsTheOneLaterSnapshotsHave) {
    auto env = OpenOrFail(OpenMode::kCreate);
    std::unique_ptr<ReadSnapshot> snapshot;
    ASSERT_TRUE(env->NewSnapshot(&snapshot).ok());
    snapshot->Reset();
    auto check = [&](const WriteBatch &batch, bool changes) {
        const std::uint64_t before = env->Stats().last_txn_id;
        std::uint64_t id = 0;
        const WriteBatch *one[] = {&batch};
        ASSERT_TRUE(env->ApplyBatch(one, Durability::kDurable, &id).ok());
        EXPECT_EQ(env->Stats().last_txn_id, changes ? before + 1 : before);
        ASSERT_TRUE(snapshot->Renew().ok());
        EXPECT_EQ(snapshot->TxnId(), id);
        snapshot->Reset();
    };
    check(Batch({{"a", "1"}}), true);
    check(Batch({{"absent", std::nullopt}}), false);                    // changes nothing
    check(Batch({{"absent", std::nullopt}, {"other", std::nullopt}}), false);
    check(Batch({{"a", std::nullopt}}), true);                           // a delete that finds its key
    check(Batch({{"b", "1"}, {"b", std::nullopt}}), true);               // put, then delete: pages changed
}

TEST_F(EnvTest, AFailingBatchAppliesNothingOfAnyBatchInTheCall) {
    auto env = OpenOrFail(OpenMode::kCreate);
    ASSERT_TRUE(Apply(*env, Batch({{"keep", "1"}})).ok());
    const std::uint64_t txn = env->Stats().last_txn_id;
    WriteBatch good = Batch({{"a", "1"}, {"keep", std::nullopt}});
    WriteBatch bad = Batch({{"b", "1"}, {std::string(env->MaxKeySize() + 1, 'x'), "1"}});
    const WriteBatch* both[] = {&good, &bad};
    Status s = env->ApplyBatch(both, Durability::kDurable);
    EXPECT_TRUE(s.Is(Code::kTooLarge)) << s.message();
    EXPECT_EQ(Read(*env, "keep"), "1");
    EXPECT_EQ(Read(*env, "a"), std::nullopt);
    EXPECT_EQ(Read(*env, "b"), std::nullopt);
    EXPECT_EQ(env->Stats().last_txn_id, txn);
    // The Env is still usable.
    ASSERT_TRUE(Apply(*env, Batch({{"a", "2"}})).ok());
    EXPECT_EQ(Read(*env, "a"), "2");
}

TEST_F(EnvTest, AFullMapIsMapFullAndLosesNothingCommittedBefore) {
    std::map<std::string, std::string> committed;
    {
        EnvOptions options = Options(OpenMode::kCreate);
        options.max_bytes = 1 << 20;  // 256 pages
        std::unique_ptr<Env> env;
        ASSERT_TRUE(Env::Open(path_, options, &env).ok());
        EXPECT_EQ(env->Stats().map_size, 1u << 20);
        Status s;
        for (int i = 0; i < 1000; ++i) {
            const std::string key = "k" + std::to_string(i);
            const std::string value(8000 + i, static_cast<char>('a' + i % 26));
            s = Apply(*env, Batch({{key, value}}), Durability::kLazy);
            if (!s.ok()) break;
            committed[key] = value;
        }
        ASSERT_TRUE(s.Is(Code::kMapFull)) << s.message();
        ASSERT_GT(committed.size(), 10u);
        // Everything before the failure is readable; the failed batch is not.
        std::unique_ptr<ReadSnapshot> snapshot;
        ASSERT_TRUE(env->NewSnapshot(&snapshot).ok());
        auto it = snapshot->NewIterator();
        ASSERT_TRUE(it->First().ok());
        std::size_t n = 0;
        while (it->Valid()) {
            ASSERT_EQ(committed.count(std::string(it->key())), 1u) << it->key();
            EXPECT_EQ(it->value(), committed[std::string(it->key())]);
            ++n;
            ASSERT_TRUE(it->Next().ok());
        }
        EXPECT_EQ(n, committed.size());
        // Deleting still fits and is durable.
        it.reset();
        snapshot.reset();
        ASSERT_TRUE(Apply(*env, Batch({{"k0", std::nullopt}}), Durability::kDurable).ok());
        committed.erase("k0");
    }
    // Reopened with the default map size, the database holds exactly what was committed and grows.
    auto env = OpenOrFail(OpenMode::kOpenExisting);
    ASSERT_NE(env, nullptr);
    for (const auto& [key, value] : committed) EXPECT_EQ(Read(*env, key), value) << key;
    EXPECT_EQ(Read(*env, "k0"), std::nullopt);
    ASSERT_TRUE(Apply(*env, Batch({{"more", std::string(1 << 20, 'm')}})).ok());
}

TEST_F(EnvTest, DurabilitySetsLmdbSyncFlagsForTheTransaction) {
    auto env = OpenOrFail(OpenMode::kCreate);
    const unsigned mask = MDB_NOSYNC | MDB_NOMETASYNC;
    EXPECT_EQ(env->FlagsForTesting() & mask, 0u);
    ASSERT_TRUE(Apply(*env, Batch({{"a", "1"}}), Durability::kLazy).ok());
    EXPECT_EQ(env->FlagsForTesting() & mask, static_cast<unsigned>(MDB_NOMETASYNC));
    ASSERT_TRUE(Apply(*env, Batch({{"a", "2"}}), Durability::kNoSync).ok());
    EXPECT_EQ(env->FlagsForTesting() & mask, static_cast<unsigned>(MDB_NOSYNC));
    ASSERT_TRUE(Apply(*env, Batch({{"a", "3"}}), Durability::kDurable).ok());
    EXPECT_EQ(env->FlagsForTesting() & mask, 0u);
    ASSERT_TRUE(Apply(*env, Batch({{"a", "4"}}), Durability::kNoSync).ok());
    ASSERT_TRUE(Apply(*env, Batch({{"a", "5"}}), Durability::kLazy).ok());
    EXPECT_EQ(env->FlagsForTesting() & mask, static_cast<unsigned>(MDB_NOMETASYNC));
    EXPECT_TRUE(env->Sync().ok());
    // The other flags are the ones Open chose.
    EXPECT_EQ(env->FlagsForTesting() & (MDB_NOSUBDIR | MDB_NOTLS | MDB_WRITEMAP | MDB_RDONLY),
              static_cast<unsigned>(MDB_NOSUBDIR | MDB_NOTLS));
}

// ---- counters ----

TEST_F(EnvTest, StatsCountStorageCallsTransactionsAndReaderSlots) {
    auto env = OpenOrFail(OpenMode::kCreate);
    const EnvStats start = env->Stats();
    EXPECT_EQ(env->Stats().storage_calls, start.storage_calls);  // Stats itself is not a storage call

    ASSERT_TRUE(Apply(*env, Batch({{"a", "1"}})).ok());
    EnvStats now = env->Stats();
    EXPECT_EQ(now.last_txn_id, start.last_txn_id + 1);
    EXPECT_EQ(now.storage_calls, start.storage_calls + 1);

    std::unique_ptr<ReadSnapshot> snapshot;
    ASSERT_TRUE(env->NewSnapshot(&snapshot).ok());
    const unsigned readers = env->Stats().readers_used;
    EXPECT_GE(readers, 1u);
    const std::uint64_t before = env->Stats().storage_calls;
    std::string_view value;
    ASSERT_TRUE(snapshot->Get("a", &value).ok());
    {
        auto it = snapshot->NewIterator();
        ASSERT_TRUE(it->First().ok());
        ASSERT_TRUE(it->Next().ok());
    }
    EXPECT_EQ(env->Stats().storage_calls, before + 4);
    for (int i = 0; i < 100; ++i) {
        snapshot->Reset();
        ASSERT_TRUE(snapshot->Renew().ok());
    }
    now = env->Stats();
    EXPECT_EQ(now.storage_calls, before + 4 + 200);
    EXPECT_EQ(now.readers_used, readers);  // renewing keeps the reader slot
    EXPECT_EQ(now.last_txn_id, start.last_txn_id + 1);

    // A destroyed snapshot's calls still count.
    snapshot.reset();
    EXPECT_EQ(env->Stats().storage_calls, before + 4 + 200);
    // Nothing touched: nothing counted.
    EXPECT_EQ(env->Stats().storage_calls, before + 4 + 200);
}

TEST_F(EnvTest, MaxReadersLimitsLiveSnapshots) {
    EnvOptions options = Options(OpenMode::kCreate);
    options.max_readers = 3;
    std::unique_ptr<Env> env;
    ASSERT_TRUE(Env::Open(path_, options, &env).ok());
    std::vector<std::unique_ptr<ReadSnapshot>> snapshots(3);
    for (auto& snapshot : snapshots) ASSERT_TRUE(env->NewSnapshot(&snapshot).ok());
    std::unique_ptr<ReadSnapshot> extra;
    Status s = env->NewSnapshot(&extra);
    EXPECT_TRUE(s.Is(Code::kReadersFull)) << s.message();
    // A reset snapshot keeps its slot (MDB_NOTLS): still full.
    snapshots[0]->Reset();
    EXPECT_TRUE(env->NewSnapshot(&extra).Is(Code::kReadersFull));
    snapshots[0].reset();
    EXPECT_TRUE(env->NewSnapshot(&extra).ok());
}

}  // namespace
}  // namespace jetstore::storage

// The keyspace of jetstore-server in a jetstore database, and the Redis commands that read and
// write it. Free of Boost (the networking is in main.cc).
//
// THE TABLE "kv" of <dir>/kv.edb (created on first start):
//   k  Binary (the key; primary index "+k" with JET_bitIndexDisallowTruncation, whose 255-byte
//      normalized keys hold 224 key bytes whole: a longer key is refused with an error, never
//      truncated)
//   v  LongBinary (a string value)
//   n  LongLong, escrow (JET_bitColumnEscrowUpdate), default 0 (an integer value)
//   t  Long: 0 the value is v, 1 the value is n (INCR and friends keep integers there, so
//      concurrent increments of one key are escrow updates that never conflict)
//
// A connection's commands run in one JET transaction per batch (what one read of its socket
// holds), each command in a nested level (an error undoes that command alone). A write conflict
// (another client changed a key after the batch's snapshot) makes the whole batch roll back and
// run again (Batch::kRetry): its replies are only sent after the commit.
#pragma once

#include <esent.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace jetstore::server {

// The database's schema, opened once per process.
struct KeyspaceSchema {
    JET_COLUMNID k = 0, v = 0, n = 0, t = 0;
    std::size_t max_key = 0;  // the longest key the primary index holds whole
};

// Opens (or creates) <path> with the table through `sesid`, filling *schema.
[[nodiscard]] JET_ERR OpenKeyspace(JET_SESID sesid, const std::string& path, KeyspaceSchema* schema);

// One connection's view: its session's open table.
class Keyspace {
public:
    Keyspace(JET_SESID sesid, JET_TABLEID table, const KeyspaceSchema& schema)
        : ses_(sesid), t_(table), s_(schema) {}

    // The result of one command inside a batch: its reply is appended to *out.
    enum class Outcome {
        kDone,      // replied (an error reply included)
        kConflict,  // a write conflict: the batch must be rolled back and run again
        kFatal,     // the engine failed (the instance is unavailable): the reply says so
    };
    // Runs a data command (GET, SET, ...). REQUIRES: a transaction is open and the session's
    // context is set on this thread. `args[0]` is the command name, lower case.
    Outcome Run(const std::vector<std::string>& args, std::string* out);

    // Whether `name` (lower case) is a data command Run knows; *arity as Redis states it
    // (negative: at least that many).
    static bool IsDataCommand(std::string_view name, int* arity, bool* writes);

    // Stands the cursor on `key` (a zero-length key included): JET_errRecordNotFound when absent.
    JET_ERR Seek(std::string_view key);

private:
    JET_ERR ReadCurrent(std::string* value);
    Outcome Get(const std::vector<std::string>& a, std::string* out);
    Outcome Set(const std::vector<std::string>& a, std::string* out);
    Outcome GetSet(const std::vector<std::string>& a, std::string* out);
    Outcome Del(const std::vector<std::string>& a, std::string* out);
    Outcome Exists(const std::vector<std::string>& a, std::string* out);
    Outcome Incr(std::string_view key, long long delta, std::string* out);
    Outcome MGet(const std::vector<std::string>& a, std::string* out);
    Outcome MSet(const std::vector<std::string>& a, std::string* out);
    Outcome DbSize(std::string* out);
    Outcome FlushDb(std::string* out);
    Outcome Type(const std::vector<std::string>& a, std::string* out);
    // Writes `value` at the current record (replace) or as a new record (insert).
    JET_ERR Write(std::string_view key, std::string_view value, bool insert);
    Outcome Failed(JET_ERR err, std::string* out);
    bool KeyTooLong(std::string_view key, std::string* out) const;

    JET_SESID ses_;
    JET_TABLEID t_;
    KeyspaceSchema s_;
};

}  // namespace jetstore::server

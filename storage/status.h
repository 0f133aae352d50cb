// The result of a storage call. storage/ knows nothing of JET error codes: engine/ maps these
// codes to JET_ERR in one place. LMDB and errno values are translated once, here in storage/.
#pragma once

#include <string>
#include <utility>

namespace jetstore::storage {

enum class Code : unsigned char {
    kOk = 0,
    kNotFound,            // no such key / file
    kExists,              // the key / file already exists
    kMapFull,             // the database reached its maximum size (MDB_MAP_FULL)
    kDiskFull,            // the file system is full (ENOSPC, EDQUOT)
    kIoError,             // EIO and other I/O failures
    kAccessDenied,        // EACCES / EPERM / EROFS
    kLockedByProcess,     // another process holds the database file
    kAttachedElsewhere,   // another owner in this process holds the database file
    kCorrupt,             // MDB_CORRUPTED, MDB_PAGE_NOTFOUND, MDB_INVALID, MDB_VERSION_MISMATCH
    kReadersFull,         // MDB_READERS_FULL
    kInvalidArgument,     // a caller error (bad key size, bad option)
    kTooLarge,            // a key or value over the limits
    kOutOfMemory,
    kPanic,               // MDB_PANIC: the environment is unusable until reopened
    kRefused,             // a commit's merge refused it (log_committer.h, CommitMerge)
};

// A [[nodiscard]] result: OK carries nothing; an error carries its code and a message for logs.
class [[nodiscard]] Status {
public:
    Status() = default;
    static Status Ok() { return Status(); }
    static Status Error(Code code, std::string message = {}) { return Status(code, std::move(message)); }

    bool ok() const { return code_ == Code::kOk; }
    Code code() const { return code_; }
    const std::string& message() const { return message_; }
    bool Is(Code c) const { return code_ == c; }

private:
    Status(Code code, std::string message) : code_(code), message_(std::move(message)) {}
    Code code_ = Code::kOk;
    std::string message_;
};

// Translates an LMDB return code (0, MDB_* or an errno value) into a Status.
Status FromLmdb(int rc, const char* what);
// Translates an errno value.
Status FromErrno(int err, const char* what);

}  // namespace jetstore::storage

// Small POSIX file helpers for the log and the checkpoint file: each returns a Status built by
// FromErrno (ENOSPC -> kDiskFull, EIO -> kIoError, ...), and retries only EINTR and short writes.
#pragma once

#include "storage/status.h"

#include <cstddef>
#include <cstdint>
#include <string>

namespace jetstore::storage {

// Writes all `n` bytes at `offset`.
Status PwriteAll(int fd, const char* data, std::size_t n, std::uint64_t offset, const char* what);
Status Fdatasync(int fd, const char* what);
Status Rename(const std::string& from, const std::string& to);
// fsync of a folder: a rename or a new file in it survives an OS crash afterwards.
Status SyncFolder(const std::string& folder);
// Reads up to `n` bytes at `offset` (fewer at the end of the file).
Status ReadFileRange(const std::string& path, std::uint64_t offset, std::size_t n, std::string* out);
Status ReadWholeFile(const std::string& path, std::string* out);
// Replaces `path` with `content` atomically: written to `path`.tmp, flushed, renamed over
// `path`, and the folder flushed.
Status WriteFileAtomically(const std::string& path, const std::string& content);
// The folder part of a path, with a trailing '/'.
std::string FolderOf(const std::string& path);

}  // namespace jetstore::storage

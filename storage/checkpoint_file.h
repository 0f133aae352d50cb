// The checkpoint file `<SystemPath><BaseName>.chk`: where replay starts, and whether the instance
// stopped cleanly.
//
// FORMAT (little-endian; NEVER RENUMBER fields: the file outlives the program that wrote it)
//   0   8  magic "JSCHKPT1"
//   8   4  format version (1)
//   12  4  flags: bit 0 = clean (the last JetTerm left every database consistent at `seq`)
//   16  8  lineage of the log stream the checkpoint belongs to
//   24  4  generation of the checkpoint position
//   28  4  reserved, 0
//   32  8  byte offset of the checkpoint position in that generation
//   40  8  seq: every record at or before it is in every attached database's file
//   48  2  count of attached databases, then for each: u8 dbid, u64 signature, u16 path length, path
//   ..  8  XXH3-64 of every byte before it
// It is replaced atomically (written beside, flushed, renamed, folder flushed).
#pragma once

#include "storage/commit_log.h"
#include "storage/log_format.h"
#include "storage/status.h"

#include <cstdint>
#include <string>
#include <vector>

namespace jetstore::storage {

struct CheckpointState {
    bool clean = false;
    std::uint64_t lineage = 0;
    LogPosition position;   // replay starts here
    std::uint64_t seq = 0;  // every record up to it is in the databases
    std::vector<logfmt::DbAttachment> attached;
};

std::string EncodeCheckpoint(const CheckpointState& c);
// False when `bytes` is not a checkpoint file (bad magic, version or checksum).
bool DecodeCheckpoint(std::string_view bytes, CheckpointState* c);

// Reads the file. kNotFound when it does not exist; kCorrupt when it is not a checkpoint file.
Status ReadCheckpoint(const std::string& path, CheckpointState* c);
Status WriteCheckpoint(const std::string& path, const CheckpointState& c);

}  // namespace jetstore::storage

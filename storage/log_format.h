// The commit log's on-disk format: generation files, records, and their checksums.
//
// FILES (in the log folder, JET_paramLogFilePath; `edb` is JET_paramBaseName)
//   edb.log          the current generation, the only one written to
//   edb00001.log     older generations, numbered as esent numbers them (5 hex digits, 8 past 0xFFFFF)
//   edbtmp.log       the next generation, prepared (zero-filled, flushed) ahead of the switch
// Every generation file is preallocated to its size (JET_paramLogFileSize) and filled with zeros
// before it is used, so that appending to it never changes the file's size and fdatasync flushes
// data only. A record larger than what remains of a generation extends it.
//
// GENERATION HEADER (bytes 0 .. kHeaderSize-1; little-endian)
//   0   8  magic "JSLOGGEN"
//   8   4  format version (kFormatVersion)
//   12  4  generation number (1, 2, ...)
//   16  8  lineage: a random number chosen when the log stream began; every file of the stream,
//          and the checkpoint file, carry it. It also seeds every record checksum, so a record of
//          another stream never verifies.
//   24  8  seq of the last record before this generation (the first record has this + 1)
//   32  8  the generation's preallocated size
//   40  8  creation time (microseconds since the epoch, informational)
//   48  2  count of databases attached when the generation began, then for each:
//          u8 dbid, u64 signature, u16 path length, path bytes
//   kHeaderSize-8  8  XXH3-64 of bytes 0 .. kHeaderSize-9, seeded with 0
//
// RECORDS (from kHeaderSize on, back to back, not aligned)
//   0   4  magic "JREC"
//   4   4  payload length
//   8   1  type (RecordType)
//   9   3  reserved, 0
//   12  4  generation number of the file the record is written in
//   16  8  seq: consecutive across the whole stream (each record is the previous one's + 1)
//   24  8  synced-through: the offset in this generation up to which the log had been flushed
//          (fdatasync) when this record was written. Replay uses it to tell a torn tail from
//          corruption: a record that fails its checksum is corruption when a later record says it
//          had already been flushed.
//   32  8  XXH3-64 of bytes 0..31 and the payload, seeded with the lineage
//   40  .. payload
//
// PAYLOADS (varint = LEB128, unsigned)
//   kCommit:  u8 part count; per part: u8 dbid, varint op count; per op: u8 op (0 delete, 1 put),
//             varint key length, key, [put: varint value length, value]. A commit with no part
//             (a transaction that only took write locks) still takes a seq.
//   kCreateDb / kAttachDb: u8 dbid, u64 signature, u16 path length, path
//   kDetachDb: u8 dbid, u64 signature
//   kEndOfGeneration: empty; the last record of every generation but the current one. Replay of an
//             older generation that does not end with it reports the log corrupt.
//   kBackup:  u64 unix time: a backup's moment (so that every backup holds at least one
//             generation); replay skips it.
//
// NEVER RENUMBER the record types, the ops or the field offsets: logs outlive the program that
// wrote them. A new field goes into a new record type or a new format version.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace jetstore::storage::logfmt {

inline constexpr char kGenerationMagic[8] = {'J', 'S', 'L', 'O', 'G', 'G', 'E', 'N'};
inline constexpr std::uint32_t kFormatVersion = 1;
inline constexpr std::size_t kHeaderSize = 4096;
inline constexpr std::uint32_t kRecordMagic = 0x4345524Au;  // "JREC" little-endian
inline constexpr std::size_t kRecordHeaderSize = 40;
// The most a record's payload may hold (a transaction larger than this is refused).
inline constexpr std::uint32_t kMaxPayload = 1u << 30;

enum class RecordType : std::uint8_t {  // never renumber
    kCommit = 1,
    kCreateDb = 2,
    kAttachDb = 3,
    kDetachDb = 4,
    kEndOfGeneration = 5,
    kBackup = 6,
};

enum class Op : std::uint8_t { kDelete = 0, kPut = 1 };  // never renumber

// A database as the log knows it: its dbid in the instance, the random signature it was given
// when it was created (kept in the database itself), and its absolute path.
struct DbAttachment {
    std::uint8_t dbid = 0;
    std::uint64_t signature = 0;
    std::string path;
    bool operator==(const DbAttachment&) const = default;
};

struct GenerationHeader {
    std::uint32_t generation = 0;
    std::uint64_t lineage = 0;
    std::uint64_t prev_seq = 0;
    std::uint64_t size = 0;
    std::uint64_t created_us = 0;
    std::vector<DbAttachment> attached;
};

struct RecordHeader {
    std::uint32_t length = 0;
    RecordType type = RecordType::kCommit;
    std::uint32_t generation = 0;
    std::uint64_t seq = 0;
    std::uint64_t synced_through = 0;
    std::uint64_t checksum = 0;
};

// ---- little-endian fixed-width fields ----

inline void PutU16(std::string* out, std::uint16_t v) {
    const char b[2] = {static_cast<char>(v), static_cast<char>(v >> 8)};
    out->append(b, 2);
}
inline void PutU32(std::string* out, std::uint32_t v) {
    char b[4];
    for (int i = 0; i < 4; ++i) b[i] = static_cast<char>(v >> (8 * i));
    out->append(b, 4);
}
inline void PutU64(std::string* out, std::uint64_t v) {
    char b[8];
    for (int i = 0; i < 8; ++i) b[i] = static_cast<char>(v >> (8 * i));
    out->append(b, 8);
}
inline std::uint64_t GetLe(const char* p, int bytes) {
    std::uint64_t v = 0;
    for (int i = bytes - 1; i >= 0; --i) v = (v << 8) | static_cast<unsigned char>(p[i]);
    return v;
}
inline void PutVarint(std::string* out, std::uint64_t v) {
    while (v >= 0x80) {
        out->push_back(static_cast<char>(v | 0x80));
        v >>= 7;
    }
    out->push_back(static_cast<char>(v));
}

// A bounds-checked reader over a payload; every Get returns false past the end.
class Reader {
public:
    explicit Reader(std::string_view s) : s_(s) {}
    bool U8(std::uint8_t* v) {
        if (s_.empty()) return false;
        *v = static_cast<std::uint8_t>(s_[0]);
        s_.remove_prefix(1);
        return true;
    }
    bool U16(std::uint16_t* v) { return Fixed(2, v); }
    bool U64(std::uint64_t* v) { return Fixed(8, v); }
    bool Varint(std::uint64_t* v) {
        std::uint64_t out = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            std::uint8_t b = 0;
            if (!U8(&b)) return false;
            out |= static_cast<std::uint64_t>(b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                *v = out;
                return true;
            }
        }
        return false;
    }
    bool Bytes(std::size_t n, std::string_view* v) {
        if (s_.size() < n) return false;
        *v = s_.substr(0, n);
        s_.remove_prefix(n);
        return true;
    }
    bool empty() const { return s_.empty(); }

private:
    template <typename T>
    bool Fixed(int n, T* v) {
        if (s_.size() < static_cast<std::size_t>(n)) return false;
        *v = static_cast<T>(GetLe(s_.data(), n));
        s_.remove_prefix(static_cast<std::size_t>(n));
        return true;
    }
    std::string_view s_;
};

// ---- headers ----

// The kHeaderSize bytes of a generation header.
std::string EncodeGenerationHeader(const GenerationHeader& h);
// Parses and verifies a generation header; false when it is not one (bad magic, version or checksum).
bool DecodeGenerationHeader(std::string_view bytes, GenerationHeader* h);

// Appends one record (header and payload) to *out.
void AppendRecord(std::string* out, RecordType type, std::uint32_t generation, std::uint64_t seq,
                  std::uint64_t synced_through, std::uint64_t lineage, std::string_view payload);
// Parses the record header at the start of `bytes` (no checksum check). False when fewer than
// kRecordHeaderSize bytes are given, the magic is wrong or the length is impossible.
bool DecodeRecordHeader(std::string_view bytes, RecordHeader* h);
// Verifies a record's checksum over its header and `payload`.
bool VerifyRecord(std::string_view header_bytes, std::string_view payload, std::uint64_t lineage,
                  std::uint64_t checksum);

// ---- payloads ----

void EncodeDbEvent(std::string* out, const DbAttachment& db);
bool DecodeDbEvent(std::string_view payload, DbAttachment* db);
void EncodeDetach(std::string* out, std::uint8_t dbid, std::uint64_t signature);
bool DecodeDetach(std::string_view payload, std::uint8_t* dbid, std::uint64_t* signature);

// One operation of a commit record, pointing into its payload.
struct OpView {
    Op op = Op::kDelete;
    std::string_view key;
    std::string_view value;
};
// Calls `part(dbid, op_count)` for each part and `op(dbid, OpView)` for each operation, in order.
// False when the payload is malformed (nothing about a partial walk may be trusted then).
template <typename PartFn, typename OpFn>
bool WalkCommit(std::string_view payload, PartFn&& part, OpFn&& op) {
    Reader r(payload);
    std::uint8_t parts = 0;
    if (!r.U8(&parts)) return false;
    for (unsigned p = 0; p < parts; ++p) {
        std::uint8_t dbid = 0;
        std::uint64_t count = 0;
        if (!r.U8(&dbid) || !r.Varint(&count)) return false;
        if (!part(dbid, count)) return false;
        for (std::uint64_t i = 0; i < count; ++i) {
            std::uint8_t kind = 0;
            std::uint64_t n = 0;
            OpView v;
            if (!r.U8(&kind) || kind > 1 || !r.Varint(&n) || !r.Bytes(n, &v.key) || n == 0) return false;
            v.op = static_cast<Op>(kind);
            if (v.op == Op::kPut && (!r.Varint(&n) || !r.Bytes(n, &v.value))) return false;
            op(dbid, v);
        }
    }
    return r.empty();
}

// File names.
std::string CurrentName(const std::string& base);                          // "edb.log"
std::string GenerationName(const std::string& base, std::uint32_t gen);   // "edb00001.log"
std::string TempName(const std::string& base);                             // "edbtmp.log"
// The generation number of an archived generation's file name; 0 when `name` is not one.
std::uint32_t ParseGenerationName(const std::string& base, std::string_view name);

}  // namespace jetstore::storage::logfmt

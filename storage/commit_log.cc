#include "storage/commit_log.h"

#include "storage/file_util.h"
#include "storage/kill_point.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <map>
#include <random>

namespace jetstore::storage {

namespace lf = logfmt;

// ---- scanning ------------------------------------------------------------------------------

namespace {

// Whether every byte of `s` is zero.
bool AllZero(std::string_view s) {
    return std::all_of(s.begin(), s.end(), [](char c) { return c == '\0'; });
}

// The generation files of `folder`, by number: archived ones by name, the current one (and a
// prepared one that a crash left between the two renames of a switch) by header.
struct Listing {
    std::map<std::uint32_t, std::string> archived;
    std::string current;  // edb.log's path, when present
    std::string temp;     // edbtmp.log's path, when present
};

Status List(const std::string& folder, const std::string& base, Listing* out) {
    DIR* dir = ::opendir(folder.c_str());
    if (dir == nullptr) {
        if (errno == ENOENT) return Status::Ok();
        return FromErrno(errno, "opendir(log folder)");
    }
    while (dirent* e = ::readdir(dir)) {
        const std::string name = e->d_name;
        if (name == lf::CurrentName(base)) {
            out->current = folder + name;
        } else if (name == lf::TempName(base)) {
            out->temp = folder + name;
        } else if (const std::uint32_t gen = lf::ParseGenerationName(base, name); gen != 0) {
            out->archived[gen] = folder + name;
        }
    }
    ::closedir(dir);
    return Status::Ok();
}

// Finds, in `data` from `from` on, a good record that says the log had been flushed past `bad`:
// proof that the bad record at `bad` is not a torn tail but corruption.
bool FlushedPast(std::string_view data, std::size_t from, std::uint64_t bad, std::uint64_t lineage,
                 std::uint32_t generation, std::uint64_t after_seq) {
    const char magic[4] = {'J', 'R', 'E', 'C'};
    for (std::size_t at = from; at + lf::kRecordHeaderSize <= data.size(); ++at) {
        const void* hit = std::memchr(data.data() + at, magic[0], data.size() - at);
        if (hit == nullptr) return false;
        at = static_cast<std::size_t>(static_cast<const char*>(hit) - data.data());
        if (at + lf::kRecordHeaderSize > data.size() || std::memcmp(data.data() + at, magic, 4) != 0) continue;
        lf::RecordHeader h;
        if (!lf::DecodeRecordHeader(data.substr(at), &h) || h.generation != generation || h.seq <= after_seq) continue;
        if (at + lf::kRecordHeaderSize + h.length > data.size()) continue;
        const std::string_view payload = data.substr(at + lf::kRecordHeaderSize, h.length);
        if (!lf::VerifyRecord(data.substr(at, lf::kRecordHeaderSize), payload, lineage, h.checksum)) continue;
        if (h.synced_through > bad) return true;
    }
    return false;
}

}  // namespace

namespace {

// The generation files of `folder` by number: archived ones by name, the current one by its
// header, and a prepared one when a crash fell between a switch's two renames (it is then the
// current generation). Headers are read only for those two.
Status FindGenerations(const std::string& folder, const std::string& base, std::map<std::uint32_t, GenerationFile>* gens) {
    gens->clear();
    Listing listing;
    Status s = List(folder, base, &listing);
    if (!s.ok()) return s;
    for (const auto& [gen, path] : listing.archived) (*gens)[gen].path = path;
    auto read_header = [&](const std::string& path, lf::GenerationHeader* h) -> Status {
        std::string head;
        Status r = ReadFileRange(path, 0, lf::kHeaderSize, &head);
        if (!r.ok()) return r;
        return lf::DecodeGenerationHeader(head, h) ? Status::Ok()
                                                   : Status::Error(Code::kCorrupt, path + ": not a log generation");
    };
    if (!listing.current.empty()) {
        lf::GenerationHeader h;
        s = read_header(listing.current, &h);
        if (!s.ok()) {
            // A first generation whose creation a crash interrupted (header never flushed), with
            // nothing before it: there is no log yet.
            if (s.Is(Code::kCorrupt) && gens->empty()) return Status::Ok();
            return s;
        }
        if (gens->count(h.generation) != 0) {
            return Status::Error(Code::kCorrupt, "two files hold log generation " + std::to_string(h.generation));
        }
        (*gens)[h.generation] = GenerationFile{h.generation, listing.current, h};
    } else if (!listing.temp.empty() && !gens->empty()) {
        lf::GenerationHeader h;
        if (read_header(listing.temp, &h).ok() && h.generation == gens->rbegin()->first + 1) {
            (*gens)[h.generation] = GenerationFile{h.generation, listing.temp, h};
        }
    }
    return Status::Ok();
}

}  // namespace

Status ListLogGenerations(const std::string& folder, const std::string& base, std::vector<std::uint32_t>* out) {
    out->clear();
    std::map<std::uint32_t, GenerationFile> gens;
    Status s = FindGenerations(folder, base, &gens);
    for (const auto& [gen, file] : gens) out->push_back(gen);
    return s;
}

Status ListLogFiles(const std::string& folder, const std::string& base, std::vector<GenerationFile>* out) {
    out->clear();
    std::map<std::uint32_t, GenerationFile> gens;
    Status s = FindGenerations(folder, base, &gens);
    for (auto& [gen, file] : gens) {
        file.generation = gen;
        out->push_back(std::move(file));
    }
    return s;
}

Status ReadGenerationHeader(const std::string& path, lf::GenerationHeader* out) {
    std::string head;
    Status s = ReadFileRange(path, 0, lf::kHeaderSize, &head);
    if (!s.ok()) return s;
    return lf::DecodeGenerationHeader(head, out) ? Status::Ok() : Status::Error(Code::kCorrupt, path + ": not a log generation");
}

Status ScanLog(const std::string& folder, const std::string& base, std::uint32_t from, std::uint64_t lineage,
               std::uint64_t after_seq, LogScan* out, const RecordVisitor& visit, const GenerationVisitor& on_generation,
               std::optional<LogPosition> stop) {
    *out = LogScan{};
    std::map<std::uint32_t, GenerationFile> gens;
    Status s = FindGenerations(folder, base, &gens);
    if (!s.ok()) return s;
    std::string data;
    if (gens.empty()) {
        if (from != 0) return Status::Error(Code::kNotFound, "log generation " + std::to_string(from) + " is missing");
        return Status::Ok();
    }
    std::uint32_t newest = gens.rbegin()->first;
    if (stop && stop->generation < newest) {
        newest = std::max(stop->generation, from == 0 ? gens.begin()->first : from);
        out->cut = true;
    }
    if (from == 0) from = gens.begin()->first;
    if (from > newest || gens.count(from) == 0) {
        return Status::Error(Code::kNotFound, "log generation " + std::to_string(from) + " is missing");
    }
    for (std::uint32_t g = from; g <= newest; ++g) {
        if (gens.count(g) == 0) return Status::Error(Code::kNotFound, "log generation " + std::to_string(g) + " is missing");
    }

    std::uint64_t expected_prev = 0;
    bool have_prev = false;
    for (std::uint32_t g = from; g <= newest; ++g) {
        GenerationFile& file = gens[g];
        file.generation = g;
        s = ReadWholeFile(file.path, &data);
        if (!s.ok()) return s;
        if (!lf::DecodeGenerationHeader(data, &file.header) || file.header.generation != g) {
            return Status::Error(Code::kCorrupt, file.path + ": bad generation header");
        }
        const std::uint64_t lin = file.header.lineage;
        if (lineage != 0 && lin != lineage) return Status::Error(Code::kCorrupt, file.path + ": another log stream");
        if (out->lineage == 0) out->lineage = lin;
        if (lin != out->lineage) return Status::Error(Code::kCorrupt, file.path + ": another log stream");
        if (have_prev && file.header.prev_seq != expected_prev) {
            return Status::Error(Code::kCorrupt, file.path + ": does not continue the previous generation");
        }
        if (on_generation) {
            s = on_generation(file);
            if (!s.ok()) return s;
        }
        std::uint64_t last = file.header.prev_seq;
        std::size_t at = lf::kHeaderSize;
        bool ended = false;
        bool bad = false;
        bool stopped = false;
        while (at + lf::kRecordHeaderSize <= data.size()) {
            if (stop && g == stop->generation && at >= stop->offset) {
                // The stop: what follows (but the generation's own end) is not part of the stream.
                lf::RecordHeader next;
                const bool is_end = lf::DecodeRecordHeader(std::string_view(data).substr(at), &next) &&
                                    next.generation == g && next.type == lf::RecordType::kEndOfGeneration;
                if (!is_end) {
                    stopped = true;
                    if (!AllZero(std::string_view(data).substr(at))) out->cut = true;
                    break;
                }
            }
            lf::RecordHeader h;
            const std::string_view rest(data.data() + at, data.size() - at);
            if (!lf::DecodeRecordHeader(rest, &h) || h.generation != g || at + lf::kRecordHeaderSize + h.length > data.size()) {
                bad = true;
                break;
            }
            const std::string_view payload = rest.substr(lf::kRecordHeaderSize, h.length);
            if (!lf::VerifyRecord(rest.substr(0, lf::kRecordHeaderSize), payload, lin, h.checksum)) {
                bad = true;
                break;
            }
            if (h.type == lf::RecordType::kEndOfGeneration) {
                if (h.seq != last) {
                    bad = true;
                    break;
                }
                ended = true;
                at += lf::kRecordHeaderSize + h.length;
                break;
            }
            if (h.seq != last + 1) {
                bad = true;
                break;
            }
            if (visit && h.seq > after_seq) {
                s = visit(h, payload, LogPosition{g, at});
                if (!s.ok()) return s;
            }
            last = h.seq;
            at += lf::kRecordHeaderSize + h.length;
        }
        if (g != newest) {
            if (!ended) return Status::Error(Code::kCorrupt, file.path + ": bad record at offset " + std::to_string(at));
        } else if (stopped) {
            out->end = LogPosition{g, at};  // the tail is CutLog's to end
        } else {
            out->end = LogPosition{g, at};
            out->newest_ended = ended;
            if (!ended) {
                if (bad && FlushedPast(data, at + 1, at, lin, g, last)) {
                    return Status::Error(Code::kCorrupt, file.path + ": bad record at offset " + std::to_string(at) +
                                                             " that had been flushed");
                }
                out->torn_tail = at < data.size() && !AllZero(std::string_view(data).substr(at));
            }
        }
        expected_prev = last;
        have_prev = true;
        out->last_seq = last;
    }
    for (std::uint32_t g = from; g <= newest; ++g) out->generations.push_back(std::move(gens[g]));
    return Status::Ok();
}

Status CutLog(const std::string& folder, const std::string& base, LogScan* scan) {
    if (!scan->cut || scan->empty()) return Status::Ok();
    const GenerationFile& last = scan->generations.back();
    if (!scan->newest_ended) {
        // End the stop's generation at the stop (a crash after this leaves later generations that
        // no longer continue the stream: only a scan with the same stop reads it).
        const int fd = ::open(last.path.c_str(), O_RDWR | O_CLOEXEC);
        if (fd < 0) return FromErrno(errno, "open(log generation)");
        std::string end;
        lf::AppendRecord(&end, lf::RecordType::kEndOfGeneration, last.generation, scan->last_seq, scan->end.offset,
                         scan->lineage, {});
        Status s = PwriteAll(fd, end.data(), end.size(), scan->end.offset, "write(log end)");
        if (s.ok()) s = Fdatasync(fd, "fdatasync(log end)");
        ::close(fd);
        if (!s.ok()) return s;
        KillPoint("log-cut");
        scan->end.offset += end.size();
        scan->newest_ended = true;
    }
    // Then every later generation, newest first, and a prepared next file.
    std::map<std::uint32_t, GenerationFile> gens;
    Status s = FindGenerations(folder, base, &gens);
    if (!s.ok()) return s;
    for (auto it = gens.rbegin(); it != gens.rend() && it->first > last.generation; ++it) {
        if (::unlink(it->second.path.c_str()) != 0 && errno != ENOENT) return FromErrno(errno, "unlink(log generation)");
    }
    const std::string temp = folder + lf::TempName(base);
    if (::unlink(temp.c_str()) != 0 && errno != ENOENT) return FromErrno(errno, "unlink(edbtmp.log)");
    s = SyncFolder(folder);
    if (!s.ok()) return s;
    scan->cut = false;
    scan->torn_tail = false;
    return Status::Ok();
}

// ---- writing -------------------------------------------------------------------------------

struct CommitLog::File {
    int fd = -1;
    std::uint32_t generation = 0;
    std::string path;
    std::uint64_t size = 0;  // preallocated
    ~File() {
        if (fd >= 0) ::close(fd);
    }
};

namespace {

std::uint64_t NowMicros() {
    return static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::microseconds>(
                                          std::chrono::system_clock::now().time_since_epoch())
                                          .count());
}

std::uint64_t NewLineage() {
    std::random_device rd;
    std::uint64_t v = 0;
    while (v == 0) v = (static_cast<std::uint64_t>(rd()) << 32) ^ rd() ^ NowMicros();
    return v;
}

// Writes `n` zero bytes from offset 0 and flushes: the file's blocks are allocated and written,
// so later appends change no metadata.
Status ZeroFill(int fd, std::uint64_t n) {
    static const std::string zeros(1 << 20, '\0');
    for (std::uint64_t at = 0; at < n;) {
        const std::size_t chunk = static_cast<std::size_t>(std::min<std::uint64_t>(zeros.size(), n - at));
        Status s = PwriteAll(fd, zeros.data(), chunk, at, "zero-fill log");
        if (!s.ok()) return s;
        at += chunk;
    }
    return Fdatasync(fd, "fdatasync(new log)");
}

// Makes `path` a prepared generation file: created (or reused), `size` bytes of zeros, flushed.
Status PrepareFile(const std::string& path, std::uint64_t size) {
    const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) return FromErrno(errno, ("open(" + path + ")").c_str());
    struct stat st {};
    Status s;
    if (::fstat(fd, &st) != 0) {
        s = FromErrno(errno, "fstat(log)");
    } else if (static_cast<std::uint64_t>(st.st_size) != size || st.st_blocks * 512 < static_cast<long long>(size)) {
        if (::ftruncate(fd, 0) != 0) {
            s = FromErrno(errno, "ftruncate(log)");
        } else {
            s = ZeroFill(fd, size);
        }
    }
    ::close(fd);
    return s;
}

}  // namespace

CommitLog::CommitLog(LogOptions options, std::uint64_t lineage) : options_(std::move(options)), lineage_(lineage) {}

CommitLog::~CommitLog() = default;

Status CommitLog::FailLocked(Status s) {
    if (failed_.ok()) failed_ = Status::Error(s.code(), s.message());
    return s;
}

// Creates generation `generation` as the current one: prepares edbtmp.log (unless PrepareNext
// did), writes its header, flushes it, renames it to edb.log and flushes the folder.
// REQUIRES: mu_ held; no current generation file named edb.log (archived or absent).
Status CommitLog::OpenGenerationLocked(std::uint32_t generation, std::uint64_t prev_seq) {
    const std::string temp = options_.folder + lf::TempName(options_.base);
    const std::string current = options_.folder + lf::CurrentName(options_.base);
    MutexLock prepare(&prepare_mu_);  // until the prepared file is renamed into place
    Status s = PrepareFile(temp, options_.file_size);
    if (!s.ok()) return s;
    lf::GenerationHeader h;
    h.generation = generation;
    h.lineage = lineage_;
    h.prev_seq = prev_seq;
    h.size = options_.file_size;
    h.created_us = NowMicros();
    h.attached = attached_;
    const std::string header = lf::EncodeGenerationHeader(h);
    auto file = std::make_shared<File>();
    file->fd = ::open(temp.c_str(), O_RDWR | O_CLOEXEC);
    if (file->fd < 0) return FromErrno(errno, "open(edbtmp.log)");
    s = PwriteAll(file->fd, header.data(), header.size(), 0, "write(log header)");
    if (s.ok()) s = Fdatasync(file->fd, "fdatasync(log header)");
    if (s.ok()) s = Rename(temp, current);
    if (s.ok()) s = SyncFolder(options_.folder);
    if (!s.ok()) return s;
    file->generation = generation;
    file->path = current;
    file->size = options_.file_size;
    current_ = std::move(file);
    written_ = lf::kHeaderSize;
    durable_ = LogPosition{generation, lf::kHeaderSize};
    return Status::Ok();
}

Status CommitLog::Open(const LogOptions& options, const LogScan& scan, std::vector<lf::DbAttachment> attached,
                       std::unique_ptr<CommitLog>* out) {
    out->reset();
    std::unique_ptr<CommitLog> log(new CommitLog(options, scan.empty() ? NewLineage() : scan.lineage));
    MutexLock lock(&log->mu_);
    log->attached_ = std::move(attached);
    Status s;
    if (scan.empty()) {
        s = log->OpenGenerationLocked(1, scan.last_seq);
        if (!s.ok()) return s;
        log->last_seq_ = scan.last_seq;
        log->oldest_generation_ = 1;
        *out = std::move(log);
        return Status::Ok();
    }
    const GenerationFile& newest = scan.generations.back();
    log->last_seq_ = scan.last_seq;
    log->oldest_generation_ = scan.generations.front().generation;
    const std::string current = options.folder + lf::CurrentName(options.base);
    auto file = std::make_shared<File>();
    file->generation = newest.generation;
    file->path = current;
    file->size = std::max(newest.header.size, scan.end.offset);
    if (newest.path != current && !scan.newest_ended && newest.path == options.folder + lf::TempName(options.base)) {
        // A switch a crash interrupted between its renames: finish it.
        s = Rename(newest.path, current);
        if (s.ok()) s = SyncFolder(options.folder);
        if (!s.ok()) return s;
    }
    if (!scan.newest_ended && newest.path != current && newest.path != options.folder + lf::TempName(options.base)) {
        return Status::Error(Code::kCorrupt, "the newest log generation is archived but not ended");
    }
    if (!scan.newest_ended) {
        file->fd = ::open(current.c_str(), O_RDWR | O_CLOEXEC);
        if (file->fd < 0) return FromErrno(errno, "open(edb.log)");
        if (scan.torn_tail) {
            // Close the generation at its last good record; new records go to a new one.
            std::string end;
            lf::AppendRecord(&end, lf::RecordType::kEndOfGeneration, newest.generation, scan.last_seq, scan.end.offset,
                             log->lineage_, {});
            s = PwriteAll(file->fd, end.data(), end.size(), scan.end.offset, "write(log end)");
            if (s.ok()) s = Fdatasync(file->fd, "fdatasync(log end)");
            if (!s.ok()) return s;
            s = Rename(current, options.folder + lf::GenerationName(options.base, newest.generation));
            if (!s.ok()) return s;
            s = log->OpenGenerationLocked(newest.generation + 1, scan.last_seq);
            if (!s.ok()) return s;
        } else {
            // Continue in place, after flushing what a killed process left in the page cache.
            s = Fdatasync(file->fd, "fdatasync(edb.log)");
            if (!s.ok()) return s;
            log->current_ = std::move(file);
            log->written_ = scan.end.offset;
            log->durable_ = scan.end;
        }
    } else {
        if (newest.path == current) {
            s = Rename(current, options.folder + lf::GenerationName(options.base, newest.generation));
            if (!s.ok()) return s;
        }
        s = log->OpenGenerationLocked(newest.generation + 1, scan.last_seq);
        if (!s.ok()) return s;
    }
    *out = std::move(log);
    return Status::Ok();
}

void CommitLog::TrackAttachments(const Record& r) {
    if (r.type == lf::RecordType::kCreateDb || r.type == lf::RecordType::kAttachDb) {
        lf::DbAttachment db;
        if (!lf::DecodeDbEvent(r.payload, &db)) return;
        std::erase_if(attached_, [&](const lf::DbAttachment& a) { return a.dbid == db.dbid; });
        attached_.push_back(std::move(db));
    } else if (r.type == lf::RecordType::kDetachDb) {
        std::uint8_t dbid = 0;
        std::uint64_t signature = 0;
        if (lf::DecodeDetach(r.payload, &dbid, &signature)) {
            std::erase_if(attached_, [&](const lf::DbAttachment& a) { return a.dbid == dbid; });
        }
    }
}

// Closes the current generation (end record, flushed), archives it and opens the next one.
// REQUIRES: mu_ held.
Status CommitLog::SwitchLocked(std::uint64_t prev_seq) {
    std::string end;
    lf::AppendRecord(&end, lf::RecordType::kEndOfGeneration, current_->generation, prev_seq, durable_.offset, lineage_, {});
    Status s = PwriteAll(current_->fd, end.data(), end.size(), written_, "write(log end)");
    if (s.ok()) s = Fdatasync(current_->fd, "fdatasync(log end)");
    if (!s.ok()) return s;
    ++counters_.syncs;
    const std::uint32_t gen = current_->generation;
    s = Rename(current_->path, options_.folder + lf::GenerationName(options_.base, gen));
    if (!s.ok()) return s;
    KillPoint("log-switch");
    ++counters_.switches;
    return OpenGenerationLocked(gen + 1, prev_seq);
}

Status CommitLog::Append(std::span<const Record> records, LogPosition* end) {
    if (records.empty()) return Status::Ok();
    MutexLock lock(&mu_);
    if (!failed_.ok()) return Status::Error(failed_.code(), failed_.message());
    std::uint64_t seq = last_seq_;
    std::size_t bytes = 0;
    for (const Record& r : records) {
        if (r.seq != ++seq) return Status::Error(Code::kInvalidArgument, "CommitLog::Append: seq does not continue");
        bytes += lf::kRecordHeaderSize + r.payload.size();
    }
    // Room for the records and the end-of-generation record that closes the generation later.
    if (written_ > lf::kHeaderSize && written_ + bytes + lf::kRecordHeaderSize > current_->size) {
        Status s = SwitchLocked(last_seq_);
        if (!s.ok()) return FailLocked(std::move(s));
    }
    buffer_.clear();
    const std::uint64_t synced = durable_.generation == current_->generation ? durable_.offset : lf::kHeaderSize;
    for (const Record& r : records) {
        lf::AppendRecord(&buffer_, r.type, current_->generation, r.seq, synced, lineage_, r.payload);
    }
    std::size_t at = 0;
    if (KillPointDue("log-write")) {
        // A crash inside the write: half of it reaches the file.
        const std::size_t half = buffer_.size() / 2;
        (void)PwriteAll(current_->fd, buffer_.data(), half, written_, "write(log)");
        KillNow();
    }
    while (at < buffer_.size()) {
        const std::size_t n = options_.write_chunk == 0 ? buffer_.size() - at
                                                         : std::min(options_.write_chunk, buffer_.size() - at);
        Status s = PwriteAll(current_->fd, buffer_.data() + at, n, written_ + at, "write(log)");
        if (!s.ok()) return FailLocked(std::move(s));
        ++counters_.writes;
        at += n;
    }
    written_ += buffer_.size();
    if (written_ > current_->size) current_->size = written_;  // a record larger than a generation
    last_seq_ = seq;
    ++counters_.appends;
    counters_.bytes += buffer_.size();
    for (const Record& r : records) TrackAttachments(r);
    if (end != nullptr) *end = LogPosition{current_->generation, written_};
    return Status::Ok();
}

Status CommitLog::Sync() {
    MutexLock sync_lock(&sync_mu_);
    std::shared_ptr<File> file;
    LogPosition target;
    {
        MutexLock lock(&mu_);
        if (!failed_.ok()) return Status::Error(failed_.code(), failed_.message());
        target = LogPosition{current_->generation, written_};
        if (target <= durable_) return Status::Ok();
        file = current_;
    }
    KillPoint("log-before-sync");
    Status s = options_.skip_sync_for_testing ? Status::Ok() : Fdatasync(file->fd, "fdatasync(log)");
    MutexLock lock(&mu_);
    ++counters_.syncs;
    if (!s.ok()) return FailLocked(std::move(s));
    if (durable_ < target) durable_ = target;
    return Status::Ok();
}

Status CommitLog::ForceNewGeneration(std::uint32_t* archived, std::uint64_t* last_seq) {
    MutexLock lock(&mu_);
    if (!failed_.ok()) return Status::Error(failed_.code(), failed_.message());
    if (written_ > lf::kHeaderSize) {
        Status s = SwitchLocked(last_seq_);
        if (!s.ok()) return FailLocked(std::move(s));
    }
    // The current generation holds no record now; the ones before it were each flushed when
    // they were closed.
    if (archived != nullptr) *archived = current_->generation - 1;
    if (last_seq != nullptr) *last_seq = last_seq_;
    return Status::Ok();
}

Status CommitLog::PrepareNext() {
    {
        MutexLock lock(&mu_);
        if (!failed_.ok()) return Status::Ok();
    }
    // PrepareFile keeps a complete file as it is; a switch waits for this one to finish.
    MutexLock prepare(&prepare_mu_);
    return PrepareFile(options_.folder + lf::TempName(options_.base), options_.file_size);
}

Status CommitLog::DeleteGenerationsBefore(std::uint32_t generation) {
    {
        MutexLock lock(&mu_);
        generation = std::min(generation, current_->generation);
        oldest_generation_ = std::max(oldest_generation_, generation);
    }
    // Every archived generation present before it, those older than where this log's scan began
    // (the checkpoint's) included.
    std::vector<std::uint32_t> present;
    Status s = ListLogGenerations(options_.folder, options_.base, &present);
    if (!s.ok()) return s;
    bool deleted = false;
    for (const std::uint32_t g : present) {
        if (g >= generation) continue;
        const std::string path = options_.folder + lf::GenerationName(options_.base, g);
        if (::unlink(path.c_str()) != 0 && errno != ENOENT) return FromErrno(errno, "unlink(log generation)");
        deleted = true;
    }
    return deleted ? SyncFolder(options_.folder) : Status::Ok();
}

LogPosition CommitLog::written() const {
    MutexLock lock(&mu_);
    return LogPosition{current_->generation, written_};
}

LogPosition CommitLog::durable() const {
    MutexLock lock(&mu_);
    return durable_;
}

std::uint64_t CommitLog::last_seq() const {
    MutexLock lock(&mu_);
    return last_seq_;
}

std::uint32_t CommitLog::generation() const {
    MutexLock lock(&mu_);
    return current_->generation;
}

std::uint64_t CommitLog::BytesSince(LogPosition from) const {
    MutexLock lock(&mu_);
    const LogPosition now{current_->generation, written_};
    if (from >= now) return 0;
    if (from.generation == now.generation) return now.offset - from.offset;
    return (now.generation - from.generation) * options_.file_size + now.offset - std::min(from.offset, options_.file_size);
}

Status CommitLog::failure() const {
    MutexLock lock(&mu_);
    return Status::Error(failed_.code(), failed_.message());
}

double CommitLog::Fill() const {
    MutexLock lock(&mu_);
    return static_cast<double>(written_) / static_cast<double>(std::max<std::uint64_t>(1, current_->size));
}

CommitLog::Counters CommitLog::counters() const {
    MutexLock lock(&mu_);
    return counters_;
}

}  // namespace jetstore::storage

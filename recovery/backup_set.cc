#include "recovery/backup_set.h"

#include "storage/file_util.h"

#define XXH_STATIC_LINKING_ONLY  // XXH3_state_t on the stack
#include <xxhash.h>

#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cinttypes>
#include <cstdio>
#include <memory>
#include <thread>
#include <sstream>

namespace jetstore::recovery {
namespace {

using storage::Code;
using storage::Status;

constexpr std::size_t kCopyChunk = 1u << 20;

std::string Hex(std::uint64_t v) {
    char buf[24];
    std::snprintf(buf, sizeof buf, "%016" PRIx64, v);
    return buf;
}

// A streaming XXH3-64.
class Hasher {
public:
    Hasher() {
        XXH3_INITSTATE(&state_);
        XXH3_64bits_reset(&state_);
    }
    void Update(const char* p, std::size_t n) { XXH3_64bits_update(&state_, p, n); }
    std::uint64_t Digest() { return XXH3_64bits_digest(&state_); }

private:
    XXH3_state_t state_;
};

class Fd {
public:
    explicit Fd(int fd) : fd_(fd) {}
    ~Fd() {
        if (fd_ >= 0) ::close(fd_);
    }
    Fd(const Fd&) = delete;
    Fd& operator=(const Fd&) = delete;
    int get() const { return fd_; }
    int release() {
        const int fd = fd_;
        fd_ = -1;
        return fd;
    }
    Status Close(const char* what) {
        const int fd = fd_;
        fd_ = -1;
        return ::close(fd) == 0 ? Status::Ok() : storage::FromErrno(errno, what);
    }

private:
    int fd_;
};


// Splits a line into its space-separated words (the part after a tab, if any, is `rest`).
std::vector<std::string_view> Words(std::string_view line, std::string_view* rest) {
    *rest = {};
    if (const std::size_t tab = line.find('\t'); tab != std::string_view::npos) {
        *rest = line.substr(tab + 1);
        line = line.substr(0, tab);
    }
    std::vector<std::string_view> out;
    std::size_t i = 0;
    while (i < line.size()) {
        const std::size_t j = line.find(' ', i);
        const std::size_t end = j == std::string_view::npos ? line.size() : j;
        out.push_back(line.substr(i, end - i));
        i = end + 1;
    }
    return out;
}

template <typename T>
bool Num(std::string_view s, T* out, int base = 10) {
    const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), *out, base);
    return ec == std::errc() && p == s.data() + s.size() && !s.empty();
}

// Starts the writeback of what was written since the last call, every kSyncEvery bytes, so that
// the final flush of a large copy is small: a burst of a gigabyte of dirty pages at the end would
// stall every other flush on the disk (the log's commits) meanwhile.
constexpr std::uint64_t kSyncEvery = 8u << 20;
class Trickle {
public:
    explicit Trickle(int fd) : fd_(fd) {}
    void Wrote(std::uint64_t end) {
        if (end - started_ < kSyncEvery) return;
        // The previous range is waited for (bounded dirty data), this one started.
        if (started_ > waited_) {
            (void)::sync_file_range(fd_, static_cast<off_t>(waited_), static_cast<off_t>(started_ - waited_),
                                    SYNC_FILE_RANGE_WAIT_BEFORE | SYNC_FILE_RANGE_WRITE | SYNC_FILE_RANGE_WAIT_AFTER);
            waited_ = started_;
        }
        (void)::sync_file_range(fd_, static_cast<off_t>(started_), static_cast<off_t>(end - started_), SYNC_FILE_RANGE_WRITE);
        started_ = end;
    }

private:
    int fd_;
    std::uint64_t started_ = 0;  // writeback started up to here
    std::uint64_t waited_ = 0;   // and finished up to here
};

}  // namespace

std::string IncrementalManifestName(std::uint32_t last_log) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "jetstore-incremental-%08X.manifest", last_log);
    return buf;
}

bool IsIncrementalManifest(std::string_view name) {
    return name.size() == 38 && name.starts_with("jetstore-incremental-") && name.ends_with(".manifest");
}

std::string EncodeManifest(const Manifest& m) {
    std::ostringstream o;
    o << "jetstore-backup 1\n";
    o << "kind " << (m.incremental ? "incremental" : "full") << "\n";
    o << "instance " << m.instance << "\n";
    o << "lineage " << Hex(m.lineage) << "\n";
    o << "base " << m.base << "\n";
    o << "start " << m.start.generation << " " << m.start.offset << "\n";
    o << "logs " << m.first_log << " " << m.last_log << "\n";
    o << "last-seq " << m.last_seq << "\n";
    o << "time " << m.time << "\n";
    for (const BackupDb& d : m.dbs) {
        o << "db " << static_cast<unsigned>(d.dbid) << " " << Hex(d.signature) << " " << d.file.size << " "
          << Hex(d.file.hash) << " " << d.file.name << "\t" << d.original_path << "\n";
    }
    for (const BackupLog& l : m.logs) {
        o << "log " << l.generation << " " << l.file.size << " " << Hex(l.file.hash) << " " << l.file.name << "\n";
    }
    std::string body = o.str();
    body += "checksum " + Hex(XXH3_64bits(body.data(), body.size())) + "\n";
    return body;
}

bool DecodeManifest(std::string_view text, Manifest* m) {
    *m = Manifest{};
    const std::size_t at = text.rfind("checksum ");
    if (at == std::string_view::npos || (at > 0 && text[at - 1] != '\n')) return false;
    std::string_view tail = text.substr(at + 9);
    if (!tail.empty() && tail.back() == '\n') tail.remove_suffix(1);
    std::uint64_t sum = 0;
    if (!Num(tail, &sum, 16) || sum != XXH3_64bits(text.data(), at)) return false;
    std::string_view body = text.substr(0, at);
    bool version = false, kind = false;
    while (!body.empty()) {
        const std::size_t nl = body.find('\n');
        if (nl == std::string_view::npos) return false;
        const std::string_view line = body.substr(0, nl);
        body.remove_prefix(nl + 1);
        if (line.starts_with("instance ")) {
            m->instance.assign(line.substr(9));
            continue;
        }
        std::string_view rest;
        const auto w = Words(line, &rest);
        if (w.empty()) return false;
        const std::string_view key = w[0];
        if (key == "jetstore-backup") {
            if (w.size() != 2 || w[1] != "1") return false;
            version = true;
        } else if (key == "kind" && w.size() == 2 && (w[1] == "full" || w[1] == "incremental")) {
            m->incremental = w[1] == "incremental";
            kind = true;
        } else if (key == "lineage" && w.size() == 2) {
            if (!Num(w[1], &m->lineage, 16)) return false;
        } else if (key == "base" && w.size() == 2) {
            m->base.assign(w[1]);
        } else if (key == "start" && w.size() == 3) {
            if (!Num(w[1], &m->start.generation) || !Num(w[2], &m->start.offset)) return false;
        } else if (key == "logs" && w.size() == 3) {
            if (!Num(w[1], &m->first_log) || !Num(w[2], &m->last_log)) return false;
        } else if (key == "last-seq" && w.size() == 2) {
            if (!Num(w[1], &m->last_seq)) return false;
        } else if (key == "time" && w.size() == 2) {
            if (!Num(w[1], &m->time)) return false;
        } else if (key == "db" && w.size() == 6 && !rest.empty()) {
            BackupDb d;
            unsigned dbid = 0;
            if (!Num(w[1], &dbid) || dbid > 255 || !Num(w[2], &d.signature, 16) || !Num(w[3], &d.file.size) ||
                !Num(w[4], &d.file.hash, 16)) {
                return false;
            }
            d.dbid = static_cast<std::uint8_t>(dbid);
            d.file.name.assign(w[5]);
            d.original_path.assign(rest);
            m->dbs.push_back(std::move(d));
        } else if (key == "log" && w.size() == 5) {
            BackupLog l;
            if (!Num(w[1], &l.generation) || !Num(w[2], &l.file.size) || !Num(w[3], &l.file.hash, 16)) return false;
            l.file.name.assign(w[4]);
            m->logs.push_back(std::move(l));
        } else {
            return false;
        }
    }
    if (!version || !kind || m->base.empty() || m->lineage == 0) return false;
    // File names stay inside the folder.
    auto plain = [](const std::string& n) { return !n.empty() && n.find('/') == std::string::npos && n != "." && n != ".."; };
    for (const BackupDb& d : m->dbs) {
        if (!plain(d.file.name)) return false;
    }
    for (const BackupLog& l : m->logs) {
        if (!plain(l.file.name)) return false;
    }
    return true;
}

Status HashFile(const std::string& path, std::uint64_t* size, std::uint64_t* hash) {
    Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
    if (fd.get() < 0) return storage::FromErrno(errno, ("open(" + path + ")").c_str());
    return HashFd(fd.get(), size, hash);
}

Status HashFd(int fd, std::uint64_t* size, std::uint64_t* hash) {
    Hasher h;
    std::unique_ptr<char[]> buf(new char[kCopyChunk]);
    std::uint64_t total = 0;
    for (;;) {
        const ssize_t n = ::pread(fd, buf.get(), kCopyChunk, static_cast<off_t>(total));
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return storage::FromErrno(errno, "pread(backup)");
        if (n == 0) break;
        h.Update(buf.get(), static_cast<std::size_t>(n));
        total += static_cast<std::uint64_t>(n);
    }
    *size = total;
    *hash = h.Digest();
    return Status::Ok();
}

Status WriteFileFrom(const std::string& folder, const std::string& name, const std::function<Status(int fd)>& produce,
                     BackupFile* out, const std::function<void(std::uint64_t)>& progress) {
    const std::string final_path = folder + name;
    const std::string tmp = final_path + ".tmp";
    Fd fd(::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644));
    if (fd.get() < 0) return storage::FromErrno(errno, ("open(" + tmp + ")").c_str());
    // `produce` writes into a pipe on a thread of its own; this thread hashes what comes out and
    // writes it to the file: one pass over the bytes, the two halves on two cores.
    int pipe_fds[2];
    if (::pipe2(pipe_fds, O_CLOEXEC) != 0) return storage::FromErrno(errno, "pipe(backup)");
    Fd reader(pipe_fds[0]);
    (void)::fcntl(pipe_fds[1], F_SETPIPE_SZ, 1 << 20);
    Status produced;
    std::thread producer([&] {
        // A write into a closed pipe must fail with EPIPE, not kill the process: SIGPIPE is
        // directed at the writing thread, which blocks it.
        sigset_t block;
        sigemptyset(&block);
        sigaddset(&block, SIGPIPE);
        pthread_sigmask(SIG_BLOCK, &block, nullptr);
        produced = produce(pipe_fds[1]);
        ::close(pipe_fds[1]);
    });
    Hasher h;
    std::unique_ptr<char[]> buf(new char[kCopyChunk]);
    std::uint64_t total = 0;
    Status s;
    Trickle trickle(fd.get());
    for (;;) {
        const ssize_t n = ::read(reader.get(), buf.get(), kCopyChunk);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            s = storage::FromErrno(errno, "read(backup pipe)");
            break;
        }
        if (n == 0) break;
        h.Update(buf.get(), static_cast<std::size_t>(n));
        if (s.ok()) s = storage::PwriteAll(fd.get(), buf.get(), static_cast<std::size_t>(n), total, "write(backup file)");
        total += static_cast<std::uint64_t>(n);  // keep draining after an error, so the producer ends
        if (s.ok()) trickle.Wrote(total);
        if (progress) progress(total);
    }
    if (!s.ok()) {
        // Unblock a producer still writing: the read end closes.
        ::close(reader.release());
    }
    producer.join();
    if (s.ok()) s = produced;
    if (s.ok()) s = storage::Fdatasync(fd.get(), "fdatasync(backup file)");
    if (s.ok()) s = fd.Close("close(backup file)");
    if (s.ok()) s = storage::Rename(tmp, final_path);
    if (!s.ok()) {
        ::unlink(tmp.c_str());
        return s;
    }
    out->name = name;
    out->size = total;
    out->hash = h.Digest();
    return Status::Ok();
}

Status CopyFileChecked(const std::string& source, const std::string& folder, const std::string& name,
                       const BackupFile* expected, BackupFile* out, const std::function<void(std::uint64_t)>& progress) {
    Fd in(::open(source.c_str(), O_RDONLY | O_CLOEXEC));
    if (in.get() < 0) return storage::FromErrno(errno, ("open(" + source + ")").c_str());
    ::posix_fadvise(in.get(), 0, 0, POSIX_FADV_SEQUENTIAL);
    const std::string final_path = folder + name;
    const std::string tmp = final_path + ".tmp";
    Fd fd(::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644));
    if (fd.get() < 0) return storage::FromErrno(errno, ("open(" + tmp + ")").c_str());
    Hasher h;
    std::unique_ptr<char[]> buf(new char[kCopyChunk]);
    std::uint64_t total = 0;
    Status s;
    Trickle trickle(fd.get());
    for (;;) {
        const ssize_t n = ::read(in.get(), buf.get(), kCopyChunk);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            s = storage::FromErrno(errno, "read(backup copy)");
            break;
        }
        if (n == 0) break;
        const auto got = static_cast<std::size_t>(n);
        h.Update(buf.get(), got);
        s = storage::PwriteAll(fd.get(), buf.get(), got, total, "write(backup copy)");
        if (!s.ok()) break;
        total += got;
        trickle.Wrote(total);
        if (progress) progress(total);
    }
    const std::uint64_t digest = h.Digest();
    if (s.ok() && expected != nullptr && (expected->size != total || expected->hash != digest)) {
        s = Status::Error(Code::kCorrupt,
                          source + (expected->size != total ? ": size differs from the manifest" : ": checksum mismatch"));
    }
    if (s.ok()) s = storage::Fdatasync(fd.get(), "fdatasync(backup copy)");
    if (s.ok()) s = fd.Close("close(backup copy)");
    if (s.ok()) s = storage::Rename(tmp, final_path);
    if (!s.ok()) {
        ::unlink(tmp.c_str());
        return s;
    }
    out->name = name;
    out->size = total;
    out->hash = digest;
    return Status::Ok();
}

namespace {
constexpr char kStateMagic[8] = {'J', 'S', 'B', 'K', 'U', 'P', '0', '1'};

void PutLe(std::string* out, std::uint64_t v, int n) {
    for (int i = 0; i < n; ++i) out->push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
}
std::uint64_t GetLe(const char* p, int n) {
    std::uint64_t v = 0;
    for (int i = n - 1; i >= 0; --i) v = (v << 8) | static_cast<unsigned char>(p[i]);
    return v;
}
}  // namespace

Status ReadBackupState(const std::string& path, BackupState* out) {
    std::string bytes;
    Status s = storage::ReadWholeFile(path, &bytes);
    if (!s.ok()) return s;
    if (bytes.size() != 32 || bytes.compare(0, 8, kStateMagic, 8) != 0 ||
        GetLe(bytes.data() + 24, 8) != XXH3_64bits(bytes.data(), 24)) {
        return Status::Error(Code::kCorrupt, path + ": not a backup state file");
    }
    out->lineage = GetLe(bytes.data() + 8, 8);
    out->last_log = static_cast<std::uint32_t>(GetLe(bytes.data() + 16, 4));
    return Status::Ok();
}

Status WriteBackupState(const std::string& path, const BackupState& state) {
    std::string bytes(kStateMagic, 8);
    PutLe(&bytes, state.lineage, 8);
    PutLe(&bytes, state.last_log, 4);
    PutLe(&bytes, 0, 4);
    PutLe(&bytes, XXH3_64bits(bytes.data(), bytes.size()), 8);
    return storage::WriteFileAtomically(path, bytes);
}

}  // namespace jetstore::recovery

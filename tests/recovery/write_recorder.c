/* The write recorder of the OS-crash test: preloaded (LD_PRELOAD) into the workload process, it
 * logs every write, truncate and flush of the files under $JETSTORE_RECORD_DIR (the log, the
 * checkpoint file, LMDB's data files) and every rename, unlink, creation and folder flush there,
 * in the order the process made them, to $JETSTORE_RECORD_TRACE. tests/recovery/os_crash_test.cc
 * builds from the trace the disk images an OS crash could leave.
 *
 * TRACE FORMAT (little-endian, one op after another; never renumber)
 *   u8 op, u32 file id, u64 a, u64 b, u32 name length, name bytes, then for kWrite `b` bytes
 *   kCreate   a new file `name` (relative to the folder) with id `file id`
 *   kWrite    `b` bytes at offset `a`
 *   kTruncate to size `a`
 *   kSync     fsync / fdatasync of the file (or a write through an O_SYNC / O_DSYNC descriptor)
 *   kRename   `name` is "from\0to"
 *   kUnlink   `name`
 *   kDirSync  fsync of the folder
 *   kMark     the workload's acknowledgement `a` (jetstore_record_mark)
 */
/* Each of open / open64, pwrite / pwrite64, ftruncate / ftruncate64 is wrapped by its own name. */
#undef _FILE_OFFSET_BITS
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <unistd.h>

enum { kCreate = 1, kWrite = 2, kTruncate = 3, kSync = 4, kRename = 5, kUnlink = 6, kDirSync = 7, kMark = 8 };

#define kMaxFds 4096
#define kMaxFiles 4096

static pthread_mutex_t g_mu = PTHREAD_MUTEX_INITIALIZER;
static int g_trace = -1;
static char g_dir[4096];
static size_t g_dir_len;
static int g_fd_file[kMaxFds];    /* fd -> file id + 1 (0: not recorded) */
static char g_fd_isdir[kMaxFds];  /* fd is the recorded folder */
static char g_fd_sync[kMaxFds];   /* opened O_SYNC / O_DSYNC: each write is durable when it returns */
static char* g_names[kMaxFiles];  /* file id -> current name (NULL: unlinked) */
static int g_files;

static ssize_t (*real_write)(int, const void*, size_t);
static ssize_t (*real_pwrite)(int, const void*, size_t, off_t);
static ssize_t (*real_pwrite64)(int, const void*, size_t, off_t);
static ssize_t (*real_writev)(int, const struct iovec*, int);
static int (*real_open)(const char*, int, ...);
static int (*real_open64)(const char*, int, ...);
static int (*real_close)(int);
static int (*real_fsync)(int);
static int (*real_fdatasync)(int);
static int (*real_rename)(const char*, const char*);
static int (*real_unlink)(const char*);
static int (*real_ftruncate)(int, off_t);
static int (*real_ftruncate64)(int, off_t);

static void Init(void) {
    static int done = 0;
    if (done) return;
    done = 1;
    real_write = dlsym(RTLD_NEXT, "write");
    real_pwrite = dlsym(RTLD_NEXT, "pwrite");
    real_pwrite64 = dlsym(RTLD_NEXT, "pwrite64");
    real_writev = dlsym(RTLD_NEXT, "writev");
    real_open = dlsym(RTLD_NEXT, "open");
    real_open64 = dlsym(RTLD_NEXT, "open64");
    real_close = dlsym(RTLD_NEXT, "close");
    real_fsync = dlsym(RTLD_NEXT, "fsync");
    real_fdatasync = dlsym(RTLD_NEXT, "fdatasync");
    real_rename = dlsym(RTLD_NEXT, "rename");
    real_unlink = dlsym(RTLD_NEXT, "unlink");
    real_ftruncate = dlsym(RTLD_NEXT, "ftruncate");
    real_ftruncate64 = dlsym(RTLD_NEXT, "ftruncate64");
    const char* dir = getenv("JETSTORE_RECORD_DIR");
    const char* trace = getenv("JETSTORE_RECORD_TRACE");
    if (dir == NULL || trace == NULL) return;
    snprintf(g_dir, sizeof g_dir, "%s", dir);
    g_dir_len = strlen(g_dir);
    while (g_dir_len > 1 && g_dir[g_dir_len - 1] == '/') g_dir[--g_dir_len] = '\0';
    g_trace = real_open(trace, O_WRONLY | O_CREAT | O_TRUNC | O_APPEND | O_CLOEXEC, 0644);
}

static void Emit(const void* p, size_t n) {
    const char* c = p;
    while (n > 0) {
        ssize_t w = real_write(g_trace, c, n);
        if (w <= 0) {
            if (w < 0 && errno == EINTR) continue;
            abort();
        }
        c += w;
        n -= (size_t)w;
    }
}

static void Op(unsigned char op, uint32_t file, uint64_t a, uint64_t b, const char* name, uint32_t name_len,
               const void* data) {
    Emit(&op, 1);
    Emit(&file, 4);
    Emit(&a, 8);
    Emit(&b, 8);
    Emit(&name_len, 4);
    if (name_len > 0) Emit(name, name_len);
    if (op == kWrite && b > 0) Emit(data, (size_t)b);
}

/* The path relative to the recorded folder, or NULL when it is not in it (no subfolders). */
static const char* Relative(const char* path) {
    if (g_trace < 0 || path == NULL || strncmp(path, g_dir, g_dir_len) != 0 || path[g_dir_len] != '/') return NULL;
    const char* rel = path + g_dir_len + 1;
    if (*rel == '\0' || strchr(rel, '/') != NULL) return NULL;
    return rel;
}

static int FileByName(const char* rel) {
    for (int i = 0; i < g_files; ++i) {
        if (g_names[i] != NULL && strcmp(g_names[i], rel) == 0) return i;
    }
    return -1;
}

static void Opened(int fd, const char* path, int flags) {
    if (g_trace < 0 || fd < 0 || fd >= kMaxFds) return;
    pthread_mutex_lock(&g_mu);
    g_fd_file[fd] = 0;
    g_fd_isdir[fd] = 0;
    g_fd_sync[fd] = (flags & (O_SYNC | O_DSYNC)) != 0;
    size_t n = strlen(path);
    while (n > 1 && path[n - 1] == '/') --n;
    if (n == g_dir_len && strncmp(path, g_dir, n) == 0) {
        g_fd_isdir[fd] = 1;
    } else {
        const char* rel = Relative(path);
        if (rel != NULL) {
            int id = FileByName(rel);
            if (id < 0 && g_files < kMaxFiles) {
                id = g_files++;
                g_names[id] = strdup(rel);
                Op(kCreate, (uint32_t)id, 0, 0, rel, (uint32_t)strlen(rel), NULL);
            }
            if (id >= 0) {
                g_fd_file[fd] = id + 1;
                if ((flags & O_TRUNC) != 0) Op(kTruncate, (uint32_t)id, 0, 0, NULL, 0, NULL);
            }
        }
    }
    pthread_mutex_unlock(&g_mu);
}

static void Wrote(int fd, const void* data, size_t n, off_t offset) {
    if (g_trace < 0 || fd < 0 || fd >= kMaxFds || g_fd_file[fd] == 0 || n == 0) return;
    pthread_mutex_lock(&g_mu);
    Op(kWrite, (uint32_t)(g_fd_file[fd] - 1), (uint64_t)offset, (uint64_t)n, NULL, 0, data);
    /* LMDB writes its meta page through a descriptor opened O_DSYNC: durable on return. */
    if (g_fd_sync[fd]) Op(kSync, (uint32_t)(g_fd_file[fd] - 1), 0, 0, NULL, 0, NULL);
    pthread_mutex_unlock(&g_mu);
}

static void Synced(int fd) {
    if (g_trace < 0 || fd < 0 || fd >= kMaxFds) return;
    pthread_mutex_lock(&g_mu);
    if (g_fd_isdir[fd]) Op(kDirSync, 0, 0, 0, NULL, 0, NULL);
    else if (g_fd_file[fd] != 0) Op(kSync, (uint32_t)(g_fd_file[fd] - 1), 0, 0, NULL, 0, NULL);
    pthread_mutex_unlock(&g_mu);
}

void jetstore_record_mark(uint64_t n) {
    Init();
    if (g_trace < 0) return;
    pthread_mutex_lock(&g_mu);
    Op(kMark, 0, n, 0, NULL, 0, NULL);
    pthread_mutex_unlock(&g_mu);
}

static int OpenCommon(int (*fn)(const char*, int, ...), const char* path, int flags, va_list ap) {
    mode_t mode = 0;
    if ((flags & O_CREAT) != 0 || (flags & O_TMPFILE) == O_TMPFILE) mode = (mode_t)va_arg(ap, int);
    const int fd = fn(path, flags, mode);
    if (fd >= 0) Opened(fd, path, flags);
    return fd;
}

int open(const char* path, int flags, ...) {
    Init();
    va_list ap;
    va_start(ap, flags);
    const int fd = OpenCommon(real_open, path, flags, ap);
    va_end(ap);
    return fd;
}

int open64(const char* path, int flags, ...) {
    Init();
    va_list ap;
    va_start(ap, flags);
    const int fd = OpenCommon(real_open64 != NULL ? real_open64 : real_open, path, flags, ap);
    va_end(ap);
    return fd;
}

int close(int fd) {
    Init();
    if (fd >= 0 && fd < kMaxFds) {
        pthread_mutex_lock(&g_mu);
        g_fd_file[fd] = 0;
        g_fd_isdir[fd] = 0;
        pthread_mutex_unlock(&g_mu);
    }
    return real_close(fd);
}

ssize_t write(int fd, const void* buf, size_t n) {
    Init();
    const off_t at = (fd >= 0 && fd < kMaxFds && g_fd_file[fd] != 0) ? lseek(fd, 0, SEEK_CUR) : 0;
    const ssize_t w = real_write(fd, buf, n);
    if (w > 0) Wrote(fd, buf, (size_t)w, at);
    return w;
}

ssize_t pwrite(int fd, const void* buf, size_t n, off_t offset) {
    Init();
    const ssize_t w = real_pwrite(fd, buf, n, offset);
    if (w > 0) Wrote(fd, buf, (size_t)w, offset);
    return w;
}

ssize_t pwrite64(int fd, const void* buf, size_t n, off_t offset) {
    Init();
    const ssize_t w = (real_pwrite64 != NULL ? real_pwrite64 : real_pwrite)(fd, buf, n, offset);
    if (w > 0) Wrote(fd, buf, (size_t)w, offset);
    return w;
}

ssize_t writev(int fd, const struct iovec* iov, int count) {
    Init();
    off_t at = (fd >= 0 && fd < kMaxFds && g_fd_file[fd] != 0) ? lseek(fd, 0, SEEK_CUR) : 0;
    const ssize_t w = real_writev(fd, iov, count);
    if (w > 0) {
        size_t left = (size_t)w;
        for (int i = 0; i < count && left > 0; ++i) {
            const size_t part = iov[i].iov_len < left ? iov[i].iov_len : left;
            Wrote(fd, iov[i].iov_base, part, at);
            at += (off_t)part;
            left -= part;
        }
    }
    return w;
}

int fsync(int fd) {
    Init();
    const int rc = real_fsync(fd);
    if (rc == 0) Synced(fd);
    return rc;
}

int fdatasync(int fd) {
    Init();
    const int rc = real_fdatasync(fd);
    if (rc == 0) Synced(fd);
    return rc;
}

static void Truncated(int fd, off_t size) {
    if (g_trace < 0 || fd < 0 || fd >= kMaxFds || g_fd_file[fd] == 0) return;
    pthread_mutex_lock(&g_mu);
    Op(kTruncate, (uint32_t)(g_fd_file[fd] - 1), (uint64_t)size, 0, NULL, 0, NULL);
    pthread_mutex_unlock(&g_mu);
}

int ftruncate(int fd, off_t size) {
    Init();
    const int rc = real_ftruncate(fd, size);
    if (rc == 0) Truncated(fd, size);
    return rc;
}

int ftruncate64(int fd, off_t size) {
    Init();
    const int rc = (real_ftruncate64 != NULL ? real_ftruncate64 : real_ftruncate)(fd, size);
    if (rc == 0) Truncated(fd, size);
    return rc;
}

int rename(const char* from, const char* to) {
    Init();
    const int rc = real_rename(from, to);
    const char* rf = Relative(from);
    const char* rt = Relative(to);
    if (rc == 0 && rf != NULL && rt != NULL) {
        pthread_mutex_lock(&g_mu);
        const int id = FileByName(rf);
        const int old = FileByName(rt);
        if (old >= 0) {
            free(g_names[old]);
            g_names[old] = NULL;
        }
        if (id >= 0) {
            free(g_names[id]);
            g_names[id] = strdup(rt);
        }
        char both[8192];
        const size_t nf = strlen(rf);
        const size_t nt = strlen(rt);
        memcpy(both, rf, nf + 1);
        memcpy(both + nf + 1, rt, nt);
        Op(kRename, 0, 0, 0, both, (uint32_t)(nf + 1 + nt), NULL);
        pthread_mutex_unlock(&g_mu);
    }
    return rc;
}

int unlink(const char* path) {
    Init();
    const int rc = real_unlink(path);
    const char* rel = Relative(path);
    if (rc == 0 && rel != NULL) {
        pthread_mutex_lock(&g_mu);
        const int id = FileByName(rel);
        if (id >= 0) {
            free(g_names[id]);
            g_names[id] = NULL;
        }
        Op(kUnlink, 0, 0, 0, rel, (uint32_t)strlen(rel), NULL);
        pthread_mutex_unlock(&g_mu);
    }
    return rc;
}

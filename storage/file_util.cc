#include "storage/file_util.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>

namespace jetstore::storage {

Status PwriteAll(int fd, const char* data, std::size_t n, std::uint64_t offset, const char* what) {
    while (n > 0) {
        const ssize_t w = ::pwrite(fd, data, n, static_cast<off_t>(offset));
        if (w < 0) {
            if (errno == EINTR) continue;
            return FromErrno(errno, what);
        }
        if (w == 0) return FromErrno(EIO, what);
        data += w;
        n -= static_cast<std::size_t>(w);
        offset += static_cast<std::uint64_t>(w);
    }
    return Status::Ok();
}

Status Fdatasync(int fd, const char* what) {
    if (::fdatasync(fd) != 0) return FromErrno(errno, what);
    return Status::Ok();
}

Status Rename(const std::string& from, const std::string& to) {
    if (::rename(from.c_str(), to.c_str()) != 0) return FromErrno(errno, ("rename(" + from + ")").c_str());
    return Status::Ok();
}

Status SyncFolder(const std::string& folder) {
    const int fd = ::open(folder.empty() ? "." : folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return FromErrno(errno, "open(folder)");
    const int rc = ::fsync(fd);
    const int err = errno;
    ::close(fd);
    if (rc != 0) return FromErrno(err, "fsync(folder)");
    return Status::Ok();
}

Status ReadFileRange(const std::string& path, std::uint64_t offset, std::size_t n, std::string* out) {
    out->clear();
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return FromErrno(errno, ("open(" + path + ")").c_str());
    out->resize(n);
    std::size_t got = 0;
    while (got < n) {
        const ssize_t r = ::pread(fd, out->data() + got, n - got, static_cast<off_t>(offset + got));
        if (r < 0) {
            if (errno == EINTR) continue;
            const int err = errno;
            ::close(fd);
            return FromErrno(err, ("read(" + path + ")").c_str());
        }
        if (r == 0) break;
        got += static_cast<std::size_t>(r);
    }
    ::close(fd);
    out->resize(got);
    return Status::Ok();
}

Status ReadWholeFile(const std::string& path, std::string* out) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) return FromErrno(errno, ("stat(" + path + ")").c_str());
    return ReadFileRange(path, 0, static_cast<std::size_t>(st.st_size), out);
}

Status WriteFileAtomically(const std::string& path, const std::string& content) {
    const std::string tmp = path + ".tmp";
    const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) return FromErrno(errno, ("open(" + tmp + ")").c_str());
    Status s = PwriteAll(fd, content.data(), content.size(), 0, "write(checkpoint)");
    if (s.ok() && ::fsync(fd) != 0) s = FromErrno(errno, "fsync(checkpoint)");
    ::close(fd);
    if (s.ok()) s = Rename(tmp, path);
    if (s.ok()) s = SyncFolder(FolderOf(path));
    return s;
}

std::string FolderOf(const std::string& path) {
    const auto slash = path.rfind('/');
    if (slash == std::string::npos) return "./";
    return path.substr(0, slash + 1);
}

}  // namespace jetstore::storage

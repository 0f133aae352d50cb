// A mutex whose discipline the compiler checks: Clang's thread-safety analysis (-Wthread-safety,
// the build-clang configuration of ./dev test) verifies that every field marked GUARDED_BY(mu)
// is touched only with mu held and that every function marked REQUIRES(mu) is called so. Under
// GCC the annotations expand to nothing. (std::mutex itself carries no annotation in libstdc++,
// hence this thin wrapper, as LevelDB's port::Mutex.)
#pragma once

#include <condition_variable>
#include <mutex>

#if defined(__clang__)
#define JS_THREAD_ANNOTATION(x) __attribute__((x))
#else
#define JS_THREAD_ANNOTATION(x)
#endif

#define CAPABILITY(x) JS_THREAD_ANNOTATION(capability(x))
#define SCOPED_CAPABILITY JS_THREAD_ANNOTATION(scoped_lockable)
#define GUARDED_BY(x) JS_THREAD_ANNOTATION(guarded_by(x))
#define PT_GUARDED_BY(x) JS_THREAD_ANNOTATION(pt_guarded_by(x))
#define REQUIRES(...) JS_THREAD_ANNOTATION(requires_capability(__VA_ARGS__))
#define EXCLUDES(...) JS_THREAD_ANNOTATION(locks_excluded(__VA_ARGS__))
#define ACQUIRE(...) JS_THREAD_ANNOTATION(acquire_capability(__VA_ARGS__))
#define RELEASE(...) JS_THREAD_ANNOTATION(release_capability(__VA_ARGS__))
#define ACQUIRED_AFTER(...) JS_THREAD_ANNOTATION(acquired_after(__VA_ARGS__))
#define RETURN_CAPABILITY(x) JS_THREAD_ANNOTATION(lock_returned(x))
#define NO_THREAD_SAFETY_ANALYSIS JS_THREAD_ANNOTATION(no_thread_safety_analysis)

namespace jetstore {

class CAPABILITY("mutex") Mutex {
public:
    Mutex() = default;
    Mutex(const Mutex&) = delete;
    Mutex& operator=(const Mutex&) = delete;
    void Lock() ACQUIRE() { mu_.lock(); }
    void Unlock() RELEASE() { mu_.unlock(); }
    // For condition variables (CondVar below).
    std::mutex& native() { return mu_; }

private:
    std::mutex mu_;
};

// Holds a Mutex for its scope.
class SCOPED_CAPABILITY MutexLock {
public:
    explicit MutexLock(Mutex* mu) ACQUIRE(mu) : mu_(mu) { mu_->Lock(); }
    ~MutexLock() RELEASE() { mu_->Unlock(); }
    MutexLock(const MutexLock&) = delete;
    MutexLock& operator=(const MutexLock&) = delete;

private:
    Mutex* const mu_;
};

// A condition variable over a Mutex the caller holds.
class CondVar {
public:
    // Waits until notified (or spuriously). REQUIRES: mu held; it is held again on return.
    void Wait(Mutex* mu) REQUIRES(mu) {
        std::unique_lock<std::mutex> lock(mu->native(), std::adopt_lock);
        cv_.wait(lock);
        lock.release();
    }
    // Waits until notified or `timeout` passed. REQUIRES: mu held; it is held again on return.
    template <typename Duration>
    void WaitFor(Mutex* mu, Duration timeout) REQUIRES(mu) {
        std::unique_lock<std::mutex> lock(mu->native(), std::adopt_lock);
        cv_.wait_for(lock, timeout);
        lock.release();
    }
    void NotifyOne() { cv_.notify_one(); }
    void NotifyAll() { cv_.notify_all(); }

private:
    std::condition_variable cv_;
};

}  // namespace jetstore

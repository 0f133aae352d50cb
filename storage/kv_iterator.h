// An ordered iterator over byte-string keys (memcmp order), the one shape both LMDB snapshot
// cursors and write-set-merged views take. Keys and values returned stay valid until the next
// call that moves the iterator.
#pragma once

#include "storage/status.h"

#include <string_view>

namespace jetstore::storage {

class KvIterator {
public:
    virtual ~KvIterator() = default;

    // True when positioned on an entry.
    virtual bool Valid() const = 0;
    // REQUIRES: Valid().
    virtual std::string_view key() const = 0;
    virtual std::string_view value() const = 0;

    // Each positions the iterator and returns OK whether or not an entry was found (check
    // Valid()); an error status means the underlying store failed.
    virtual Status First() = 0;
    virtual Status Last() = 0;
    virtual Status SeekGE(std::string_view target) = 0;  // first entry with key >= target
    virtual Status SeekLE(std::string_view target) = 0;  // last entry with key <= target
    virtual Status Next() = 0;                           // REQUIRES: Valid()
    virtual Status Prev() = 0;                           // REQUIRES: Valid()
};

}  // namespace jetstore::storage

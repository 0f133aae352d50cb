// RESP2, the protocol Redis clients speak: an incremental request parser and reply encoders.
// Free of Boost (the libFuzzer target builds it with clang-14).
//
// REQUESTS (what redis-server accepts):
//   multibulk  *<count>\r\n then <count> times $<len>\r\n<len bytes>\r\n
//   inline     a line of words split as redis-cli does (spaces; "..." with \n \r \t \b \a \\ \"
//              \xHH escapes; '...' with \' only), ended by \n (a \r before it is dropped)
// A multibulk count of 0 or less, and an empty inline line, are no command (skipped). Every
// malformed request gets Redis's own error text, after which the connection is closed:
//   "Protocol error: too big inline request"         an inline line past Limits::max_inline
//   "Protocol error: unbalanced quotes in request"
//   "Protocol error: too big mbulk count string"     a count line past Limits::max_inline
//   "Protocol error: invalid multibulk length"       not a number, or past Limits::max_args
//   "Protocol error: expected '$', got 'x'"
//   "Protocol error: too big bulk count string"
//   "Protocol error: invalid bulk length"            not a number, negative, past max_bulk
//   "Protocol error: unauthenticated multibulk length"  past 10 arguments before AUTH
//   "Protocol error: unauthenticated bulk length"       past 16384 bytes before AUTH
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace jetstore::server {

struct Limits {
    std::size_t max_inline = 64 * 1024;          // bytes of an inline request or a count line
    std::size_t max_bulk = 512ull * 1024 * 1024;  // bytes of one argument (proto-max-bulk-len)
    std::size_t max_args = 1024 * 1024;           // arguments of one request
    std::size_t unauth_max_args = 10;             // before AUTH, when a password is set
    std::size_t unauth_max_bulk = 16384;
};

class RequestParser {
public:
    explicit RequestParser(Limits limits = {}) : limits_(limits) {}

    enum class Result { kNeedMore, kCommand, kError };

    // Appends bytes received.
    void Feed(std::string_view bytes);
    // The next complete request: kCommand with *args filled, kNeedMore when the bytes fed so far
    // end inside one, kError with *error set (the connection must be closed then; the parser
    // stays failed). `authenticated`: false applies the pre-AUTH limits.
    Result Next(std::vector<std::string>* args, std::string* error, bool authenticated = true);

    // Bytes fed and not yet consumed by a complete request (what a slow client has pending).
    std::size_t pending() const { return buffer_.size() - pos_; }

private:
    Result Fail(std::string* error, std::string text);
    Result ParseInline(std::vector<std::string>* args, std::string* error);
    Result ParseMultibulk(std::vector<std::string>* args, std::string* error, bool authenticated);
    void Compact();

    Limits limits_;
    std::string buffer_;
    std::size_t pos_ = 0;          // where the request being parsed continues
    bool failed_ = false;
    // A multibulk request under way.
    bool in_multibulk_ = false;
    long long remaining_ = 0;      // arguments still to read
    long long bulk_len_ = -1;      // the length of the argument being read, once its header is in
    std::vector<std::string> partial_;
};

// Splits an inline request into words as redis-cli does (sdssplitargs). False: unbalanced quotes.
bool SplitInline(std::string_view line, std::vector<std::string>* out);

// ---- replies ----
void ReplySimple(std::string* out, std::string_view s);        // +OK
void ReplyError(std::string* out, std::string_view s);         // -ERR ... (s includes the prefix word)
void ReplyInteger(std::string* out, long long v);               // :42
void ReplyBulk(std::string* out, std::string_view s);          // $3\r\nabc
void ReplyNull(std::string* out);                               // $-1
void ReplyNullArray(std::string* out);                          // *-1
void ReplyArrayHeader(std::string* out, std::size_t n);         // *n

// A decimal integer as Redis parses one (string2ll): optional '-', no spaces, no leading '+' or
// zeros, fits in 64 bits.
bool ParseInteger(std::string_view s, long long* out);

}  // namespace jetstore::server

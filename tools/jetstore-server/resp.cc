#include "resp.h"

#include <cctype>
#include <climits>
#include <cstring>

namespace jetstore::server {
namespace {

int HexValue(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

bool IsSpace(char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; }

}  // namespace

bool ParseInteger(std::string_view s, long long* out) {
    if (s.empty() || s.size() > 20) return false;
    std::size_t i = 0;
    const bool negative = s[0] == '-';
    if (negative) {
        i = 1;
        if (s.size() == 1) return false;
    }
    if (s[i] == '0' && s.size() > i + 1) return false;  // no leading zeros ("0" itself is fine)
    unsigned long long v = 0;
    for (; i < s.size(); ++i) {
        if (s[i] < '0' || s[i] > '9') return false;
        const unsigned long long digit = static_cast<unsigned long long>(s[i] - '0');
        if (v > (ULLONG_MAX - digit) / 10) return false;
        v = v * 10 + digit;
    }
    if (negative) {
        if (v > static_cast<unsigned long long>(LLONG_MAX) + 1) return false;
        *out = v == static_cast<unsigned long long>(LLONG_MAX) + 1 ? LLONG_MIN : -static_cast<long long>(v);
    } else {
        if (v > static_cast<unsigned long long>(LLONG_MAX)) return false;
        *out = static_cast<long long>(v);
    }
    return true;
}

bool SplitInline(std::string_view line, std::vector<std::string>* out) {
    out->clear();
    std::size_t i = 0;
    const std::size_t n = line.size();
    for (;;) {
        while (i < n && IsSpace(line[i])) ++i;
        if (i >= n) return true;
        std::string word;
        bool in_double = false, in_single = false, done = false;
        while (!done) {
            if (in_double) {
                if (i >= n) return false;  // unterminated quotes
                if (line[i] == '\\' && i + 3 < n && line[i + 1] == 'x' && HexValue(line[i + 2]) >= 0 &&
                    HexValue(line[i + 3]) >= 0) {
                    word.push_back(static_cast<char>(HexValue(line[i + 2]) * 16 + HexValue(line[i + 3])));
                    i += 3;
                } else if (line[i] == '\\' && i + 1 < n) {
                    ++i;
                    char c = line[i];
                    switch (c) {
                        case 'n': c = '\n'; break;
                        case 'r': c = '\r'; break;
                        case 't': c = '\t'; break;
                        case 'b': c = '\b'; break;
                        case 'a': c = '\a'; break;
                        default: break;
                    }
                    word.push_back(c);
                } else if (line[i] == '"') {
                    // The closing quote must be followed by a space or the end.
                    if (i + 1 < n && !IsSpace(line[i + 1])) return false;
                    done = true;
                } else {
                    word.push_back(line[i]);
                }
            } else if (in_single) {
                if (i >= n) return false;
                if (line[i] == '\\' && i + 1 < n && line[i + 1] == '\'') {
                    ++i;
                    word.push_back('\'');
                } else if (line[i] == '\'') {
                    if (i + 1 < n && !IsSpace(line[i + 1])) return false;
                    done = true;
                } else {
                    word.push_back(line[i]);
                }
            } else {
                if (i >= n) {
                    done = true;
                    break;
                }
                switch (line[i]) {
                    case ' ':
                    case '\n':
                    case '\r':
                    case '\t':
                    case '\0':
                        done = true;
                        break;
                    case '"':
                        in_double = true;
                        break;
                    case '\'':
                        in_single = true;
                        break;
                    default:
                        word.push_back(line[i]);
                        break;
                }
            }
            if (i < n) ++i;
        }
        out->push_back(std::move(word));
    }
}

void RequestParser::Feed(std::string_view bytes) {
    Compact();
    buffer_.append(bytes.data(), bytes.size());
}

void RequestParser::Compact() {
    // Drop what complete requests consumed, once it is a large part of the buffer.
    if (pos_ > 0 && (pos_ >= buffer_.size() || pos_ > 64 * 1024)) {
        buffer_.erase(0, pos_);
        pos_ = 0;
    }
}

RequestParser::Result RequestParser::Fail(std::string* error, std::string text) {
    failed_ = true;
    *error = std::move(text);
    return Result::kError;
}

RequestParser::Result RequestParser::Next(std::vector<std::string>* args, std::string* error, bool authenticated) {
    if (failed_) return Result::kError;
    for (;;) {
        if (!in_multibulk_) {
            if (pos_ >= buffer_.size()) return Result::kNeedMore;
            if (buffer_[pos_] != '*') {
                const Result r = ParseInline(args, error);
                if (r == Result::kCommand && args->empty()) continue;  // an empty line: no command
                return r;
            }
        }
        const Result r = ParseMultibulk(args, error, authenticated);
        if (r == Result::kCommand && args->empty()) continue;  // a count of 0 or less
        return r;
    }
}

RequestParser::Result RequestParser::ParseInline(std::vector<std::string>* args, std::string* error) {
    const std::size_t nl = buffer_.find('\n', pos_);
    if (nl == std::string::npos) {
        if (buffer_.size() - pos_ > limits_.max_inline) return Fail(error, "Protocol error: too big inline request");
        return Result::kNeedMore;
    }
    if (nl - pos_ > limits_.max_inline) return Fail(error, "Protocol error: too big inline request");
    std::string_view line(buffer_.data() + pos_, nl - pos_);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (!SplitInline(line, args)) return Fail(error, "Protocol error: unbalanced quotes in request");
    pos_ = nl + 1;
    return Result::kCommand;
}

RequestParser::Result RequestParser::ParseMultibulk(std::vector<std::string>* args, std::string* error,
                                                    bool authenticated) {
    if (!in_multibulk_) {
        // "*<count>\r\n"
        const std::size_t cr = buffer_.find('\r', pos_);
        if (cr == std::string::npos) {
            if (buffer_.size() - pos_ > limits_.max_inline) return Fail(error, "Protocol error: too big mbulk count string");
            return Result::kNeedMore;
        }
        if (cr + 1 >= buffer_.size()) return Result::kNeedMore;  // the \n after it
        long long count = 0;
        if (!ParseInteger(std::string_view(buffer_.data() + pos_ + 1, cr - pos_ - 1), &count) ||
            count > static_cast<long long>(limits_.max_args)) {
            return Fail(error, "Protocol error: invalid multibulk length");
        }
        if (!authenticated && count > static_cast<long long>(limits_.unauth_max_args)) {
            return Fail(error, "Protocol error: unauthenticated multibulk length");
        }
        pos_ = cr + 2;
        if (count <= 0) {
            args->clear();
            return Result::kCommand;  // no command
        }
        in_multibulk_ = true;
        remaining_ = count;
        bulk_len_ = -1;
        partial_.clear();
        partial_.reserve(static_cast<std::size_t>(count > 1024 ? 1024 : count));
    }
    while (remaining_ > 0) {
        if (bulk_len_ < 0) {
            if (pos_ >= buffer_.size()) return Result::kNeedMore;
            const std::size_t cr = buffer_.find('\r', pos_);
            if (cr == std::string::npos) {
                if (buffer_.size() - pos_ > limits_.max_inline) return Fail(error, "Protocol error: too big bulk count string");
                return Result::kNeedMore;
            }
            if (buffer_[pos_] != '$') {
                return Fail(error, std::string("Protocol error: expected '$', got '") + buffer_[pos_] + "'");
            }
            if (cr + 1 >= buffer_.size()) return Result::kNeedMore;
            long long len = 0;
            if (!ParseInteger(std::string_view(buffer_.data() + pos_ + 1, cr - pos_ - 1), &len) || len < 0 ||
                static_cast<unsigned long long>(len) > limits_.max_bulk) {
                return Fail(error, "Protocol error: invalid bulk length");
            }
            if (!authenticated && static_cast<unsigned long long>(len) > limits_.unauth_max_bulk) {
                return Fail(error, "Protocol error: unauthenticated bulk length");
            }
            pos_ = cr + 2;
            bulk_len_ = len;
        }
        // The argument and the two bytes after it (Redis skips them unchecked, and so do we).
        const std::size_t need = static_cast<std::size_t>(bulk_len_) + 2;
        if (buffer_.size() - pos_ < need) return Result::kNeedMore;
        partial_.emplace_back(buffer_.data() + pos_, static_cast<std::size_t>(bulk_len_));
        pos_ += need;
        bulk_len_ = -1;
        --remaining_;
    }
    in_multibulk_ = false;
    args->swap(partial_);
    partial_.clear();
    return Result::kCommand;
}

void ReplySimple(std::string* out, std::string_view s) {
    out->push_back('+');
    out->append(s);
    out->append("\r\n");
}

void ReplyError(std::string* out, std::string_view s) {
    out->push_back('-');
    // A reply is one line: newlines in a message become spaces (as Redis does).
    for (char c : s) out->push_back(c == '\r' || c == '\n' ? ' ' : c);
    out->append("\r\n");
}

void ReplyInteger(std::string* out, long long v) {
    out->push_back(':');
    out->append(std::to_string(v));
    out->append("\r\n");
}

void ReplyBulk(std::string* out, std::string_view s) {
    out->push_back('$');
    out->append(std::to_string(s.size()));
    out->append("\r\n");
    out->append(s);
    out->append("\r\n");
}

void ReplyNull(std::string* out) { out->append("$-1\r\n"); }
void ReplyNullArray(std::string* out) { out->append("*-1\r\n"); }

void ReplyArrayHeader(std::string* out, std::size_t n) {
    out->push_back('*');
    out->append(std::to_string(n));
    out->append("\r\n");
}

}  // namespace jetstore::server

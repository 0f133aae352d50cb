// The RESP2 request parser (tools/jetstore-server/resp.h): multibulk and inline requests fed whole,
// byte by byte and in random pieces give the same commands; every limit and malformation gives
// Redis's error text and leaves the parser failed; inline splitting as redis-cli splits; integers
// as Redis parses them.
#include <gtest/gtest.h>

#include <algorithm>
#include <climits>
#include <functional>
#include <random>
#include <string>
#include <vector>

#include "resp.h"

namespace {

using jetstore::server::Limits;
using jetstore::server::RequestParser;
using Commands = std::vector<std::vector<std::string>>;

// Feeds `bytes` in pieces of the sizes `piece` gives, collecting commands; *error on failure.
Commands ParseAll(const std::string& bytes, const std::function<std::size_t()>& piece, std::string* error,
                  Limits limits = {}, bool authenticated = true) {
    RequestParser p(limits);
    Commands out;
    std::size_t at = 0;
    while (at < bytes.size()) {
        const std::size_t n = std::min(piece(), bytes.size() - at);
        p.Feed(std::string_view(bytes).substr(at, n));
        at += n;
        for (;;) {
            std::vector<std::string> args;
            const auto r = p.Next(&args, error, authenticated);
            if (r == RequestParser::Result::kError) return out;
            if (r == RequestParser::Result::kNeedMore) break;
            out.push_back(args);
        }
    }
    return out;
}

std::string Multibulk(const std::vector<std::string>& args) {
    std::string s = "*" + std::to_string(args.size()) + "\r\n";
    for (const auto& a : args) s += "$" + std::to_string(a.size()) + "\r\n" + a + "\r\n";
    return s;
}

TEST(RespTest, RequestsParseTheSameWholeByteByByteAndInRandomPieces) {
    const std::string binary("\0\r\n$*", 5);
    const Commands want = {{"SET", "k", binary}, {"PING"}, {"GET", "k"}, {"ECHO", ""}, {"MSET", "a", "1", "b", "2"}};
    std::string bytes;
    for (const auto& c : want) bytes += Multibulk(c);
    bytes += "PING  hello   \"a b\\x41\\n\"  'it\\'s'\r\n";
    bytes += "\r\n*0\r\n*-1\r\n";  // no commands
    Commands expected = want;
    expected.push_back({"PING", "hello", "a bA\n", "it's"});
    std::string error;
    EXPECT_EQ(expected, ParseAll(bytes, [] { return std::size_t{1} << 30; }, &error));
    EXPECT_EQ(expected, ParseAll(bytes, [] { return std::size_t{1}; }, &error));
    std::mt19937 rng(3);
    for (int i = 0; i < 50; ++i) {
        EXPECT_EQ(expected, ParseAll(bytes, [&] { return std::size_t{1 + rng() % 9}; }, &error));
    }
    EXPECT_TRUE(error.empty()) << error;
}

TEST(RespTest, MalformedRequestsGetRedisErrorsAndFailTheParser) {
    Limits small;
    small.max_bulk = 100;
    const std::pair<std::string, std::string> cases[] = {
        {"*x\r\n", "Protocol error: invalid multibulk length"},
        {"*-\r\n", "Protocol error: invalid multibulk length"},
        {"*01\r\n", "Protocol error: invalid multibulk length"},
        {"*2000000\r\n", "Protocol error: invalid multibulk length"},
        {"*1\r\n:1\r\n", "Protocol error: expected '$', got ':'"},
        {"*1\r\n$-1\r\n", "Protocol error: invalid bulk length"},
        {"*1\r\n$101\r\n", "Protocol error: invalid bulk length"},
        {"*1\r\n$1x\r\n", "Protocol error: invalid bulk length"},
        {"GET \"k\r\n", "Protocol error: unbalanced quotes in request"},
        {"GET 'k\r\n", "Protocol error: unbalanced quotes in request"},
        {"GET \"k\"x\r\n", "Protocol error: unbalanced quotes in request"},
        {std::string(65537, 'a'), "Protocol error: too big inline request"},
        {"*" + std::string(65537, '1'), "Protocol error: too big mbulk count string"},
        {"*1\r\n$" + std::string(65537, '1'), "Protocol error: too big bulk count string"},
    };
    for (const auto& [bytes, message] : cases) {
        std::string error;
        ParseAll(bytes, [] { return std::size_t{4096}; }, &error, small);
        EXPECT_EQ(message, error) << bytes.substr(0, 30);
    }
    // Before AUTH: 10 arguments and 16384 bytes.
    std::string error;
    ParseAll(Multibulk(std::vector<std::string>(11, "a")), [] { return std::size_t{7}; }, &error, {}, false);
    EXPECT_EQ("Protocol error: unauthenticated multibulk length", error);
    error.clear();
    ParseAll(Multibulk({"AUTH", std::string(16385, 'p')}), [] { return std::size_t{999}; }, &error, {}, false);
    EXPECT_EQ("Protocol error: unauthenticated bulk length", error);
    // A failed parser stays failed.
    RequestParser p;
    p.Feed("*x\r\nPING\r\n");
    std::vector<std::string> args;
    EXPECT_EQ(RequestParser::Result::kError, p.Next(&args, &error));
    EXPECT_EQ(RequestParser::Result::kError, p.Next(&args, &error));
}

TEST(RespTest, PendingCountsBytesNotYetACommand) {
    RequestParser p;
    p.Feed("*2\r\n$3\r\nGET\r\n$5\r\nab");
    std::vector<std::string> args;
    std::string error;
    EXPECT_EQ(RequestParser::Result::kNeedMore, p.Next(&args, &error));
    EXPECT_GT(p.pending(), 0u);
    p.Feed("cde\r\n");
    EXPECT_EQ(RequestParser::Result::kCommand, p.Next(&args, &error));
    EXPECT_EQ((std::vector<std::string>{"GET", "abcde"}), args);
    EXPECT_EQ(0u, p.pending());
}

TEST(RespTest, IntegersParseAsRedisParsesThem) {
    long long v = 0;
    EXPECT_TRUE(jetstore::server::ParseInteger("0", &v));
    EXPECT_EQ(0, v);
    EXPECT_TRUE(jetstore::server::ParseInteger("-42", &v));
    EXPECT_EQ(-42, v);
    EXPECT_TRUE(jetstore::server::ParseInteger("9223372036854775807", &v));
    EXPECT_TRUE(jetstore::server::ParseInteger("-9223372036854775808", &v));
    EXPECT_EQ(LLONG_MIN, v);
    for (const char* bad : {"", "-", "+1", "01", " 1", "1 ", "1.5", "9223372036854775808", "-9223372036854775809", "abc"}) {
        EXPECT_FALSE(jetstore::server::ParseInteger(bad, &v)) << bad;
    }
}

TEST(RespTest, InlineSplittingFollowsRedisCli) {
    std::vector<std::string> w;
    ASSERT_TRUE(jetstore::server::SplitInline("  set  \"a\\tb\"  'c d'  e", &w));
    EXPECT_EQ((std::vector<std::string>{"set", "a\tb", "c d", "e"}), w);
    ASSERT_TRUE(jetstore::server::SplitInline("\"\\x4a\\x4B\"", &w));
    EXPECT_EQ((std::vector<std::string>{"JK"}), w);
    ASSERT_TRUE(jetstore::server::SplitInline("", &w));
    EXPECT_TRUE(w.empty());
    EXPECT_FALSE(jetstore::server::SplitInline("\"unterminated", &w));
    EXPECT_FALSE(jetstore::server::SplitInline("'x'y", &w));
}

}  // namespace

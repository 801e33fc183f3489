package io.gaas.web;

import static io.gaas.support.Problems.assertProblem;
import static io.gaas.support.Problems.errorFields;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import io.gaas.support.Accounts;
import io.gaas.support.TestHttp;
import io.gaas.support.TestHttp.Response;
import tools.jackson.databind.JsonNode;

/**
 * Hostile input against every endpoint that takes a body or an id: each row is one request, with
 * the exact status and code it must get, after which the victim's balance, ledger, job and account
 * must be exactly as they were.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "gaas.admin.username=flowadmin", "gaas.admin.password=" + TestHttp.PASSWORD })
class HostileInputIntegrationTests {

    private static final String JSON = "application/json";
    private static final String FORM = "application/x-www-form-urlencoded";
    private static final String BIG = "x".repeat(100 * 1024);
    private static final String PW = TestHttp.PASSWORD;

    /** Who sends the request: nobody, the victim (a USER), an admin, or a plain member of {projectid}. */
    enum Caller {
        NONE, VICTIM, ADMIN, MEMBER
    }

    /**
     * One hostile request and what it must get. Placeholders in path and body: {job} the victim's
     * PENDING job, {user} the victim's id, {victim} the victim's username, {name} a fresh username,
     * {foreignjob} a job of another user. A code {@code oauth:x} expects an RFC 6749 error {@code x}.
     */
    record Hostile(String name, String method, String path, Caller caller, String contentType, String body,
            Map<String, String> headers, boolean chunked, boolean rawBytes, int status, String code,
            List<String> fields) {

        Hostile as(String type) {
            return new Hostile(name, method, path, caller, type, body, headers, chunked, rawBytes, status, code,
                    fields);
        }

        Hostile header(String key, String value) {
            Map<String, String> more = new LinkedHashMap<>(headers);
            more.put(key, value);
            return new Hostile(name, method, path, caller, contentType, body, more, chunked, rawBytes, status, code,
                    fields);
        }

        Hostile streamed() {
            return new Hostile(name, method, path, caller, contentType, body, headers, true, rawBytes, status, code,
                    fields);
        }

        /** The body's characters are sent as single bytes (ISO-8859-1), so it can hold invalid UTF-8. */
        Hostile bytes() {
            return new Hostile(name, method, path, caller, contentType, body, headers, chunked, true, status, code,
                    fields);
        }

        @Override
        public String toString() {
            return method + " " + path + " | " + name + " -> " + status + " " + code
                    + (fields.isEmpty() ? "" : " " + fields);
        }
    }

    static Hostile row(String name, String method, String path, Caller caller, String body, int status, String code,
            String... fields) {
        return new Hostile(name, method, path, caller, JSON, body, Map.of(), false, false, status, code,
                List.of(fields));
    }

    static Hostile malformed(String name, String method, String path, Caller caller, String body) {
        return row(name, method, path, caller, body, 400, "MALFORMED_REQUEST");
    }

    static Hostile invalid(String name, String method, String path, Caller caller, String body, String... fields) {
        return row(name, method, path, caller, body, 400, "VALIDATION_FAILED", fields);
    }

    /** Malformed JSON, no body, a wrong media type, and 100 KiB with and without a length. */
    static Stream<Hostile> transport(String method, String path, Caller caller, String validBody) {
        String bigBody = "{\"name\":\"" + BIG + "\",\"padding\":1}";
        return Stream.of(malformed("malformed JSON", method, path, caller, "{\"a\": "),
                malformed("not JSON at all", method, path, caller, "a=b&c=d"),
                malformed("empty body", method, path, caller, ""),
                malformed("JSON literal null", method, path, caller, "null"),
                malformed("JSON array instead of object", method, path, caller, "[" + validBody + "]"),
                malformed("trailing tokens", method, path, caller, validBody + " {}"),
                malformed("nested 3000 arrays deep", method, path, caller,
                        "{\"deep\":" + "[".repeat(3000) + "]".repeat(3000) + "}"),
                row("text/plain", method, path, caller, validBody, 415, "UNSUPPORTED_MEDIA_TYPE").as("text/plain"),
                row("application/xml", method, path, caller, "<a/>", 415, "UNSUPPORTED_MEDIA_TYPE")
                    .as("application/xml"),
                row("charset that does not exist", method, path, caller, validBody, 415, "UNSUPPORTED_MEDIA_TYPE")
                    .as("application/json;charset=no-such-charset"),
                row("Content-Type with an open quote", method, path, caller, validBody, 415,
                        "UNSUPPORTED_MEDIA_TYPE").as("application/json;charset=\""),
                row("100 KiB body", method, path, caller, bigBody, 413, "PAYLOAD_TOO_LARGE"),
                row("100 KiB body, chunked", method, path, caller, bigBody, 413, "PAYLOAD_TOO_LARGE").streamed());
    }

    static String chars(int n) {
        return "a".repeat(n);
    }

    /** A character outside the BMP (U+1F600, two UTF-16 units), as a JSON escape pair. */
    static final String EMOJI = "\\ud83d\\ude00";

    /**
     * Text that PostgreSQL refuses (NUL) or that is not text at all (unpaired UTF-16 surrogates,
     * which a UTF-8 encoder silently turns into '?'), each as JSON string content.
     */
    static final Map<String, String> UNSTORABLE = Map.of(
            "NUL", "a\\u0000b",
            "NUL alone", "\\u0000",
            "lone high surrogate", "a\\ud800b",
            "lone low surrogate", "a\\udc00b",
            "surrogates in the wrong order", "a\\ude00\\ud83db",
            "high surrogate at the end", "ab\\ud83d");

    /** One VALIDATION_FAILED row per unstorable text, built from a body template with {text}. */
    static Stream<Hostile> unstorable(String field, String method, String path, Caller caller, String template,
            String expectedField) {
        return UNSTORABLE.entrySet()
            .stream()
            .sorted(Map.Entry.comparingByKey())
            .map(text -> invalid(field + " with " + text.getKey(), method, path, caller,
                    template.replace("{text}", text.getValue()), expectedField));
    }

    /**
     * Bytes that are not UTF-8 inside a JSON string, sent as raw bytes: an over-long NUL and '/', an
     * encoded surrogate (CESU-8), a lone continuation byte, a truncated sequence, 0xFF and a 5-byte form.
     */
    static Stream<Hostile> invalidUtf8(String method, String path, Caller caller, String template) {
        Map<String, String> sequences = new LinkedHashMap<>();
        sequences.put("over-long NUL (C0 80)", "a\u00c0\u0080b");
        sequences.put("over-long slash (C0 AF)", "a\u00c0\u00afb");
        sequences.put("over-long 3-byte NUL (E0 80 80)", "a\u00e0\u0080\u0080b");
        sequences.put("encoded surrogate (ED A0 80)", "a\u00ed\u00a0\u0080b");
        sequences.put("lone continuation byte (80)", "a\u0080b");
        sequences.put("truncated sequence (E2 82)", "a\u00e2\u0082");
        sequences.put("byte FF", "a\u00ffb");
        sequences.put("5-byte form (F8 88 80 80 80)", "a\u00f8\u0088\u0080\u0080\u0080b");
        sequences.put("above U+10FFFF (F4 90 80 80)", "a\u00f4\u0090\u0080\u0080b");
        return sequences.entrySet()
            .stream()
            .map(bad -> malformed("invalid UTF-8: " + bad.getKey(), method, path, caller,
                    template.replace("{text}", bad.getValue())).bytes());
    }

    static String quoted(int n) {
        return "\"" + chars(n) + "\"";
    }

    // ---------------------------------------------------------------- register

    static Stream<Hostile> registerCases() {
        String p = "/api/v1/auth/register";
        String post = "POST";
        Caller c = Caller.NONE;
        String pw = "\"password\":\"" + PW + "\"";
        return Stream.concat(transport(post, p, c, "{\"username\":\"{name}\"," + pw + "}"), Stream.of(
                malformed("username is a number", post, p, c, "{\"username\":12345," + pw + "}"),
                malformed("username is a boolean", post, p, c, "{\"username\":true," + pw + "}"),
                malformed("username is an array", post, p, c, "{\"username\":[\"{name}\"]," + pw + "}"),
                malformed("username is an object", post, p, c, "{\"username\":{\"v\":\"{name}\"}," + pw + "}"),
                malformed("password is a number", post, p, c, "{\"username\":\"{name}\",\"password\":123456789}"),
                malformed("duplicate key", post, p, c,
                        "{\"username\":\"{name}\",\"username\":\"x{name}\"," + pw + "}"),
                invalid("username null", post, p, c, "{\"username\":null," + pw + "}", "username"),
                invalid("username missing", post, p, c, "{" + pw + "}", "username"),
                invalid("username 2 chars", post, p, c, "{\"username\":\"ab\"," + pw + "}", "username"),
                invalid("username 33 chars", post, p, c, "{\"username\":" + quoted(33) + "," + pw + "}", "username"),
                invalid("username with a space", post, p, c, "{\"username\":\"bad name\"," + pw + "}", "username"),
                invalid("username non-ASCII", post, p, c, "{\"username\":\"\u00e5lice_{name}\"," + pw + "}",
                        "username"),
                invalid("password 7 chars", post, p, c, "{\"username\":\"{name}\",\"password\":\"1234567\"}",
                        "password"),
                invalid("password 129 chars", post, p, c, "{\"username\":\"{name}\",\"password\":" + quoted(129) + "}",
                        "password"),
                invalid("both null", post, p, c, "{\"username\":null,\"password\":null}", "username", "password")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource({ "registerCases", "registerTextCases" })
    void registerWhenInputIsHostileThenRefusedAndNoAccountCreated(Hostile hostile) {
        attack(hostile);
    }

    // ---------------------------------------------------------------- login

    static Stream<Hostile> loginCases() {
        String p = "/api/v1/auth/login";
        String post = "POST";
        Caller c = Caller.NONE;
        return Stream.concat(transport(post, p, c, "{\"username\":\"{victim}\",\"password\":\"" + PW + "\"}"),
                Stream.of(malformed("username is a number", post, p, c, "{\"username\":1,\"password\":\"x\"}"),
                        malformed("password is a boolean", post, p, c,
                                "{\"username\":\"{victim}\",\"password\":true}"),
                        malformed("password is an array", post, p, c,
                                "{\"username\":\"{victim}\",\"password\":[\"" + PW + "\"]}"),
                        invalid("username null", post, p, c, "{\"username\":null,\"password\":\"x\"}", "username"),
                        invalid("password missing", post, p, c, "{\"username\":\"{victim}\"}", "password"),
                        invalid("username 256 chars", post, p, c,
                                "{\"username\":" + quoted(256) + ",\"password\":\"x\"}", "username"),
                        invalid("password 1025 chars", post, p, c,
                                "{\"username\":\"{victim}\",\"password\":" + quoted(1025) + "}", "password"),
                        row("username 33 chars (no such user)", post, p, c,
                                "{\"username\":" + quoted(33) + ",\"password\":\"" + PW + "\"}", 401,
                                "INVALID_CREDENTIALS"),
                        row("password 129 chars (wrong)", post, p, c,
                                "{\"username\":\"{victim}\",\"password\":" + quoted(129) + "}", 401,
                                "INVALID_CREDENTIALS")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource({ "loginCases", "loginTextCases" })
    void loginWhenInputIsHostileThenRefusedWithoutToken(Hostile hostile) {
        Response response = attack(hostile);
        assertThat(response.body()).doesNotContain("accessToken");
    }

    // ---------------------------------------------------------------- OAuth2 token (form)

    static Stream<Hostile> tokenCases() {
        String p = "/api/v1/auth/token";
        String post = "POST";
        Caller c = Caller.NONE;
        return Stream.of(
                row("no grant_type", post, p, c, "username={victim}&password=x", 400, "oauth:invalid_request").as(FORM),
                row("no password", post, p, c, "grant_type=password&username={victim}", 400, "oauth:invalid_request")
                    .as(FORM),
                row("empty form", post, p, c, "", 400, "oauth:invalid_request").as(FORM),
                row("client_credentials grant", post, p, c,
                        "grant_type=client_credentials&username={victim}&password=x",
                        400, "oauth:unsupported_grant_type").as(FORM),
                row("wrong password", post, p, c, "grant_type=password&username={victim}&password=wrong", 400,
                        "oauth:invalid_grant").as(FORM),
                row("username 33 chars (no such user)", post, p, c,
                        "grant_type=password&username=" + chars(33) + "&password=x", 400, "oauth:invalid_grant")
                    .as(FORM),
                row("username 256 chars", post, p, c, "grant_type=password&username=" + chars(256) + "&password=x",
                        400, "oauth:invalid_request").as(FORM),
                row("username 5000 chars", post, p, c, "grant_type=password&username=" + chars(5000) + "&password=x",
                        400, "oauth:invalid_request").as(FORM),
                row("password 129 chars", post, p, c,
                        "grant_type=password&username={victim}&password=" + chars(129), 400, "oauth:invalid_grant")
                    .as(FORM),
                row("password 1025 chars", post, p, c,
                        "grant_type=password&username={victim}&password=" + chars(1025), 400, "oauth:invalid_request")
                    .as(FORM),
                row("JSON instead of a form", post, p, c,
                        "{\"grant_type\":\"password\",\"username\":\"{victim}\",\"password\":\"" + PW + "\"}", 415,
                        "UNSUPPORTED_MEDIA_TYPE"),
                row("text/plain", post, p, c, "grant_type=password&username={victim}&password=x", 415,
                        "UNSUPPORTED_MEDIA_TYPE").as("text/plain"),
                row("100 KiB form", post, p, c, "grant_type=password&username={victim}&password=" + BIG, 413,
                        "PAYLOAD_TOO_LARGE").as(FORM));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource({ "tokenCases", "tokenTextCases" })
    void tokenWhenInputIsHostileThenRefusedWithoutToken(Hostile hostile) {
        Response response = attack(hostile);
        assertThat(response.body()).doesNotContain("access_token");
    }

    // ---------------------------------------------------------------- password change

    static Stream<Hostile> passwordCases() {
        String p = "/api/v1/users/me/password";
        String post = "POST";
        Caller c = Caller.VICTIM;
        String cur = "\"currentPassword\":\"" + PW + "\"";
        return Stream.concat(transport(post, p, c, "{" + cur + ",\"newPassword\":\"another good one\"}"), Stream.of(
                malformed("newPassword is a number", post, p, c, "{" + cur + ",\"newPassword\":123456789}"),
                malformed("currentPassword is a boolean", post, p, c,
                        "{\"currentPassword\":true,\"newPassword\":\"another good one\"}"),
                malformed("newPassword is an array", post, p, c,
                        "{" + cur + ",\"newPassword\":[\"another good one\"]}"),
                malformed("newPassword is an object", post, p, c, "{" + cur + ",\"newPassword\":{}}"),
                invalid("newPassword null", post, p, c, "{" + cur + ",\"newPassword\":null}", "newPassword"),
                invalid("currentPassword missing", post, p, c, "{\"newPassword\":\"another good one\"}",
                        "currentPassword"),
                invalid("newPassword 7 chars", post, p, c, "{" + cur + ",\"newPassword\":\"1234567\"}", "newPassword"),
                invalid("newPassword 129 chars", post, p, c, "{" + cur + ",\"newPassword\":" + quoted(129) + "}",
                        "newPassword"),
                invalid("currentPassword 129 chars", post, p, c,
                        "{\"currentPassword\":" + quoted(129) + ",\"newPassword\":\"another good one\"}",
                        "currentPassword"),
                row("wrong currentPassword", post, p, c,
                        "{\"currentPassword\":\"not the password\",\"newPassword\":\"another good one\"}", 401,
                        "INVALID_CREDENTIALS"),
                row("no token", post, p, Caller.NONE, "{" + cur + ",\"newPassword\":\"another good one\"}", 401,
                        "UNAUTHENTICATED")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource({ "passwordCases", "passwordTextCases" })
    void changePasswordWhenInputIsHostileThenRefusedAndPasswordKept(Hostile hostile) {
        attack(hostile);
        assertThat(http.post("/api/v1/auth/login", null, Map.of("username", victim, "password", PW)).status())
            .isEqualTo(200);
    }

    // ---------------------------------------------------------------- submit a job

    /** A valid one-hour submission with more fields (a later gpuHours wins over the first). */
    static String pooled(String fields) {
        return fields.contains("gpuHours") ? "{\"name\":\"hostile\"," + fields + "}"
                : "{\"name\":\"hostile\",\"gpuHours\":1," + fields + "}";
    }

    static String job(String gpuHours) {
        return "{\"name\":\"hostile\",\"gpuHours\":" + gpuHours + "}";
    }

    static Stream<Hostile> submitCases() {
        String p = "/api/v1/jobs";
        String post = "POST";
        Caller c = Caller.VICTIM;
        List<Hostile> rows = new ArrayList<>(List.of(
                malformed("gpuHours missing its value", post, p, c, "{\"name\":\"x\",\"gpuHours\":}"),
                malformed("gpuHours \"2.5\"", post, p, c, job("\"2.5\"")),
                malformed("gpuHours \"\"", post, p, c, job("\"\"")),
                malformed("gpuHours true", post, p, c, job("true")),
                malformed("gpuHours false", post, p, c, job("false")),
                malformed("gpuHours [2.5]", post, p, c, job("[2.5]")),
                malformed("gpuHours {}", post, p, c, job("{\"value\":2.5}")),
                malformed("gpuHours NaN", post, p, c, job("NaN")),
                malformed("gpuHours Infinity", post, p, c, job("Infinity")),
                malformed("gpuHours -Infinity", post, p, c, job("-Infinity")),
                malformed("gpuHours \"NaN\"", post, p, c, job("\"NaN\"")),
                malformed("gpuHours \"Infinity\"", post, p, c, job("\"Infinity\"")),
                malformed("gpuHours 0x10", post, p, c, job("0x10")),
                malformed("gpuHours +1", post, p, c, job("+1")),
                malformed("gpuHours .5", post, p, c, job(".5")),
                malformed("gpuHours with 1500 digits", post, p, c, job("1" + "0".repeat(1500))),
                malformed("duplicate gpuHours", post, p, c, "{\"name\":\"x\",\"gpuHours\":1,\"gpuHours\":100}"),
                invalid("gpuHours null", post, p, c, job("null"), "gpuHours"),
                invalid("gpuHours missing", post, p, c, "{\"name\":\"x\"}", "gpuHours"),
                invalid("gpuHours -1", post, p, c, job("-1"), "gpuHours"),
                invalid("gpuHours -0.01", post, p, c, job("-0.01"), "gpuHours"),
                invalid("gpuHours 0", post, p, c, job("0"), "gpuHours"),
                invalid("gpuHours 0.00", post, p, c, job("0.00"), "gpuHours"),
                invalid("gpuHours -0", post, p, c, job("-0"), "gpuHours"),
                invalid("gpuHours 1e6", post, p, c, job("1e6"), "gpuHours"),
                invalid("gpuHours 1000000", post, p, c, job("1000000"), "gpuHours"),
                invalid("gpuHours 100000.01", post, p, c, job("100000.01"), "gpuHours"),
                invalid("gpuHours 1E+400", post, p, c, job("1E+400"), "gpuHours"),
                invalid("gpuHours -1E+400", post, p, c, job("-1E+400"), "gpuHours"),
                invalid("gpuHours 1E-400", post, p, c, job("1E-400"), "gpuHours"),
                invalid("gpuHours 99999999999999999999999", post, p, c, job("99999999999999999999999"), "gpuHours"),
                invalid("gpuHours 2.505", post, p, c, job("2.505"), "gpuHours"),
                invalid("gpuHours 0.001", post, p, c, job("0.001"), "gpuHours"),
                row("gpuHours 100000 (more than left)", post, p, c, job("100000"), 400, "INSUFFICIENT_QUOTA"),
                row("gpuHours 7.51 (0.01 more than left)", post, p, c, job("7.51"), 400, "INSUFFICIENT_QUOTA"),
                malformed("name is a number", post, p, c, "{\"name\":123,\"gpuHours\":1}"),
                malformed("name is a boolean", post, p, c, "{\"name\":true,\"gpuHours\":1}"),
                malformed("name is an array", post, p, c, "{\"name\":[\"x\"],\"gpuHours\":1}"),
                invalid("name null", post, p, c, "{\"name\":null,\"gpuHours\":1}", "name"),
                invalid("name empty", post, p, c, "{\"name\":\"\",\"gpuHours\":1}", "name"),
                invalid("name blank", post, p, c, "{\"name\":\"   \\t \",\"gpuHours\":1}", "name"),
                invalid("name 101 chars", post, p, c, "{\"name\":" + quoted(101) + ",\"gpuHours\":1}", "name"),
                invalid("name 101 chars after trimming", post, p, c,
                        "{\"name\":\"  " + chars(101) + "  \",\"gpuHours\":1}", "name"),
                malformed("description is a number", post, p, c, "{\"name\":\"x\",\"gpuHours\":1,\"description\":42}"),
                malformed("description is an array", post, p, c,
                        "{\"name\":\"x\",\"gpuHours\":1,\"description\":[\"d\"]}"),
                invalid("description 2001 chars", post, p, c,
                        "{\"name\":\"x\",\"gpuHours\":1,\"description\":" + quoted(2001) + "}", "description"),
                invalid("name, gpuHours and description all broken", post, p, c,
                        "{\"name\":\"\",\"gpuHours\":-1,\"description\":" + quoted(2001) + "}", "name", "gpuHours",
                        "description"),
                invalid("Idempotency-Key 101 chars", post, p, c, job("1"), "Idempotency-Key")
                    .header("Idempotency-Key", chars(101)),
                invalid("gpuCount 0", post, p, c, pooled("\"gpuCount\":0"), "gpuCount"),
                invalid("gpuCount -1", post, p, c, pooled("\"gpuCount\":-1"), "gpuCount"),
                invalid("gpuCount 65", post, p, c, pooled("\"gpuCount\":65"), "gpuCount"),
                invalid("gpuCount 3 in a 2-GPU pool", post, p, c, pooled("\"pool\":\"{smallpool}\",\"gpuCount\":3"),
                        "gpuCount"),
                invalid("gpuHours 0.01 on 2 GPUs", post, p, c, "{\"name\":\"x\",\"gpuHours\":0.01,\"gpuCount\":2}",
                        "gpuHours"),
                malformed("gpuCount 1.5", post, p, c, pooled("\"gpuCount\":1.5")),
                malformed("gpuCount \"2\"", post, p, c, pooled("\"gpuCount\":\"2\"")),
                malformed("gpuCount true", post, p, c, pooled("\"gpuCount\":true")),
                malformed("gpuCount 1e10", post, p, c, pooled("\"gpuCount\":10000000000")),
                invalid("command []", post, p, c, pooled("\"command\":[]"), "command"),
                invalid("command of 65 arguments", post, p, c,
                        pooled("\"command\":[" + String.join(",", java.util.Collections.nCopies(65, "\"x\"")) + "]"),
                        "command"),
                invalid("command with an empty argument", post, p, c, pooled("\"command\":[\"python\",\"\"]"),
                        "command"),
                invalid("command with a 4097-character argument", post, p, c, pooled("\"command\":[" + quoted(4097) + "]"),
                        "command"),
                invalid("command with a NUL", post, p, c, pooled("\"command\":[\"sh\",\"-c\",\"a\\u0000b\"]"),
                        "command"),
                invalid("command with a null argument", post, p, c, pooled("\"command\":[\"python\",null]"),
                        "command"),
                malformed("command a number", post, p, c, pooled("\"command\":42")),
                malformed("command a string", post, p, c, pooled("\"command\":\"python train.py\"")),
                malformed("command with a number", post, p, c, pooled("\"command\":[\"python\",3]")),
                malformed("command an object", post, p, c, pooled("\"command\":{\"0\":\"python\"}")),
                invalid("pool unknown", post, p, c, pooled("\"pool\":\"no-such-pool\""), "pool"),
                invalid("pool with spaces", post, p, c, pooled("\"pool\":\"my pool\""), "pool"),
                invalid("pool empty", post, p, c, pooled("\"pool\":\"\""), "pool"),
                invalid("pool with a NUL", post, p, c, pooled("\"pool\":\"a\\u0000b\""), "pool"),
                invalid("pool 33 chars", post, p, c, pooled("\"pool\":" + quoted(33)), "pool"),
                malformed("pool a number", post, p, c, pooled("\"pool\":100")),
                malformed("pool an array", post, p, c, pooled("\"pool\":[\"default\"]")),
                row("pool disabled", post, p, c, pooled("\"pool\":\"{offpool}\""), 409, "POOL_DISABLED"),
                invalid("project unknown", post, p, c, pooled("\"project\":\"no-such-project\""), "project"),
                invalid("project empty", post, p, c, pooled("\"project\":\"\""), "project"),
                invalid("project 33 chars", post, p, c, pooled("\"project\":" + quoted(33)), "project"),
                invalid("project with a NUL", post, p, c, pooled("\"project\":\"a\\u0000b\""), "project"),
                invalid("project with spaces", post, p, c, pooled("\"project\":\"my lab\""), "project"),
                malformed("project a number", post, p, c, pooled("\"project\":123")),
                malformed("project a boolean", post, p, c, pooled("\"project\":true")),
                malformed("project an array", post, p, c, pooled("\"project\":[\"lab\"]")),
                row("gpuHours 7.51 in a pool (0.01 more than left)", post, p, c,
                        pooled("\"pool\":\"{smallpool}\",\"gpuHours\":7.51"), 400, "INSUFFICIENT_QUOTA"),
                row("no token", post, p, Caller.NONE, job("1"), 401, "UNAUTHENTICATED"),
                row("no token, 100 KiB", post, p, Caller.NONE, "{\"name\":\"" + BIG + "\"}", 401, "UNAUTHENTICATED")));
        return Stream.concat(transport(post, p, c, job("1")), rows.stream());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource({ "submitCases", "submitTextAndNumberCases" })
    void submitJobWhenInputIsHostileThenRefusedAndNothingCharged(Hostile hostile) {
        attack(hostile);
        Response jobs = http.get("/api/v1/jobs", victimToken);
        assertThat(jobs.json().get("page").get("totalElements").asLong()).isEqualTo(1);
    }

    // ---------------------------------------------------------------- admin status change

    static Stream<Hostile> changeStatusCases() {
        String p = "/api/v1/jobs/{job}/status";
        String patch = "PATCH";
        Caller c = Caller.ADMIN;
        return Stream.concat(transport(patch, p, c, "{\"status\":\"APPROVED\"}"), Stream.of(
                invalid("status BOGUS", patch, p, c, "{\"status\":\"BOGUS\"}", "status"),
                invalid("status empty", patch, p, c, "{\"status\":\"\"}", "status"),
                invalid("status null", patch, p, c, "{\"status\":null}", "status"),
                invalid("status missing", patch, p, c, "{}", "status"),
                malformed("status is a number", patch, p, c, "{\"status\":1}"),
                malformed("status is a boolean", patch, p, c, "{\"status\":true}"),
                malformed("status is an array", patch, p, c, "{\"status\":[\"APPROVED\"]}"),
                malformed("reason is a number", patch, p, c, "{\"status\":\"APPROVED\",\"reason\":5}"),
                invalid("reason 501 chars", patch, p, c, "{\"status\":\"APPROVED\",\"reason\":" + quoted(501) + "}",
                        "reason"),
                malformed("usedHours \"1\"", patch, p, c, "{\"status\":\"COMPLETED\",\"usedHours\":\"1\"}"),
                malformed("usedHours NaN", patch, p, c, "{\"status\":\"COMPLETED\",\"usedHours\":NaN}"),
                malformed("usedHours true", patch, p, c, "{\"status\":\"COMPLETED\",\"usedHours\":true}"),
                invalid("usedHours -1", patch, p, c, "{\"status\":\"COMPLETED\",\"usedHours\":-1}", "usedHours"),
                invalid("usedHours 2.505", patch, p, c, "{\"status\":\"COMPLETED\",\"usedHours\":2.505}", "usedHours"),
                invalid("usedHours 1E+400", patch, p, c, "{\"status\":\"COMPLETED\",\"usedHours\":1E+400}",
                        "usedHours"),
                invalid("usedHours with APPROVED", patch, p, c, "{\"status\":\"APPROVED\",\"usedHours\":1}",
                        "usedHours"),
                row("PENDING to PENDING", patch, p, c, "{\"status\":\"PENDING\"}", 409, "INVALID_TRANSITION"),
                row("PENDING to CANCELLED by PATCH", patch, p, c, "{\"status\":\"CANCELLED\"}", 409,
                        "INVALID_TRANSITION"),
                row("PENDING to COMPLETED", patch, p, c, "{\"status\":\"COMPLETED\"}", 409, "INVALID_TRANSITION"),
                row("PENDING to PROCESSING", patch, p, c, "{\"status\":\"PROCESSING\"}", 409, "INVALID_TRANSITION"),
                row("id not a UUID", patch, "/api/v1/jobs/not-a-uuid/status", c, "{\"status\":\"APPROVED\"}", 404,
                        "NOT_FOUND"),
                row("id 12345", patch, "/api/v1/jobs/12345/status", c, "{\"status\":\"APPROVED\"}", 404, "NOT_FOUND"),
                row("id unknown UUID", patch, "/api/v1/jobs/" + UUID.randomUUID() + "/status", c,
                        "{\"status\":\"APPROVED\"}", 404, "NOT_FOUND"),
                row("USER caller", patch, p, Caller.VICTIM, "{\"status\":\"APPROVED\"}", 403, "FORBIDDEN")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource({ "changeStatusCases", "changeStatusTextAndNumberCases" })
    void changeJobStatusWhenInputIsHostileThenRefusedAndJobUnchanged(Hostile hostile) {
        attack(hostile);
    }

    // ---------------------------------------------------------------- cancel and get by id

    static Stream<Hostile> jobIdCases() {
        return Stream.of(
                row("id not a UUID", "POST", "/api/v1/jobs/not-a-uuid/cancel", Caller.VICTIM, null, 404, "NOT_FOUND"),
                row("id UUID plus a character", "POST", "/api/v1/jobs/{job}x/cancel", Caller.VICTIM, null, 404,
                        "NOT_FOUND"),
                row("id unknown UUID", "POST", "/api/v1/jobs/" + UUID.randomUUID() + "/cancel", Caller.VICTIM, null,
                        404, "NOT_FOUND"),
                row("another user's job", "POST", "/api/v1/jobs/{foreignjob}/cancel", Caller.VICTIM, null, 404,
                        "NOT_FOUND"),
                row("100 KiB body", "POST", "/api/v1/jobs/{job}/cancel", Caller.VICTIM, "{\"a\":\"" + BIG + "\"}", 413,
                        "PAYLOAD_TOO_LARGE"),
                row("no token", "POST", "/api/v1/jobs/{job}/cancel", Caller.NONE, null, 401, "UNAUTHENTICATED"),
                row("id not a UUID", "GET", "/api/v1/jobs/not-a-uuid", Caller.VICTIM, null, 404, "NOT_FOUND"),
                row("id 12345", "GET", "/api/v1/jobs/12345", Caller.VICTIM, null, 404, "NOT_FOUND"),
                row("id UUID plus a character", "GET", "/api/v1/jobs/{job}x", Caller.VICTIM, null, 404, "NOT_FOUND"),
                row("id unknown UUID", "GET", "/api/v1/jobs/" + UUID.randomUUID(), Caller.VICTIM, null, 404,
                        "NOT_FOUND"),
                row("another user's job", "GET", "/api/v1/jobs/{foreignjob}", Caller.VICTIM, null, 404, "NOT_FOUND"),
                row("no token", "GET", "/api/v1/jobs/{job}", Caller.NONE, null, 401, "UNAUTHENTICATED"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jobIdCases")
    void jobByIdWhenIdIsHostileThenNotFoundAndJobUnchanged(Hostile hostile) {
        attack(hostile);
    }

    // ---------------------------------------------------------------- admin quota adjustment

    static String delta(String deltaHours) {
        return "{\"deltaHours\":" + deltaHours + ",\"note\":\"hostile\"}";
    }

    static Stream<Hostile> adjustmentCases() {
        String p = "/api/v1/admin/users/{user}/quota-adjustments";
        String post = "POST";
        Caller c = Caller.ADMIN;
        return Stream.concat(transport(post, p, c, delta("5")), Stream.of(
                malformed("deltaHours \"5\"", post, p, c, delta("\"5\"")),
                malformed("deltaHours true", post, p, c, delta("true")),
                malformed("deltaHours [5]", post, p, c, delta("[5]")),
                malformed("deltaHours {}", post, p, c, delta("{\"v\":5}")),
                malformed("deltaHours NaN", post, p, c, delta("NaN")),
                malformed("deltaHours Infinity", post, p, c, delta("Infinity")),
                malformed("deltaHours -Infinity", post, p, c, delta("-Infinity")),
                malformed("deltaHours \"NaN\"", post, p, c, delta("\"NaN\"")),
                malformed("deltaHours \"Infinity\"", post, p, c, delta("\"Infinity\"")),
                malformed("note is a number", post, p, c, "{\"deltaHours\":5,\"note\":5}"),
                invalid("deltaHours null", post, p, c, delta("null"), "deltaHours"),
                invalid("deltaHours missing", post, p, c, "{\"note\":\"x\"}", "deltaHours"),
                invalid("deltaHours 0", post, p, c, delta("0"), "deltaHours"),
                invalid("deltaHours 1e6", post, p, c, delta("1e6"), "deltaHours"),
                invalid("deltaHours 100000.01", post, p, c, delta("100000.01"), "deltaHours"),
                invalid("deltaHours -100000.01", post, p, c, delta("-100000.01"), "deltaHours"),
                invalid("deltaHours 1E+400", post, p, c, delta("1E+400"), "deltaHours"),
                invalid("deltaHours -1E+400", post, p, c, delta("-1E+400"), "deltaHours"),
                invalid("deltaHours 2.505", post, p, c, delta("2.505"), "deltaHours"),
                invalid("deltaHours -0.001", post, p, c, delta("-0.001"), "deltaHours"),
                invalid("note 501 chars", post, p, c, "{\"deltaHours\":5,\"note\":" + quoted(501) + "}", "note"),
                row("deltaHours -7.51 (below 0)", post, p, c, delta("-7.51"), 400, "INSUFFICIENT_QUOTA"),
                row("deltaHours -100000", post, p, c, delta("-100000"), 400, "INSUFFICIENT_QUOTA"),
                row("id not a UUID", post, "/api/v1/admin/users/not-a-uuid/quota-adjustments", c, delta("5"), 404,
                        "NOT_FOUND"),
                row("id unknown UUID", post, "/api/v1/admin/users/" + UUID.randomUUID() + "/quota-adjustments", c,
                        delta("5"), 404, "NOT_FOUND"),
                row("USER caller, own id", post, p, Caller.VICTIM, delta("5"), 403, "FORBIDDEN")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource({ "adjustmentCases", "adjustmentTextAndNumberCases" })
    void adjustQuotaWhenInputIsHostileThenRefusedAndBalanceUnchanged(Hostile hostile) {
        attack(hostile);
    }

    // ---------------------------------------------------------------- admin user update

    static Stream<Hostile> updateUserCases() {
        String p = "/api/v1/admin/users/{user}";
        String patch = "PATCH";
        Caller c = Caller.ADMIN;
        return Stream.concat(transport(patch, p, c, "{\"enabled\":false}"), Stream.of(
                invalid("role ROOT", patch, p, c, "{\"role\":\"ROOT\"}", "role"),
                invalid("role admin (lower case)", patch, p, c, "{\"role\":\"admin\"}", "role"),
                invalid("role empty", patch, p, c, "{\"role\":\"\"}", "role"),
                invalid("role ROOT with enabled false", patch, p, c, "{\"role\":\"ROOT\",\"enabled\":false}", "role"),
                malformed("role is a number", patch, p, c, "{\"role\":1}"),
                malformed("role is a boolean", patch, p, c, "{\"role\":true}"),
                malformed("role is an array", patch, p, c, "{\"role\":[\"ADMIN\"]}"),
                malformed("enabled \"false\"", patch, p, c, "{\"enabled\":\"false\"}"),
                malformed("enabled 0", patch, p, c, "{\"enabled\":0}"),
                malformed("enabled \"no\"", patch, p, c, "{\"enabled\":\"no\"}"),
                malformed("enabled {}", patch, p, c, "{\"enabled\":{}}"),
                row("id not a UUID", patch, "/api/v1/admin/users/not-a-uuid", c, "{\"enabled\":false}", 404,
                        "NOT_FOUND"),
                row("id unknown UUID", patch, "/api/v1/admin/users/" + UUID.randomUUID(), c, "{\"enabled\":false}",
                        404, "NOT_FOUND"),
                row("USER caller promoting itself", patch, p, Caller.VICTIM, "{\"role\":\"ADMIN\"}", 403,
                        "FORBIDDEN")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("updateUserCases")
    void updateUserWhenInputIsHostileThenRefusedAndAccountUnchanged(Hostile hostile) {
        attack(hostile);
    }

    static Stream<Hostile> lowBalanceCases() {
        String p = "/api/v1/admin/users/{user}";
        String patch = "PATCH";
        Caller c = Caller.ADMIN;
        return Stream.of(
                invalid("lowBalanceHours -1", patch, p, c, "{\"lowBalanceHours\":-1}", "lowBalanceHours"),
                invalid("lowBalanceHours 2.505", patch, p, c, "{\"lowBalanceHours\":2.505}", "lowBalanceHours"),
                invalid("lowBalanceHours 100001", patch, p, c, "{\"lowBalanceHours\":100001}", "lowBalanceHours"),
                invalid("lowBalanceHours 1E+400", patch, p, c, "{\"lowBalanceHours\":1E+400}", "lowBalanceHours"),
                invalid("lowBalanceHours -1 with a valid role", patch, p, c,
                        "{\"role\":\"USER\",\"lowBalanceHours\":-0.01}", "lowBalanceHours"),
                malformed("lowBalanceHours \"5\"", patch, p, c, "{\"lowBalanceHours\":\"5\"}"),
                malformed("lowBalanceHours true", patch, p, c, "{\"lowBalanceHours\":true}"),
                malformed("lowBalanceHours NaN", patch, p, c, "{\"lowBalanceHours\":NaN}"),
                malformed("lowBalanceHours [1]", patch, p, c, "{\"lowBalanceHours\":[1]}"),
                row("USER caller setting its own threshold", patch, p, Caller.VICTIM, "{\"lowBalanceHours\":5}", 403,
                        "FORBIDDEN"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("lowBalanceCases")
    void lowBalanceHoursWhenInputIsHostileThenRefusedAndThresholdUnchanged(Hostile hostile) {
        attack(hostile);
    }

    // ---------------------------------------------------------------- allocations

    static String allocation(String hours, String period, String carryOver) {
        return "{\"hours\":" + hours + ",\"period\":" + period + ",\"carryOverHours\":" + carryOver + "}";
    }

    static Stream<Hostile> allocationCases() {
        String p = "/api/v1/admin/users/{user}/allocation";
        String put = "PUT";
        Caller c = Caller.ADMIN;
        String monthly = "\"MONTHLY\"";
        return Stream.concat(transport(put, p, c, allocation("100", monthly, "0")), Stream.of(
                invalid("hours -1", put, p, c, allocation("-1", monthly, "0"), "hours"),
                invalid("hours 2.505", put, p, c, allocation("2.505", monthly, "0"), "hours"),
                invalid("hours 100001", put, p, c, allocation("100001", monthly, "0"), "hours"),
                invalid("hours 1E+400", put, p, c, allocation("1E+400", monthly, "0"), "hours"),
                invalid("hours null", put, p, c, allocation("null", monthly, "0"), "hours"),
                invalid("hours missing", put, p, c, "{\"period\":\"WEEKLY\"}", "hours"),
                malformed("hours \"x\"", put, p, c, allocation("\"x\"", monthly, "0")),
                malformed("hours \"100\"", put, p, c, allocation("\"100\"", monthly, "0")),
                malformed("hours true", put, p, c, allocation("true", monthly, "0")),
                malformed("hours NaN", put, p, c, allocation("NaN", monthly, "0")),
                invalid("period DAILY", put, p, c, allocation("100", "\"DAILY\"", "0"), "period"),
                invalid("period monthly (lower case)", put, p, c, allocation("100", "\"monthly\"", "0"), "period"),
                invalid("period empty", put, p, c, allocation("100", "\"\"", "0"), "period"),
                invalid("period null", put, p, c, allocation("100", "null", "0"), "period"),
                invalid("period missing", put, p, c, "{\"hours\":100}", "period"),
                malformed("period 1", put, p, c, allocation("100", "1", "0")),
                malformed("period [\"MONTHLY\"]", put, p, c, allocation("100", "[" + monthly + "]", "0")),
                invalid("carryOverHours -1", put, p, c, allocation("100", monthly, "-1"), "carryOverHours"),
                invalid("carryOverHours 2.505", put, p, c, allocation("100", monthly, "2.505"), "carryOverHours"),
                invalid("carryOverHours 100001", put, p, c, allocation("100", monthly, "100001"), "carryOverHours"),
                malformed("carryOverHours \"0\"", put, p, c, allocation("100", monthly, "\"0\"")),
                invalid("every field wrong", put, p, c, allocation("-1", "\"DAILY\"", "-1"), "hours", "period",
                        "carryOverHours"),
                row("id not a UUID", put, "/api/v1/admin/users/not-a-uuid/allocation", c,
                        allocation("100", monthly, "0"), 404, "NOT_FOUND"),
                row("id unknown UUID", put, "/api/v1/admin/users/" + UUID.randomUUID() + "/allocation", c,
                        allocation("100", monthly, "0"), 404, "NOT_FOUND"),
                row("USER caller, own id", put, p, Caller.VICTIM, allocation("100", monthly, "0"), 403, "FORBIDDEN"),
                row("refill without an allocation", "POST", p + "/refill", c, null, 409, "NO_ALLOCATION"),
                row("refill, id not a UUID", "POST", "/api/v1/admin/users/not-a-uuid/allocation/refill", c, null, 404,
                        "NOT_FOUND"),
                row("refill, id unknown UUID", "POST", "/api/v1/admin/users/" + UUID.randomUUID() + "/allocation/refill",
                        c, null, 404, "NOT_FOUND"),
                row("refill, USER caller", "POST", p + "/refill", Caller.VICTIM, null, 403, "FORBIDDEN"),
                row("DELETE, id unknown UUID", "DELETE", "/api/v1/admin/users/" + UUID.randomUUID() + "/allocation", c,
                        null, 404, "NOT_FOUND"),
                row("DELETE, USER caller", "DELETE", p, Caller.VICTIM, null, 403, "FORBIDDEN")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("allocationCases")
    void allocationWhenInputIsHostileThenRefusedAndNothingGivenOrRefilled(Hostile hostile) {
        attack(hostile);
    }

    // ---------------------------------------------------------------- pools

    /** The rules of a pool's fields, shared by its creation and its change. */
    static Stream<Hostile> poolFieldRows(String method, String path, String name) {
        Caller c = Caller.ADMIN;
        return Stream.of(
                invalid("gpus 0", method, path, c, pool(name, "\"gpus\":0"), "gpus"),
                invalid("gpus -1", method, path, c, pool(name, "\"gpus\":-1"), "gpus"),
                invalid("gpus 100001", method, path, c, pool(name, "\"gpus\":100001"), "gpus"),
                malformed("gpus 1.5", method, path, c, pool(name, "\"gpus\":1.5")),
                malformed("gpus \"8\"", method, path, c, pool(name, "\"gpus\":\"8\"")),
                malformed("gpus 1e12", method, path, c, pool(name, "\"gpus\":1000000000000")),
                invalid("weight 0", method, path, c, pool(name, "\"weight\":0"), "weight"),
                invalid("weight -1", method, path, c, pool(name, "\"weight\":-1"), "weight"),
                invalid("weight 2.505", method, path, c, pool(name, "\"weight\":2.505"), "weight"),
                invalid("weight 0.001", method, path, c, pool(name, "\"weight\":0.001"), "weight"),
                invalid("weight 100.01", method, path, c, pool(name, "\"weight\":100.01"), "weight"),
                invalid("weight 1E+400", method, path, c, pool(name, "\"weight\":1E+400"), "weight"),
                malformed("weight \"2\"", method, path, c, pool(name, "\"weight\":\"2\"")),
                malformed("weight NaN", method, path, c, pool(name, "\"weight\":NaN")),
                malformed("weight true", method, path, c, pool(name, "\"weight\":true")),
                invalid("autoApproveHours -1", method, path, c, pool(name, "\"autoApproveHours\":-1"),
                        "autoApproveHours"),
                invalid("autoApproveHours 0.001", method, path, c, pool(name, "\"autoApproveHours\":0.001"),
                        "autoApproveHours"),
                invalid("autoApproveHours 100000.01", method, path, c, pool(name, "\"autoApproveHours\":100000.01"),
                        "autoApproveHours"),
                malformed("autoApproveHours \"1\"", method, path, c, pool(name, "\"autoApproveHours\":\"1\"")),
                invalid("description 2001 chars", method, path, c, pool(name, "\"description\":" + quoted(2001)),
                        "description"),
                invalid("description with a NUL", method, path, c, pool(name, "\"description\":\"a\\u0000b\""),
                        "description"),
                malformed("description a number", method, path, c, pool(name, "\"description\":5")),
                row("USER caller", method, path, Caller.VICTIM, pool(name, "\"gpus\":1"), 403, "FORBIDDEN"),
                row("no token", method, path, Caller.NONE, pool(name, "\"gpus\":1"), 401, "UNAUTHENTICATED"));
    }

    static String pool(String name, String fields) {
        return name == null ? "{" + fields + "}" : "{\"name\":\"" + name + "\"," + fields + "}";
    }

    static Stream<Hostile> createPoolCases() {
        String p = "/api/v1/admin/pools";
        String post = "POST";
        Caller c = Caller.ADMIN;
        return Stream.of(transport(post, p, c, "{\"name\":\"{newpool}\"}"), poolFieldRows(post, p, "{newpool}"),
                Stream.of(
                        invalid("name missing", post, p, c, "{\"gpus\":1}", "name"),
                        invalid("name null", post, p, c, "{\"name\":null}", "name"),
                        invalid("name empty", post, p, c, "{\"name\":\"\"}", "name"),
                        invalid("name 1 char", post, p, c, "{\"name\":\"a\"}", "name"),
                        invalid("name 33 chars", post, p, c, "{\"name\":" + quoted(33) + "}", "name"),
                        invalid("name with spaces", post, p, c, "{\"name\":\"my pool\"}", "name"),
                        invalid("name starting with -", post, p, c, "{\"name\":\"-a100\"}", "name"),
                        invalid("name with a dot", post, p, c, "{\"name\":\"a.100\"}", "name"),
                        invalid("name with a NUL", post, p, c, "{\"name\":\"a\\u0000b\"}", "name"),
                        invalid("name with a Kelvin sign", post, p, c, "{\"name\":\"\u212Aa\"}", "name"),
                        invalid("name with an umlaut", post, p, c, "{\"name\":\"gr\u00fcn\"}", "name"),
                        malformed("name a number", post, p, c, "{\"name\":100}"),
                        row("name default (upper case)", post, p, c, "{\"name\":\"DEFAULT\"}", 409, "POOL_NAME_TAKEN"),
                        row("an existing name in upper case", post, p, c, "{\"name\":\"{SMALLPOOL}\"}", 409,
                                "POOL_NAME_TAKEN"))).flatMap(rows -> rows);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("createPoolCases")
    void createPoolWhenInputIsHostileThenRefusedAndNoPoolCreated(Hostile hostile) {
        long before = poolCount();
        attack(hostile);
        assertThat(poolCount()).isEqualTo(before);
    }

    static Stream<Hostile> updatePoolCases() {
        String p = "/api/v1/admin/pools/{smallpool}";
        String patch = "PATCH";
        Caller c = Caller.ADMIN;
        return Stream.of(transport(patch, p, c, "{\"gpus\":4}"), poolFieldRows(patch, p, null), Stream.of(
                invalid("weight null", patch, p, c, "{\"weight\":null}", "weight"),
                invalid("enabled null", patch, p, c, "{\"enabled\":null}", "enabled"),
                malformed("enabled \"false\"", patch, p, c, "{\"enabled\":\"false\"}"),
                malformed("enabled 0", patch, p, c, "{\"enabled\":0}"),
                invalid("a new name", patch, p, c, "{\"name\":\"renamed\"}", "name"),
                invalid("a valid field and a broken one", patch, p, c, "{\"description\":\"ok\",\"gpus\":0}", "gpus"),
                row("unknown pool", patch, "/api/v1/admin/pools/no-such-pool", c, "{\"gpus\":1}", 404, "NOT_FOUND"),
                row("not a pool name", patch, "/api/v1/admin/pools/a%20b", c, "{\"gpus\":1}", 404, "NOT_FOUND")))
            .flatMap(rows -> rows);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("updatePoolCases")
    void updatePoolWhenInputIsHostileThenRefusedAndPoolUnchanged(Hostile hostile) {
        JsonNode before = http.get("/api/v1/pools/" + smallPool, adminToken).json();
        attack(hostile);
        assertThat(http.get("/api/v1/pools/" + smallPool, adminToken).json()).isEqualTo(before);
    }

    static Stream<Hostile> poolReadCases() {
        Caller c = Caller.VICTIM;
        return Stream.of(
                invalid("pools size 0", "GET", "/api/v1/pools?size=0", c, null, "size"),
                invalid("pools size 101", "GET", "/api/v1/pools?size=101", c, null, "size"),
                invalid("pools page -1", "GET", "/api/v1/pools?page=-1", c, null, "page"),
                invalid("pools page abc", "GET", "/api/v1/pools?page=abc", c, null, "page"),
                row("pool unknown", "GET", "/api/v1/pools/no-such-pool", c, null, 404, "NOT_FOUND"),
                row("pool name with a space", "GET", "/api/v1/pools/a%20b", c, null, 404, "NOT_FOUND"),
                row("pool name of 200 chars", "GET", "/api/v1/pools/" + chars(200), c, null, 404, "NOT_FOUND"),
                row("pools without a token", "GET", "/api/v1/pools", Caller.NONE, null, 401, "UNAUTHENTICATED"),
                invalid("jobs ?pool= unknown", "GET", "/api/v1/jobs?pool=no-such-pool", c, null, "pool"),
                invalid("jobs ?pool= empty", "GET", "/api/v1/jobs?pool=", c, null, "pool"),
                invalid("jobs ?pool= with a space", "GET", "/api/v1/jobs?pool=a%20b", c, null, "pool"),
                invalid("jobs ?pool= with a NUL", "GET", "/api/v1/jobs?pool=a%00b", c, null, "pool"),
                invalid("jobs ?project= unknown", "GET", "/api/v1/jobs?project=no-such-project", c, null, "project"),
                invalid("jobs ?project= empty", "GET", "/api/v1/jobs?project=", c, null, "project"),
                invalid("jobs ?project= 33 chars", "GET", "/api/v1/jobs?project=" + chars(33), c, null, "project"),
                invalid("jobs ?project= with a NUL", "GET", "/api/v1/jobs?project=a%00b", c, null, "project"),
                invalid("jobs ?project= with a space", "GET", "/api/v1/jobs?project=a%20b", c, null, "project"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("poolReadCases")
    void readPoolsWhenParametersAreHostileThenRefused(Hostile hostile) {
        attack(hostile);
    }

    // ---------------------------------------------------------------- projects

    static String project(String fields) {
        return "{\"name\":\"{newproject}\"," + fields + "}";
    }

    static Stream<Hostile> createProjectCases() {
        String p = "/api/v1/admin/projects";
        String post = "POST";
        Caller c = Caller.ADMIN;
        return Stream.of(transport(post, p, c, "{\"name\":\"{newproject}\"}"), Stream.of(
                invalid("name missing", post, p, c, "{\"initialHours\":1}", "name"),
                invalid("name null", post, p, c, "{\"name\":null}", "name"),
                invalid("name empty", post, p, c, "{\"name\":\"\"}", "name"),
                invalid("name 1 char", post, p, c, "{\"name\":\"a\"}", "name"),
                invalid("name 33 chars", post, p, c, "{\"name\":" + quoted(33) + "}", "name"),
                invalid("name with a space", post, p, c, "{\"name\":\"vision lab\"}", "name"),
                invalid("name starting with _", post, p, c, "{\"name\":\"_lab\"}", "name"),
                invalid("name with a dot", post, p, c, "{\"name\":\"vision.lab\"}", "name"),
                invalid("name with a NUL", post, p, c, "{\"name\":\"a\\u0000b\"}", "name"),
                invalid("name with a Kelvin sign", post, p, c, "{\"name\":\"\u212Alab\"}", "name"),
                invalid("name with a dotless i", post, p, c, "{\"name\":\"v\u0131sion\"}", "name"),
                malformed("name a number", post, p, c, "{\"name\":42}"),
                malformed("name an array", post, p, c, "{\"name\":[\"lab\"]}"),
                row("an existing name in upper case", post, p, c, "{\"name\":\"{PROJECT}\"}", 409,
                        "PROJECT_NAME_TAKEN"),
                row("an existing name with initial hours", post, p, c, "{\"name\":\"{project}\",\"initialHours\":5}",
                        409, "PROJECT_NAME_TAKEN"),
                invalid("initialHours -1", post, p, c, project("\"initialHours\":-1"), "initialHours"),
                invalid("initialHours -0.01", post, p, c, project("\"initialHours\":-0.01"), "initialHours"),
                invalid("initialHours 2.505", post, p, c, project("\"initialHours\":2.505"), "initialHours"),
                invalid("initialHours 100000.01", post, p, c, project("\"initialHours\":100000.01"), "initialHours"),
                invalid("initialHours 1E+400", post, p, c, project("\"initialHours\":1E+400"), "initialHours"),
                malformed("initialHours \"5\"", post, p, c, project("\"initialHours\":\"5\"")),
                malformed("initialHours true", post, p, c, project("\"initialHours\":true")),
                malformed("initialHours NaN", post, p, c, project("\"initialHours\":NaN")),
                invalid("description 2001 chars", post, p, c, project("\"description\":" + quoted(2001)),
                        "description"),
                invalid("description 2001 emoji", post, p, c, project("\"description\":\"" + EMOJI.repeat(2001) + "\""),
                        "description"),
                malformed("description a number", post, p, c, project("\"description\":5")),
                invalid("name and initialHours both broken", post, p, c, "{\"name\":\"a\",\"initialHours\":-1}", "name",
                        "initialHours"),
                row("USER caller", post, p, Caller.VICTIM, project("\"initialHours\":1"), 403, "FORBIDDEN"),
                row("no token", post, p, Caller.NONE, project("\"initialHours\":1"), 401, "UNAUTHENTICATED")),
                unstorable("description", post, p, c, project("\"description\":\"{text}\""), "description"),
                invalidUtf8(post, p, c, project("\"description\":\"{text}\"")))
            .flatMap(rows -> rows);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("createProjectCases")
    void createProjectWhenInputIsHostileThenRefusedAndNoProjectCreated(Hostile hostile) {
        long before = projectCount();
        attack(hostile);
        assertThat(projectCount()).isEqualTo(before);
    }

    static Stream<Hostile> updateProjectCases() {
        String p = "/api/v1/admin/projects/{projectid}";
        String patch = "PATCH";
        Caller c = Caller.ADMIN;
        return Stream.of(transport(patch, p, c, "{\"enabled\":false}"), Stream.of(
                invalid("enabled null", patch, p, c, "{\"enabled\":null}", "enabled"),
                malformed("enabled \"false\"", patch, p, c, "{\"enabled\":\"false\"}"),
                malformed("enabled 0", patch, p, c, "{\"enabled\":0}"),
                invalid("lowBalanceHours -1", patch, p, c, "{\"lowBalanceHours\":-1}", "lowBalanceHours"),
                invalid("lowBalanceHours 2.505", patch, p, c, "{\"lowBalanceHours\":2.505}", "lowBalanceHours"),
                invalid("lowBalanceHours 100000.01", patch, p, c, "{\"lowBalanceHours\":100000.01}", "lowBalanceHours"),
                invalid("lowBalanceHours 1E+400", patch, p, c, "{\"lowBalanceHours\":1E+400}", "lowBalanceHours"),
                malformed("lowBalanceHours \"1\"", patch, p, c, "{\"lowBalanceHours\":\"1\"}"),
                malformed("lowBalanceHours true", patch, p, c, "{\"lowBalanceHours\":true}"),
                invalid("description 2001 chars", patch, p, c, "{\"description\":" + quoted(2001) + "}", "description"),
                malformed("description a number", patch, p, c, "{\"description\":5}"),
                invalid("a new name", patch, p, c, "{\"name\":\"renamed\"}", "name"),
                invalid("a valid field and a broken one", patch, p, c,
                        "{\"description\":\"changed\",\"enabled\":false,\"lowBalanceHours\":-1}", "lowBalanceHours"),
                row("unknown project", patch, "/api/v1/admin/projects/" + UUID.randomUUID(), c, "{\"enabled\":false}",
                        404, "NOT_FOUND"),
                row("not a project id", patch, "/api/v1/admin/projects/vision-lab", c, "{\"enabled\":false}", 404,
                        "NOT_FOUND"),
                row("a user's id", patch, "/api/v1/admin/projects/{user}", c, "{\"enabled\":false}", 404, "NOT_FOUND"),
                row("USER caller", patch, p, Caller.VICTIM, "{\"enabled\":false}", 403, "FORBIDDEN"),
                row("project member", patch, p, Caller.MEMBER, "{\"enabled\":false}", 403, "FORBIDDEN"),
                row("no token", patch, p, Caller.NONE, "{\"enabled\":false}", 401, "UNAUTHENTICATED")),
                unstorable("description", patch, p, c, "{\"description\":\"{text}\"}", "description"),
                invalidUtf8(patch, p, c, "{\"description\":\"{text}\"}"))
            .flatMap(rows -> rows);
    }

    static Stream<Hostile> adjustProjectCases() {
        String p = "/api/v1/admin/projects/{projectid}/quota-adjustments";
        String post = "POST";
        Caller c = Caller.ADMIN;
        return Stream.concat(transport(post, p, c, delta("5")), Stream.of(
                malformed("deltaHours \"5\"", post, p, c, delta("\"5\"")),
                malformed("deltaHours true", post, p, c, delta("true")),
                malformed("deltaHours NaN", post, p, c, delta("NaN")),
                invalid("deltaHours null", post, p, c, delta("null"), "deltaHours"),
                invalid("deltaHours missing", post, p, c, "{\"note\":\"x\"}", "deltaHours"),
                invalid("deltaHours 0", post, p, c, delta("0"), "deltaHours"),
                invalid("deltaHours 100000.01", post, p, c, delta("100000.01"), "deltaHours"),
                invalid("deltaHours 2.505", post, p, c, delta("2.505"), "deltaHours"),
                invalid("note 501 chars", post, p, c, "{\"deltaHours\":5,\"note\":" + quoted(501) + "}", "note"),
                invalid("note with a NUL", post, p, c, "{\"deltaHours\":5,\"note\":\"a\\u0000b\"}", "note"),
                row("deltaHours -100000 (below 0)", post, p, c, delta("-100000"), 400, "INSUFFICIENT_QUOTA"),
                row("unknown project", post, "/api/v1/admin/projects/" + UUID.randomUUID() + "/quota-adjustments", c,
                        delta("5"), 404, "NOT_FOUND"),
                row("a user's id", post, "/api/v1/admin/projects/{user}/quota-adjustments", c, delta("5"), 404,
                        "NOT_FOUND"),
                row("USER caller", post, p, Caller.VICTIM, delta("5"), 403, "FORBIDDEN"),
                row("project member", post, p, Caller.MEMBER, delta("5"), 403, "FORBIDDEN")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource({ "updateProjectCases", "adjustProjectCases" })
    void changeProjectWhenInputIsHostileThenRefusedAndProjectUnchanged(Hostile hostile) {
        JsonNode before = http.get("/api/v1/projects/" + projectFixture().id(), adminToken).json();
        long ledgerBefore = http.get("/api/v1/projects/" + projectFixture().id() + "/ledger?size=1", adminToken).json()
            .get("page").get("totalElements").asLong();
        attack(hostile);
        assertThat(http.get("/api/v1/projects/" + projectFixture().id(), adminToken).json()).isEqualTo(before);
        assertThat(http.get("/api/v1/projects/" + projectFixture().id() + "/ledger?size=1", adminToken).json()
            .get("page").get("totalElements").asLong()).isEqualTo(ledgerBefore);
    }

    static String member(String fields) {
        return "{\"role\":\"MEMBER\"" + (fields.isEmpty() ? "" : "," + fields) + "}";
    }

    static Stream<Hostile> memberCases() {
        String p = "/api/v1/projects/{projectid}/members/{victim}";
        String put = "PUT";
        Caller c = Caller.ADMIN;
        return Stream.concat(transport(put, p, c, member("")), Stream.of(
                invalid("role missing", put, p, c, "{\"capHours\":1}", "role"),
                invalid("role null", put, p, c, "{\"role\":null}", "role"),
                invalid("role empty", put, p, c, "{\"role\":\"\"}", "role"),
                invalid("role ADMIN", put, p, c, "{\"role\":\"ADMIN\"}", "role"),
                invalid("role OWNER", put, p, c, "{\"role\":\"OWNER\"}", "role"),
                invalid("role member (lower case)", put, p, c, "{\"role\":\"member\"}", "role"),
                invalid("role with a NUL", put, p, c, "{\"role\":\"MEMBER\\u0000\"}", "role"),
                malformed("role a number", put, p, c, "{\"role\":1}"),
                malformed("role an array", put, p, c, "{\"role\":[\"MEMBER\"]}"),
                invalid("capHours -1", put, p, c, member("\"capHours\":-1"), "capHours"),
                invalid("capHours -0.01", put, p, c, member("\"capHours\":-0.01"), "capHours"),
                invalid("capHours 2.505", put, p, c, member("\"capHours\":2.505"), "capHours"),
                invalid("capHours 100000.01", put, p, c, member("\"capHours\":100000.01"), "capHours"),
                invalid("capHours 1E+400", put, p, c, member("\"capHours\":1E+400"), "capHours"),
                malformed("capHours \"2\"", put, p, c, member("\"capHours\":\"2\"")),
                malformed("capHours true", put, p, c, member("\"capHours\":true")),
                malformed("capHours NaN", put, p, c, member("\"capHours\":NaN")),
                invalid("role and capHours both broken", put, p, c, "{\"role\":\"BOSS\",\"capHours\":-1}", "role",
                        "capHours"),
                row("unknown user", put, "/api/v1/projects/{projectid}/members/{name}", c, member(""), 404,
                        "NOT_FOUND"),
                row("username with a space", put, "/api/v1/projects/{projectid}/members/a%20b", c, member(""), 404,
                        "NOT_FOUND"),
                row("username of 200 chars", put, "/api/v1/projects/{projectid}/members/" + chars(200), c, member(""),
                        404, "NOT_FOUND"),
                row("username with a NUL", put, "/api/v1/projects/{projectid}/members/a%00b", c, member(""), 400,
                        "MALFORMED_REQUEST"),
                row("unknown project", put, "/api/v1/projects/" + UUID.randomUUID() + "/members/{victim}", c, member(""),
                        404, "NOT_FOUND"),
                row("not a project id", put, "/api/v1/projects/vision-lab/members/{victim}", c, member(""), 404,
                        "NOT_FOUND"),
                row("a plain member adds a user", put, p, Caller.MEMBER, member(""), 403, "FORBIDDEN"),
                row("a plain member caps another", put, "/api/v1/projects/{projectid}/members/{projectadmin}",
                        Caller.MEMBER, member("\"capHours\":0"), 403, "FORBIDDEN"),
                row("a non-member adds themselves", put, p, Caller.VICTIM, member(""), 404, "NOT_FOUND"),
                row("no token", put, p, Caller.NONE, member(""), 401, "UNAUTHENTICATED"),
                row("a plain member removes another", "DELETE", "/api/v1/projects/{projectid}/members/{projectmember}",
                        Caller.MEMBER, null, 403, "FORBIDDEN"),
                row("remove a user who is no member", "DELETE", p, c, null, 404, "NOT_FOUND"),
                row("remove an unknown user", "DELETE", "/api/v1/projects/{projectid}/members/{name}", c, null, 404,
                        "NOT_FOUND"),
                row("a non-member removes a member", "DELETE", "/api/v1/projects/{projectid}/members/{projectmember}",
                        Caller.VICTIM, null, 404, "NOT_FOUND")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("memberCases")
    void manageMembersWhenInputIsHostileThenRefusedAndMembersUnchanged(Hostile hostile) {
        JsonNode before = http.get("/api/v1/projects/" + projectFixture().id() + "/members?size=100", adminToken).json();
        attack(hostile);
        assertThat(http.get("/api/v1/projects/" + projectFixture().id() + "/members?size=100", adminToken).json())
            .isEqualTo(before);
    }

    static Stream<Hostile> projectReadCases() {
        Caller c = Caller.VICTIM;
        String p = "/api/v1/projects/{projectid}";
        return Stream.of(
                row("a non-member reads a project", "GET", p, c, null, 404, "NOT_FOUND"),
                row("a non-member reads its members", "GET", p + "/members", c, null, 404, "NOT_FOUND"),
                row("a non-member reads its ledger", "GET", p + "/ledger", c, null, 404, "NOT_FOUND"),
                row("project id not a UUID", "GET", "/api/v1/projects/vision-lab", Caller.ADMIN, null, 404, "NOT_FOUND"),
                row("project id unknown", "GET", "/api/v1/projects/" + UUID.randomUUID(), Caller.ADMIN, null, 404,
                        "NOT_FOUND"),
                row("a user's id as a project", "GET", "/api/v1/projects/{user}", Caller.ADMIN, null, 404, "NOT_FOUND"),
                row("a user's id as a project ledger", "GET", "/api/v1/projects/{user}/ledger", Caller.ADMIN, null, 404,
                        "NOT_FOUND"),
                row("projects without a token", "GET", "/api/v1/projects", Caller.NONE, null, 401, "UNAUTHENTICATED"),
                invalid("projects size 0", "GET", "/api/v1/projects?size=0", c, null, "size"),
                invalid("projects size 101", "GET", "/api/v1/projects?size=101", c, null, "size"),
                invalid("projects page -1", "GET", "/api/v1/projects?page=-1", c, null, "page"),
                invalid("projects page 21474837, size 100", "GET", "/api/v1/projects?page=21474837&size=100", c, null,
                        "page"),
                invalid("members size 101", "GET", p + "/members?size=101", Caller.MEMBER, null, "size"),
                invalid("members page 2147483648", "GET", p + "/members?page=2147483648", Caller.MEMBER, null, "page"),
                invalid("ledger size 0", "GET", p + "/ledger?size=0", Caller.MEMBER, null, "size"),
                invalid("ledger page -1", "GET", p + "/ledger?page=-1", Caller.MEMBER, null, "page"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("projectReadCases")
    void readProjectsWhenParametersAreHostileThenRefused(Hostile hostile) {
        attack(hostile);
    }

    // ---------------------------------------------------------------- ledgers

    static Stream<Hostile> ledgerCases() {
        String p = "/api/v1/admin/users/{user}/ledger";
        Caller c = Caller.ADMIN;
        return Stream.of(
                row("id not a UUID", "GET", "/api/v1/admin/users/not-a-uuid/ledger", c, null, 404, "NOT_FOUND"),
                row("id unknown UUID", "GET", "/api/v1/admin/users/" + UUID.randomUUID() + "/ledger", c, null, 404,
                        "NOT_FOUND"),
                invalid("page -1", "GET", p + "?page=-1", c, null, "page"),
                invalid("page abc", "GET", p + "?page=abc", c, null, "page"),
                invalid("size 0", "GET", p + "?size=0", c, null, "size"),
                invalid("size 101", "GET", p + "?size=101", c, null, "size"),
                invalid("size 1e3", "GET", p + "?size=1e3", c, null, "size"),
                invalid("size 99999999999", "GET", p + "?size=99999999999", c, null, "size"),
                row("USER caller", "GET", p, Caller.VICTIM, null, 403, "FORBIDDEN"),
                invalid("own ledger size 0", "GET", "/api/v1/users/me/ledger?size=0", Caller.VICTIM, null, "size"),
                invalid("own ledger page -1", "GET", "/api/v1/users/me/ledger?page=-1", Caller.VICTIM, null, "page"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource({ "ledgerCases", "listParameterCases" })
    void ledgerWhenParametersAreHostileThenRefused(Hostile hostile) {
        attack(hostile);
    }

    // ---------------------------------------------------------------- admin creates a user

    static Stream<Hostile> createUserCases() {
        String p = "/api/v1/admin/users";
        String post = "POST";
        Caller c = Caller.ADMIN;
        String pw = "\"password\":\"" + PW + "\"";
        return Stream.concat(transport(post, p, c, "{\"username\":\"{name}\"," + pw + "}"), Stream.of(
                invalid("username null", post, p, c, "{\"username\":null," + pw + "}", "username"),
                invalid("username 2 chars", post, p, c, "{\"username\":\"ab\"," + pw + "}", "username"),
                invalid("username system", post, p, c, "{\"username\":\"system\"," + pw + "}", "username"),
                invalid("username SyStEm", post, p, c, "{\"username\":\"SyStEm\"," + pw + "}", "username"),
                invalid("password 7 chars", post, p, c, "{\"username\":\"{name}\",\"password\":\"1234567\"}",
                        "password"),
                invalid("role ROOT", post, p, c, "{\"username\":\"{name}\"," + pw + ",\"role\":\"ROOT\"}", "role"),
                invalid("role admin (lower case)", post, p, c,
                        "{\"username\":\"{name}\"," + pw + ",\"role\":\"admin\"}", "role"),
                malformed("role is a number", post, p, c, "{\"username\":\"{name}\"," + pw + ",\"role\":1}"),
                invalid("initialHours -1", post, p, c, "{\"username\":\"{name}\"," + pw + ",\"initialHours\":-1}",
                        "initialHours"),
                invalid("initialHours 2.505", post, p, c,
                        "{\"username\":\"{name}\"," + pw + ",\"initialHours\":2.505}", "initialHours"),
                invalid("initialHours 100000.01", post, p, c,
                        "{\"username\":\"{name}\"," + pw + ",\"initialHours\":100000.01}", "initialHours"),
                malformed("initialHours a string", post, p, c,
                        "{\"username\":\"{name}\"," + pw + ",\"initialHours\":\"5\"}"),
                malformed("initialHours true", post, p, c,
                        "{\"username\":\"{name}\"," + pw + ",\"initialHours\":true}"),
                row("username taken (the victim's, upper case)", post, p, c,
                        "{\"username\":\"{VICTIM}\"," + pw + "}", 409, "USERNAME_TAKEN"),
                row("USER caller", post, p, Caller.VICTIM, "{\"username\":\"{name}\"," + pw + "}", 403, "FORBIDDEN")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("createUserCases")
    void createUserWhenInputIsHostileThenRefusedAndNoAccountCreated(Hostile hostile) {
        attack(hostile);
    }

    @Test
    void registerAndLoginWhenForwardedForIsMalformedOrHasManyHopsThenServedAsThePeerOnEveryEndpoint() {
        StringBuilder manyHops = new StringBuilder();
        for (int i = 0; i < 300; i++) {
            manyHops.append("198.51.100.").append(i % 250).append(", ");
        }
        manyHops.append("203.0.113.1");
        for (String header : new String[] { "not an address", "198.51.100.1,,", "[::1]:80", manyHops.toString() }) {
            String name = TestHttp.uniqueName("xff");
            Response registered = http.post("/api/v1/auth/register", null, Map.of("username", name, "password", PW),
                    Map.of("X-Forwarded-For", header));
            assertThat(registered.status()).as(registered.body()).isEqualTo(201);
            Response login = http.post("/api/v1/auth/login", null, Map.of("username", name, "password", PW),
                    Map.of("X-Forwarded-For", header));
            assertThat(login.status()).as(login.body()).isEqualTo(200);
            Response token = http.send("POST", "/api/v1/auth/token", null,
                    "grant_type=password&username=" + name + "&password=" + PW.replace(' ', '+'),
                    "application/x-www-form-urlencoded", Map.of("X-Forwarded-For", header));
            assertThat(token.status()).as(token.body()).isEqualTo(200);
        }
    }

    // ---------------------------------------------------------------- personal access tokens

    static Stream<Hostile> personalTokenCases() {
        String p = "/api/v1/users/me/tokens";
        String post = "POST";
        Caller c = Caller.VICTIM;
        return Stream.concat(transport(post, p, c, "{\"name\":\"ci\"}"), Stream.of(
                invalid("name empty", post, p, c, "{\"name\":\"\"}", "name"),
                invalid("name blanks only", post, p, c, "{\"name\":\"   \"}", "name"),
                invalid("name 101 chars", post, p, c, "{\"name\":" + quoted(101) + "}", "name"),
                invalid("name null", post, p, c, "{\"name\":null}", "name"),
                invalid("name missing", post, p, c, "{\"expiresInDays\":30}", "name"),
                invalid("name with NUL", post, p, c, "{\"name\":\"ci\\u0000x\"}", "name"),
                malformed("name is a number", post, p, c, "{\"name\":42}"),
                malformed("name is an array", post, p, c, "{\"name\":[\"ci\"]}"),
                invalid("expiresInDays 0", post, p, c, "{\"name\":\"ci\",\"expiresInDays\":0}", "expiresInDays"),
                invalid("expiresInDays 366", post, p, c, "{\"name\":\"ci\",\"expiresInDays\":366}", "expiresInDays"),
                invalid("expiresInDays -1", post, p, c, "{\"name\":\"ci\",\"expiresInDays\":-1}", "expiresInDays"),
                malformed("expiresInDays a string", post, p, c, "{\"name\":\"ci\",\"expiresInDays\":\"90\"}"),
                malformed("expiresInDays 1.5", post, p, c, "{\"name\":\"ci\",\"expiresInDays\":1.5}"),
                malformed("expiresInDays 2^31", post, p, c, "{\"name\":\"ci\",\"expiresInDays\":2147483648}"),
                malformed("expiresInDays 1e400", post, p, c, "{\"name\":\"ci\",\"expiresInDays\":1e400}"),
                malformed("expiresInDays true", post, p, c, "{\"name\":\"ci\",\"expiresInDays\":true}"),
                malformed("admin \"true\"", post, p, c, "{\"name\":\"ci\",\"admin\":\"true\"}"),
                malformed("admin 1", post, p, c, "{\"name\":\"ci\",\"admin\":1}"),
                invalid("admin true by a USER", post, p, c, "{\"name\":\"ci\",\"admin\":true}", "admin"),
                row("delete, id not a UUID", "DELETE", p + "/not-a-uuid", c, null, 404, "NOT_FOUND"),
                row("delete, id unknown", "DELETE", p + "/" + UUID.randomUUID(), c, null, 404, "NOT_FOUND"),
                invalid("list size 0", "GET", p + "?size=0", c, null, "size"),
                invalid("list page -1", "GET", p + "?page=-1", c, null, "page"),
                row("admin list, id not a UUID", "GET", "/api/v1/admin/users/not-a-uuid/tokens", Caller.ADMIN, null,
                        404, "NOT_FOUND"),
                row("admin list, id unknown", "GET", "/api/v1/admin/users/" + UUID.randomUUID() + "/tokens",
                        Caller.ADMIN, null, 404, "NOT_FOUND"),
                invalid("admin list size 101", "GET", "/api/v1/admin/users/{user}/tokens?size=101", Caller.ADMIN, null,
                        "size"),
                row("admin delete, token id not a UUID", "DELETE", "/api/v1/admin/users/{user}/tokens/x", Caller.ADMIN,
                        null, 404, "NOT_FOUND"),
                row("admin list by a USER", "GET", "/api/v1/admin/users/{user}/tokens", c, null, 403, "FORBIDDEN")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("personalTokenCases")
    void personalTokenWhenInputIsHostileThenRefusedAndNoTokenCreated(Hostile hostile) {
        attack(hostile);
    }

    @Test
    void personalTokenWhenTwentyAreLiveThenTheTwentyFirstIsTooManyTokens() {
        for (int i = 0; i < 20; i++) {
            Response created = http.post("/api/v1/users/me/tokens", victimToken, Map.of("name", "t" + i));
            assertThat(created.status()).as(created.body()).isEqualTo(201);
        }

        Response refused = attack(row("a 21st token", "POST", "/api/v1/users/me/tokens", Caller.VICTIM,
                "{\"name\":\"one too many\"}", 409, "TOO_MANY_TOKENS"));

        assertThat(refused.body()).doesNotContain("gaasp_");
    }

    // ---------------------------------------------------------------- top-up requests

    static String topUp(String hours) {
        return "{\"hours\":" + hours + ",\"justification\":\"more please\"}";
    }

    static String topUpFor(String project) {
        return "{\"hours\":5,\"justification\":\"more please\",\"project\":" + project + "}";
    }

    static Stream<Hostile> openRequestCases() {
        String p = "/api/v1/quota-requests";
        String post = "POST";
        Caller c = Caller.VICTIM;
        return Stream.of(transport(post, p, c, topUp("5")), Stream.of(
                malformed("hours \"5\"", post, p, c, topUp("\"5\"")),
                malformed("hours \"x\"", post, p, c, topUp("\"x\"")),
                malformed("hours true", post, p, c, topUp("true")),
                malformed("hours [5]", post, p, c, topUp("[5]")),
                malformed("hours {}", post, p, c, topUp("{\"v\":5}")),
                malformed("hours NaN", post, p, c, topUp("NaN")),
                malformed("hours Infinity", post, p, c, topUp("Infinity")),
                malformed("hours -1E+2147483648", post, p, c, topUp("-1E+2147483648")),
                malformed("justification is a number", post, p, c, "{\"hours\":5,\"justification\":5}"),
                malformed("justification is an array", post, p, c, "{\"hours\":5,\"justification\":[\"x\"]}"),
                malformed("project is a number", post, p, c, topUpFor("5")),
                malformed("project is a boolean", post, p, c, topUpFor("true")),
                malformed("project is an array", post, p, c, topUpFor("[\"lab\"]")),
                malformed("project is an object", post, p, c, topUpFor("{\"name\":\"lab\"}")),
                invalid("hours null", post, p, c, topUp("null"), "hours"),
                invalid("hours missing", post, p, c, "{\"justification\":\"x\"}", "hours"),
                invalid("hours 0", post, p, c, topUp("0"), "hours"),
                invalid("hours -1", post, p, c, topUp("-1"), "hours"),
                invalid("hours -0.01", post, p, c, topUp("-0.01"), "hours"),
                invalid("hours 2.505", post, p, c, topUp("2.505"), "hours"),
                invalid("hours 0.001", post, p, c, topUp("0.001"), "hours"),
                invalid("hours 100001", post, p, c, topUp("100001"), "hours"),
                invalid("hours 100000.01", post, p, c, topUp("100000.01"), "hours"),
                invalid("hours 1E+400", post, p, c, topUp("1E+400"), "hours"),
                invalid("hours 1E-400", post, p, c, topUp("1E-400"), "hours"),
                invalid("hours 1E+2147483647", post, p, c, topUp("1E+2147483647"), "hours"),
                invalid("justification empty", post, p, c, "{\"hours\":5,\"justification\":\"\"}", "justification"),
                invalid("justification null", post, p, c, "{\"hours\":5,\"justification\":null}", "justification"),
                invalid("justification missing", post, p, c, "{\"hours\":5}", "justification"),
                invalid("justification 2001 chars", post, p, c, "{\"hours\":5,\"justification\":" + quoted(2001) + "}",
                        "justification"),
                invalid("justification 2001 emoji", post, p, c,
                        "{\"hours\":5,\"justification\":\"" + EMOJI.repeat(2001) + "\"}", "justification"),
                invalid("hours and justification both broken", post, p, c, "{\"hours\":0,\"justification\":\"\"}",
                        "hours", "justification"),
                invalid("project unknown", post, p, c, topUpFor("\"no-such-project\""),
                        "project"),
                invalid("project one character", post, p, c, topUpFor("\"x\""), "project"),
                invalid("project 33 characters", post, p, c, topUpFor(quoted(33)), "project"),
                invalid("project empty", post, p, c, topUpFor("\"\""), "project"),
                invalid("project with NUL", post, p, c, topUpFor("\"lab\\u0000x\""), "project"),
                invalid("project of emoji", post, p, c, topUpFor("\"" + EMOJI.repeat(4) + "\""), "project"),
                invalid("project 5000 characters", post, p, c, topUpFor(quoted(5000)), "project")),
                unstorable("justification", post, p, c, "{\"hours\":5,\"justification\":\"{text}\"}", "justification"),
                unstorable("project", post, p, c, topUpFor("\"{text}\""), "project"),
                invalidUtf8(post, p, c, "{\"hours\":5,\"justification\":\"{text}\"}"))
            .flatMap(rows -> rows);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("openRequestCases")
    void openRequestWhenInputIsHostileThenRefusedAndNoRequestOpened(Hostile hostile) {
        attack(hostile);
        assertThat(requestCount()).as("requests of the victim").isZero();
    }

    static String decision(String fields) {
        return "{\"approve\":true," + fields + "}";
    }

    /** {request} is an OPEN request of the victim for 5 hours, made for the row. */
    static Stream<Hostile> decideRequestCases() {
        String p = "/api/v1/admin/quota-requests/{request}/decision";
        String post = "POST";
        Caller c = Caller.ADMIN;
        return Stream.of(transport(post, p, c, "{\"approve\":true}"), Stream.of(
                malformed("approve \"true\"", post, p, c, "{\"approve\":\"true\"}"),
                malformed("approve 1", post, p, c, "{\"approve\":1}"),
                malformed("approve [true]", post, p, c, "{\"approve\":[true]}"),
                malformed("grantedHours \"5\"", post, p, c, decision("\"grantedHours\":\"5\"")),
                malformed("grantedHours true", post, p, c, decision("\"grantedHours\":true")),
                malformed("grantedHours NaN", post, p, c, decision("\"grantedHours\":NaN")),
                malformed("note is a number", post, p, c, decision("\"note\":5")),
                invalid("approve missing", post, p, c, "{\"grantedHours\":5}", "approve"),
                invalid("approve null", post, p, c, "{\"approve\":null}", "approve"),
                invalid("grantedHours above the hours asked", post, p, c, decision("\"grantedHours\":5.01"),
                        "grantedHours"),
                invalid("grantedHours 0", post, p, c, decision("\"grantedHours\":0"), "grantedHours"),
                invalid("grantedHours -1", post, p, c, decision("\"grantedHours\":-1"), "grantedHours"),
                invalid("grantedHours 2.505", post, p, c, decision("\"grantedHours\":2.505"), "grantedHours"),
                invalid("grantedHours 100001", post, p, c, decision("\"grantedHours\":100001"), "grantedHours"),
                invalid("grantedHours 1E+2147483647", post, p, c, decision("\"grantedHours\":1E+2147483647"),
                        "grantedHours"),
                invalid("grantedHours 1E-400", post, p, c, decision("\"grantedHours\":1E-400"), "grantedHours"),
                invalid("note 501 chars", post, p, c, decision("\"note\":" + quoted(501)), "note"),
                invalid("note 501 emoji", post, p, c, decision("\"note\":\"" + EMOJI.repeat(501) + "\""), "note"),
                row("USER caller, own request", post, p, Caller.VICTIM, "{\"approve\":true}", 403, "FORBIDDEN"),
                row("id not a UUID", post, "/api/v1/admin/quota-requests/not-a-uuid/decision", c, "{\"approve\":true}",
                        404, "NOT_FOUND"),
                row("id unknown UUID", post, "/api/v1/admin/quota-requests/" + UUID.randomUUID() + "/decision", c,
                        "{\"approve\":true}", 404, "NOT_FOUND")),
                unstorable("note", post, p, c, decision("\"note\":\"{text}\""), "note"),
                invalidUtf8(post, p, c, decision("\"note\":\"{text}\"")))
            .flatMap(rows -> rows);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("decideRequestCases")
    void decideRequestWhenInputIsHostileThenRefusedAndTheRequestStaysOpen(Hostile hostile) {
        attack(hostile);
        assertThat(requestCount("?status=OPEN")).as("OPEN requests of the victim").isEqualTo(requestCount(""));
    }

    static Stream<Hostile> requestIdCases() {
        String p = "/api/v1/quota-requests";
        Caller c = Caller.VICTIM;
        return Stream.of(row("get, id not a UUID", "GET", p + "/not-a-uuid", c, null, 404, "NOT_FOUND"),
                row("get, id unknown", "GET", p + "/" + UUID.randomUUID(), c, null, 404, "NOT_FOUND"),
                row("get, id UUID plus a character", "GET", p + "/{request}x", c, null, 404, "NOT_FOUND"),
                row("withdraw, 100 KiB body", "POST", p + "/{request}/withdraw", c, "{\"a\":\"" + BIG + "\"}", 413,
                        "PAYLOAD_TOO_LARGE"),
                row("withdraw, id not a UUID", "POST", p + "/not-a-uuid/withdraw", c, null, 404, "NOT_FOUND"),
                row("withdraw, id unknown", "POST", p + "/" + UUID.randomUUID() + "/withdraw", c, null, 404,
                        "NOT_FOUND"),
                row("withdraw, no token", "POST", p + "/{request}/withdraw", Caller.NONE, null, 401, "UNAUTHENTICATED"),
                row("withdraw, an admin", "POST", p + "/{request}/withdraw", Caller.ADMIN, null, 403, "FORBIDDEN"),
                invalid("list status lower case", "GET", p + "?status=open", c, null, "status"),
                invalid("list status unknown", "GET", p + "?status=PENDING", c, null, "status"),
                invalid("list status NUL", "GET", p + "?status=%00", c, null, "status"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("requestIdCases")
    void requestByIdWhenInputIsHostileThenRefusedAndNothingChanges(Hostile hostile) {
        attack(hostile);
        assertThat(requestCount("?status=OPEN")).as("OPEN requests of the victim").isEqualTo(requestCount(""));
    }

    // ---------------------------------------------------------------- text PostgreSQL cannot store, bytes that are
    // not UTF-8, characters outside the BMP (one character each, as API.md counts), and numbers that overflow

    static Stream<Hostile> registerTextCases() {
        String p = "/api/v1/auth/register";
        String post = "POST";
        Caller c = Caller.NONE;
        String pw = "\"password\":\"" + PW + "\"";
        return Stream.of(Stream.of(
                invalid("username of emoji", post, p, c, "{\"username\":\"" + EMOJI.repeat(4) + "\"," + pw + "}",
                        "username"),
                invalid("password 129 emoji", post, p, c,
                        "{\"username\":\"{name}\",\"password\":\"" + EMOJI.repeat(129) + "\"}", "password")),
                unstorable("username", post, p, c, "{\"username\":\"{text}{name}\"," + pw + "}", "username"),
                unstorable("password", post, p, c, "{\"username\":\"{name}\",\"password\":\"{text}" + PW + "\"}",
                        "password"),
                invalidUtf8(post, p, c, "{\"username\":\"{name}{text}\"," + pw + "}"))
            .flatMap(rows -> rows);
    }

    static Stream<Hostile> loginTextCases() {
        String p = "/api/v1/auth/login";
        String post = "POST";
        Caller c = Caller.NONE;
        String pw = ",\"password\":\"" + PW + "\"}";
        return Stream.of(Stream.of(
                // U+0130 lower-cases to two characters: 255 of them are 510 once lower-cased.
                invalid("username 255 dotted capital I (510 lower-cased)", post, p, c,
                        "{\"username\":\"" + "\\u0130".repeat(255) + "\"" + pw, "username"),
                invalid("username 256 emoji", post, p, c, "{\"username\":\"" + EMOJI.repeat(256) + "\"" + pw,
                        "username"),
                row("username 255 emoji (no such user)", post, p, c,
                        "{\"username\":\"" + EMOJI.repeat(255) + "\"" + pw, 401, "INVALID_CREDENTIALS"),
                row("username 127 dotted capital I (no such user)", post, p, c,
                        "{\"username\":\"" + "\\u0130".repeat(127) + "\"" + pw, 401, "INVALID_CREDENTIALS"),
                // PBKDF2's HMAC pads its key with zero bytes: "pw" followed by NUL would pass for "pw".
                invalid("right password followed by NUL", post, p, c,
                        "{\"username\":\"{victim}\",\"password\":\"" + PW + "\\u0000\"}", "password"),
                malformed("raw control character in a string", post, p, c,
                        "{\"username\":\"{victim}\u0001\"" + pw)),
                unstorable("username", post, p, c, "{\"username\":\"{victim}{text}\"" + pw, "username"),
                invalidUtf8(post, p, c, "{\"username\":\"{victim}{text}\"" + pw))
            .flatMap(rows -> rows);
    }

    static Stream<Hostile> tokenTextCases() {
        String p = "/api/v1/auth/token";
        String post = "POST";
        Caller c = Caller.NONE;
        String good = "grant_type=password&username={victim}&password=" + PW.replace(' ', '+');
        return Stream.of(
                row("username with NUL", post, p, c, "grant_type=password&username={victim}%00&password=x", 400,
                        "oauth:invalid_request").as(FORM),
                row("username 255 dotted capital I", post, p, c,
                        "grant_type=password&username=" + "%C4%B0".repeat(255) + "&password=x", 400,
                        "oauth:invalid_request").as(FORM),
                row("username with an encoded surrogate", post, p, c,
                        "grant_type=password&username={victim}%ED%A0%80&password=x", 400, "oauth:invalid_request")
                    .as(FORM),
                row("username with an over-long slash", post, p, c,
                        "grant_type=password&username={victim}%C0%AF&password=x", 400, "oauth:invalid_request")
                    .as(FORM),
                row("username with bad percent-encoding", post, p, c,
                        "grant_type=password&username=%zz&password=x", 400, "oauth:invalid_request").as(FORM),
                row("right password in the query string", post, p + "?password=" + PW.replace(' ', '+'), c,
                        "grant_type=password&username={victim}", 400, "oauth:invalid_request").as(FORM),
                row("everything in the query string", post, p + "?" + good, c, "", 400, "oauth:invalid_request")
                    .as(FORM),
                row("everything in the query string, no body", post, p + "?" + good, c, null, 400,
                        "oauth:invalid_request").as(FORM),
                row("everything in the query string, JSON body", post, p + "?" + good, c, "{}", 400,
                        "oauth:invalid_request"),
                row("right password in the form and the query string", post, p + "?password=x", c, good, 400,
                        "oauth:invalid_request").as(FORM),
                row("right password with NUL", post, p, c, good + "%00", 400, "oauth:invalid_request").as(FORM),
                row("1001 form parameters", post, p, c, good + "&a=1".repeat(1001), 400, "oauth:invalid_request")
                    .as(FORM),
                row("grant_type in the query string", post, p + "?grant_type=password", c,
                        "username={victim}&password=" + PW.replace(' ', '+'), 400, "oauth:invalid_request").as(FORM),
                row("password in the query string, encoded name", post, p + "?pass%77ord=x", c, good, 400,
                        "oauth:invalid_request").as(FORM));
    }

    static Stream<Hostile> passwordTextCases() {
        String p = "/api/v1/users/me/password";
        String post = "POST";
        Caller c = Caller.VICTIM;
        String cur = "\"currentPassword\":\"" + PW + "\"";
        return Stream.of(Stream.of(
                invalid("newPassword 129 emoji", post, p, c,
                        "{" + cur + ",\"newPassword\":\"" + EMOJI.repeat(129) + "\"}", "newPassword")),
                unstorable("newPassword", post, p, c, "{" + cur + ",\"newPassword\":\"another {text} one\"}",
                        "newPassword"),
                unstorable("currentPassword", post, p, c,
                        "{\"currentPassword\":\"{text}\",\"newPassword\":\"another good one\"}", "currentPassword"),
                invalidUtf8(post, p, c, "{" + cur + ",\"newPassword\":\"another {text} one\"}"))
            .flatMap(rows -> rows);
    }

    static Stream<Hostile> submitTextAndNumberCases() {
        String p = "/api/v1/jobs";
        String post = "POST";
        Caller c = Caller.VICTIM;
        return Stream.of(Stream.of(
                invalid("name 101 emoji", post, p, c, "{\"name\":\"" + EMOJI.repeat(101) + "\",\"gpuHours\":1}",
                        "name"),
                invalid("description 2001 emoji", post, p, c,
                        "{\"name\":\"x\",\"gpuHours\":1,\"description\":\"" + EMOJI.repeat(2001) + "\"}",
                        "description"),
                invalid("gpuHours 1E+2147483647", post, p, c, job("1E+2147483647"), "gpuHours"),
                invalid("gpuHours 1E-2147483647", post, p, c, job("1E-2147483647"), "gpuHours"),
                malformed("gpuHours 1E+2147483648", post, p, c, job("1E+2147483648")),
                malformed("gpuHours 1E+99999999999999999999", post, p, c, job("1E+99999999999999999999")),
                invalid("Idempotency-Key 7000 chars", post, p, c, job("1"), "Idempotency-Key")
                    .header("Idempotency-Key", chars(7000))),
                unstorable("name", post, p, c, "{\"name\":\"{text}\",\"gpuHours\":1}", "name"),
                unstorable("description", post, p, c, "{\"name\":\"x\",\"gpuHours\":1,\"description\":\"{text}\"}",
                        "description"),
                unstorable("name and description", post, p, c,
                        "{\"name\":\"{text}\",\"gpuHours\":1,\"description\":\"{text}\"}", "name")
                    .map(row -> new Hostile(row.name(), row.method(), row.path(), row.caller(), row.contentType(),
                            row.body(), row.headers(), false, false, 400, "VALIDATION_FAILED",
                            List.of("name", "description"))),
                invalidUtf8(post, p, c, "{\"name\":\"{text}\",\"gpuHours\":1}"))
            .flatMap(rows -> rows);
    }

    static Stream<Hostile> changeStatusTextAndNumberCases() {
        String p = "/api/v1/jobs/{job}/status";
        String patch = "PATCH";
        Caller c = Caller.ADMIN;
        return Stream.of(Stream.of(
                invalid("reason 501 emoji", patch, p, c,
                        "{\"status\":\"APPROVED\",\"reason\":\"" + EMOJI.repeat(501) + "\"}", "reason"),
                invalid("status with NUL", patch, p, c, "{\"status\":\"APPROVED\\u0000\"}", "status"),
                invalid("usedHours 1E+2147483647", patch, p, c,
                        "{\"status\":\"COMPLETED\",\"usedHours\":1E+2147483647}", "usedHours"),
                malformed("usedHours 1E+2147483648", patch, p, c,
                        "{\"status\":\"COMPLETED\",\"usedHours\":1E+2147483648}")),
                unstorable("reason", patch, p, c, "{\"status\":\"APPROVED\",\"reason\":\"{text}\"}", "reason"),
                invalidUtf8(patch, p, c, "{\"status\":\"APPROVED\",\"reason\":\"{text}\"}"))
            .flatMap(rows -> rows);
    }

    static Stream<Hostile> adjustmentTextAndNumberCases() {
        String p = "/api/v1/admin/users/{user}/quota-adjustments";
        String post = "POST";
        Caller c = Caller.ADMIN;
        return Stream.of(Stream.of(
                invalid("note 501 emoji", post, p, c, "{\"deltaHours\":5,\"note\":\"" + EMOJI.repeat(501) + "\"}",
                        "note"),
                invalid("deltaHours 1E+2147483647", post, p, c, delta("1E+2147483647"), "deltaHours"),
                invalid("deltaHours -1E-2147483647", post, p, c, delta("-1E-2147483647"), "deltaHours"),
                malformed("deltaHours -1E+2147483648", post, p, c, delta("-1E+2147483648"))),
                unstorable("note", post, p, c, "{\"deltaHours\":5,\"note\":\"{text}\"}", "note"),
                invalidUtf8(post, p, c, "{\"deltaHours\":5,\"note\":\"{text}\"}"))
            .flatMap(rows -> rows);
    }

    /** Every list: pages whose offset overflows, numbers past int, and NUL or broken text in the filters. */
    static Stream<Hostile> listParameterCases() {
        Map<String, Caller> lists = new LinkedHashMap<>();
        lists.put("/api/v1/jobs", Caller.VICTIM);
        lists.put("/api/v1/users/me/ledger", Caller.VICTIM);
        lists.put("/api/v1/admin/users", Caller.ADMIN);
        lists.put("/api/v1/admin/users/{user}/ledger", Caller.ADMIN);
        lists.put("/api/v1/quota-requests", Caller.VICTIM);
        Stream<Hostile> paging = lists.entrySet().stream().flatMap(list -> {
            String p = list.getKey();
            Caller c = list.getValue();
            return Stream.of(invalid("page 21474837, size 100 (offset past int)", "GET", p + "?page=21474837&size=100",
                    c, null, "page"),
                    invalid("page 2147483647", "GET", p + "?page=2147483647", c, null, "page"),
                    invalid("page 10000001", "GET", p + "?page=10000001&size=1", c, null, "page"),
                    invalid("page 2147483648", "GET", p + "?page=2147483648", c, null, "page"),
                    invalid("page -2147483649", "GET", p + "?page=-2147483649", c, null, "page"),
                    invalid("page 99999999999999999999", "GET", p + "?page=99999999999999999999", c, null, "page"),
                    invalid("size 2147483647", "GET", p + "?size=2147483647", c, null, "size"),
                    invalid("size -2147483648", "GET", p + "?size=-2147483648", c, null, "size"),
                    invalid("page NUL", "GET", p + "?page=%00", c, null, "page"),
                    invalid("size 1 with NUL", "GET", p + "?size=1%00", c, null, "size"));
        });
        String jobs = "/api/v1/jobs";
        Stream<Hostile> filters = Stream.of(
                invalid("status NUL", "GET", jobs + "?status=%00", Caller.VICTIM, null, "status"),
                invalid("owner NUL (admin)", "GET", jobs + "?owner=a%00b", Caller.ADMIN, null, "owner"),
                invalid("owner NUL alone (admin)", "GET", jobs + "?owner=%00", Caller.ADMIN, null, "owner"),
                invalid("owner NUL (user, ignored filter)", "GET", jobs + "?owner=%00", Caller.VICTIM, null, "owner"),
                invalid("owner 21474837 pages", "GET", jobs + "?owner=x&page=21474837&size=100", Caller.ADMIN, null,
                        "page"),
                malformed("owner with an encoded surrogate", "GET", jobs + "?owner=a%ED%A0%80", Caller.ADMIN, null),
                malformed("page with an over-long digit", "GET", jobs + "?page=%C0%B1", Caller.VICTIM, null),
                malformed("1001 query parameters", "GET", jobs + "?" + "a=1&".repeat(1001), Caller.VICTIM, null));
        return Stream.concat(paging, filters);
    }

    // ---------------------------------------------------------------- the value-equal twins and mass assignment

    @Test
    void registerWhenBodyClaimsRoleAndHoursThenPlainUserWithDefaultQuota() {
        String name = TestHttp.uniqueName("mass");
        Response response = http.post("/api/v1/auth/register", null, "{\"username\":\"" + name + "\",\"password\":\""
                + PW + "\",\"role\":\"ADMIN\",\"quotaHours\":999,\"enabled\":false,\"id\":\"" + UUID.randomUUID()
                + "\"}");

        assertThat(response.status()).as(response.body()).isEqualTo(201);
        assertThat(response.text("role")).isEqualTo("USER");
        assertThat(response.decimal("quotaHours")).isEqualByComparingTo("10");
        assertThat(response.json().get("enabled").asBoolean()).isTrue();
        String token = http.login(name);
        assertThat(http.get("/api/v1/admin/users", token).status()).isEqualTo(403);
        List<JsonNode> ledger = Accounts.ledger(http, token);
        assertThat(ledger).singleElement().satisfies(entry -> {
            assertThat(entry.get("kind").asString()).isEqualTo("INITIAL_GRANT");
            assertThat(entry.get("deltaHours").decimalValue()).isEqualByComparingTo("10");
        });
    }

    /** Every text field takes its full length in characters outside the BMP, and gives them back unchanged. */
    @Test
    void textWhenEveryCharacterIsAnEmojiThenEachCountsOnceAndComesBackUnchanged() {
        String emoji = "\ud83d\ude00";
        Map<String, Object> submission = new LinkedHashMap<>();
        submission.put("name", emoji.repeat(100));
        submission.put("gpuHours", 1);
        submission.put("description", emoji.repeat(2000));

        Response submitted = http.post("/api/v1/jobs", victimToken, submission);

        assertThat(submitted.status()).as(submitted.body()).isEqualTo(201);
        Response job = http.get("/api/v1/jobs/" + submitted.text("id"), victimToken);
        assertThat(job.text("name")).isEqualTo(emoji.repeat(100));
        assertThat(job.text("description")).isEqualTo(emoji.repeat(2000));

        Response approved = http.patch("/api/v1/jobs/" + submitted.text("id") + "/status", adminToken,
                Map.of("status", "APPROVED", "reason", emoji.repeat(500)));
        assertThat(approved.status()).as(approved.body()).isEqualTo(200);
        assertThat(approved.json().get("history").get(1).get("reason").asString()).isEqualTo(emoji.repeat(500));

        Response adjusted = http.post("/api/v1/admin/users/" + victimId + "/quota-adjustments", adminToken,
                Map.of("deltaHours", 1, "note", emoji.repeat(500)));
        assertThat(adjusted.status()).as(adjusted.body()).isEqualTo(200);
        assertThat(Accounts.ledger(http, victimToken).getLast().get("note").asString()).isEqualTo(emoji.repeat(500));
    }

    @Test
    void registerWhenPasswordIs128EmojiThenAcceptedAndItLogsIn() {
        String name = TestHttp.uniqueName("emoji");
        String password = "\ud83d\ude00".repeat(128);

        Response registered = http.post("/api/v1/auth/register", null, Map.of("username", name, "password", password));

        assertThat(registered.status()).as(registered.body()).isEqualTo(201);
        assertThat(http.post("/api/v1/auth/login", null, Map.of("username", name, "password", password)).status())
            .isEqualTo(200);
    }

    /** The highest page number allowed is simply past the end: an empty content, not an error. */
    @Test
    void listWhenPageIsTheHighestAllowedThenEmptyContent() {
        Map<String, String> lists = Map.of("/api/v1/jobs", victimToken, "/api/v1/users/me/ledger", victimToken,
                "/api/v1/admin/users", adminToken, "/api/v1/admin/users/" + victimId + "/ledger", adminToken);
        lists.forEach((path, token) -> {
            Response page = http.get(path + "?page=" + PageRequests.MAX_PAGE + "&size=" + PageRequests.MAX_SIZE, token);

            assertThat(page.status()).as(path + " " + page.body()).isEqualTo(200);
            assertThat(page.json().get("content").isEmpty()).as(path).isTrue();
            assertThat(page.json().get("page").get("number").asInt()).isEqualTo(PageRequests.MAX_PAGE);
            assertThat(page.json().get("page").get("totalElements").asLong()).as(path).isPositive();
        });
    }

    @Test
    void listWhenOwnerFilterIsVeryLongThenEmptyContent() {
        Response page = http.get("/api/v1/jobs?owner=" + chars(6000), adminToken);

        assertThat(page.status()).as(page.body()).isEqualTo(200);
        assertThat(page.json().get("content").isEmpty()).isTrue();
    }

    /**
     * Past the server's header limits, and for an encoded NUL in the path, the container itself
     * answers (before any filter runs, so not as problem+json): a client error all the same, and
     * nothing changes.
     */
    @Test
    void requestWhenTheContainerRefusesItThenClientErrorAndNothingChanged() {
        BigDecimal balance = Accounts.balance(http, victimToken);
        TestHttp attacker = http.hostile();
        List<Response> responses = List.of(
                attacker.get("/api/v1/jobs/%00", victimToken),
                attacker.post("/api/v1/jobs/%00/cancel", victimToken, null),
                attacker.get("/api/v1/jobs?owner=" + chars(100 * 1024), victimToken),
                attacker.send("GET", "/api/v1/jobs", victimToken, null, null, Map.of("X-Padding", chars(100 * 1024))),
                attacker.send("POST", "/api/v1/jobs", victimToken, job("1"), JSON,
                        Map.of("Idempotency-Key", chars(100 * 1024))));

        // Refused by the container before any filter, yet answered as a problem like every other error.
        assertThat(responses).allSatisfy(response -> {
            assertThat(response.status()).as(response.body()).isBetween(400, 499);
            assertThat(response.header("Content-Type")).startsWith("application/problem+json");
            assertThat(response.code()).isNotNull();
        });
        assertThat(Accounts.balance(http, victimToken)).isEqualByComparingTo(balance);
    }

    @Test
    void submitJobWhenHoursHaveTrailingZerosThenAcceptedByValue() {
        Response response = http.post("/api/v1/jobs", victimToken, job("2.500"));

        assertThat(response.status()).as(response.body()).isEqualTo(201);
        assertThat(response.decimal("gpuHours")).isEqualByComparingTo("2.5");
        assertThat(Accounts.balance(http, victimToken)).isEqualByComparingTo("5");
    }

    @Test
    void submitJobWhenNameIsPaddedTo100CharsThenAcceptedTrimmed() {
        // Longer than the document's maxLength before trimming: a leniency no client may count on.
        Response response = http.hostile().post("/api/v1/jobs", victimToken,
                "{\"name\":\"  " + chars(100) + " \\t\",\"gpuHours\":0.01}");

        assertThat(response.status()).as(response.body()).isEqualTo(201);
        assertThat(response.text("name")).isEqualTo(chars(100));
        assertThat(Accounts.balance(http, victimToken)).isEqualByComparingTo("7.49");
    }

    @Test
    void submitJobWhenBodyTriesToSetStatusOwnerOrUsageThenTheyAreIgnored() {
        Response response = http.post("/api/v1/jobs", victimToken, "{\"name\":\"sneaky\",\"gpuHours\":1,"
                + "\"status\":\"COMPLETED\",\"usedHours\":0,\"id\":\"" + UUID.randomUUID() + "\","
                + "\"owner\":{\"id\":\"" + UUID.randomUUID() + "\",\"username\":\"flowadmin\"}}");

        assertThat(response.status()).as(response.body()).isEqualTo(201);
        assertThat(response.text("status")).isEqualTo("PENDING");
        assertThat(response.json().get("usedHours").isNull()).isTrue();
        assertThat(response.json().get("owner").get("username").asString()).isEqualTo(victim);
        assertThat(Accounts.balance(http, victimToken)).isEqualByComparingTo("6.5");
    }

    @Test
    void adjustQuotaWhenDeltaHasTrailingZerosThenAcceptedByValue() {
        Response response = http.post("/api/v1/admin/users/" + victimId + "/quota-adjustments", adminToken,
                delta("2.500"));

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.decimal("quotaHours")).isEqualByComparingTo("10");
        assertThat(Accounts.ledgerSize(http, victimToken)).isEqualTo(3);
    }

    @Test
    void completeWhenUsedHoursAboveGpuHoursThenValidationFailedAndJobStillProcessing() {
        assertThat(http.patch("/api/v1/jobs/" + jobId + "/status", adminToken, Map.of("status", "APPROVED")).status())
            .isEqualTo(200);
        assertThat(http.patch("/api/v1/jobs/" + jobId + "/status", adminToken, Map.of("status", "PROCESSING"))
            .status()).isEqualTo(200);
        BigDecimal balance = Accounts.balance(http, victimToken);
        long ledgerSize = Accounts.ledgerSize(http, victimToken);

        for (String used : List.of("2.51", "1E+400", "2.505", "-0.01")) {
            Response response = http.hostile().patch("/api/v1/jobs/" + jobId + "/status", adminToken,
                    "{\"status\":\"COMPLETED\",\"usedHours\":" + used + "}");
            assertProblem(response, 400, "VALIDATION_FAILED");
            assertThat(errorFields(response)).containsExactly("usedHours");
        }
        Response twin = http.patch("/api/v1/jobs/" + jobId + "/status", adminToken,
                "{\"status\":\"COMPLETED\",\"usedHours\":2.500}");

        assertThat(twin.status()).as(twin.body()).isEqualTo(200);
        assertThat(twin.decimal("usedHours")).isEqualByComparingTo("2.5");
        assertThat(Accounts.balance(http, victimToken)).isEqualByComparingTo(balance);
        assertThat(Accounts.ledgerSize(http, victimToken)).isEqualTo(ledgerSize);
    }

    // ---------------------------------------------------------------- machinery

    @LocalServerPort
    int port;

    TestHttp http;
    String adminToken;
    String victim;
    String victimId;
    String victimToken;
    String jobId;

    /** The bootstrap admin of this class's context (a subclass on another database has its own). */
    String adminUsername() {
        return "flowadmin";
    }

    @BeforeEach
    void setUp() {
        http = new TestHttp(port);
        adminToken = http.login(adminUsername());
        victim = TestHttp.uniqueName("victim");
        victimId = http.register(victim);
        victimToken = http.login(victim);
        Response job = http.post("/api/v1/jobs", victimToken, Map.of("name", "victim-job", "gpuHours", 2.5));
        assertThat(job.status()).isEqualTo(201);
        jobId = job.text("id");
        if (http.get("/api/v1/pools/" + smallPool, adminToken).status() == 404) {
            assertThat(http.post("/api/v1/admin/pools", adminToken, Map.of("name", smallPool, "gpus", 2)).status())
                .isEqualTo(201);
            assertThat(http.post("/api/v1/admin/pools", adminToken, Map.of("name", offPool)).status()).isEqualTo(201);
            assertThat(http.patch("/api/v1/admin/pools/" + offPool, adminToken, Map.of("enabled", false)).status())
                .isEqualTo(200);
        }
    }

    /** A 2-GPU pool and a disabled one, created once per context: {smallpool} and {offpool}. */
    static final String smallPool = TestHttp.uniqueName("small").toLowerCase();
    static final String offPool = TestHttp.uniqueName("off").toLowerCase();

    /**
     * A project per context (keyed by the server's port, since the PostgreSQL subclass has its own):
     * {projectid} and {project} (its name), with one plain member, {projectmember}, who is the
     * MEMBER caller; the admin is a member too ({projectadmin}). The victim is never a member.
     */
    record ProjectFixture(String id, String name, String member) {
    }

    private static final Map<Integer, ProjectFixture> PROJECTS = new java.util.concurrent.ConcurrentHashMap<>();

    private ProjectFixture projectFixture() {
        return PROJECTS.computeIfAbsent(port, unused -> {
            String name = TestHttp.uniqueName("hp").toLowerCase();
            Response created = http.post("/api/v1/admin/projects", adminToken, Map.of("name", name, "initialHours", 10));
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            String id = created.text("id");
            String member = TestHttp.uniqueName("pm");
            http.register(member);
            for (String username : List.of(member, adminUsername())) {
                Response added = http.send("PUT", "/api/v1/projects/" + id + "/members/" + username, adminToken,
                        "{\"role\":\"MEMBER\"}", JSON, Map.of());
                assertThat(added.status()).as(added.body()).isEqualTo(201);
            }
            return new ProjectFixture(id, name, member);
        });
    }

    private long projectCount() {
        return http.get("/api/v1/projects?size=1", adminToken).json().get("page").get("totalElements").asLong();
    }

    private long poolCount() {
        return http.get("/api/v1/pools?size=1", adminToken).json().get("page").get("totalElements").asLong();
    }

    /** Sends the hostile request, checks the answer, then checks that nothing of the victim changed. */
    private Response attack(Hostile hostile) {
        try {
            return attackAndCheck(hostile);
        }
        catch (AssertionError failed) {
            throw new AssertionError(hostile + ": " + failed.getMessage(), failed);
        }
    }

    private Response attackAndCheck(Hostile hostile) {
        BigDecimal balanceBefore = Accounts.balance(http, victimToken);
        long tokensBefore = tokenCount();
        long ledgerBefore = Accounts.ledgerSize(http, victimToken);
        String freshName = TestHttp.uniqueName("fresh");
        String path = resolve(hostile.path(), freshName);
        String body = hostile.body() == null ? null : resolve(hostile.body(), freshName);
        String token = switch (hostile.caller()) {
            case NONE -> null;
            case VICTIM -> victimToken;
            case ADMIN -> adminToken;
            case MEMBER -> http.login(projectFixture().member());
        };

        // The request breaks the document on purpose; the answer must still follow it.
        TestHttp attacker = http.hostile();
        Response response = hostile.rawBytes()
                ? attacker.sendBytes(hostile.method(), path, token, body, hostile.contentType(), hostile.chunked())
                : hostile.chunked()
                        ? attacker.sendStreamed(hostile.method(), path, token, body, hostile.contentType())
                        : attacker.send(hostile.method(), path, token, body, hostile.contentType(), hostile.headers());

        if (hostile.code().startsWith("oauth:")) {
            assertThat(response.status()).as(response.body()).isEqualTo(hostile.status());
            assertThat(response.header("Content-Type")).startsWith("application/json");
            assertThat(response.text("error")).isEqualTo(hostile.code().substring("oauth:".length()));
        }
        else {
            assertProblem(response, hostile.status(), hostile.code());
            if (hostile.code().equals("VALIDATION_FAILED")) {
                assertThat(errorFields(response)).containsExactlyInAnyOrderElementsOf(hostile.fields());
            }
            assertThat(response.body()).doesNotContainIgnoringCase("exception").doesNotContain("at io.gaas");
        }
        assertThat(Accounts.balance(http, victimToken)).as("balance").isEqualByComparingTo(balanceBefore);
        assertThat(Accounts.ledgerSize(http, victimToken)).as("ledger entries").isEqualTo(ledgerBefore);
        assertThat(tokenCount()).as("personal tokens").isEqualTo(tokensBefore);
        Response me = http.get("/api/v1/users/me", victimToken);
        assertThat(me.text("role")).isEqualTo("USER");
        assertThat(me.json().get("enabled").asBoolean()).isTrue();
        assertThat(me.json().get("allocation").isNull()).as("no allocation given").isTrue();
        assertThat(me.json().get("lowBalanceHours").isNull()).as("the default threshold").isTrue();
        Response job = http.get("/api/v1/jobs/" + jobId, victimToken);
        assertThat(job.text("status")).isEqualTo("PENDING");
        assertThat(job.json().get("history").size()).isEqualTo(1);
        if (hostile.body() != null && hostile.body().contains("{name}")) {
            Response login = http.post("/api/v1/auth/login", null, Map.of("username", freshName, "password", PW));
            assertThat(login.code()).as("no account was created").isEqualTo("INVALID_CREDENTIALS");
        }
        return response;
    }

    private long requestCount() {
        return requestCount("");
    }

    private long requestCount(String filter) {
        Response requests = http.get("/api/v1/quota-requests" + filter + (filter.isEmpty() ? "?" : "&") + "size=1",
                victimToken);
        assertThat(requests.status()).as(requests.body()).isEqualTo(200);
        return requests.json().get("page").get("totalElements").asLong();
    }

    private long tokenCount() {
        Response tokens = http.get("/api/v1/users/me/tokens?size=1", victimToken);
        assertThat(tokens.status()).as(tokens.body()).isEqualTo(200);
        return tokens.json().get("page").get("totalElements").asLong();
    }

    private String resolve(String template, String freshName) {
        String resolved = template.replace("{job}", jobId)
            .replace("{user}", victimId)
            .replace("{victim}", victim)
            .replace("{VICTIM}", victim.toUpperCase())
            .replace("{name}", freshName)
            .replace("{smallpool}", smallPool)
            .replace("{SMALLPOOL}", smallPool.toUpperCase())
            .replace("{offpool}", offPool)
            .replace("{newpool}", "new" + freshName.substring(5).toLowerCase())
            .replace("{newproject}", "np" + freshName.substring(5).toLowerCase());
        if (resolved.toLowerCase().contains("{project")) {
            ProjectFixture project = projectFixture();
            resolved = resolved.replace("{projectid}", project.id())
                .replace("{projectmember}", project.member())
                .replace("{projectadmin}", adminUsername())
                .replace("{project}", project.name())
                .replace("{PROJECT}", project.name().toUpperCase());
        }
        if (resolved.contains("{foreignjob}")) {
            String other = http.registerAndLogin(TestHttp.uniqueName("other"));
            String foreignJob = http.post("/api/v1/jobs", other, Map.of("name", "theirs", "gpuHours", 1)).text("id");
            resolved = resolved.replace("{foreignjob}", foreignJob);
        }
        if (resolved.contains("{request}")) {
            Response request = http.post("/api/v1/quota-requests", victimToken,
                    Map.of("hours", 5, "justification", "the victim's request"));
            assertThat(request.status()).as(request.body()).isEqualTo(201);
            resolved = resolved.replace("{request}", request.text("id"));
        }
        return resolved;
    }
}

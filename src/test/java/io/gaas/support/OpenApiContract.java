package io.gaas.support;

import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.dialect.Dialects;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * A server's own OpenAPI document, as {@code /v3/api-docs} serves it, and the check of one HTTP
 * exchange against it: the request (path, method, parameters, body) and the response (status,
 * media type, body, headers). Schemas are JSON Schema 2020-12 with the OpenAPI 3.1 vocabulary,
 * formats asserted (a {@code uuid} must be a UUID).
 *
 * <p>Only the API ({@code /api/...}) is described by the document; the documentation pages, the
 * document itself and the actuator endpoints are not, and are not checked. An API request to a
 * path or method the document does not have (a hostile client's guess) must still be answered
 * with a documented problem.
 */
public final class OpenApiContract {

    /** Where the document is registered for {@code $ref} resolution; never fetched from there. */
    private static final String DOCUMENT_URI = "https://gaas.invalid/v3/api-docs";

    private static final String PROBLEM_POINTER = "/components/schemas/Problem";

    /** Headers that carry meaning for an API client: a response that sends one must document it. */
    private static final Set<String> MEANINGFUL_HEADERS = Set.of("location", "retry-after", "www-authenticate",
            "allow");

    private static final Map<String, OpenApiContract> BY_SERVER = new ConcurrentHashMap<>();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JsonNode document;
    private final SchemaRegistry schemas;
    private final Map<String, Schema> schemaByPointer = new ConcurrentHashMap<>();

    private OpenApiContract(String documentJson) {
        this.document = JSON.readTree(documentJson);
        this.schemas = SchemaRegistry.withDefaultDialect(Dialects.getOpenApi31(),
                builder -> builder.schemas(Map.of(DOCUMENT_URI, documentJson))
                    .schemaRegistryConfig(SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build()));
    }

    /** The document of the server at {@code baseUrl}, fetched once per server. */
    public static OpenApiContract of(String baseUrl) {
        return BY_SERVER.computeIfAbsent(baseUrl, OpenApiContract::fetch);
    }

    /** A contract from a document at hand (to test the checker itself). */
    public static OpenApiContract parse(String documentJson) {
        return new OpenApiContract(documentJson);
    }

    public JsonNode document() {
        return document;
    }

    private static OpenApiContract fetch(String baseUrl) {
        try (HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/v3/api-docs"))
                .timeout(Duration.ofSeconds(30))
                .build();
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("GET /v3/api-docs: " + response.statusCode());
            }
            return new OpenApiContract(response.body());
        }
        catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** One request as sent and the response as received. */
    public record Exchange(String method, String pathAndQuery, Map<String, String> requestHeaders,
            String requestContentType, String requestBody, int status, HttpHeaders responseHeaders,
            String responseBody) {

        @Override
        public String toString() {
            return method + " " + pathAndQuery + " -> " + status;
        }
    }

    /** What in the request the document does not allow (expected of hostile requests only). */
    public List<String> requestViolations(Exchange exchange) {
        List<String> violations = new ArrayList<>();
        String path = pathOf(exchange.pathAndQuery());
        if (!path.startsWith("/api/")) {
            return violations;
        }
        Operation operation = find(exchange.method(), path);
        if (operation == null) {
            violations.add("request: no operation " + exchange.method() + " " + path + " in the document");
            return violations;
        }
        checkParameters(operation, exchange, violations);
        checkRequestBody(operation, exchange, violations);
        return violations;
    }

    /** What in the response breaks the document: there must never be anything. */
    public List<String> responseViolations(Exchange exchange) {
        List<String> violations = new ArrayList<>();
        String path = pathOf(exchange.pathAndQuery());
        if (!path.startsWith("/api/")) {
            return violations;
        }
        String contentType = exchange.responseHeaders().firstValue("Content-Type").orElse(null);
        Operation operation = find(exchange.method(), path);
        if (operation == null) {
            // No operation to hold the answer: it can only be an error, and errors are problems.
            if (exchange.status() < 400) {
                violations.add("response: status " + exchange.status()
                        + " for an operation the document does not have");
            }
            else if (!isMediaType(contentType, "application/problem+json")) {
                violations.add("response: content type " + contentType + " for an undocumented operation, "
                        + "expected application/problem+json");
            }
            else {
                checkBody(PROBLEM_POINTER, exchange.responseBody(), "response body", violations);
            }
            return violations;
        }
        JsonNode responses = operation.node().path("responses");
        String statusKey = String.valueOf(exchange.status());
        JsonNode response = responses.has(statusKey) ? responses.get(statusKey) : responses.get("default");
        if (response == null) {
            violations.add("response: status " + statusKey + " is not documented for " + operation.label());
            return violations;
        }
        String responsePointer = operation.pointer() + "/responses/" + escape(responses.has(statusKey) ? statusKey
                : "default");
        response = resolve(response);
        checkResponseBody(response, responsePointer, exchange, contentType, violations);
        checkResponseHeaders(response, responsePointer, exchange, violations);
        return violations;
    }

    private void checkResponseBody(JsonNode response, String pointer, Exchange exchange, String contentType,
            List<String> violations) {
        JsonNode content = response.path("content");
        boolean hasBody = exchange.responseBody() != null && !exchange.responseBody().isEmpty();
        if (!hasBody) {
            if (!content.isMissingNode() && !content.isEmpty()) {
                violations.add("response: empty body, but the document describes " + content.propertyNames());
            }
            return;
        }
        if (content.isMissingNode() || content.isEmpty()) {
            violations.add("response: a body (" + contentType + ") where the document describes none");
            return;
        }
        String mediaType = matchMediaType(content, contentType);
        if (mediaType == null) {
            violations.add("response: content type " + contentType + " is not among " + content.propertyNames());
            return;
        }
        if (!mediaType.contains("json")) {
            // A text body (a CSV report): the document can only say it is a string.
            JsonNode type = content.get(mediaType).path("schema").path("type");
            boolean string = type.isArray() ? type.valueStream().anyMatch(t -> t.asString("").equals("string"))
                    : type.asString("").equals("string");
            if (!string) {
                violations.add("response: " + mediaType + " is not described as a string");
            }
            return;
        }
        if (content.get(mediaType).has("schema")) {
            String schemaPointer = pointer + "/content/" + escape(mediaType) + "/schema";
            if (mediaType.contains("json")) {
                checkBody(schemaPointer, exchange.responseBody(), "response body", violations);
            }
            else {
                // Text is a string whatever it holds: checked as one against the schema.
                report(schema(schemaPointer).validate(JsonNodeFactory.instance.stringNode(exchange.responseBody())),
                        "response body", violations);
            }
        }
    }

    private void checkResponseHeaders(JsonNode response, String pointer, Exchange exchange, List<String> violations) {
        JsonNode documented = response.path("headers");
        Map<String, String> documentedByLowerName = new LinkedHashMap<>();
        documented.propertyNames().forEach(name -> documentedByLowerName.put(name.toLowerCase(Locale.ROOT), name));
        for (String sent : exchange.responseHeaders().map().keySet()) {
            String lower = sent.toLowerCase(Locale.ROOT);
            if (MEANINGFUL_HEADERS.contains(lower) && !documentedByLowerName.containsKey(lower)) {
                violations.add("response: header " + sent + " is sent but not documented");
            }
        }
        documentedByLowerName.forEach((lower, name) -> {
            JsonNode header = resolve(documented.get(name));
            String value = exchange.responseHeaders().firstValue(name).orElse(null);
            if (value == null) {
                if (header.path("required").asBoolean(false)) {
                    violations.add("response: required header " + name + " is missing");
                }
                return;
            }
            if (!header.has("schema")) {
                violations.add("response: header " + name + " has no schema in the document");
                return;
            }
            checkValue(pointer + "/headers/" + escape(name) + "/schema", header.get("schema"), value,
                    "response header " + name, violations);
        });
    }

    private void checkParameters(Operation operation, Exchange exchange, List<String> violations) {
        Map<String, List<String>> query = queryOf(exchange.pathAndQuery());
        List<JsonNode> parameters = new ArrayList<>();
        List<String> pointers = new ArrayList<>();
        collectParameters(operation.pathItemPointer(), parameters, pointers);
        collectParameters(operation.pointer(), parameters, pointers);
        Set<String> known = new java.util.HashSet<>();
        for (int i = 0; i < parameters.size(); i++) {
            JsonNode parameter = parameters.get(i);
            String name = parameter.path("name").asString();
            String in = parameter.path("in").asString();
            String value = switch (in) {
                case "path" -> operation.pathValues().get(name);
                case "query" -> {
                    known.add(name);
                    List<String> values = query.get(name);
                    yield values == null ? null : values.get(0);
                }
                case "header" -> headerValue(exchange.requestHeaders(), name);
                default -> null;
            };
            if (value == null) {
                if (parameter.path("required").asBoolean(false)) {
                    violations.add("request: required " + in + " parameter " + name + " is missing");
                }
                continue;
            }
            if (parameter.has("schema")) {
                checkValue(pointers.get(i) + "/schema", parameter.get("schema"), value,
                        "request " + in + " parameter " + name, violations);
            }
        }
        query.keySet()
            .stream()
            .filter(name -> !known.contains(name))
            .forEach(name -> violations.add("request: query parameter " + name + " is not documented"));
    }

    private void collectParameters(String pointer, List<JsonNode> parameters, List<String> pointers) {
        JsonNode list = document.at(pointer + "/parameters");
        for (int i = 0; i < list.size(); i++) {
            parameters.add(resolve(list.get(i)));
            pointers.add(list.get(i).has("$ref") ? list.get(i).get("$ref").asString().substring(1)
                    : pointer + "/parameters/" + i);
        }
    }

    private void checkRequestBody(Operation operation, Exchange exchange, List<String> violations) {
        JsonNode requestBody = resolve(operation.node().path("requestBody"));
        boolean sent = exchange.requestBody() != null && !exchange.requestBody().isEmpty();
        if (requestBody.isMissingNode()) {
            if (sent) {
                violations.add("request: a body where the document describes none");
            }
            return;
        }
        if (!sent) {
            if (requestBody.path("required").asBoolean(false)) {
                violations.add("request: the required body is missing");
            }
            return;
        }
        JsonNode content = requestBody.path("content");
        String mediaType = matchMediaType(content, exchange.requestContentType());
        if (mediaType == null) {
            violations.add("request: content type " + exchange.requestContentType() + " is not among "
                    + content.propertyNames());
            return;
        }
        if (!content.get(mediaType).has("schema")) {
            return;
        }
        String pointer = operation.pointer() + "/requestBody/content/" + escape(mediaType) + "/schema";
        if (mediaType.equals("application/x-www-form-urlencoded")) {
            Map<String, List<String>> form = parseForm(exchange.requestBody());
            var object = JsonNodeFactory.instance.objectNode();
            form.forEach((key, values) -> object.put(key, values.get(0)));
            report(schema(pointer).validate(object), "request form", violations);
            return;
        }
        checkBody(pointer, exchange.requestBody(), "request body", violations);
    }

    private void checkBody(String schemaPointer, String body, String what, List<String> violations) {
        JsonNode json;
        try {
            json = JSON.readTree(body);
        }
        catch (JacksonException notJson) {
            violations.add(what + ": not JSON: " + abbreviate(body));
            return;
        }
        report(schema(schemaPointer).validate(json), what, violations);
    }

    /** A parameter or header is text on the wire: typed here as its schema says before validation. */
    private void checkValue(String schemaPointer, JsonNode schemaNode, String value, String what,
            List<String> violations) {
        JsonNode type = resolve(schemaNode).path("type");
        JsonNode instance = JsonNodeFactory.instance.stringNode(value);
        try {
            if (hasType(type, "integer")) {
                instance = JsonNodeFactory.instance.numberNode(new java.math.BigInteger(value.trim()));
            }
            else if (hasType(type, "number")) {
                instance = JsonNodeFactory.instance.numberNode(new java.math.BigDecimal(value.trim()));
            }
            else if (hasType(type, "boolean") && (value.equals("true") || value.equals("false"))) {
                instance = JsonNodeFactory.instance.booleanNode(Boolean.parseBoolean(value));
            }
        }
        catch (NumberFormatException notANumber) {
            // Left as text: the schema then reports the wrong type.
        }
        report(schema(schemaPointer).validate(instance), what + " '" + abbreviate(value) + "'", violations);
    }

    /** {@code type} is one name or, in OpenAPI 3.1, a list of names. */
    private static boolean hasType(JsonNode type, String name) {
        return type.isArray() ? type.valueStream().anyMatch(t -> t.asString().equals(name))
                : type.asString("").equals(name);
    }

    private static void report(List<com.networknt.schema.Error> errors, String what, List<String> violations) {
        errors.forEach(
                error -> violations.add(what + " at " + error.getInstanceLocation() + ": " + error.getMessage()));
    }

    private Schema schema(String pointer) {
        return schemaByPointer.computeIfAbsent(pointer,
                key -> schemas.getSchema(SchemaLocation.of(DOCUMENT_URI + "#" + key)));
    }

    /** The operation for a method and a concrete path; a literal segment wins over a template. */
    private Operation find(String method, String path) {
        String[] segments = path.split("/", -1);
        Operation best = null;
        int bestLiterals = -1;
        for (String template : document.path("paths").propertyNames()) {
            String[] parts = template.split("/", -1);
            if (parts.length != segments.length) {
                continue;
            }
            Map<String, String> values = new LinkedHashMap<>();
            int literals = 0;
            boolean matches = true;
            for (int i = 0; i < parts.length && matches; i++) {
                if (parts[i].startsWith("{") && parts[i].endsWith("}")) {
                    matches = !segments[i].isEmpty();
                    values.put(parts[i].substring(1, parts[i].length() - 1),
                            decode(segments[i].replace("+", "%2B")));
                }
                else {
                    matches = parts[i].equals(segments[i]);
                    literals++;
                }
            }
            JsonNode operation = document.path("paths").path(template).path(method.toLowerCase(Locale.ROOT));
            if (matches && !operation.isMissingNode() && literals > bestLiterals) {
                String pathItem = "/paths/" + escape(template);
                String pointer = pathItem + "/" + method.toLowerCase(Locale.ROOT);
                best = new Operation(method + " " + template, pathItem, pointer, operation, values);
                bestLiterals = literals;
            }
        }
        return best;
    }

    private record Operation(String label, String pathItemPointer, String pointer, JsonNode node,
            Map<String, String> pathValues) {
    }

    private JsonNode resolve(JsonNode node) {
        JsonNode current = node;
        for (int depth = 0; current != null && current.has("$ref") && depth < 10; depth++) {
            String ref = current.get("$ref").asString();
            if (!ref.startsWith("#")) {
                return current;
            }
            current = document.at(ref.substring(1));
        }
        return current;
    }

    private static String matchMediaType(JsonNode content, String contentType) {
        if (contentType == null) {
            return null;
        }
        String base = contentType.split(";")[0].trim().toLowerCase(Locale.ROOT);
        for (String documented : content.propertyNames()) {
            String documentedBase = documented.toLowerCase(Locale.ROOT);
            if (documentedBase.equals(base) || documentedBase.equals("*/*")
                    || (documentedBase.endsWith("/*") && base.startsWith(documentedBase.substring(0,
                            documentedBase.length() - 1)))) {
                return documented;
            }
        }
        return null;
    }

    private static boolean isMediaType(String contentType, String expected) {
        return contentType != null && contentType.split(";")[0].trim().equalsIgnoreCase(expected);
    }

    private static String headerValue(Map<String, String> headers, String name) {
        return headers.entrySet()
            .stream()
            .filter(entry -> entry.getKey().equalsIgnoreCase(name))
            .map(Map.Entry::getValue)
            .findFirst()
            .orElse(null);
    }

    private static String pathOf(String pathAndQuery) {
        int query = pathAndQuery.indexOf('?');
        return query < 0 ? pathAndQuery : pathAndQuery.substring(0, query);
    }

    private static Map<String, List<String>> queryOf(String pathAndQuery) {
        int query = pathAndQuery.indexOf('?');
        return query < 0 ? Map.of() : parseForm(pathAndQuery.substring(query + 1));
    }

    private static Map<String, List<String>> parseForm(String encoded) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        for (String pair : encoded.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            values.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
        }
        return values;
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        }
        catch (IllegalArgumentException badEscape) {
            return text;
        }
    }

    private static String escape(String pointerToken) {
        return pointerToken.replace("~", "~0").replace("/", "~1");
    }

    private static String abbreviate(String text) {
        return text.length() <= 80 ? text : text.substring(0, 80) + "...";
    }
}

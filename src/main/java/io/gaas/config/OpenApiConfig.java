package io.gaas.config;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.info.BuildProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.gaas.web.ErrorCode;
import io.gaas.web.PageRequests;
import io.gaas.web.ProblemDetails;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.OAuthFlow;
import io.swagger.v3.oas.models.security.OAuthFlows;
import io.swagger.v3.oas.models.security.Scopes;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import io.swagger.v3.oas.models.tags.Tag;

/**
 * The OpenAPI document: both security schemes (a pasted bearer token, and the OAuth2 password
 * flow that Swagger UI's Authorize dialog uses), the shared problem schema, and the error
 * responses that every operation can give. It must describe every response exactly: the HTTP
 * tests validate each exchange against it.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfig {

    static final String BEARER = "bearer";
    static final String OAUTH2 = "oauth2";
    static final String PERSONAL_TOKEN = "personalToken";
    static final String PROBLEM = "Problem";
    private static final String PROBLEM_JSON = "application/problem+json";

    /**
     * Fields a response leaves out when they have no value ({@code @JsonInclude(NON_NULL)}); every
     * other field of a response schema is always sent, if need be as {@code null}, so it is required.
     */
    private static final Map<String, Set<String>> OMITTED_WHEN_ABSENT = Map.of(
            "JobResponse", Set.of("history"),
            "OAuthErrorResponse", Set.of("error_description"),
            PROBLEM, Set.of("errors"));

    @Bean
    OpenAPI gaasOpenApi(ObjectProvider<BuildProperties> build) {
        // The project's version, from the build (META-INF/build-info.properties); absent only when run
        // from classes that Maven did not build.
        BuildProperties buildProperties = build.getIfAvailable();
        String version = buildProperties != null ? buildProperties.getVersion() : "unknown";
        return new OpenAPI()
            // Relative: the document is right wherever the service is reached (behind a proxy too).
            .servers(List.of(new Server().url("/").description("This service")))
            .info(new Info().title("GaaS — GPU quota service")
                .version(version)
                .description("""
                        Share GPUs fairly: register, get a GPU-hour quota, submit jobs that spend it; admins \
                        approve and track them. Hours are exact decimals (at most 2 places). Every error is an \
                        RFC 9457 problem (application/problem+json) with a stable `code`.

                        **Try it:** click *Authorize*, enter a username and password under *oauth2* (or paste a \
                        token from `POST /api/v1/auth/login` under *bearer*, or a personal access token \
                        `gaasp_...` from `POST /api/v1/users/me/tokens` under *personalToken*)."""))
            .tags(List.of(
                    new Tag().name("Auth").description("Register, log in (JSON or OAuth2 password grant), log out"),
                    new Tag().name("Users").description("Your account, your quota and its ledger"),
                    new Tag().name("Jobs").description("Submit jobs against your quota and follow their lifecycle"),
                    new Tag().name("Tokens").description("Personal access tokens for scripts"),
                    new Tag().name("Top-up requests").description("Ask for more hours, for yourself or a project; "
                            + "admins approve or deny"),
                    new Tag().name("Admin").description("User administration and quota adjustments (ADMIN only)"),
                    new Tag().name("Pools").description("GPU pools: capacity and price per GPU-hour (changes: ADMIN "
                            + "only)"),
                    new Tag().name("Projects").description("Teams with hours of their own: members, managers and "
                            + "caps (creation and changes: ADMIN only)"),
                    new Tag().name("Workers").description("GPU machines that run jobs, and their tokens (ADMIN only)"),
                    new Tag().name("Worker protocol").description("What a worker calls, with its worker token: claim, "
                            + "heartbeat, finish"),
                    new Tag().name("Webhooks").description("Signed HTTP notifications of job, quota and worker events "
                            + "(ADMIN only)"),
                    new Tag().name("Reports").description("GPU-hours used, from the ledger, as JSON or CSV")))
            .addSecurityItem(new SecurityRequirement().addList(BEARER))
            .addSecurityItem(new SecurityRequirement().addList(OAUTH2))
            .addSecurityItem(new SecurityRequirement().addList(PERSONAL_TOKEN))
            .components(new Components()
                .addSecuritySchemes(BEARER, new SecurityScheme().type(SecurityScheme.Type.HTTP)
                    .scheme("bearer")
                    .bearerFormat("JWT")
                    .description("A token from POST /api/v1/auth/login"))
                .addSecuritySchemes(PERSONAL_TOKEN, new SecurityScheme().type(SecurityScheme.Type.HTTP)
                    .scheme("bearer")
                    .bearerFormat("gaasp_...")
                    .description("A personal access token (gaasp_...) from POST /api/v1/users/me/tokens. It acts as "
                            + "its user, with a USER's powers unless it was made with admin: true; it cannot "
                            + "change passwords, manage tokens or log out (403 TOKEN_NOT_ALLOWED)."))
                .addSecuritySchemes(OAUTH2, new SecurityScheme().type(SecurityScheme.Type.OAUTH2)
                    .description("Username and password (OAuth2 password grant)")
                    .flows(new OAuthFlows().password(new OAuthFlow().tokenUrl("/api/v1/auth/token")
                        .scopes(new Scopes())))));
    }

    /** The errors particular to one operation, each with an example problem. */
    private static final Map<String, List<Example>> SPECIFIC_PROBLEMS = Map.ofEntries(
            Map.entry("POST /api/v1/auth/register", List.of(
                    new Example("403", ErrorCode.REGISTRATION_CLOSED, "Registration is closed: ask an admin for an "
                            + "account."),
                    new Example("409", ErrorCode.USERNAME_TAKEN, "The username 'alice' is taken."),
                    new Example("429", ErrorCode.TOO_MANY_REQUESTS,
                            "Too many registrations from your address. Try again in 1200 seconds."))),
            Map.entry("POST /api/v1/admin/users", List.of(
                    new Example("409", ErrorCode.USERNAME_TAKEN, "The username 'alice' is taken."))),
            Map.entry("POST /api/v1/auth/login", List.of(
                    new Example("401", ErrorCode.INVALID_CREDENTIALS, "The username or password is wrong."),
                    new Example("403", ErrorCode.ACCOUNT_DISABLED, "This account is disabled."),
                    new Example("429", ErrorCode.TOO_MANY_REQUESTS,
                            "Too many failed logins for this username from your address. Try again in 840 seconds."))),
            Map.entry("POST /api/v1/auth/token", List.of(
                    new Example("429", ErrorCode.TOO_MANY_REQUESTS,
                            "Too many failed logins from your address. Try again in 840 seconds."))),
            Map.entry("POST /api/v1/users/me/password", List.of(
                    new Example("401", ErrorCode.INVALID_CREDENTIALS, "The username or password is wrong."))),
            Map.entry("POST /api/v1/users/me/tokens", List.of(
                    new Example("409", ErrorCode.TOO_MANY_TOKENS, "You already have 20 live personal access "
                            + "tokens: delete one before creating another."))),
            Map.entry("POST /api/v1/quota-requests", List.of(
                    new Example("409", ErrorCode.TOO_MANY_OPEN_REQUESTS, "You already have 10 OPEN requests: wait "
                            + "for a decision or withdraw one before asking again."))),
            Map.entry("POST /api/v1/quota-requests/{id}/withdraw", List.of(
                    new Example("403", ErrorCode.FORBIDDEN, "Only the requester can withdraw a request."),
                    new Example("409", ErrorCode.ALREADY_DECIDED, "This request is APPROVED, no longer OPEN."))),
            Map.entry("POST /api/v1/admin/quota-requests/{id}/decision", List.of(
                    new Example("409", ErrorCode.ALREADY_DECIDED, "This request is WITHDRAWN, no longer OPEN."))),
            Map.entry("POST /api/v1/jobs", List.of(
                    new Example("400", ErrorCode.INSUFFICIENT_QUOTA, "Requested 12.00 hours, but only 7.50 remain."),
                    new Example("409", ErrorCode.POOL_DISABLED, "The pool 'a100' is disabled and takes no new jobs."),
                    new Example("409", ErrorCode.PROJECT_DISABLED,
                            "The project 'vision-lab' is disabled and takes no new jobs."),
                    new Example("400", ErrorCode.CAP_EXCEEDED, "Requested 4.00 hours, but your cap in this project "
                            + "is 20.00 hours and you have spent 18.50."),
                    new Example("422", ErrorCode.IDEMPOTENCY_KEY_REUSED,
                            "This Idempotency-Key was already used with a different request body."))),
            Map.entry("POST /api/v1/jobs/{id}/cancel", List.of(
                    new Example("403", ErrorCode.FORBIDDEN, "Only the job's owner or an admin may cancel it."),
                    new Example("409", ErrorCode.INVALID_TRANSITION, "A job cannot move from COMPLETED to CANCELLED."))),
            Map.entry("PATCH /api/v1/jobs/{id}/status", List.of(
                    new Example("409", ErrorCode.INVALID_TRANSITION, "A job cannot move from PENDING to COMPLETED."),
                    new Example("409", ErrorCode.POOL_AT_CAPACITY,
                            "The job's pool has fewer free GPUs than the job needs."))),
            Map.entry("GET /api/v1/jobs", List.of(
                    new Example("400", ErrorCode.VALIDATION_FAILED, "pool: no such pool"))),
            Map.entry("GET /api/v1/pools", List.of(
                    new Example("400", ErrorCode.VALIDATION_FAILED, "size: must be between 1 and 100"))),
            Map.entry("GET /api/v1/pools/{name}", List.of(
                    new Example("404", ErrorCode.NOT_FOUND, "No such pool."))),
            Map.entry("POST /api/v1/admin/pools", List.of(
                    new Example("409", ErrorCode.POOL_NAME_TAKEN, "A pool named 'a100' exists."))),
            Map.entry("PATCH /api/v1/admin/pools/{name}", List.of(
                    new Example("404", ErrorCode.NOT_FOUND, "No such pool."))),
            Map.entry("POST /api/v1/admin/projects", List.of(
                    new Example("409", ErrorCode.PROJECT_NAME_TAKEN, "A project named 'vision-lab' exists."))),
            Map.entry("POST /api/v1/admin/projects/{id}/quota-adjustments", List.of(
                    new Example("400", ErrorCode.INSUFFICIENT_QUOTA, "Requested 20.00 hours, but only 7.50 remain."))),
            Map.entry("PUT /api/v1/projects/{id}/members/{username}", List.of(
                    new Example("403", ErrorCode.FORBIDDEN, "Only an admin makes a member a manager."))),
            Map.entry("DELETE /api/v1/projects/{id}/members/{username}", List.of(
                    new Example("403", ErrorCode.FORBIDDEN, "Only an admin removes a manager."))),
            Map.entry("POST /api/v1/admin/users/{id}/quota-adjustments", List.of(
                    new Example("400", ErrorCode.INSUFFICIENT_QUOTA, "Requested 20.00 hours, but only 7.50 remain."))),
            Map.entry("POST /api/v1/admin/projects/{id}/allocation/refill", List.of(
                    new Example("409", ErrorCode.NO_ALLOCATION, "This account has no allocation to refill from."))),
            Map.entry("POST /api/v1/admin/users/{id}/allocation/refill", List.of(
                    new Example("409", ErrorCode.NO_ALLOCATION, "This account has no allocation to refill from."))),
            Map.entry("PATCH /api/v1/admin/users/{id}", List.of(
                    new Example("409", ErrorCode.LAST_ADMIN, "This is the last enabled admin: promote or enable "
                            + "another admin before demoting or disabling it."))));

    private record Example(String status, ErrorCode code, String detail) {
    }

    /** Paths that a personal access token may not use (and admin paths, unless it was made for them). */
    private static final List<String> LOGIN_TOKEN_ONLY = List.of("/api/v1/users/me/password",
            "/api/v1/users/me/tokens", "/api/v1/auth/logout");

    /** Adds the problem responses every operation can give, so clients and docs see them all. */
    @Bean
    OpenApiCustomizer problemResponses() {
        return openApi -> {
            // The schema goes in here, next to the references to it: springdoc drops unreferenced component
            // schemas (remove-broken-reference-definitions) before customizers run, so one declared on the
            // OpenAPI bean never reached /v3/api-docs.
            openApi.getComponents().addSchemas(PROBLEM, problemSchema());
            addProblemResponses(openApi);
            boundPageParameters(openApi);
            requireWhatResponsesAlwaysSend(openApi);
            letNullableEnumsAndReferencesBeNull(openApi);
        };
    }

    /**
     * A nullable enum publishes {@code type: [string, null]} but an {@code enum} without null, and a
     * nullable reference to another schema publishes {@code type: null} next to its {@code $ref}:
     * both refuse the {@code null} they promise. Null joins the enum, and the reference becomes
     * {@code oneOf} the schema or null.
     */
    @SuppressWarnings({ "rawtypes", "unchecked" })
    private static void letNullableEnumsAndReferencesBeNull(OpenAPI openApi) {
        for (Schema<?> schema : openApi.getComponents().getSchemas().values()) {
            if (schema.getProperties() == null) {
                continue;
            }
            for (Map.Entry<String, Schema> property : schema.getProperties().entrySet()) {
                Schema value = property.getValue();
                boolean nullable = value.getTypes() != null && value.getTypes().contains("null");
                if (nullable && value.getEnum() != null && !value.getEnum().contains(null)) {
                    List<Object> values = new ArrayList<>(value.getEnum());
                    values.add(null);
                    value.setEnum(values);
                }
                if (nullable && value.get$ref() != null) {
                    Schema reference = new Schema<>().$ref(value.get$ref());
                    Schema nothing = new Schema<>();
                    nothing.addType("null");
                    Schema either = new Schema<>().oneOf(List.of(reference, nothing));
                    either.setDescription(value.getDescription());
                    property.setValue(either);
                }
            }
        }
    }

    /** The limits that {@link PageRequests} enforces, so that clients see them and bad values are 400. */
    private static void boundPageParameters(OpenAPI openApi) {
        openApi.getPaths().values().forEach(item -> item.readOperations().forEach(op -> {
            if (op.getParameters() == null) {
                return;
            }
            op.getParameters().stream().filter(parameter -> "query".equals(parameter.getIn())).forEach(parameter -> {
                if (parameter.getName().equals("page")) {
                    parameter.description("Page number, from 0").getSchema().minimum(BigDecimal.ZERO);
                }
                else if (parameter.getName().equals("size")) {
                    parameter.description("Page size, 1.." + PageRequests.MAX_SIZE)
                        .getSchema()
                        .minimum(BigDecimal.ONE)
                        .maximum(BigDecimal.valueOf(PageRequests.MAX_SIZE));
                }
            });
        }));
    }

    /**
     * Marks every field of the schemas that only responses use as required (see
     * {@link #OMITTED_WHEN_ABSENT}): a client may count on it being there, with {@code null} only where
     * the schema says so.
     */
    private static void requireWhatResponsesAlwaysSend(OpenAPI openApi) {
        @SuppressWarnings("rawtypes")
        Map<String, Schema> schemas = openApi.getComponents().getSchemas();
        Set<String> inResponses = new TreeSet<>();
        Set<String> inRequests = new TreeSet<>();
        openApi.getPaths().values().forEach(item -> item.readOperations().forEach(op -> {
            if (op.getRequestBody() != null && op.getRequestBody().getContent() != null) {
                op.getRequestBody().getContent().values()
                    .forEach(media -> collectReferences(media.getSchema(), schemas, inRequests));
            }
            op.getResponses().values().stream().filter(response -> response.getContent() != null)
                .forEach(response -> response.getContent().values()
                    .forEach(media -> collectReferences(media.getSchema(), schemas, inResponses)));
        }));
        inResponses.removeAll(inRequests);
        for (String name : inResponses) {
            Schema<?> schema = schemas.get(name);
            if (schema == null || schema.getProperties() == null) {
                continue;
            }
            Set<String> omitted = OMITTED_WHEN_ABSENT.getOrDefault(name, Set.of());
            schema.setRequired(schema.getProperties().keySet().stream().filter(p -> !omitted.contains(p)).toList());
        }
    }

    @SuppressWarnings("rawtypes")
    private static void collectReferences(Schema<?> schema, Map<String, Schema> schemas, Set<String> names) {
        if (schema == null) {
            return;
        }
        if (schema.get$ref() != null) {
            String name = schema.get$ref().substring(schema.get$ref().lastIndexOf('/') + 1);
            if (names.add(name)) {
                collectReferences(schemas.get(name), schemas, names);
            }
            return;
        }
        if (schema.getProperties() != null) {
            schema.getProperties().values().forEach(property -> collectReferences(property, schemas, names));
        }
        collectReferences(schema.getItems(), schemas, names);
        for (List<Schema> composed : Arrays.asList(schema.getAllOf(), schema.getAnyOf(), schema.getOneOf())) {
            if (composed != null) {
                composed.forEach(part -> collectReferences(part, schemas, names));
            }
        }
    }

    private static void addProblemResponses(OpenAPI openApi) {
        openApi.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, op) -> {
            SPECIFIC_PROBLEMS.getOrDefault(method + " " + path, List.of())
                .forEach(example -> addProblem(op, path, example.status(), example.code().title(), example));
            boolean isPublic = op.getSecurity() != null && op.getSecurity().isEmpty();
            boolean hasParameters = op.getParameters() != null && op.getParameters().stream()
                .anyMatch(parameter -> "query".equals(parameter.getIn()) || "header".equals(parameter.getIn()));
            if (hasParameters) {
                addProblem(op, path, "400", "Invalid input", new Example("400", ErrorCode.VALIDATION_FAILED,
                        "size: must be between 1 and " + PageRequests.MAX_SIZE));
            }
            // Any request: characters the firewall refuses in the path, and an Accept it cannot serve.
            addProblem(op, path, "400", "Invalid input", new Example("400", ErrorCode.MALFORMED_REQUEST,
                    "The request has characters that are not allowed."));
            addProblem(op, path, "406", "No acceptable media type", new Example("406", ErrorCode.NOT_ACCEPTABLE,
                    "Not acceptable"));
            // The OAuth2 token endpoint answers bad input in RFC 6749's own format, documented on it.
            if (op.getRequestBody() != null && !path.equals("/api/v1/auth/token")) {
                addProblem(op, path, "400", "Invalid input", new Example("400", ErrorCode.VALIDATION_FAILED,
                        "gpuHours: must have at most 2 decimal places"));
                addProblem(op, path, "400", "Invalid input", new Example("400", ErrorCode.MALFORMED_REQUEST,
                        "The request body is missing, is not valid JSON, or has a value of the wrong type."));
            }
            // The limit applies to every request, whether or not the operation reads a body.
            addProblem(op, path, "413", "Body over 64 KiB", new Example("413", ErrorCode.PAYLOAD_TOO_LARGE,
                    "The request body is larger than 64 KiB."));
            if (op.getRequestBody() != null) {
                addProblem(op, path, "415", "Wrong Content-Type", new Example("415",
                        ErrorCode.UNSUPPORTED_MEDIA_TYPE, "Content-Type 'text/plain' is not supported."));
            }
            if (!isPublic) {
                addProblem(op, path, "401", "No, expired, revoked or invalid token", new Example("401",
                        ErrorCode.UNAUTHENTICATED, "The token is invalid, expired or revoked."));
            }
            if (path.startsWith("/api/v1/admin") || path.endsWith("/status")) {
                addProblem(op, path, "403", "ADMIN only", new Example("403", ErrorCode.FORBIDDEN,
                        "You are not allowed to do this."));
            }
            if (path.startsWith("/api/v1/admin") || LOGIN_TOKEN_ONLY.stream().anyMatch(path::startsWith)) {
                addProblem(op, path, "403", "Not with this kind of token", new Example("403",
                        ErrorCode.TOKEN_NOT_ALLOWED, "This kind of token cannot be used here: log in with your "
                                + "password for this."));
            }
            if (path.contains("{id}")) {
                addProblem(op, path, "404", "No such resource (or another user's job)", new Example("404",
                        ErrorCode.NOT_FOUND, "No such job."));
            }
            // Every operation reads the database, if only for the caller's token.
            addProblem(op, path, "503", "The database is not reachable: nothing was changed, try again",
                    new Example("503", ErrorCode.SERVICE_UNAVAILABLE, ProblemDetails.DATABASE_UNAVAILABLE));
        }));
    }

    private static void addProblem(io.swagger.v3.oas.models.Operation operation, String path, String status,
            String description, Example example) {
        if (operation.getResponses() == null) {
            return;
        }
        ApiResponse response = operation.getResponses().get(status);
        if (response == null) {
            response = new ApiResponse().description(description);
            operation.getResponses().addApiResponse(status, response);
        }
        if (response.getContent() == null) {
            response.setContent(new Content());
        }
        MediaType problemJson = response.getContent().get(PROBLEM_JSON);
        if (problemJson == null) {
            problemJson = new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM));
            response.getContent().addMediaType(PROBLEM_JSON, problemJson);
        }
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("type", example.code().type());
        value.put("title", example.code().title());
        value.put("status", example.code().status().value());
        value.put("detail", example.detail());
        value.put("instance", path);
        value.put("code", example.code().name());
        problemJson.addExamples(example.code().name(), new io.swagger.v3.oas.models.examples.Example().value(value));
        if (example.code() == ErrorCode.TOO_MANY_REQUESTS) {
            response.addHeaderObject("Retry-After", new Header()
                .description("Seconds until the limit lets the request through again (the oldest counted attempt "
                        + "leaves its window)")
                .required(true)
                .schema(new IntegerSchema().minimum(BigDecimal.ZERO)));
        }
        if (status.equals("401")) {
            response.addHeaderObject("WWW-Authenticate", new Header()
                .description("The bearer challenge (RFC 6750), e.g. Bearer realm=\"gaas\", error=\"invalid_token\"")
                .required(true)
                .schema(new StringSchema()));
        }
    }

    @SuppressWarnings({ "rawtypes", "unchecked" })
    private static Schema<?> problemSchema() {
        Schema fieldError = new ObjectSchema().addProperty("field", new StringSchema())
            .addProperty("message", new StringSchema())
            .required(List.of("field", "message"));
        return new ObjectSchema().description("RFC 9457 problem details with a stable code")
            .addProperty("type", new StringSchema().example("urn:gaas:problem:insufficient-quota"))
            .addProperty("title", new StringSchema().example("Insufficient quota"))
            .addProperty("status", new IntegerSchema().example(400))
            .addProperty("detail", new StringSchema().example("Requested 12.00 hours, but only 7.50 remain."))
            .addProperty("instance", new StringSchema().example("/api/v1/jobs"))
            .addProperty("code", new StringSchema().example("INSUFFICIENT_QUOTA")
                ._enum(Arrays.stream(ErrorCode.values()).map(Enum::name).toList()))
            .addProperty("errors", new ArraySchema().items(fieldError));
    }
}

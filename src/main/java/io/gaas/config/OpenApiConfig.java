package io.gaas.config;

import java.util.Arrays;
import java.util.List;

import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.info.BuildProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.gaas.web.ErrorCode;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
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
import io.swagger.v3.oas.models.tags.Tag;

/**
 * The OpenAPI document: both security schemes (a pasted bearer token, and the OAuth2 password
 * flow that Swagger UI's Authorize dialog uses), the shared problem schema, and the error
 * responses that every operation can give.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfig {

    static final String BEARER = "bearer";
    static final String OAUTH2 = "oauth2";
    static final String PROBLEM = "Problem";
    private static final String PROBLEM_JSON = "application/problem+json";

    @Bean
    OpenAPI gaasOpenApi(ObjectProvider<BuildProperties> build) {
        String version = build.getIfAvailable() != null ? build.getIfAvailable().getVersion() : "1";
        return new OpenAPI()
            .info(new Info().title("GaaS — GPU quota service")
                .version(version)
                .description("""
                        Share GPUs fairly: register, get a GPU-hour quota, submit jobs that spend it; admins \
                        approve and track them. Hours are exact decimals (at most 2 places). Every error is an \
                        RFC 9457 problem (application/problem+json) with a stable `code`.

                        **Try it:** click *Authorize*, enter a username and password under *oauth2* (or paste a \
                        token from `POST /api/v1/auth/login` under *bearer*)."""))
            .tags(List.of(
                    new Tag().name("Auth").description("Register, log in (JSON or OAuth2 password grant), log out"),
                    new Tag().name("Users").description("Your account, your quota and its ledger"),
                    new Tag().name("Jobs").description("Submit jobs against your quota and follow their lifecycle"),
                    new Tag().name("Admin").description("User administration and quota adjustments (ADMIN only)")))
            .addSecurityItem(new SecurityRequirement().addList(BEARER))
            .addSecurityItem(new SecurityRequirement().addList(OAUTH2))
            .components(new Components()
                .addSecuritySchemes(BEARER, new SecurityScheme().type(SecurityScheme.Type.HTTP)
                    .scheme("bearer")
                    .bearerFormat("JWT")
                    .description("A token from POST /api/v1/auth/login"))
                .addSecuritySchemes(OAUTH2, new SecurityScheme().type(SecurityScheme.Type.OAUTH2)
                    .description("Username and password (OAuth2 password grant)")
                    .flows(new OAuthFlows().password(new OAuthFlow().tokenUrl("/api/v1/auth/token")
                        .scopes(new Scopes())))));
    }

    /** Adds the problem responses every operation can give, so clients and docs see them all. */
    @Bean
    OpenApiCustomizer problemResponses() {
        return openApi -> {
            // The schema goes in here, next to the references to it: springdoc drops unreferenced component
            // schemas (remove-broken-reference-definitions) before customizers run, so one declared on the
            // OpenAPI bean never reached /v3/api-docs.
            openApi.getComponents().addSchemas(PROBLEM, problemSchema());
            addProblemResponses(openApi);
        };
    }

    private static void addProblemResponses(OpenAPI openApi) {
        openApi.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, op) -> {
            boolean isPublic = op.getSecurity() != null && op.getSecurity().isEmpty();
            boolean hasBody = op.getRequestBody() != null;
            if (hasBody) {
                addProblem(op, "400", "Invalid input: VALIDATION_FAILED (with errors[]) or MALFORMED_REQUEST");
                addProblem(op, "413", "PAYLOAD_TOO_LARGE: body over 64 KiB");
                addProblem(op, "415", "UNSUPPORTED_MEDIA_TYPE");
            }
            if (!isPublic) {
                addProblem(op, "401", "UNAUTHENTICATED: no, expired, revoked or invalid token");
            }
            if (path.startsWith("/api/v1/admin") || path.endsWith("/status")) {
                addProblem(op, "403", "FORBIDDEN: ADMIN only");
            }
            if (path.contains("{id}")) {
                addProblem(op, "404", "NOT_FOUND");
            }
        }));
    }

    private static void addProblem(io.swagger.v3.oas.models.Operation operation, String status, String description) {
        if (operation.getResponses() == null || operation.getResponses().containsKey(status)) {
            return;
        }
        operation.getResponses()
            .addApiResponse(status, new ApiResponse().description(description)
                .content(new Content().addMediaType(PROBLEM_JSON,
                        new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM)))));
    }

    @SuppressWarnings({ "rawtypes", "unchecked" })
    private static Schema<?> problemSchema() {
        Schema fieldError = new ObjectSchema().addProperty("field", new StringSchema())
            .addProperty("message", new StringSchema());
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

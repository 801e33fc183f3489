package io.gaas.worker;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.gaas.web.ErrorCode;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityScheme;

/**
 * The worker side of the OpenAPI document: the worker token as a security scheme of its own, and
 * the errors of the worker endpoints (and {@code TOKEN_NOT_ALLOWED} on every authenticated one).
 */
@Configuration(proxyBeanMethods = false)
class WorkerOpenApi {

    static final String WORKER_TOKEN = "workerToken";
    private static final String PROBLEM_JSON = "application/problem+json";

    private record Problem(String status, ErrorCode code, String detail) {
    }

    private static final Map<String, List<Problem>> PROBLEMS = Map.of(
            "POST /api/v1/admin/workers", List.of(
                    new Problem("409", ErrorCode.WORKER_NAME_TAKEN, "The worker name 'node-01' is taken.")),
            "POST /api/v1/worker/jobs/{id}/heartbeat", List.of(
                    new Problem("409", ErrorCode.LEASE_LOST, "This job is no longer running on this worker.")),
            "POST /api/v1/worker/jobs/{id}/finish", List.of(
                    new Problem("409", ErrorCode.LEASE_LOST, "This job is no longer running on this worker."),
                    new Problem("413", ErrorCode.PAYLOAD_TOO_LARGE, "The request body is larger than 256 KiB.")),
            "POST /api/v1/jobs/{id}/stop", List.of(
                    new Problem("409", ErrorCode.INVALID_TRANSITION, "Only a job that a worker is running can be stopped.")),
            "GET /api/v1/jobs/{id}/output", List.of(
                    new Problem("404", ErrorCode.NOT_FOUND, "This job has no output (yet).")));

    @Bean
    OpenApiCustomizer workerOpenApiCustomizer() {
        return openApi -> {
            if (openApi.getComponents() == null) {
                openApi.setComponents(new Components());
            }
            openApi.getComponents().addSecuritySchemes(WORKER_TOKEN, new SecurityScheme().type(SecurityScheme.Type.HTTP)
                .scheme("bearer")
                .bearerFormat("gaasw_...")
                .description("A worker token (POST /api/v1/admin/workers): only for /api/v1/worker/**, where user "
                        + "tokens are refused"));
            openApi.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
                PROBLEMS.getOrDefault(method + " " + path, List.of()).forEach(problem -> add(operation, path, problem));
                boolean isPublic = operation.getSecurity() != null && operation.getSecurity().isEmpty();
                if (!isPublic && path.startsWith("/api/")) {
                    add(operation, path, new Problem("403", ErrorCode.TOKEN_NOT_ALLOWED, path.startsWith("/api/v1/worker/")
                            ? "This endpoint takes a worker token, not a user's token."
                            : "A worker token works only under /api/v1/worker/."));
                }
            }));
        };
    }

    private static void add(Operation operation, String path, Problem problem) {
        if (operation.getResponses() == null) {
            return;
        }
        ApiResponse response = operation.getResponses().get(problem.status());
        if (response == null) {
            response = new ApiResponse().description(problem.code().title());
            operation.getResponses().addApiResponse(problem.status(), response);
        }
        if (response.getContent() == null) {
            response.setContent(new Content());
        }
        MediaType problemJson = response.getContent().get(PROBLEM_JSON);
        if (problemJson == null) {
            problemJson = new MediaType().schema(new Schema<>().$ref("#/components/schemas/Problem"));
            response.getContent().addMediaType(PROBLEM_JSON, problemJson);
        }
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("type", problem.code().type());
        value.put("title", problem.code().title());
        value.put("status", problem.code().status().value());
        value.put("detail", problem.detail());
        value.put("instance", path);
        value.put("code", problem.code().name());
        problemJson.addExamples(problem.code().name(), new Example().value(value));
    }
}

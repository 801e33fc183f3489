package io.gaas.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import io.gaas.support.OpenApiContract;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The published OpenAPI document as a client generator reads it: the project's version, nullable
 * fields as nullable, every header with a schema, the 400s of the list endpoints. It is also written
 * to {@code target/openapi.json}, where the CI lints it (Redocly, Spectral).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class OpenApiDocumentIntegrationTests {

    @LocalServerPort
    int port;

    JsonNode document;

    @BeforeEach
    void setUp() {
        document = OpenApiContract.of("http://localhost:" + port).document();
    }

    @Test
    void documentWhenServedThenIsWrittenForTheLinters() throws IOException {
        Path file = Path.of("target", "openapi.json");
        Files.createDirectories(file.getParent());
        Files.writeString(file, JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build()
            .writeValueAsString(document));

        assertThat(document.get("openapi").asString()).startsWith("3.1.");
        assertThat(Files.size(file)).isPositive();
    }

    @Test
    void infoVersionWhenServedThenIsTheProjectVersionFromTheBuild() {
        String projectVersion = System.getProperty("gaas.project.version");
        assertThat(projectVersion).as("set by the build (surefire)").isNotBlank();

        assertThat(document.get("info").get("version").asString()).isEqualTo(projectVersion);
    }

    @Test
    void schemasWhenAFieldCanBeNullThenPublishItAsNullable() {
        assertThat(types("JobResponse", "description")).containsExactlyInAnyOrder("string", "null");
        assertThat(types("JobResponse", "usedHours")).containsExactlyInAnyOrder("number", "null");
        assertThat(types("HistoryEntry", "reason")).containsExactlyInAnyOrder("string", "null");
        assertThat(types("LedgerEntryResponse", "note")).containsExactlyInAnyOrder("string", "null");
        assertThat(types("LedgerEntryResponse", "jobId")).containsExactlyInAnyOrder("string", "null");
        assertThat(types("JobResponse", "name")).containsExactly("string");
        assertThat(types("LedgerEntryResponse", "by")).containsExactly("string");
    }

    @Test
    void responseSchemasWhenAFieldIsAlwaysSentThenRequireIt() {
        assertThat(required("JobResponse")).contains("id", "name", "description", "usedHours", "status", "owner")
            .doesNotContain("history");
        assertThat(required("LedgerEntryResponse")).containsExactlyInAnyOrder("id", "at", "kind", "deltaHours",
                "balanceAfter", "jobId", "note", "by");
        assertThat(required("Problem")).contains("type", "title", "status", "detail", "code").doesNotContain("errors");
        // A request schema keeps only what the client must send.
        assertThat(required("SubmitJobRequest")).containsExactlyInAnyOrder("name", "gpuHours");
    }

    @Test
    void responsesWhenTheyHaveHeadersThenEachHasASchema() {
        int headers = 0;
        for (JsonNode pathItem : document.get("paths")) {
            for (JsonNode operation : pathItem) {
                for (JsonNode response : operation.path("responses")) {
                    for (String name : response.path("headers").propertyNames()) {
                        assertThat(response.get("headers").get(name).has("schema")).as(name).isTrue();
                        headers++;
                    }
                }
            }
        }
        assertThat(headers).isGreaterThan(2);
        JsonNode paths = document.get("paths");
        assertThat(paths.at("/~1api~1v1~1jobs/post/responses/201/headers/Location/schema/type").asString())
            .isEqualTo("string");
        assertThat(paths.at("/~1api~1v1~1auth~1register/post/responses/201/headers/Location/schema/type").asString())
            .isEqualTo("string");
        assertThat(paths.at("/~1api~1v1~1users~1me/get/responses/401/headers").propertyNames())
            .contains("WWW-Authenticate");
    }

    @Test
    void listEndpointsWhenPageOrSizeOrStatusIsBadThenDocument400() {
        for (String list : new String[] { "/api/v1/jobs", "/api/v1/users/me/ledger", "/api/v1/admin/users",
                "/api/v1/admin/users/{id}/ledger" }) {
            JsonNode operation = document.get("paths").get(list).get("get");
            assertThat(operation.get("responses").propertyNames()).as(list).contains("200", "400", "401");
            assertThat(operation.get("responses").get("400").get("content").propertyNames()).as(list)
                .containsExactly("application/problem+json");
        }
        JsonNode status = document.get("paths").get("/api/v1/jobs").get("get").get("parameters").valueStream()
            .filter(parameter -> parameter.get("name").asString().equals("status"))
            .findFirst()
            .orElseThrow();
        assertThat(status.toString()).contains("PENDING", "COMPLETED");
    }

    private List<String> types(String schema, String property) {
        JsonNode type = document.at("/components/schemas/" + schema + "/properties/" + property + "/type");
        assertThat(type.isMissingNode()).as(schema + "." + property).isFalse();
        return type.isArray() ? type.valueStream().map(JsonNode::asString).toList() : List.of(type.asString());
    }

    private List<String> required(String schema) {
        return document.at("/components/schemas/" + schema + "/required").valueStream().map(JsonNode::asString)
            .toList();
    }
}

package io.gaas.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class WorkerOptionsTests {

    @Test
    void fullCommandLineIsParsed() throws Exception {
        WorkerOptions options = WorkerOptions.parse(List.of("--server", "https://gaas.example.org/", "--token-file",
                "/etc/gaas/token", "--gpus", "0, 1,GPU-8f1c2d3e-aaaa-bbbb", "--workdir=/srv/work", "--drain", "PT30S"),
                Map.of());

        assertThat(options.server()).hasToString("https://gaas.example.org");
        assertThat(options.tokenFile()).isEqualTo(Path.of("/etc/gaas/token"));
        assertThat(options.gpus()).containsExactly("0", "1", "GPU-8f1c2d3e-aaaa-bbbb");
        assertThat(options.workdir()).isEqualTo(Path.of("/srv/work"));
        assertThat(options.drain()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void serverAndTokenMayComeFromTheEnvironmentAndDefaultsApply() throws Exception {
        WorkerOptions options = WorkerOptions.parse(List.of("--gpus", "3"),
                Map.of("GAAS_SERVER", "http://10.0.0.5:8080", "GAAS_WORKER_TOKEN", " gaasw_abc \n"));

        assertThat(options.server()).hasToString("http://10.0.0.5:8080");
        assertThat(options.tokenFile()).isNull();
        assertThat(options.envToken()).isEqualTo("gaasw_abc");
        assertThat(options.workdir()).isEqualTo(Path.of("gaas-work").toAbsolutePath());
        assertThat(options.drain()).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void commandLineWinsOverTheEnvironment() throws Exception {
        WorkerOptions options = WorkerOptions.parse(List.of("--server", "http://a:1", "--token-file", "/t",
                "--gpus", "0"), Map.of("GAAS_SERVER", "http://b:2", "GAAS_WORKER_TOKEN", "gaasw_env"));

        assertThat(options.server()).hasToString("http://a:1");
        assertThat(options.tokenFile()).isEqualTo(Path.of("/t"));
    }

    @Test
    void badValuesAreRefusedWithUsageExitCodeNamingTheOption() {
        assertRefused("--server", List.of("--server", "localhost:8080", "--token-file", "/t", "--gpus", "0"));
        assertRefused("--server", List.of("--server", "http://user:pw@host", "--token-file", "/t", "--gpus", "0"));
        assertRefused("--gpus", List.of("--server", "http://h", "--token-file", "/t", "--gpus", "0,,1"));
        assertRefused("--gpus", List.of("--server", "http://h", "--token-file", "/t", "--gpus", "-1"));
        assertRefused("--gpus", List.of("--server", "http://h", "--token-file", "/t", "--gpus", "1,01,1"));
        assertRefused("--drain", List.of("--server", "http://h", "--token-file", "/t", "--gpus", "0", "--drain",
                "-PT1S"));
        assertRefused("--workdir", List.of("--server", "http://h", "--token-file", "/t", "--gpus", "0",
                "--workdir"));
        assertRefused("--token-file", List.of("--server", "http://h", "--gpus", "0"));
        assertRefused("unknown argument 'extra'", List.of("--server", "http://h", "--token-file", "/t", "--gpus", "0",
                "extra"));
    }

    @Test
    void sixtyFiveGpusAreTooMany() {
        String gpus = String.join(",", java.util.stream.IntStream.range(0, 65).mapToObj(Integer::toString).toList());

        assertRefused("at most 64", List.of("--server", "http://h", "--token-file", "/t", "--gpus", gpus));
    }

    private static void assertRefused(String mention, List<String> args) {
        assertThatThrownBy(() -> WorkerOptions.parse(args, Map.of()))
                .isInstanceOf(WorkerStartException.class)
                .hasMessageContaining(mention)
                .satisfies(e -> assertThat(((WorkerStartException) e).exitCode()).isEqualTo(WorkerExit.USAGE));
    }
}

package io.gaas.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenFileTests {

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"rw-------", "r--------"})
    void privateFileIsReadWithoutItsLineEnd(String mode) throws Exception {
        Path file = tokenFile("gaasw_0123456789abcdef\n", mode);

        assertThat(TokenFile.read(file)).isEqualTo("gaasw_0123456789abcdef");
    }

    @ParameterizedTest
    @ValueSource(strings = {"rw-r-----", "rw----r--", "rw-----w-", "rw--w----", "rw------x"})
    void fileOthersCanReachIsRefused(String mode) throws Exception {
        Path file = tokenFile("gaasw_0123456789abcdef\n", mode);

        assertRefused(file, "chmod 600");
    }

    @Test
    void emptyOrMultiLineTokenIsRefused() throws Exception {
        assertRefused(tokenFile("\n", "rw-------"), "single line");
        assertRefused(tokenFile("gaasw_a\ngaasw_b\n", "rw-------"), "single line");
    }

    @Test
    void directoryOrMissingFileIsRefused() {
        assertRefused(dir, "not a regular file");
        assertRefused(dir.resolve("absent"), "does not exist");
    }

    private Path tokenFile(String content, String mode) throws Exception {
        Path file = dir.resolve("token-" + System.nanoTime());
        Files.writeString(file, content);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
        return file;
    }

    private static void assertRefused(Path file, String mention) {
        assertThatThrownBy(() -> TokenFile.read(file))
                .isInstanceOf(WorkerStartException.class)
                .hasMessageContaining(mention)
                .satisfies(e -> assertThat(((WorkerStartException) e).exitCode()).isEqualTo(WorkerExit.TOKEN_FILE));
    }
}

package io.gaas.runner;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutputTailTests {

    @TempDir
    Path dir;

    @Test
    void shortOutputIsReturnedWhole() throws Exception {
        assertThat(OutputTail.read(write("hello\nworld\n"))).isEqualTo("hello\nworld\n");
    }

    @Test
    void missingOrEmptyFileIsEmptyOutput() throws Exception {
        assertThat(OutputTail.read(dir.resolve("absent"))).isEmpty();
        assertThat(OutputTail.read(write(""))).isEmpty();
    }

    @Test
    void longOutputKeepsExactlyItsLastCharacters() throws Exception {
        String text = "0123456789".repeat(10_000) + "END";

        assertThat(OutputTail.read(write(text))).hasSize(OutputTail.MAX_CHARS)
                .isEqualTo(text.substring(text.length() - OutputTail.MAX_CHARS));
    }

    @Test
    void invalidUtf8IsReplacedAndNulDropped() throws Exception {
        byte[] bytes = {'a', (byte) 0xFF, 'b', 0, 'c', (byte) 0xC3, 'd'};

        assertThat(OutputTail.read(write(bytes))).isEqualTo("a\uFFFDbc\uFFFDd");
    }

    @Test
    void multiByteCharactersCutByTheReadWindowAreNotHalved() throws Exception {
        // 3-byte and 4-byte characters only: the window of bytes read starts inside one of them.
        String text = "é€😀".repeat(20_000);

        String tail = OutputTail.read(write(text), 100);

        assertThat(tail).hasSizeLessThanOrEqualTo(100).doesNotContain("\uFFFD");
        assertThat(text).endsWith(tail);
        assertThat(Character.isLowSurrogate(tail.charAt(0))).isFalse();
        assertThat(tail.length()).isGreaterThanOrEqualTo(99);
    }

    @Test
    void nulCharactersDoNotCountTowardsTheLimit() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < 50; i++) {
            bytes.write('x');
            bytes.write(0);
        }

        assertThat(OutputTail.read(write(bytes.toByteArray()), 10)).isEqualTo("x".repeat(10));
    }

    private Path write(String text) throws Exception {
        return write(text.getBytes(StandardCharsets.UTF_8));
    }

    private Path write(byte[] bytes) throws Exception {
        Path file = dir.resolve("output-" + System.nanoTime() + ".log");
        Files.write(file, bytes);
        return file;
    }
}

package io.gaas.runner;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The end of a job's output file, as the service accepts it: at most {@code maxChars} characters,
 * invalid UTF-8 replaced by U+FFFD and NUL characters dropped. Only the last few bytes of the file
 * are read, however large it has grown, so a job that writes gigabytes costs the worker no memory.
 */
final class OutputTail {

    /** The most the service keeps of a job's output. */
    static final int MAX_CHARS = 32768;

    // A character is at most 4 bytes of UTF-8, and an invalid byte becomes one character.
    private static final int BYTES_PER_CHAR = 4;

    private OutputTail() {
    }

    static String read(Path file) {
        return read(file, MAX_CHARS);
    }

    static String read(Path file, int maxChars) {
        if (!Files.isRegularFile(file)) {
            return "";
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            int length = (int) Math.min(size, (long) maxChars * BYTES_PER_CHAR + BYTES_PER_CHAR);
            long start = size - length;
            ByteBuffer bytes = ByteBuffer.allocate(length);
            while (bytes.hasRemaining()) {
                if (channel.read(bytes, start + bytes.position()) < 0) {
                    break;
                }
            }
            bytes.flip();
            if (start > 0) {
                skipContinuationBytes(bytes);
            }
            return lastChars(decode(bytes), maxChars);
        } catch (IOException e) {
            return "";
        }
    }

    /** Starting mid-file may cut a character in two: its trailing bytes are not output. */
    private static void skipContinuationBytes(ByteBuffer bytes) {
        for (int i = 0; i < BYTES_PER_CHAR - 1 && bytes.hasRemaining(); i++) {
            if ((bytes.get(bytes.position()) & 0xC0) != 0x80) {
                return;
            }
            bytes.position(bytes.position() + 1);
        }
    }

    private static CharBuffer decode(ByteBuffer bytes) throws CharacterCodingException {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        return decoder.decode(bytes);
    }

    private static String lastChars(CharBuffer chars, int maxChars) {
        int from = chars.limit();
        int counted = 0;
        while (from > 0 && counted < maxChars) {
            from--;
            if (chars.get(from) != '\0') {
                counted++;
            }
        }
        if (from < chars.limit() && Character.isLowSurrogate(chars.get(from))) {
            from++; // half of a pair whose other half did not fit
        }
        StringBuilder kept = new StringBuilder(counted);
        for (int i = from; i < chars.limit(); i++) {
            char c = chars.get(i);
            if (c != '\0') {
                kept.append(c);
            }
        }
        return kept.toString();
    }
}

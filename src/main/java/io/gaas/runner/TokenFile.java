package io.gaas.runner;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/**
 * Reads the worker token from its file, which must be private to its owner: a token that other
 * accounts on the machine can read lets them claim (and fake the results of) the pool's jobs.
 */
final class TokenFile {

    private static final Set<PosixFilePermission> NOT_PRIVATE = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private static final int MAX_BYTES = 4096;

    private TokenFile() {
    }

    static String read(Path file) throws WorkerStartException {
        try {
            if (!Files.exists(file)) {
                throw refused(file, "does not exist");
            }
            if (!Files.isRegularFile(file)) {
                throw refused(file, "is not a regular file");
            }
            PosixFileAttributeView posix = Files.getFileAttributeView(file, PosixFileAttributeView.class);
            if (posix != null) {
                Set<PosixFilePermission> permissions = posix.readAttributes().permissions();
                if (permissions.stream().anyMatch(NOT_PRIVATE::contains)) {
                    throw refused(file, "is readable or writable by others (mode "
                            + PosixFilePermissions.toString(permissions) + "); make it private: chmod 600 " + file);
                }
            }
            if (Files.size(file) > MAX_BYTES) {
                throw refused(file, "is too large to hold a worker token");
            }
            String token = StandardCharsets.UTF_8.newDecoder().decode(
                    java.nio.ByteBuffer.wrap(Files.readAllBytes(file))).toString().strip();
            if (token.isEmpty() || token.chars().anyMatch(c -> c <= ' ' || c == 0x7f)) {
                throw refused(file, "must hold the worker token on a single line");
            }
            return token;
        } catch (NoSuchFileException e) {
            throw refused(file, "does not exist");
        } catch (java.nio.file.AccessDeniedException e) {
            throw refused(file, "cannot be read: permission denied");
        } catch (CharacterCodingException e) {
            throw refused(file, "is not UTF-8 text");
        } catch (IOException e) {
            throw refused(file, "cannot be read (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static WorkerStartException refused(Path file, String why) {
        return new WorkerStartException(WorkerExit.TOKEN_FILE, "token file " + file + " " + why);
    }
}

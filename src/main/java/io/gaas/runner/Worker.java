package io.gaas.runner;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The worker program: at start it settles the jobs the service says it holds from an earlier run,
 * then claims jobs while it has free GPUs (one long poll at a time), runs each on its own thread
 * ({@link JobRun}), and on {@link #requestStop()} stops claiming, lets its jobs run until the drain
 * time is over, kills what is left, reports, and returns.
 */
final class Worker {

    static final String OUTPUT_FILE = "output.log";
    private static final String STATE_DIR = ".state";
    private static final long NEVER = Long.MAX_VALUE;

    private final WorkerOptions options;
    private final RunnerSettings settings;
    private final WorkerLog log;
    private final WorkerClient client;
    private final GpuSlots slots;
    private final Map<String, String> jobEnvironment;
    private final Set<JobRun> runs = ConcurrentHashMap.newKeySet();
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile Thread mainThread;
    private final Object claimState = new Object();
    private boolean inClaim;
    private volatile boolean stopping;
    private volatile long drainDeadline = NEVER;
    private volatile long reportDeadline = NEVER;
    private volatile CallFailure tokenRefusal;

    /**
     * @param environment the worker's own environment, which jobs inherit without the token
     */
    Worker(WorkerOptions options, String token, RunnerSettings settings, WorkerLog log, String version,
            Map<String, String> environment) {
        this.options = options;
        this.settings = settings;
        this.log = log;
        this.client = new WorkerClient(options.server(), token, version);
        this.slots = new GpuSlots(options.gpus());
        this.jobEnvironment = withoutToken(environment, token);
    }

    /**
     * Runs until stopped. Returns normally after a stop; throws when the service refused the token
     * (the jobs are then killed and not reported: the service ends them when their leases expire).
     */
    void run() throws WorkerStartException, IOException {
        mainThread = Thread.currentThread();
        try {
            createPrivateDirectory(options.workdir());
            createPrivateDirectory(options.workdir().resolve(STATE_DIR));
            log.info("gaas-worker serving %s with GPUs %s in %s", options.server(), String.join(",", options.gpus()),
                    options.workdir());
            try {
                recoverHeldJobs();
            } catch (InterruptedException e) {
                // Stopped (or the token refused) while settling old jobs: the loop below sees which.
            }
            claimWhileRunning();
            awaitRuns();
            if (tokenRefusal != null) {
                throw new WorkerStartException(WorkerExit.TOKEN_REFUSED,
                        "the server refused the worker token: " + tokenRefusal.getMessage());
            }
            log.info("gaas-worker stopped");
        } finally {
            client.close();
            finished.countDown();
        }
    }

    /**
     * Stops claiming and starts the drain: running jobs may go on for {@code --drain}, then they are
     * killed and reported. Returns at once; {@link #awaitFinished} waits for the end.
     */
    void requestStop() {
        if (stopping) {
            return;
        }
        long now = System.nanoTime();
        drainDeadline = now + options.drain().toNanos();
        reportDeadline = drainDeadline + settings.killGrace().toNanos() + settings.reportWindow().toNanos();
        stopping = true;
        log.info("stopping: no more claims; %d running job(s) may go on for %s", runs.size(), options.drain());
        wakeEverything();
    }

    boolean awaitFinished(Duration timeout) throws InterruptedException {
        return finished.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    boolean isFinished() {
        return finished.getCount() == 0;
    }

    // ---- claiming ----

    private void claimWhileRunning() {
        Backoff backoff = newBackoff();
        int waitSeconds = (int) Math.clamp(settings.claimWait().toSeconds(), 0, 30);
        long quickAnswer = Math.min(Duration.ofSeconds(1).toNanos(), settings.claimWait().toNanos() / 2);
        while (!stopping && tokenRefusal == null) {
            try {
                int free = slots.awaitFree();
                if (!enterClaim()) {
                    break;
                }
                long asked = System.nanoTime();
                Optional<Claim> claim;
                try {
                    claim = client.claim(free, waitSeconds);
                } finally {
                    leaveClaim();
                }
                backoff.reset();
                if (claim.isPresent()) {
                    // Even when a stop came during the poll: the service has handed the job to this
                    // worker, so it runs (until the end of the drain) rather than wait for lease expiry.
                    start(claim.get());
                } else if (System.nanoTime() - asked < quickAnswer) {
                    // Answered at once (a disabled worker is): do not ask again at once.
                    pause(settings.quickEmptyPause());
                }
            } catch (CallFailure failure) {
                if (failure.kind() == CallFailure.Kind.TOKEN_REFUSED) {
                    refuseToken(failure);
                } else {
                    Duration delay = backoff.next(failure.retryAfter());
                    String hint = failure.kind() == CallFailure.Kind.REJECTED
                            ? " (does --gpus list more GPUs than the worker has on the service?)" : "";
                    log.error("claim failed, next try in %d s: %s%s", delay.toSeconds(), failure.getMessage(), hint);
                    pause(delay);
                }
            } catch (InterruptedException e) {
                // A stop or a refused token woke the loop from a wait; its condition says which.
            }
        }
        Thread.interrupted(); // clear a late interrupt before waiting for the jobs
    }

    /**
     * A claim in flight is never interrupted by a stop: the service keeps waiting on its side after
     * the worker hangs up, and a job it then hands out would be lost to lease expiry. A stop wakes
     * the main thread only from its other waits, and the claim, at most {@code claimWait}, is
     * awaited.
     */
    private boolean enterClaim() {
        synchronized (claimState) {
            if (stopping || tokenRefusal != null) {
                return false;
            }
            Thread.interrupted(); // an interrupt from before this point belongs to a wait that has ended
            inClaim = true;
            return true;
        }
    }

    private void leaveClaim() {
        synchronized (claimState) {
            inClaim = false;
        }
    }

    private void start(Claim claim) {
        ServerJob job = claim.job();
        List<String> gpus = slots.take(job.gpuCount());
        JobRun run = new JobRun(this, claim, gpus);
        runs.add(run);
        if (gpus != null) {
            log.info("job %s claimed: \"%s\", GPUs %s, time limit %d s", job.id(), job.name(), String.join(",", gpus),
                    job.timeLimitSeconds());
        }
        Thread.ofPlatform().name("job-" + job.id()).start(run);
    }

    void runEnded(JobRun run) {
        runs.remove(run);
        if (run.gpus() != null) {
            slots.release(run.gpus());
        }
        synchronized (runs) {
            runs.notifyAll();
        }
    }

    private void awaitRuns() {
        synchronized (runs) {
            while (!runs.isEmpty()) {
                try {
                    runs.wait(1000);
                } catch (InterruptedException e) {
                    // Keep waiting: leaving would abandon jobs without killing them.
                }
            }
        }
    }

    // ---- after a restart ----

    /**
     * The service may still hold jobs for this worker from before a crash or a restart. The worker
     * cannot take them up again (it is not their processes' parent, so it could never learn their
     * exit codes), so it ends them: it kills their processes if any still run — it recorded each
     * process when it started it — and reports them as failed with {@code exitCode: null}, with the
     * output they wrote. The alternative, leaving them to lease expiry, would keep their GPUs busy
     * behind the service's back while they run on, and keep their owners waiting for a minute.
     * Processes of jobs the service no longer holds are killed too ({@link #endOrphans}).
     */
    private void recoverHeldJobs() throws InterruptedException {
        List<ServerJob> held = retrying("listing the jobs the service holds for this worker", client::heldJobs);
        if (held == null) {
            return;
        }
        for (ServerJob job : held) {
            Path output = options.workdir().resolve(job.id()).resolve(OUTPUT_FILE);
            try {
                jobDirectory(job.id()); // so that the note below has a file to go to
            } catch (IOException e) {
                log.error("job %s: cannot create its directory: %s", job.id(), e.getMessage());
            }
            Optional<ProcessHandle> leftover = runningProcess(job.id());
            if (leftover.isPresent()) {
                killTree(new ProcessTree(leftover.get()));
            }
            forgetRunning(job.id());
            String what = leftover.isPresent() ? "its processes were still running and were killed"
                    : "its processes no longer ran";
            log.info("job %s: held from before the worker restarted; %s; reporting it as failed", job.id(), what);
            appendNote(output, "the worker restarted while this job ran; " + what);
            double runSeconds = job.startedAt() == null ? 0
                    : Math.max(0, Duration.between(job.startedAt(), Instant.now()).toMillis() / 1000.0);
            report(job.id(), null, runSeconds, OutputTail.read(output));
        }
        endOrphans();
    }

    /**
     * Processes recorded by an earlier run of the worker for jobs the service no longer holds: the
     * worker was away longer than the lease, so the service has already ended those jobs (worker
     * lost), but their commands may still be running on the GPUs. They are killed, not reported.
     */
    private void endOrphans() throws InterruptedException {
        List<Path> records;
        try (var files = Files.list(options.workdir().resolve(STATE_DIR))) {
            records = files.filter(file -> file.getFileName().toString().endsWith(".pid")).toList();
        } catch (IOException e) {
            log.error("cannot list %s: %s", options.workdir().resolve(STATE_DIR), e.getMessage());
            return;
        }
        for (Path record : records) {
            String jobId = record.getFileName().toString().replaceFirst("\\.pid$", "");
            Optional<ProcessHandle> orphan = runningProcess(jobId);
            if (orphan.isPresent()) {
                log.info("job %s: its command still ran from before the worker restarted, after the service had"
                        + " ended the job; killing it", jobId);
                killTree(new ProcessTree(orphan.get()));
            }
            forgetRunning(jobId);
        }
    }

    private void killTree(ProcessTree tree) throws InterruptedException {
        tree.terminate();
        long killAt = System.nanoTime() + settings.killGrace().toNanos();
        while (tree.anyAlive() && System.nanoTime() - killAt < 0) {
            // Not our children: they cannot be waited for, only looked at again.
            Thread.sleep(50);
        }
        tree.kill();
    }

    /** Remembers the job's process outside the job's directory, so that a restarted worker can end it. */
    void rememberRunning(String jobId, ProcessHandle process) {
        String start = process.info().startInstant().map(Instant::toString).orElse("-");
        try {
            Files.writeString(stateFile(jobId), process.pid() + " " + start + "\n");
        } catch (IOException e) {
            log.error("job %s: cannot record its process id in %s: %s", jobId, stateFile(jobId), e.getMessage());
        }
    }

    void forgetRunning(String jobId) {
        try {
            Files.deleteIfExists(stateFile(jobId));
        } catch (IOException e) {
            log.error("job %s: cannot delete %s: %s", jobId, stateFile(jobId), e.getMessage());
        }
    }

    private Optional<ProcessHandle> runningProcess(String jobId) {
        try {
            String[] recorded = Files.readString(stateFile(jobId)).strip().split(" ");
            Optional<ProcessHandle> process = ProcessHandle.of(Long.parseLong(recorded[0]));
            // A process id is reused once its process is gone: only the same start time is the same process.
            return process.filter(p -> p.info().startInstant().map(Instant::toString).orElse("-")
                    .equals(recorded[1]));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private Path stateFile(String jobId) {
        return options.workdir().resolve(STATE_DIR).resolve(jobId + ".pid");
    }

    // ---- reporting ----

    /**
     * Reports the end of a job: retried after network errors and 5xx answers until the service
     * answers (it answers a repeated finish with the same 200, so a retry after a lost answer is
     * safe), and never sent again once answered. Gives up only when the service says the job is no
     * longer this worker's, refuses the report, or — while shutting down — the report window is over.
     */
    void report(String jobId, Integer exitCode, double runSeconds, String output) throws InterruptedException {
        Backoff backoff = newBackoff();
        while (true) {
            try {
                client.finish(jobId, exitCode, runSeconds, output);
                log.info("job %s finished: %s after %.1f s, reported", jobId,
                        exitCode == null ? "not started" : "exit code " + exitCode, runSeconds);
                return;
            } catch (CallFailure failure) {
                switch (failure.kind()) {
                    case LEASE_LOST -> {
                        log.error("job %s: not reported, the service no longer holds it for this worker: %s", jobId,
                                failure.getMessage());
                        return;
                    }
                    case TOKEN_REFUSED -> {
                        refuseToken(failure);
                        return;
                    }
                    case REJECTED -> {
                        log.error("job %s: the service refused its report: %s", jobId, failure.getMessage());
                        return;
                    }
                    case TRANSIENT -> {
                        Duration delay = backoff.next(failure.retryAfter());
                        if (reportDeadline != NEVER && System.nanoTime() + delay.toNanos() - reportDeadline > 0) {
                            log.error("job %s: not reported, the service could not be reached before shutdown: %s",
                                    jobId, failure.getMessage());
                            return;
                        }
                        log.error("job %s: report failed, next try in %d s: %s", jobId, delay.toSeconds(),
                                failure.getMessage());
                        Thread.sleep(delay);
                    }
                }
            }
        }
    }

    // ---- the token ----

    /** The service refused the token: nothing more can be done with it, so the worker ends. */
    void refuseToken(CallFailure failure) {
        if (tokenRefusal == null) {
            tokenRefusal = failure;
            log.error("the server refused the worker token, killing running jobs and exiting: %s",
                    failure.getMessage());
            wakeEverything();
        }
    }

    boolean tokenRefused() {
        return tokenRefusal != null;
    }

    // ---- what runs need ----

    WorkerClient client() {
        return client;
    }

    WorkerLog log() {
        return log;
    }

    RunnerSettings settings() {
        return settings;
    }

    Backoff newBackoff() {
        return new Backoff(settings.backoffInitial(), settings.backoffMax());
    }

    /** {@link System#nanoTime()} at which draining jobs are killed; {@code Long.MAX_VALUE} until a stop. */
    long drainDeadline() {
        return drainDeadline;
    }

    Map<String, String> jobEnvironment() {
        return jobEnvironment;
    }

    Path jobDirectory(String jobId) throws IOException {
        Path dir = options.workdir().resolve(jobId);
        createPrivateDirectory(dir);
        return dir;
    }

    /** Adds a line from the worker to the job's output, so its owner reads why it ended. */
    static void appendNote(Path output, String note) {
        try {
            Files.writeString(output, "\n[gaas-worker] " + note + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            // The note is a courtesy; the report says the same in its exit code.
        }
    }

    private void wakeEverything() {
        runs.forEach(JobRun::wake);
        synchronized (claimState) {
            Thread main = mainThread;
            if (main != null && !inClaim && !isFinished()) {
                main.interrupt();
            }
        }
    }

    private void pause(Duration delay) {
        try {
            Thread.sleep(delay);
        } catch (InterruptedException e) {
            // A stop: the claim loop looks at its condition again.
        }
    }

    private <T> T retrying(String what, Call<T> call) throws InterruptedException {
        Backoff backoff = newBackoff();
        while (!stopping) {
            try {
                return call.call();
            } catch (CallFailure failure) {
                if (failure.kind() == CallFailure.Kind.TOKEN_REFUSED) {
                    refuseToken(failure);
                    return null;
                }
                Duration delay = backoff.next(failure.retryAfter());
                log.error("%s failed, next try in %d s: %s", what, delay.toSeconds(), failure.getMessage());
                Thread.sleep(delay);
            }
        }
        return null;
    }

    private interface Call<T> {
        T call() throws CallFailure, InterruptedException;
    }

    private static void createPrivateDirectory(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        try {
            if (dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                Files.createDirectories(dir.getParent());
                Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(
                        "rwx------")));
            } else {
                Files.createDirectories(dir);
            }
        } catch (FileAlreadyExistsException e) {
            // created in between: fine
        }
    }

    private static Map<String, String> withoutToken(Map<String, String> environment, String token) {
        Map<String, String> copy = new HashMap<>(environment);
        copy.remove(WorkerOptions.TOKEN_ENV);
        // However the token reached the worker's environment, a job must not find it there.
        copy.values().removeIf(value -> value.contains(token));
        return Map.copyOf(copy);
    }
}

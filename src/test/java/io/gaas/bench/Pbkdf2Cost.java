package io.gaas.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.springframework.security.crypto.password.Pbkdf2PasswordEncoder;
import org.springframework.security.crypto.password.Pbkdf2PasswordEncoder.SecretKeyFactoryAlgorithm;

/**
 * The bare cost of one password check for {@code bench/run.sh} (not a test): Spring's
 * {@link Pbkdf2PasswordEncoder#matches} with the service's settings (PBKDF2-SHA256, 16-byte salt),
 * timed on 1 thread and on N threads. Arguments: iterations, seconds per measurement, threads.
 * Prints {@code PBKDF2 threads=T checks_per_s=R ms_per_check=M}.
 */
public final class Pbkdf2Cost {

    private Pbkdf2Cost() {
    }

    public static void main(String[] args) throws InterruptedException {
        int iterations = Integer.parseInt(args[0]);
        double seconds = Double.parseDouble(args[1]);
        int maxThreads = Integer.parseInt(args[2]);
        Pbkdf2PasswordEncoder encoder = new Pbkdf2PasswordEncoder("", 16, iterations,
                SecretKeyFactoryAlgorithm.PBKDF2WithHmacSHA256);
        String hash = encoder.encode("bench password 0123");
        run(encoder, hash, 1, Math.min(seconds, 3)); // warm-up (JIT)
        for (int threads : maxThreads > 1 ? new int[] { 1, maxThreads } : new int[] { 1 }) {
            double rate = run(encoder, hash, threads, seconds);
            System.out.printf("PBKDF2 iterations=%d threads=%d checks_per_s=%.2f ms_per_check=%.1f%n", iterations,
                    threads, rate, 1000.0 * threads / rate);
        }
    }

    private static double run(Pbkdf2PasswordEncoder encoder, String hash, int threads, double seconds)
            throws InterruptedException {
        AtomicLong checks = new AtomicLong();
        long start = System.nanoTime();
        long end = start + (long) (seconds * 1e9);
        List<Thread> workers = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            workers.add(Thread.ofPlatform().start(() -> {
                while (System.nanoTime() < end) {
                    if (!encoder.matches("bench password 0123", hash)) {
                        throw new IllegalStateException("PBKDF2 check failed");
                    }
                    checks.incrementAndGet();
                }
            }));
        }
        for (Thread worker : workers) {
            worker.join();
        }
        return checks.get() / ((System.nanoTime() - start) / 1e9);
    }
}

package io.gaas.runner;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The worker's GPUs and which of them are free. A job gets the first free ones in the order of
 * {@code --gpus}, and gives them back when it has ended (its processes killed), never earlier.
 */
final class GpuSlots {

    private final List<String> all;
    private final Set<String> free;

    GpuSlots(List<String> gpus) {
        this.all = List.copyOf(gpus);
        this.free = new LinkedHashSet<>(gpus);
    }

    synchronized int freeCount() {
        return free.size();
    }

    int total() {
        return all.size();
    }

    /** Takes {@code count} free GPUs, or returns null when fewer are free. */
    synchronized List<String> take(int count) {
        if (count < 1 || count > free.size()) {
            return null;
        }
        List<String> taken = new ArrayList<>(count);
        for (String gpu : all) {
            if (taken.size() < count && free.remove(gpu)) {
                taken.add(gpu);
            }
        }
        return taken;
    }

    synchronized void release(List<String> gpus) {
        // Keep the order of --gpus, so that the next job gets the lowest free indexes.
        Set<String> merged = new LinkedHashSet<>();
        for (String gpu : all) {
            if (free.contains(gpu) || gpus.contains(gpu)) {
                merged.add(gpu);
            }
        }
        free.clear();
        free.addAll(merged);
        notifyAll();
    }

    /** Waits until at least one GPU is free (or the thread is interrupted); returns how many are. */
    synchronized int awaitFree() throws InterruptedException {
        while (free.isEmpty()) {
            wait();
        }
        return free.size();
    }
}

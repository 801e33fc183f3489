package io.gaas.runner;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A job's process and everything it started. The descendants are remembered each time the tree is
 * looked at, so a child whose parent has already exited (and which the system therefore re-parented
 * away from the job) is still ended with the job. A process that detaches itself between two looks
 * escapes; the README says how to contain that with the service manager.
 */
final class ProcessTree {

    private final ProcessHandle root;
    private final Set<ProcessHandle> seen = new LinkedHashSet<>();

    ProcessTree(ProcessHandle root) {
        this.root = root;
    }

    /** Notes the processes the job runs now. */
    synchronized void look() {
        if (root.isAlive()) {
            root.descendants().forEach(seen::add);
        }
        seen.removeIf(process -> !process.isAlive());
    }

    /** SIGTERM to the job's process and every descendant. */
    void terminate() {
        look();
        // Parents first: a shell that is told to end should not be the one left to respawn children.
        members().forEach(ProcessHandle::destroy);
    }

    /** SIGKILL to whatever of the tree is still alive. */
    void kill() {
        look();
        members().forEach(ProcessHandle::destroyForcibly);
    }

    /** True when any process of the tree, the job's own or a remembered descendant, still runs. */
    synchronized boolean anyAlive() {
        return root.isAlive() || seen.stream().anyMatch(ProcessHandle::isAlive);
    }

    /** True when descendants the job left behind still run after the job's own process ended. */
    synchronized boolean leftoversAlive() {
        look();
        return !seen.isEmpty();
    }

    private synchronized Stream<ProcessHandle> members() {
        return Stream.concat(Stream.of(root), List.copyOf(seen).stream()).filter(ProcessHandle::isAlive).toList()
                .stream();
    }
}

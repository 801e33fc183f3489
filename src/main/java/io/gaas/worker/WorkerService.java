package io.gaas.worker;

import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.gaas.config.Timestamps;
import io.gaas.pool.PoolService;
import io.gaas.pool.PoolSettings;
import io.gaas.web.NotFoundException;
import io.gaas.web.PageResponse;
import io.gaas.web.ValidationException;

/** Admins' side of workers: create, list, change, and rotate their tokens. */
@Service
@Transactional(readOnly = true)
class WorkerService {

    private final WorkerRepository workers;
    private final WorkerQueries queries;
    private final PoolService pools;
    private final Clock clock;

    WorkerService(WorkerRepository workers, WorkerQueries queries, PoolService pools, Clock clock) {
        this.workers = workers;
        this.queries = queries;
        this.pools = pools;
        this.clock = clock;
    }

    /** A new worker with a new token, which the answer shows this once. */
    @Transactional
    WorkerWithTokenResponse create(CreateWorkerRequest request) {
        String name = request.name().toLowerCase(Locale.ROOT);
        PoolSettings pool = pools.settings(request.pool())
            .orElseThrow(() -> new ValidationException("pool", "no such pool"));
        if (workers.existsByName(name)) {
            throw new WorkerNameTakenException(name);
        }
        String token = WorkerTokens.generate();
        Worker worker = new Worker(name, pool.id(), request.gpus(), WorkerTokens.hash(token), Timestamps.now(clock));
        try {
            workers.saveAndFlush(worker);
        }
        catch (DataIntegrityViolationException concurrentCreation) {
            throw new WorkerNameTakenException(name);
        }
        return WorkerWithTokenResponse.of(WorkerResponse.from(worker, pool.name(), 0), token);
    }

    PageResponse<WorkerResponse> list(Pageable pageable) {
        Page<Worker> page = workers.findAll(pageable);
        List<Worker> content = page.getContent();
        Set<UUID> poolIds = content.stream().map(Worker::getPoolId).collect(Collectors.toSet());
        Map<UUID, String> poolNames = queries.poolNames(poolIds);
        Map<UUID, Long> running = queries.runningJobs(content.stream().map(Worker::getId).toList());
        return PageResponse.from(page, worker -> WorkerResponse.from(worker, poolNames.get(worker.getPoolId()),
                running.getOrDefault(worker.getId(), 0L)));
    }

    WorkerResponse get(UUID id) {
        return view(find(id));
    }

    @Transactional
    WorkerResponse update(UUID id, UpdateWorkerRequest request) {
        Worker worker = find(id);
        if (request.gpus() != null) {
            worker.changeGpus(request.gpus());
        }
        if (request.enabled() != null) {
            worker.changeEnabled(request.enabled());
        }
        workers.flush();
        return view(worker);
    }

    /** A new token; the old one is refused from the commit on, on every replica. */
    @Transactional
    WorkerWithTokenResponse rotateToken(UUID id) {
        Worker worker = find(id);
        String token = WorkerTokens.generate();
        worker.replaceToken(WorkerTokens.hash(token));
        workers.flush();
        return WorkerWithTokenResponse.of(view(worker), token);
    }

    private Worker find(UUID id) {
        return workers.findById(id).orElseThrow(() -> new NotFoundException("No such worker."));
    }

    private WorkerResponse view(Worker worker) {
        String poolName = queries.poolNames(Set.of(worker.getPoolId())).get(worker.getPoolId());
        long running = queries.runningJobs(Set.of(worker.getId())).getOrDefault(worker.getId(), 0L);
        return WorkerResponse.from(worker, poolName, running);
    }
}

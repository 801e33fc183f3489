package io.gaas.pool;

import java.math.BigDecimal;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Sort;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import io.gaas.config.Timestamps;
import io.gaas.web.PageRequests;
import io.gaas.web.PageResponse;
import io.gaas.web.ResourceNames;
import io.gaas.web.ValidationException;

/** Pools: their settings for other features, and their administration. */
@Service
@Transactional(readOnly = true)
public class PoolService {

    private final PoolRepository pools;
    private final PoolQueries queries;
    private final Clock clock;

    PoolService(PoolRepository pools, PoolQueries queries, Clock clock) {
        this.pools = pools;
        this.queries = queries;
        this.clock = clock;
    }

    /**
     * The settings of the pool of that name (any case), or empty if there is none. One SELECT by a
     * unique key: it joins the caller's transaction but needs none of its own.
     */
    @Transactional(propagation = Propagation.SUPPORTS)
    public Optional<PoolSettings> settings(String name) {
        return ResourceNames.normalize(name).flatMap(pools::findByName).map(Pool::settings);
    }

    /** Pools ordered by name. */
    public PageResponse<PoolResponse> list(int page, int size) {
        Page<Pool> found = pools.findAll(PageRequests.of(page, size, Sort.by("name")));
        Map<UUID, Long> waiting = queries.jobsWaiting(found.map(Pool::getId).getContent());
        return PageResponse.from(found, pool -> PoolResponse.from(pool, waiting.getOrDefault(pool.getId(), 0L)));
    }

    public PoolResponse get(String name) {
        return view(find(name));
    }

    /** A new pool, enabled; its name is free whatever its case, or POOL_NAME_TAKEN. */
    @Transactional
    public PoolResponse create(CreatePoolRequest request) {
        String name = PoolRules.name(request.name());
        Pool pool = new Pool(name, PoolRules.description(request.description()), PoolRules.gpus(request.gpus()),
                request.weight() == null ? BigDecimal.ONE.setScale(2) : PoolRules.weight(request.weight()),
                PoolRules.autoApproveHours(request.autoApproveHours()), Timestamps.now(clock));
        if (pools.existsByName(name)) {
            throw new PoolNameTakenException(name);
        }
        try {
            pools.saveAndFlush(pool);
        }
        catch (DataIntegrityViolationException concurrentCreate) {
            // Another request created the name between the check and the insert: the UNIQUE key decided.
            throw new PoolNameTakenException(name);
        }
        return PoolResponse.from(pool, 0);
    }

    /** Changes the fields that were sent; a field sent as null is cleared. */
    @Transactional
    public PoolResponse update(String name, UpdatePoolRequest request) {
        // Locked, so that two admins' changes apply one after the other instead of one failing.
        Pool pool = ResourceNames.normalize(name).flatMap(pools::findForUpdateByName).orElseThrow(PoolNotFoundException::new);
        if (request.name() != null && !pool.getName().equals(ResourceNames.normalize(request.name().value()).orElse(null))) {
            throw new ValidationException("name", "cannot change");
        }
        if (request.description() != null) {
            pool.describe(PoolRules.description(request.description().value()));
        }
        if (request.gpus() != null) {
            pool.limitTo(PoolRules.gpus(request.gpus().value()));
        }
        if (request.weight() != null) {
            pool.priceAt(PoolRules.weight(request.weight().value()));
        }
        if (request.autoApproveHours() != null) {
            pool.autoApproveUpTo(PoolRules.autoApproveHours(request.autoApproveHours().value()));
        }
        if (request.enabled() != null) {
            pool.enable(PoolRules.enabled(request.enabled().value()));
        }
        pools.saveAndFlush(pool);
        return view(pool);
    }

    private Pool find(String name) {
        return ResourceNames.normalize(name).flatMap(pools::findByName).orElseThrow(PoolNotFoundException::new);
    }

    private PoolResponse view(Pool pool) {
        long waiting = queries.jobsWaiting(List.of(pool.getId())).getOrDefault(pool.getId(), 0L);
        return PoolResponse.from(pool, waiting);
    }
}

package io.gaas.pool;

import java.util.Optional;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** Pools: their settings for other features, and their administration. */
@Service
@Transactional(readOnly = true)
public class PoolService {

    private final PoolRepository pools;

    PoolService(PoolRepository pools) {
        this.pools = pools;
    }

    /**
     * The settings of the pool of that name (any case), or empty if there is none. One SELECT by a
     * unique key: it joins the caller's transaction but needs none of its own.
     */
    @Transactional(propagation = Propagation.SUPPORTS)
    public Optional<PoolSettings> settings(String name) {
        return PoolNames.normalize(name).flatMap(pools::findByName).map(Pool::settings);
    }
}

package io.gaas.worker;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/** A GPU machine of one pool. Its token is known here only by its hash. */
@Entity
@Table(name = "workers")
class Worker {

    @Id
    private UUID id;

    @Column(nullable = false, unique = true, length = 32, updatable = false)
    private String name;

    @Column(name = "pool_id", nullable = false, updatable = false)
    private UUID poolId;

    @Column(nullable = false)
    private int gpus;

    @Column(nullable = false)
    private boolean enabled;

    @Column(name = "token_hash", nullable = false, unique = true, length = 64)
    private String tokenHash;

    @Column(name = "last_seen_at")
    private Instant lastSeenAt;

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    @Version
    private Long version;

    protected Worker() {
    }

    Worker(String name, UUID poolId, int gpus, String tokenHash, Instant createdAt) {
        this.id = UUID.randomUUID();
        this.name = name;
        this.poolId = poolId;
        this.gpus = gpus;
        this.enabled = true;
        this.tokenHash = tokenHash;
        this.createdAt = createdAt;
    }

    void changeGpus(int gpus) {
        this.gpus = gpus;
    }

    void changeEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    /** The old token stops working as soon as this is committed: the filter looks tokens up by hash. */
    void replaceToken(String tokenHash) {
        this.tokenHash = tokenHash;
    }

    UUID getId() {
        return id;
    }

    String getName() {
        return name;
    }

    UUID getPoolId() {
        return poolId;
    }

    int getGpus() {
        return gpus;
    }

    boolean isEnabled() {
        return enabled;
    }

    Instant getLastSeenAt() {
        return lastSeenAt;
    }

    Instant getCreatedAt() {
        return createdAt;
    }

    @Override
    public boolean equals(Object other) {
        return this == other || (other instanceof Worker worker && Objects.equals(id, worker.id));
    }

    @Override
    public int hashCode() {
        return Objects.hashCode(id);
    }
}

package io.gaas.pool;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/**
 * A pool of GPUs. Its settings are edited by admins through JPA (with a version); the GPUs in use
 * are never written from here, only by {@link PoolCapacity}'s conditional UPDATEs, so an edit can
 * never overwrite a concurrent start or end of a job with a stale count.
 */
@Entity
@Table(name = "pools")
class Pool {

    @Id
    private UUID id;

    @Column(nullable = false, unique = true, length = 32, updatable = false)
    private String name;

    @Column(length = 2000)
    private String description;

    private Integer gpus;

    @Column(nullable = false, precision = 6, scale = 2)
    private BigDecimal weight;

    @Column(name = "auto_approve_hours", precision = 14, scale = 2)
    private BigDecimal autoApproveHours;

    @Column(nullable = false)
    private boolean enabled;

    @Column(name = "gpus_in_use", nullable = false, insertable = false, updatable = false)
    private int gpusInUse;

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    @Version
    private Long version;

    protected Pool() {
    }

    Pool(String name, String description, Integer gpus, BigDecimal weight, BigDecimal autoApproveHours,
            Instant createdAt) {
        this.id = UUID.randomUUID();
        this.name = name;
        this.description = description;
        this.gpus = gpus;
        this.weight = weight;
        this.autoApproveHours = autoApproveHours;
        this.enabled = true;
        this.createdAt = createdAt;
    }

    void describe(String description) {
        this.description = description;
    }

    void limitTo(Integer gpus) {
        this.gpus = gpus;
    }

    void priceAt(BigDecimal weight) {
        this.weight = weight;
    }

    void autoApproveUpTo(BigDecimal hours) {
        this.autoApproveHours = hours;
    }

    void enable(boolean enabled) {
        this.enabled = enabled;
    }

    PoolSettings settings() {
        return new PoolSettings(id, name, gpus, weight, autoApproveHours, enabled);
    }

    UUID getId() {
        return id;
    }

    String getName() {
        return name;
    }

    String getDescription() {
        return description;
    }

    Integer getGpus() {
        return gpus;
    }

    BigDecimal getWeight() {
        return weight;
    }

    BigDecimal getAutoApproveHours() {
        return autoApproveHours;
    }

    boolean isEnabled() {
        return enabled;
    }

    int getGpusInUse() {
        return gpusInUse;
    }

    Instant getCreatedAt() {
        return createdAt;
    }

    @Override
    public boolean equals(Object other) {
        return this == other || (other instanceof Pool pool && Objects.equals(id, pool.id));
    }

    @Override
    public int hashCode() {
        return Objects.hashCode(id);
    }
}

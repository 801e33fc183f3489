package io.gaas.pool;

import java.math.BigDecimal;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * A partial change of a pool. A field that is absent stays as it is; a field sent as {@code null}
 * is cleared. A record cannot tell the two apart, so each setter records that its field was sent:
 * Jackson calls a setter for every field in the body, {@code null} included, and for no other.
 */
public class UpdatePoolRequest {

    /** A field that was sent, with its value ({@code null} included). */
    record Sent<T>(T value) {
    }

    private Sent<String> name;
    private Sent<String> description;
    private Sent<Integer> gpus;
    private Sent<BigDecimal> weight;
    private Sent<BigDecimal> autoApproveHours;
    private Sent<Boolean> enabled;

    public void setName(String name) {
        this.name = new Sent<>(name);
    }

    public void setDescription(String description) {
        this.description = new Sent<>(description);
    }

    public void setGpus(Integer gpus) {
        this.gpus = new Sent<>(gpus);
    }

    public void setWeight(BigDecimal weight) {
        this.weight = new Sent<>(weight);
    }

    public void setAutoApproveHours(BigDecimal autoApproveHours) {
        this.autoApproveHours = new Sent<>(autoApproveHours);
    }

    public void setEnabled(Boolean enabled) {
        this.enabled = new Sent<>(enabled);
    }

    Sent<String> name() {
        return name;
    }

    Sent<String> description() {
        return description;
    }

    Sent<Integer> gpus() {
        return gpus;
    }

    Sent<BigDecimal> weight() {
        return weight;
    }

    Sent<BigDecimal> autoApproveHours() {
        return autoApproveHours;
    }

    Sent<Boolean> enabled() {
        return enabled;
    }

    /** The request body as the OpenAPI document shows it (any subset of these fields). */
    @Schema(name = "UpdatePoolRequest", description = "Any subset of the fields. An absent field is unchanged; a "
            + "field sent as null is cleared (gpus: null means no limit). The name cannot change.")
    record Document(
            @Schema(example = "8 × A100 80 GB, rack 3", nullable = true, description = "At most 2000 characters")
            String description,
            @Schema(example = "6", nullable = true, minimum = "1", maximum = "100000",
                    description = "Capacity in GPUs; null: no limit. May go below gpusInUse: running jobs go on, "
                            + "nothing new starts until the pool is below it again") Integer gpus,
            @Schema(example = "2.5", minimum = "0.01", maximum = "100",
                    description = "0.01..100, at most 2 decimal places; applies to jobs submitted afterwards")
            BigDecimal weight,
            @Schema(example = "4", nullable = true, minimum = "0", maximum = "100000",
                    description = "null: every job waits for an approver") BigDecimal autoApproveHours,
            @Schema(example = "false", description = "APPROVED jobs of a disabled pool wait; it takes no new jobs")
            Boolean enabled) {
    }
}

package io.gaas.project;

import java.math.BigDecimal;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * A partial change of a project. A field that is absent stays as it is; a field sent as
 * {@code null} is cleared. A record cannot tell the two apart, so each setter records that its
 * field was sent: Jackson calls a setter for every field in the body, {@code null} included, and for
 * no other.
 */
public class UpdateProjectRequest {

    /** A field that was sent, with its value ({@code null} included). */
    record Sent<T>(T value) {
    }

    private Sent<String> name;
    private Sent<String> description;
    private Sent<Boolean> enabled;
    private Sent<BigDecimal> lowBalanceHours;

    public void setName(String name) {
        this.name = new Sent<>(name);
    }

    public void setDescription(String description) {
        this.description = new Sent<>(description);
    }

    public void setEnabled(Boolean enabled) {
        this.enabled = new Sent<>(enabled);
    }

    public void setLowBalanceHours(BigDecimal lowBalanceHours) {
        this.lowBalanceHours = new Sent<>(lowBalanceHours);
    }

    Sent<String> name() {
        return name;
    }

    Sent<String> description() {
        return description;
    }

    Sent<Boolean> enabled() {
        return enabled;
    }

    Sent<BigDecimal> lowBalanceHours() {
        return lowBalanceHours;
    }

    /** The request body as the OpenAPI document shows it (any subset of these fields). */
    @Schema(name = "UpdateProjectRequest", description = "Any subset of the fields. An absent field is unchanged; a "
            + "field sent as null is cleared (lowBalanceHours: null means the configured default). The name cannot "
            + "change.")
    record Document(
            @Schema(example = "Computer vision group", nullable = true, maxLength = ProjectRules.MAX_DESCRIPTION,
                    description = "At most 2000 characters; no NUL") String description,
            @Schema(example = "false", description = "A disabled project takes no new jobs; its jobs go on")
            Boolean enabled,
            @Schema(example = "10", nullable = true, minimum = "0", maximum = "100000",
                    description = "Below this balance a debit announces quota.low; null: the configured default "
                            + "(GAAS_LOW_BALANCE_HOURS)") BigDecimal lowBalanceHours) {
    }
}

package io.gaas.user;

import java.math.BigDecimal;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSetter;

import io.gaas.quota.HoursAmount;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Pattern;

/**
 * An admin's change of a user's role, enabled flag and/or low-balance threshold; an absent field is
 * left as it is. A class rather than a record because {@code lowBalanceHours} has three states:
 * absent (unchanged), {@code null} (back to the configured default) or a value; only a setter
 * that Jackson calls for a present property, {@code null} or not, can tell the first two apart.
 */
public final class UpdateUserRequest {

    @JsonProperty
    @Schema(example = "ADMIN", allowableValues = { "USER", "ADMIN" })
    @Pattern(regexp = "USER|ADMIN", message = "must be USER or ADMIN")
    private String role;

    @JsonProperty
    @Schema(example = "true")
    private Boolean enabled;

    @JsonProperty
    @Schema(nullable = true, example = "5", description = "Below this balance a debit sends quota.low: 0..100000, at most "
            + "2 decimal places; null = the configured default (GAAS_LOW_BALANCE_HOURS); absent = unchanged")
    @HoursAmount(allowZero = true)
    private BigDecimal lowBalanceHours;

    @JsonIgnore
    private boolean lowBalanceHoursGiven;

    public UpdateUserRequest() {
    }

    /** For callers in code: {@code lowBalanceHours} {@code null} = absent, empty = back to the default. */
    static UpdateUserRequest of(String role, Boolean enabled, Optional<BigDecimal> lowBalanceHours) {
        UpdateUserRequest request = new UpdateUserRequest();
        request.role = role;
        request.enabled = enabled;
        if (lowBalanceHours != null) {
            request.setLowBalanceHours(lowBalanceHours.orElse(null));
        }
        return request;
    }

    @JsonSetter("lowBalanceHours")
    void setLowBalanceHours(BigDecimal hours) {
        this.lowBalanceHours = hours;
        this.lowBalanceHoursGiven = true;
    }

    public String role() {
        return role;
    }

    public Boolean enabled() {
        return enabled;
    }

    /** {@code null} when absent; empty when {@code null} was sent (back to the default). */
    Optional<BigDecimal> lowBalanceHours() {
        return lowBalanceHoursGiven ? Optional.ofNullable(lowBalanceHours) : null;
    }

    Role targetRole() {
        return role == null ? null : Role.valueOf(role);
    }
}

package io.gaas.request;

import java.math.BigDecimal;

import io.gaas.web.StorableText;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotNull;

/**
 * An admin's decision. {@code grantedHours} is checked against the hours asked, and only when
 * approving: a denial ignores it, as API.md says.
 */
public record DecideTopUpRequest(
        @Schema(example = "true", requiredMode = Schema.RequiredMode.REQUIRED,
                description = "true approves (and tops up the account), false denies")
        @NotNull Boolean approve,
        @Schema(example = "40", nullable = true, minimum = "0.01", maximum = "100000",
                description = "Approving only: the hours to grant, 0.01..the hours asked, at most 2 decimal places; "
                        + "null (the default): all the hours asked. Ignored when denying")
        BigDecimal grantedHours,
        @Schema(example = "Granted for the deadline; plan ahead next term", nullable = true, maxLength = 500,
                description = "Optional, at most 500 characters; no NUL. Shown on the request, and on the TOP_UP "
                        + "ledger entry of an approval")
        @StorableText(max = 500) String note) {
}

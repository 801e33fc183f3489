package io.gaas.quota;

import java.math.BigDecimal;
import java.util.Map;

import io.gaas.web.ApiException;
import io.gaas.web.ErrorCode;

public class InsufficientQuotaException extends ApiException {

    InsufficientQuotaException(BigDecimal requested, BigDecimal remaining) {
        super(ErrorCode.INSUFFICIENT_QUOTA,
                "Requested " + requested.toPlainString() + " hours, but only " + remaining.toPlainString()
                        + " remain.",
                Map.of("requested", requested, "remaining", remaining));
    }
}

package io.gaas.project;

import java.math.BigDecimal;
import java.util.Map;

import io.gaas.web.ApiException;
import io.gaas.web.ErrorCode;

/** A charge that would take a member past their cap for the current window; nothing was changed. */
public class CapExceededException extends ApiException {

    public CapExceededException(BigDecimal requested, BigDecimal capHours, BigDecimal spentHours) {
        super(ErrorCode.CAP_EXCEEDED,
                "Requested " + requested.toPlainString() + " hours, but your cap in this project is "
                        + capHours.toPlainString() + " hours and you have spent " + spentHours.toPlainString() + ".",
                Map.of("capHours", capHours, "spentHours", spentHours));
    }
}

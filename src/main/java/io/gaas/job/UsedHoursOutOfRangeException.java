package io.gaas.job;

import java.math.BigDecimal;

import io.gaas.web.ValidationException;

class UsedHoursOutOfRangeException extends ValidationException {

    UsedHoursOutOfRangeException(BigDecimal gpuHours) {
        super("usedHours", "must be between 0 and the job's gpuHours (" + gpuHours.toPlainString() + ")");
    }
}

package io.gaas.web;

import java.util.List;
import java.util.Map;

/** A value that breaks its rule, found outside Bean Validation (query parameters, path rules). */
public class ValidationException extends ApiException {

    public ValidationException(String field, String message) {
        super(ErrorCode.VALIDATION_FAILED, field + ": " + message,
                Map.of("errors", List.of(new FieldError(field, message))));
    }
}

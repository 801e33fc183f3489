package io.gaas.web;

import java.util.List;
import java.util.Map;

import org.apache.tomcat.util.http.InvalidParameterException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionTimedOutException;
import org.springframework.validation.method.ParameterValidationResult;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingRequestHeaderException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.ServletRequestBindingException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Turns every error, the framework's included, into an RFC 9457 problem with a stable {@code code}.
 * Details are written for the client: never a class name, stack trace or SQL.
 */
@RestControllerAdvice
class GlobalExceptionHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(GlobalExceptionHandler.class);

    @ExceptionHandler(ApiException.class)
    ResponseEntity<Object> handleApiException(ApiException ex, HttpServletRequest request) {
        log.debug("{} on {}: {}", ex.code(), request.getRequestURI(), ex.getMessage());
        HttpHeaders headers = new HttpHeaders();
        if (ex.code().status() == HttpStatus.UNAUTHORIZED) {
            headers.set(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"gaas\"");
        }
        if (ex instanceof RetryAfterException retry) {
            headers.set(HttpHeaders.RETRY_AFTER, Long.toString(retry.retryAfterSeconds()));
        }
        return problem(ex.code(), ex.getMessage(), request.getRequestURI(), ex.properties(), headers);
    }

    @ExceptionHandler(AccessDeniedException.class)
    ResponseEntity<Object> handleAccessDenied(AccessDeniedException ex, HttpServletRequest request) {
        return problem(ErrorCode.FORBIDDEN, "You are not allowed to do this.", request.getRequestURI(), Map.of(),
                new HttpHeaders());
    }

    /** A header or path with characters the firewall refuses (e.g. control characters): bad input, not a fault. */
    @ExceptionHandler(RequestRejectedException.class)
    ResponseEntity<Object> handleRejectedRequest(RequestRejectedException ex, HttpServletRequest request) {
        return problem(ErrorCode.MALFORMED_REQUEST, "The request has characters that are not allowed.",
                request.getRequestURI(), Map.of(), new HttpHeaders());
    }

    /**
     * The database is down, unreachable, or did not answer (or give a lock) in time: the request
     * changed nothing and may be retried, which is not the same as a fault in the service.
     */
    @ExceptionHandler({ DataAccessResourceFailureException.class, TransientDataAccessException.class,
            CannotCreateTransactionException.class, TransactionTimedOutException.class })
    ResponseEntity<Object> handleDatabaseUnavailable(Exception ex, HttpServletRequest request) {
        log.warn("Database unavailable on {} {}: {}", request.getMethod(), request.getRequestURI(), ex.getMessage());
        return problem(ErrorCode.SERVICE_UNAVAILABLE, ProblemDetails.DATABASE_UNAVAILABLE, request.getRequestURI(),
                Map.of(), new HttpHeaders());
    }

    /**
     * Tomcat refuses a query string or form whose percent-encoding is broken or does not decode as
     * UTF-8 (e.g. {@code %zz}, {@code %ED%A0%80}) when a parameter is first read: bad input, not a fault.
     */
    @ExceptionHandler(InvalidParameterException.class)
    ResponseEntity<Object> handleUndecodableParameters(InvalidParameterException ex, HttpServletRequest request) {
        return problem(ErrorCode.MALFORMED_REQUEST,
                "The query string or form is not valid percent-encoded UTF-8.", request.getRequestURI(), Map.of(),
                new HttpHeaders());
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<Object> handleArgumentTypeMismatch(MethodArgumentTypeMismatchException ex,
            HttpServletRequest request) {
        if (ex.getParameter().hasParameterAnnotation(org.springframework.web.bind.annotation.PathVariable.class)) {
            // An id that cannot exist is simply not found: it says nothing about what does exist.
            return problem(ErrorCode.NOT_FOUND, "No such resource.", request.getRequestURI(), Map.of(),
                    new HttpHeaders());
        }
        return validationProblem(List.of(new FieldError(ex.getName(), "has an invalid value")),
                request.getRequestURI());
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> handleUnexpected(Exception ex, HttpServletRequest request) {
        log.error("Unexpected error on {} {}", request.getMethod(), request.getRequestURI(), ex);
        return problem(ErrorCode.INTERNAL_ERROR, "An unexpected error occurred.", request.getRequestURI(), Map.of(),
                new HttpHeaders());
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<FieldError> errors = ex.getBindingResult()
            .getFieldErrors()
            .stream()
            .map(error -> new FieldError(error.getField(), error.getDefaultMessage()))
            .toList();
        return validationProblem(errors, path(request));
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<FieldError> errors = ex.getParameterValidationResults()
            .stream()
            .flatMap(result -> result.getResolvableErrors()
                .stream()
                .map(error -> new FieldError(parameterName(result), error.getDefaultMessage())))
            .toList();
        return validationProblem(errors, path(request));
    }

    @Override
    protected ResponseEntity<Object> handleMissingServletRequestParameter(MissingServletRequestParameterException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        return validationProblem(List.of(new FieldError(ex.getParameterName(), "is required")), path(request));
    }

    @Override
    protected ResponseEntity<Object> handleServletRequestBindingException(ServletRequestBindingException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        if (ex instanceof MissingRequestHeaderException missing) {
            return validationProblem(List.of(new FieldError(missing.getHeaderName(), "is required")), path(request));
        }
        return problem(ErrorCode.MALFORMED_REQUEST, "The request could not be bound.", path(request), Map.of(),
                headers);
    }

    @Override
    protected ResponseEntity<Object> handleTypeMismatch(TypeMismatchException ex, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        String field = ex.getPropertyName() != null ? ex.getPropertyName() : "parameter";
        return validationProblem(List.of(new FieldError(field, "has an invalid value")), path(request));
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        if (causedByOversizedBody(ex)) {
            return problem(ErrorCode.PAYLOAD_TOO_LARGE, "The request body is larger than "
                    + RequestBodyLimitFilter.MAX_BODY_BYTES / 1024 + " KiB.", path(request), Map.of(), headers);
        }
        return problem(ErrorCode.MALFORMED_REQUEST,
                "The request body is missing, is not valid JSON, or has a value of the wrong type.", path(request),
                Map.of(), headers);
    }

    /** Every other framework error keeps its status and gets the code that belongs to it. */
    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception ex, Object body, HttpHeaders headers,
            HttpStatusCode statusCode, WebRequest request) {
        ErrorCode code = codeFor(statusCode);
        String detail = code == ErrorCode.INTERNAL_ERROR ? "An unexpected error occurred."
                : (body instanceof ProblemDetail framework && framework.getDetail() != null ? framework.getDetail()
                        : code.title());
        if (code == ErrorCode.INTERNAL_ERROR) {
            log.error("Framework error on {}", path(request), ex);
        }
        return problem(code, detail, path(request), Map.of(), headers);
    }

    private static ErrorCode codeFor(HttpStatusCode status) {
        return switch (status.value()) {
            case 400 -> ErrorCode.MALFORMED_REQUEST;
            case 404 -> ErrorCode.NOT_FOUND;
            case 405 -> ErrorCode.METHOD_NOT_ALLOWED;
            case 406 -> ErrorCode.NOT_ACCEPTABLE;
            case 413 -> ErrorCode.PAYLOAD_TOO_LARGE;
            case 415 -> ErrorCode.UNSUPPORTED_MEDIA_TYPE;
            default -> ErrorCode.INTERNAL_ERROR;
        };
    }

    private static boolean causedByOversizedBody(Throwable ex) {
        for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
            if (cause instanceof RequestBodyLimitFilter.BodyTooLargeException) {
                return true;
            }
        }
        return false;
    }

    private static String parameterName(ParameterValidationResult result) {
        String name = result.getMethodParameter().getParameterName();
        return name != null ? name : "parameter";
    }

    private ResponseEntity<Object> validationProblem(List<FieldError> errors, String path) {
        String detail = errors.isEmpty() ? "The request is invalid."
                : errors.stream().map(e -> e.field() + ": " + e.message()).reduce((a, b) -> a + "; " + b).get();
        return problem(ErrorCode.VALIDATION_FAILED, detail, path, Map.of("errors", errors), new HttpHeaders());
    }

    private static ResponseEntity<Object> problem(ErrorCode code, String detail, String path,
            Map<String, Object> properties, HttpHeaders headers) {
        HttpHeaders responseHeaders = new HttpHeaders();
        responseHeaders.putAll(headers);
        responseHeaders.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        return ResponseEntity.status(code.status())
            .headers(responseHeaders)
            .body(ProblemDetails.of(code, detail, path, properties));
    }

    private static String path(WebRequest request) {
        return request instanceof ServletWebRequest servlet ? servlet.getRequest().getRequestURI() : null;
    }
}

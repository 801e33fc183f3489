package io.gaas.web;

import java.net.URI;
import java.util.Map;

import org.springframework.http.ProblemDetail;

/**
 * The single factory for problem documents, used by the exception handler and by the security
 * entry points, so every error has the same shape.
 */
public final class ProblemDetails {

    public static final String MEDIA_TYPE = "application/problem+json";

    /** The detail of every {@link ErrorCode#SERVICE_UNAVAILABLE} problem. */
    public static final String DATABASE_UNAVAILABLE = "The database is not reachable or did not answer in time; "
            + "nothing was changed. Try again shortly.";

    private ProblemDetails() {
    }

    public static ProblemDetail of(ErrorCode code, String detail, String path) {
        return of(code, detail, path, Map.of());
    }

    public static ProblemDetail of(ErrorCode code, String detail, String path, Map<String, Object> properties) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(code.status(), detail);
        problem.setType(URI.create(code.type()));
        problem.setTitle(code.title());
        if (path != null) {
            problem.setInstance(URI.create(path));
        }
        problem.setProperty("code", code.name());
        properties.forEach(problem::setProperty);
        return problem;
    }
}

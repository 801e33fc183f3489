package io.gaas.project;

import io.gaas.web.ApiException;
import io.gaas.web.ErrorCode;

/** A member of the project who may see it, but not do this in it. */
class ProjectForbiddenException extends ApiException {

    ProjectForbiddenException(String detail) {
        super(ErrorCode.FORBIDDEN, detail);
    }
}

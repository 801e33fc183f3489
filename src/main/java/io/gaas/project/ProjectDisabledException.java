package io.gaas.project;

import io.gaas.web.ApiException;
import io.gaas.web.ErrorCode;

/** A job charged to a project that an admin has disabled. */
public class ProjectDisabledException extends ApiException {

    public ProjectDisabledException(String project) {
        super(ErrorCode.PROJECT_DISABLED, "The project '" + project + "' is disabled and takes no new jobs.");
    }
}

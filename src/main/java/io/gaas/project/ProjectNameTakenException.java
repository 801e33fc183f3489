package io.gaas.project;

import io.gaas.web.ApiException;
import io.gaas.web.ErrorCode;

class ProjectNameTakenException extends ApiException {

    ProjectNameTakenException(String name) {
        super(ErrorCode.PROJECT_NAME_TAKEN, "A project named '" + name + "' exists.");
    }
}

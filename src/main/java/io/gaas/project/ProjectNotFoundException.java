package io.gaas.project;

import io.gaas.web.NotFoundException;

/** No such project, or one the caller may not know exists: the answer is the same. */
class ProjectNotFoundException extends NotFoundException {

    ProjectNotFoundException() {
        super("No such project.");
    }
}

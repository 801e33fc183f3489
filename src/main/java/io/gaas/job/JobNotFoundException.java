package io.gaas.job;

import io.gaas.web.NotFoundException;

class JobNotFoundException extends NotFoundException {

    JobNotFoundException() {
        super("No such job.");
    }
}

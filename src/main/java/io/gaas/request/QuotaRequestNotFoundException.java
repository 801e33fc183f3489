package io.gaas.request;

import io.gaas.web.NotFoundException;

class QuotaRequestNotFoundException extends NotFoundException {

    QuotaRequestNotFoundException() {
        super("No such request.");
    }
}

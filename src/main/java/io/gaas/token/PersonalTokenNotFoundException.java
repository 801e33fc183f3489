package io.gaas.token;

import io.gaas.web.NotFoundException;

class PersonalTokenNotFoundException extends NotFoundException {

    PersonalTokenNotFoundException() {
        super("No such token.");
    }
}

package io.gaas.user;

import io.gaas.web.NotFoundException;

class UserNotFoundException extends NotFoundException {

    UserNotFoundException() {
        super("No such user.");
    }
}

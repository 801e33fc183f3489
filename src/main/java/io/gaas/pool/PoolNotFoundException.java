package io.gaas.pool;

import io.gaas.web.NotFoundException;

class PoolNotFoundException extends NotFoundException {

    PoolNotFoundException() {
        super("No such pool.");
    }
}

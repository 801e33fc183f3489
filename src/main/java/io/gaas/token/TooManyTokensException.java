package io.gaas.token;

import io.gaas.web.ApiException;
import io.gaas.web.ErrorCode;

class TooManyTokensException extends ApiException {

    TooManyTokensException(int limit) {
        super(ErrorCode.TOO_MANY_TOKENS, "You already have " + limit
                + " live personal access tokens: delete one before creating another.");
    }
}

package io.gaas.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

import io.gaas.support.TestHttp.Response;
import tools.jackson.databind.JsonNode;

/** Reads a user's balance and ledger over HTTP, with the user's own token. */
public final class Accounts {

    private Accounts() {
    }

    public static BigDecimal balance(TestHttp http, String token) {
        Response me = http.get("/api/v1/users/me", token);
        assertThat(me.status()).as(me.body()).isEqualTo(200);
        return me.decimal("quotaHours");
    }

    public static long ledgerSize(TestHttp http, String token) {
        Response ledger = http.get("/api/v1/users/me/ledger?size=1", token);
        assertThat(ledger.status()).as(ledger.body()).isEqualTo(200);
        return ledger.json().get("page").get("totalElements").asLong();
    }

    /** Every ledger entry of the user, oldest first. */
    public static List<JsonNode> ledger(TestHttp http, String ledgerPath, String token) {
        List<JsonNode> newestFirst = new ArrayList<>();
        for (int page = 0;; page++) {
            Response response = http.get(ledgerPath + "?size=100&page=" + page, token);
            assertThat(response.status()).as(response.body()).isEqualTo(200);
            response.json().get("content").valueStream().forEach(newestFirst::add);
            if (page + 1 >= response.json().get("page").get("totalPages").asInt()) {
                return newestFirst.reversed();
            }
        }
    }

    public static List<JsonNode> ledger(TestHttp http, String token) {
        return ledger(http, "/api/v1/users/me/ledger", token);
    }
}

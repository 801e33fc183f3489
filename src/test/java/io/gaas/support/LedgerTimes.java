package io.gaas.support;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import tools.jackson.databind.JsonNode;

/** The times of a ledger page as the API lists it (newest first by the account's sequence). */
public final class LedgerTimes {

    private LedgerTimes() {
    }

    /** Each entry's {@code at}, oldest entry first: the account's sequence order. */
    public static List<Instant> inSequenceOrder(JsonNode ledgerPage) {
        List<Instant> times = new ArrayList<>(ledgerPage.get("content")
            .valueStream()
            .map(entry -> Instant.parse(entry.get("at").asString()))
            .toList());
        Collections.reverse(times);
        return times;
    }

    /** The {@code at} of each job's charge, by job id. */
    public static Map<String, Instant> ofChargesByJob(JsonNode ledgerPage) {
        return ledgerPage.get("content")
            .valueStream()
            .filter(entry -> "JOB_CHARGE".equals(entry.get("kind").asString()))
            .collect(Collectors.toMap(entry -> entry.get("jobId").asString(),
                    entry -> Instant.parse(entry.get("at").asString())));
    }
}

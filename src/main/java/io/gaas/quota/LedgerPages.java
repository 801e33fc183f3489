package io.gaas.quota;

import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;

import io.gaas.web.PageRequests;

/** Ledger pages are ordered by the per-user sequence, newest first. */
final class LedgerPages {

    private LedgerPages() {
    }

    static PageRequest of(int page, int size) {
        return PageRequests.of(page, size, Sort.by(Sort.Order.desc("seq")));
    }
}

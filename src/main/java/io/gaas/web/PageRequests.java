package io.gaas.web;

import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;

/** Turns the API's {@code page} and {@code size} parameters into a checked, sorted page request. */
public final class PageRequests {

    public static final int DEFAULT_SIZE = 20;
    public static final int MAX_SIZE = 100;

    private PageRequests() {
    }

    public static PageRequest of(int page, int size, Sort sort) {
        if (page < 0) {
            throw new ValidationException("page", "must be 0 or more");
        }
        if (size < 1 || size > MAX_SIZE) {
            throw new ValidationException("size", "must be between 1 and " + MAX_SIZE);
        }
        return PageRequest.of(page, size, sort);
    }

    /** Newest first, ties broken by id so that paging is stable. */
    public static PageRequest newestFirst(int page, int size) {
        return of(page, size, Sort.by(Sort.Order.desc("createdAt"), Sort.Order.desc("id")));
    }
}

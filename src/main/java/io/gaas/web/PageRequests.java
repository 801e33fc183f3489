package io.gaas.web;

import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;

/** Turns the API's {@code page} and {@code size} parameters into a checked, sorted page request. */
public final class PageRequests {

    public static final int DEFAULT_SIZE = 20;
    public static final int MAX_SIZE = 100;

    /**
     * The highest page number. Far past the end of any list here (a page past the end is an empty
     * {@code content}), and low enough that {@code page × size} stays an int offset, which the
     * database layer needs: {@code ?page=21474837&size=100} would overflow it.
     */
    public static final int MAX_PAGE = 10_000_000;

    public static final String PAGE_DESCRIPTION = "0-based page number, 0..10000000 (a page past the end has an "
            + "empty content; above 10000000 is 400 VALIDATION_FAILED)";

    private PageRequests() {
    }

    public static PageRequest of(int page, int size, Sort sort) {
        if (page < 0 || page > MAX_PAGE) {
            throw new ValidationException("page", "must be between 0 and " + MAX_PAGE);
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

package io.gaas.web;

import java.util.List;
import java.util.function.Function;

import org.springframework.data.domain.Page;

/** The paged list shape of the API: {@code {"content": [...], "page": {...}}}. */
public record PageResponse<T>(List<T> content, PageMetadata page) {

    public record PageMetadata(int size, int number, long totalElements, int totalPages) {
    }

    public static <E, T> PageResponse<T> from(Page<E> page, Function<? super E, T> mapper) {
        return new PageResponse<>(page.getContent().stream().<T>map(mapper).toList(),
                new PageMetadata(page.getSize(), page.getNumber(), page.getTotalElements(), page.getTotalPages()));
    }
}

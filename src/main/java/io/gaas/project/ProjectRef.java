package io.gaas.project;

import java.util.UUID;

/** A project as jobs, requests and events name it: {@code {"id", "name"}}. */
public record ProjectRef(UUID id, String name) {
}

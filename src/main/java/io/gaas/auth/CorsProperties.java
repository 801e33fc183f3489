package io.gaas.auth;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** {@code gaas.cors.origins} (env {@code GAAS_CORS_ORIGINS}, comma-separated): CORS is off when empty. */
@ConfigurationProperties("gaas.cors")
record CorsProperties(@DefaultValue List<String> origins) {
}

package io.gaas.auth;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code gaas.jwt.*}: the HS256 signing secret (base64, at least 32 bytes; env {@code GAAS_JWT_SECRET})
 * and the token lifetime (env {@code GAAS_JWT_TTL}).
 */
@ConfigurationProperties("gaas.jwt")
record JwtProperties(String secret, @DefaultValue("PT1H") Duration ttl) {
}

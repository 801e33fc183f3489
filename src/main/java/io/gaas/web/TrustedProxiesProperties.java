package io.gaas.web;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code gaas.trusted-proxies} (env {@code GAAS_TRUSTED_PROXIES}, comma-separated CIDRs such as
 * {@code 10.0.0.0/8,fd00::/8}): the proxies whose {@code X-Forwarded-For} is believed. Empty: none,
 * so the client address is always the connection's peer.
 */
@ConfigurationProperties("gaas")
public record TrustedProxiesProperties(@DefaultValue List<String> trustedProxies) {
}

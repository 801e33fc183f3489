package io.gaas.webhook;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code gaas.webhooks.*}. {@code allowedHosts} (env {@code GAAS_WEBHOOK_ALLOWED_HOSTS}): when not
 * empty, the only hosts a webhook may call, and the only way to call a loopback address. The retry
 * defaults give a first retry within 10 s, then doubling up to 30 minutes, 12 tries over at least
 * 1 h 30 (jitter takes up to a quarter off each delay).
 */
@ConfigurationProperties("gaas.webhooks")
record WebhookProperties(@DefaultValue List<String> allowedHosts, @DefaultValue("true") boolean dispatcherEnabled,
        @DefaultValue("PT0.5S") Duration pollInterval, @DefaultValue("PT10S") Duration timeout,
        @DefaultValue("PT8S") Duration retryBase, @DefaultValue("PT30M") Duration retryCap,
        @DefaultValue("12") int maxAttempts, @DefaultValue("PT60S") Duration visibilityTimeout,
        @DefaultValue("16") int concurrency, @DefaultValue("4") int perWebhookConcurrency) {

    WebhookProperties {
        allowedHosts = allowedHosts.stream().map(String::strip).filter(host -> !host.isEmpty())
            .map(host -> host.toLowerCase(java.util.Locale.ROOT)).toList();
        if (visibilityTimeout.compareTo(timeout.plusSeconds(5)) < 0) {
            throw new IllegalArgumentException("gaas.webhooks.visibility-timeout must exceed the timeout by 5 s");
        }
    }
}

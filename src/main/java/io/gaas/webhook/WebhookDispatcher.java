package io.gaas.webhook;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import io.gaas.config.Timestamps;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Metrics;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Sends webhook deliveries, on every replica. Each poll fans recorded events out to deliveries and
 * claims due ones in the database (see {@link DeliveryStore}); each claimed delivery is one signed
 * POST on its own virtual thread, bounded in total and per webhook, with a timeout, so a receiver
 * that hangs holds at most a few slots for at most the timeout and never stalls other webhooks.
 */
@Component
class WebhookDispatcher implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(WebhookDispatcher.class);

    static final String API_VERSION = "1.1";

    private final DeliveryStore store;
    private final WebhookUrls urls;
    private final WebhookProperties properties;
    private final RetrySchedule retries;
    private final JsonMapper json;
    private final Clock clock;
    private final HttpClient http;
    private final ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor();
    private final Semaphore slots;
    private final Map<java.util.UUID, AtomicInteger> inFlight = new ConcurrentHashMap<>();
    private final AtomicLong oldestPendingSeconds = new AtomicLong();

    WebhookDispatcher(DeliveryStore store, WebhookUrls urls, WebhookProperties properties, JsonMapper json,
            Clock clock) {
        this.store = store;
        this.urls = urls;
        this.properties = properties;
        this.retries = new RetrySchedule(properties.retryBase(), properties.retryCap(), properties.maxAttempts());
        this.json = json;
        this.clock = clock;
        this.slots = new Semaphore(properties.concurrency());
        this.http = HttpClient.newBuilder()
            .connectTimeout(properties.timeout())
            .followRedirects(HttpClient.Redirect.NEVER)
            .executor(senders)
            .build();
        Gauge.builder("gaas.webhook.deliveries.oldest.pending.age", oldestPendingSeconds, AtomicLong::get)
            .baseUnit("seconds")
            .description("Age of the oldest webhook delivery not yet delivered or failed")
            .register(Metrics.globalRegistry);
    }

    @Scheduled(fixedDelayString = "${gaas.webhooks.poll-interval:PT0.5S}", initialDelayString = "PT5S")
    void poll() {
        if (!properties.dispatcherEnabled()) {
            return;
        }
        try {
            dispatchDue();
        }
        catch (RuntimeException failure) {
            // The database may be briefly unavailable; the next poll tries again.
            log.warn("Webhook dispatch failed: {}", failure.getMessage());
        }
    }

    /** Fans out recorded events, then starts sending every due delivery it can claim now. */
    List<CompletableFuture<Void>> dispatchDue() {
        Instant now = Timestamps.now(clock);
        while (store.fanOut(now, 100) == 100) {
            // A backlog of events: fan it all out before claiming.
        }
        int free = slots.availablePermits();
        List<CompletableFuture<Void>> sending = List.of();
        if (free > 0) {
            List<DeliveryStore.Claimed> claimed = store.claim(now, now.plus(properties.visibilityTimeout()), free,
                    this::mayTakeOneMore);
            sending = claimed.stream().map(this::start).toList();
        }
        oldestPendingSeconds.set(store.oldestPending().map(oldest -> Duration.between(oldest, now).toSeconds())
            .orElse(0L));
        return sending;
    }

    /** Reserves a slot for the webhook if it has fewer than its share in flight on this replica. */
    private boolean mayTakeOneMore(java.util.UUID webhookId) {
        AtomicInteger count = inFlight.computeIfAbsent(webhookId, id -> new AtomicInteger());
        if (count.incrementAndGet() > properties.perWebhookConcurrency() || !slots.tryAcquire()) {
            count.decrementAndGet();
            return false;
        }
        return true;
    }

    private CompletableFuture<Void> start(DeliveryStore.Claimed delivery) {
        return CompletableFuture.runAsync(() -> {
            try {
                send(delivery);
            }
            catch (RuntimeException failure) {
                log.warn("Webhook delivery {} could not be recorded: {}", delivery.eventId(), failure.getMessage());
            }
            finally {
                inFlight.get(delivery.webhookId()).decrementAndGet();
                slots.release();
            }
        }, senders);
    }

    private void send(DeliveryStore.Claimed delivery) {
        Outcome outcome = attempt(delivery);
        Instant now = Timestamps.now(clock);
        int attemptsEnded = delivery.attempts() + 1;
        if (outcome.delivered()) {
            store.finish(delivery, "DELIVERED", null, outcome.status(), null);
            Metrics.counter("gaas.webhook.deliveries", "outcome", "delivered").increment();
        }
        else if (retries.retries(attemptsEnded)) {
            store.finish(delivery, "PENDING", now.plus(retries.delayAfter(attemptsEnded)), outcome.status(),
                    outcome.error());
            Metrics.counter("gaas.webhook.deliveries", "outcome", "retried").increment();
        }
        else {
            store.finish(delivery, "FAILED", null, outcome.status(), outcome.error());
            Metrics.counter("gaas.webhook.deliveries", "outcome", "failed").increment();
        }
    }

    private record Outcome(boolean delivered, Integer status, String error) {
    }

    private Outcome attempt(DeliveryStore.Claimed delivery) {
        URI uri;
        try {
            uri = new URI(delivery.url());
        }
        catch (URISyntaxException impossible) {
            return new Outcome(false, null, "the URL is not valid");
        }
        Optional<String> refused = urls.addressProblem(uri);
        if (refused.isPresent()) {
            return new Outcome(false, null, "refused: " + refused.get());
        }
        long timestamp = clock.instant().getEpochSecond();
        String body = envelope(delivery);
        HttpRequest request = HttpRequest.newBuilder(uri)
            .timeout(properties.timeout())
            .header("Content-Type", "application/json")
            .header("User-Agent", "GaaS-Webhooks/" + API_VERSION)
            .header("X-Gaas-Event", delivery.type())
            .header("X-Gaas-Event-Id", delivery.eventId().toString())
            .header("X-Gaas-Timestamp", Long.toString(timestamp))
            .header("X-Gaas-Signature", Signatures.sign(delivery.secret(), timestamp, body))
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
        CompletableFuture<HttpResponse<Void>> response = http.sendAsync(request, HttpResponse.BodyHandlers.discarding());
        try {
            // Bounds the whole exchange, body included: the request timeout alone covers the headers.
            int status = response.get(properties.timeout().toMillis(), TimeUnit.MILLISECONDS).statusCode();
            return status >= 200 && status < 300 ? new Outcome(true, status, null)
                    : new Outcome(false, status, "HTTP " + status);
        }
        catch (TimeoutException slow) {
            response.cancel(true);
            return new Outcome(false, null, "no answer within " + properties.timeout().toSeconds() + " s");
        }
        catch (ExecutionException failed) {
            Throwable cause = failed.getCause();
            String reason = cause instanceof java.net.http.HttpTimeoutException
                    ? "no answer within " + properties.timeout().toSeconds() + " s"
                    : cause instanceof IOException ? "connection failed or closed"
                            : "request failed";
            return new Outcome(false, null, reason);
        }
        catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            response.cancel(true);
            return new Outcome(false, null, "interrupted");
        }
    }

    /** The body, the same at every try of the delivery: the event id, type, time and data. */
    String envelope(DeliveryStore.Claimed delivery) {
        ObjectNode envelope = json.createObjectNode();
        envelope.put("id", delivery.eventId().toString());
        envelope.put("type", delivery.type());
        envelope.set("createdAt", json.valueToTree(delivery.createdAt()));
        envelope.put("apiVersion", API_VERSION);
        envelope.set("data", json.readTree(delivery.payload()));
        return json.writeValueAsString(envelope);
    }

    /** Lets the deliveries in flight finish and record their outcome before the replica stops. */
    @Override
    public void destroy() throws InterruptedException {
        senders.shutdown();
        if (!senders.awaitTermination(properties.timeout().toSeconds() + 5, TimeUnit.SECONDS)) {
            senders.shutdownNow();
        }
    }
}

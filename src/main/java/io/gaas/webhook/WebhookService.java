package io.gaas.webhook;

import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.data.domain.PageImpl;
import org.springframework.data.domain.PageRequest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.gaas.config.Timestamps;
import io.gaas.web.NotFoundException;
import io.gaas.web.PageRequests;
import io.gaas.web.PageResponse;
import io.gaas.web.ValidationException;

/** Creates, changes, lists and pings webhooks, and shows their deliveries. */
@Service
@Transactional(readOnly = true)
public class WebhookService {

    static final int MAX_DESCRIPTION = 500;

    private static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcClient jdbc;
    private final WebhookUrls urls;
    private final Outbox outbox;
    private final Clock clock;

    WebhookService(JdbcClient jdbc, WebhookUrls urls, Outbox outbox, Clock clock) {
        this.jdbc = jdbc;
        this.urls = urls;
        this.outbox = outbox;
        this.clock = clock;
    }

    @Transactional
    public CreatedWebhookResponse create(CreateWebhookRequest request) {
        String url = checkedUrl(request.url());
        List<String> events = checkedEvents(request.events());
        String description = checkedDescription(request.description());
        UUID id = UUID.randomUUID();
        String secret = newSecret();
        Instant now = Timestamps.now(clock);
        jdbc.sql("""
                INSERT INTO webhooks (id, url, events, description, secret, enabled, created_at)
                VALUES (:id, :url, :events, :description, :secret, TRUE, :createdAt)""")
            .param("id", id)
            .param("url", url)
            .param("events", String.join(",", events))
            .param("description", description, Types.VARCHAR)
            .param("secret", secret)
            .param("createdAt", now.atOffset(ZoneOffset.UTC))
            .update();
        return new CreatedWebhookResponse(id, url, events, description, true, now, secret);
    }

    public WebhookResponse get(UUID id) {
        return jdbc.sql("SELECT * FROM webhooks WHERE id = :id")
            .param("id", id)
            .query(WebhookService::view)
            .optional()
            .orElseThrow(WebhookService::notFound);
    }

    public PageResponse<WebhookResponse> list(int page, int size) {
        PageRequest request = PageRequests.of(page, size, org.springframework.data.domain.Sort.unsorted());
        long total = jdbc.sql("SELECT COUNT(*) FROM webhooks").query(Long.class).single();
        List<WebhookResponse> content = jdbc.sql("""
                SELECT * FROM webhooks ORDER BY created_at DESC, id DESC LIMIT :limit OFFSET :offset""")
            .param("limit", size)
            .param("offset", request.getOffset())
            .query(WebhookService::view)
            .list();
        return PageResponse.from(new PageImpl<>(content, request, total), webhook -> webhook);
    }

    @Transactional
    public WebhookResponse update(UUID id, UpdateWebhookRequest request) {
        WebhookResponse current = get(id);
        String url = request.url() == null ? current.url() : checkedUrl(request.url());
        List<String> events = request.events() == null ? current.events() : checkedEvents(request.events());
        String description = request.description() == null ? current.description()
                : checkedDescription(request.description());
        boolean enabled = request.enabled() == null ? current.enabled() : request.enabled();
        jdbc.sql("""
                UPDATE webhooks SET url = :url, events = :events, description = :description, enabled = :enabled
                WHERE id = :id""")
            .param("url", url)
            .param("events", String.join(",", events))
            .param("description", description, Types.VARCHAR)
            .param("enabled", enabled)
            .param("id", id)
            .update();
        return new WebhookResponse(id, url, events, description, enabled, current.createdAt());
    }

    /** Deletes the webhook and its deliveries; its events stay for the other webhooks. */
    @Transactional
    public void delete(UUID id) {
        jdbc.sql("DELETE FROM webhook_deliveries WHERE webhook_id = :id").param("id", id).update();
        if (jdbc.sql("DELETE FROM webhooks WHERE id = :id").param("id", id).update() == 0) {
            throw notFound();
        }
    }

    /** Queues a {@code ping} to this webhook, whatever events it subscribes to. */
    @Transactional
    public void ping(UUID id) {
        get(id);
        outbox.recordFor(id, WebhookEventTypes.PING, Map.of("webhook", Map.of("id", id)));
    }

    public PageResponse<DeliveryResponse> deliveries(UUID id, int page, int size) {
        PageRequest request = PageRequests.of(page, size, org.springframework.data.domain.Sort.unsorted());
        get(id);
        long total = jdbc.sql("SELECT COUNT(*) FROM webhook_deliveries WHERE webhook_id = :id")
            .param("id", id)
            .query(Long.class)
            .single();
        List<DeliveryResponse> content = jdbc.sql("""
                SELECT d.event_id, e.type, d.status, d.attempts, d.last_response_status, d.last_error,
                       d.next_attempt_at, d.created_at
                FROM webhook_deliveries d JOIN webhook_events e ON e.id = d.event_id
                WHERE d.webhook_id = :id ORDER BY d.created_at DESC, d.event_id DESC LIMIT :limit OFFSET :offset""")
            .param("id", id)
            .param("limit", size)
            .param("offset", request.getOffset())
            .query((row, i) -> new DeliveryResponse(row.getObject("event_id", UUID.class), row.getString("type"),
                    row.getString("status"), row.getInt("attempts"), (Integer) row.getObject("last_response_status",
                            Integer.class),
                    row.getString("last_error"), instant(row, "next_attempt_at"), instant(row, "created_at")))
            .list();
        return PageResponse.from(new PageImpl<>(content, request, total), delivery -> delivery);
    }

    private String checkedUrl(String url) {
        if (url == null) {
            throw new ValidationException("url", "must not be null");
        }
        String problem = urls.problemWith(url.strip()).orElse(null);
        if (problem != null) {
            throw new ValidationException("url", problem);
        }
        return url.strip();
    }

    private static List<String> checkedEvents(List<String> events) {
        if (events == null || events.isEmpty()) {
            throw new ValidationException("events", "must name at least one event");
        }
        List<String> unknown = new ArrayList<>();
        for (String event : events) {
            if (event == null || !WebhookEventTypes.ALL.contains(event)) {
                unknown.add(String.valueOf(event));
            }
        }
        if (!unknown.isEmpty()) {
            throw new ValidationException("events", "unknown event names " + unknown.stream().limit(5).toList()
                    + "; known: " + String.join(", ", WebhookEventTypes.ALL));
        }
        return List.copyOf(new LinkedHashSet<>(events));
    }

    private static String checkedDescription(String description) {
        if (description != null && description.length() > MAX_DESCRIPTION) {
            throw new ValidationException("description", "must be at most " + MAX_DESCRIPTION + " characters");
        }
        if (description != null && description.indexOf('\u0000') >= 0) {
            throw new ValidationException("description", "must not contain NUL characters");
        }
        return description;
    }

    private static String newSecret() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return "whsec_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static WebhookResponse view(ResultSet row, int rowNumber) throws SQLException {
        return new WebhookResponse(row.getObject("id", UUID.class), row.getString("url"),
                Arrays.asList(row.getString("events").split(",")), row.getString("description"),
                row.getBoolean("enabled"), instant(row, "created_at"));
    }

    private static Instant instant(ResultSet row, String column) throws SQLException {
        OffsetDateTime value = row.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    private static NotFoundException notFound() {
        return new NotFoundException("No such webhook.");
    }
}

package io.gaas.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TokenKindTests {

    @Test
    void mayCallWhenWorkerTokenThenOnlyWorkerPaths() {
        assertThat(TokenKind.WORKER.mayCall("/api/v1/worker/claim")).isTrue();
        assertThat(TokenKind.WORKER.mayCall("/api/v1/worker/jobs/1/finish")).isTrue();
        assertThat(TokenKind.WORKER.mayCall("/api/v1/jobs")).isFalse();
        assertThat(TokenKind.WORKER.mayCall("/api/v1/admin/workers")).isFalse();
        assertThat(TokenKind.WORKER.mayCall("/api/v1/worker")).isFalse();
        assertThat(TokenKind.WORKER.mayCall("/api/v1/workers/claim")).isFalse();
    }

    @Test
    void mayCallWhenUserTokenThenEverythingButWorkerPaths() {
        assertThat(TokenKind.USER.mayCall("/api/v1/jobs")).isTrue();
        assertThat(TokenKind.USER.mayCall("/api/v1/admin/workers")).isTrue();
        assertThat(TokenKind.USER.mayCall("/api/v1/worker/claim")).isFalse();
    }
}

package io.gaas.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.password.PasswordEncoder;

class PasswordEncoderTests {

    private static PasswordEncoder encoder(int iterations) {
        return new PasswordConfig().passwordEncoder(new PasswordConfig.PasswordProperties(iterations));
    }

    /** Three settings in turn: a hash made under the middle one used to be unreadable under the third. */
    @Test
    void matchesWhenIterationsChangedTwiceThenHashesOfEverySettingStillVerify() {
        String first = encoder(1_000).encode("correct horse battery");
        String middle = encoder(2_000).encode("correct horse battery");
        PasswordEncoder now = encoder(3_000);

        assertThat(middle).startsWith("{pbkdf2-sha256-2000}");
        assertThat(now.matches("correct horse battery", first)).isTrue();
        assertThat(now.matches("correct horse battery", middle)).isTrue();
        assertThat(now.matches("wrong horse battery", middle)).isFalse();
        assertThat(now.matches("correct horse battery", now.encode("correct horse battery"))).isTrue();
    }

    @Test
    void upgradeEncodingWhenHashWasMadeAtAnotherCountThenTrue() {
        PasswordEncoder now = encoder(3_000);

        assertThat(now.upgradeEncoding(encoder(2_000).encode("pw"))).isTrue();
        assertThat(now.upgradeEncoding(encoder(310_000 / 100).encode("pw"))).isTrue();
        assertThat(now.upgradeEncoding(now.encode("pw"))).isFalse();
    }

    @Test
    void matchesWhenStoredHashIsDamagedOrForeignThenFalseRatherThanAnError() {
        PasswordEncoder now = encoder(1_000);
        String good = now.encode("pw");

        assertThat(now.matches("pw", "{bcrypt}$2a$10$abcdefghijklmnopqrstuv")).isFalse();
        assertThat(now.matches("pw", good.substring("{pbkdf2-sha256-1000}".length()))).isFalse();
        assertThat(now.matches("pw", good.replace("{pbkdf2-sha256-1000}", "{pbkdf2-sha256-0}"))).isFalse();
        assertThat(now.matches("pw", good.replace("{pbkdf2-sha256-1000}", "{pbkdf2-sha256-999999999}"))).isFalse();
        assertThat(now.matches("pw", null)).isFalse();
    }

    @Test
    void encoderWhenIterationsOutOfRangeThenRefusedAtStartUp() {
        assertThatThrownBy(() -> encoder(999)).isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("GAAS_PBKDF2_ITERATIONS");
    }
}

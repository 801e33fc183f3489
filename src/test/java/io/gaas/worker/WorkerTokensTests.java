package io.gaas.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

class WorkerTokensTests {

    @Test
    void generateWhenCalledThenPrefixAnd32RandomBytesInBase64Url() {
        String token = WorkerTokens.generate();

        assertThat(token).startsWith("gaasw_").hasSize(WorkerTokens.LENGTH);
        assertThat(Base64.getUrlDecoder().decode(token.substring(6))).hasSize(32);
        assertThat(WorkerTokens.isWellFormed(token)).isTrue();
    }

    @Test
    void generateWhenCalledManyTimesThenNoTwoAlike() {
        Set<String> tokens = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            tokens.add(WorkerTokens.generate());
        }
        assertThat(tokens).hasSize(1000);
    }

    @Test
    void hashWhenTokenGivenThenHexSha256ThatDiffersFromTheToken() {
        String token = WorkerTokens.generate();

        String hash = WorkerTokens.hash(token);

        assertThat(hash).hasSize(64).matches("[0-9a-f]{64}").isEqualTo(WorkerTokens.hash(token));
        assertThat(hash).isNotEqualTo(WorkerTokens.hash(WorkerTokens.generate()));
        assertThat(WorkerTokens.hash("abc"))
            .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @Test
    void isWellFormedWhenLengthPrefixOrAlphabetIsWrongThenFalse() {
        String token = WorkerTokens.generate();

        assertThat(WorkerTokens.isWellFormed(token + "A")).isFalse();
        assertThat(WorkerTokens.isWellFormed(token.substring(1))).isFalse();
        assertThat(WorkerTokens.isWellFormed("gaasx_" + token.substring(6))).isFalse();
        assertThat(WorkerTokens.isWellFormed(token.substring(0, 10) + "+" + token.substring(11))).isFalse();
        assertThat(WorkerTokens.isWellFormed(token.substring(0, 10) + "\u0000" + token.substring(11))).isFalse();
    }
}

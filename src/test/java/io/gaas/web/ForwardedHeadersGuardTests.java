package io.gaas.web;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.mock.env.MockEnvironment;

class ForwardedHeadersGuardTests {

    @ParameterizedTest
    @ValueSource(strings = { "native", "NATIVE", "framework" })
    void guardWhenTheContainerOrFrameworkWouldRewriteThePeerThenRefusesToStart(String strategy) {
        MockEnvironment environment = new MockEnvironment().withProperty("server.forward-headers-strategy", strategy);

        assertThatIllegalStateException().isThrownBy(() -> guard(environment))
            .withMessageContaining("SERVER_FORWARD_HEADERS_STRATEGY")
            .withMessageContaining("GAAS_TRUSTED_PROXIES");
    }

    @ParameterizedTest
    @ValueSource(strings = { "none", "NONE" })
    void guardWhenNoneThenLetsTheServiceStart(String strategy) {
        MockEnvironment environment = new MockEnvironment().withProperty("server.forward-headers-strategy", strategy);

        assertThatCode(() -> guard(environment)).doesNotThrowAnyException();
    }

    @Test
    void guardWhenUnsetThenLetsTheServiceStart() {
        assertThatCode(() -> guard(new MockEnvironment())).doesNotThrowAnyException();
    }

    private static void guard(MockEnvironment environment) {
        WebConfig.forwardedHeadersGuard(environment).postProcessBeanFactory(new DefaultListableBeanFactory());
    }
}

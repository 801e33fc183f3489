package io.gaas.config;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.mock.env.MockEnvironment;

class ProductionGuardConfigTests {

    private static final String SECRET = "dGVzdHRlc3R0ZXN0dGVzdHRlc3R0ZXN0dGVzdHRlc3Q=";

    @Test
    void guardWhenDatasourceIsMissingThenRefusesToStart() {
        MockEnvironment environment = new MockEnvironment().withProperty("spring.datasource.url", "")
            .withProperty("gaas.jwt.secret", SECRET);

        assertThatIllegalStateException().isThrownBy(() -> guard(environment))
            .withMessageContaining("SPRING_DATASOURCE_URL");
    }

    @Test
    void guardWhenSecretIsMissingThenRefusesToStart() {
        MockEnvironment environment = new MockEnvironment()
            .withProperty("spring.datasource.url", "jdbc:postgresql://db:5432/gaas")
            .withProperty("gaas.jwt.secret", " ");

        assertThatIllegalStateException().isThrownBy(() -> guard(environment))
            .withMessageContaining("GAAS_JWT_SECRET");
    }

    @Test
    void guardWhenDatasourceAndSecretAreSetThenLetsTheServiceStart() {
        MockEnvironment environment = new MockEnvironment()
            .withProperty("spring.datasource.url", "jdbc:postgresql://db:5432/gaas")
            .withProperty("gaas.jwt.secret", SECRET);

        assertThatCode(() -> guard(environment)).doesNotThrowAnyException();
    }

    private static void guard(MockEnvironment environment) {
        ProductionGuardConfig.productionGuard(environment).postProcessBeanFactory(new DefaultListableBeanFactory());
    }
}

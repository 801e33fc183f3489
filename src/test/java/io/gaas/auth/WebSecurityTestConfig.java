package io.gaas.auth;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Import;

import io.gaas.config.JsonTestConfig;

/**
 * The real security chain for {@code @WebMvcTest} slices: the JWT filter, the problem entry points
 * and the strict JSON mapper. The slice must still provide a {@code @MockitoBean UserService}, which
 * the JWT filter asks for the caller on every request.
 */
@TestConfiguration(proxyBeanMethods = false)
@EnableConfigurationProperties({ JwtProperties.class, CorsProperties.class })
@Import({ SecurityConfig.class, TokenService.class, ProblemResponseWriter.class, TestTokens.class,
        JsonTestConfig.class })
public class WebSecurityTestConfig {
}

package io.gaas.auth;

import org.mockito.Mockito;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

import io.gaas.config.JsonTestConfig;
import io.gaas.token.PersonalTokenService;
import io.gaas.web.ClientAddresses;
import io.gaas.web.TrustedProxiesProperties;

/**
 * The real security chain for {@code @WebMvcTest} slices: the JWT filter, the problem entry points
 * and the strict JSON mapper. The slice must still provide a {@code @MockitoBean UserService}, which
 * the JWT filter asks for the caller on every request. Personal access tokens are not part of the
 * slices: their verifier is a mock that knows none (they are tested over real HTTP).
 */
@TestConfiguration(proxyBeanMethods = false)
@EnableConfigurationProperties({ JwtProperties.class, CorsProperties.class, TrustedProxiesProperties.class })
@Import({ SecurityConfig.class, TokenService.class, ProblemResponseWriter.class, TestTokens.class,
        JsonTestConfig.class, ClientAddresses.class })
public class WebSecurityTestConfig {

    @Bean
    PersonalTokenService personalTokenService() {
        return Mockito.mock(PersonalTokenService.class);
    }
}

package io.gaas.auth;

import java.util.List;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;

import io.gaas.token.PersonalTokenService;
import io.gaas.user.UserService;
import io.gaas.web.ErrorCode;

@Configuration(proxyBeanMethods = false)
class SecurityConfig {

    static final String[] PUBLIC_DOCS = { "/v3/api-docs", "/v3/api-docs/**", "/swagger-ui/**", "/swagger-ui.html",
            "/docs", "/redoc", "/webjars/**", "/favicon.ico" };

    // @formatter:off
    @Bean
    SecurityFilterChain securityFilterChain(HttpSecurity http, TokenService tokens, UserService users,
            ObjectProvider<OpaqueTokenAuthenticator> opaqueTokens, PersonalTokenService personalTokens,
            ProblemResponseWriter problems, CorsProperties cors)
            throws Exception {
        var entryPoint = new ProblemAuthenticationEntryPoint(problems);
        http
            // Bearer tokens are not sent by browsers on their own, so there is no CSRF to defend against.
            .csrf(AbstractHttpConfigurer::disable)
            .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
            .httpBasic(AbstractHttpConfigurer::disable)
            .formLogin(AbstractHttpConfigurer::disable)
            .logout(AbstractHttpConfigurer::disable)
            .requestCache(AbstractHttpConfigurer::disable)
            .cors(corsConfigurer -> {
                if (cors.origins().isEmpty()) {
                    corsConfigurer.disable();
                }
                else {
                    corsConfigurer.configurationSource(corsSource(cors.origins()));
                }
            })
            .authorizeHttpRequests(authorize -> authorize
                .requestMatchers(HttpMethod.POST, "/api/v1/auth/register", "/api/v1/auth/login",
                        "/api/v1/auth/token").permitAll()
                .requestMatchers(HttpMethod.GET, PUBLIC_DOCS).permitAll()
                .requestMatchers(HttpMethod.GET, "/actuator/health", "/actuator/health/**",
                        "/actuator/prometheus", "/livez", "/readyz").permitAll()
                .requestMatchers("/error").permitAll()
                // What each kind of token may call (see TokenKindRules): a personal token may not manage
                // passwords, tokens or logins, and uses admin paths only if it was made for that.
                .requestMatchers("/api/v1/users/me/password", "/api/v1/users/me/tokens",
                        "/api/v1/users/me/tokens/**", "/api/v1/auth/logout").access(TokenKindRules.loginTokenOnly())
                .requestMatchers("/api/v1/admin/**").access(TokenKindRules.adminPowers())
                .requestMatchers("/api/v1/worker/**").hasRole("WORKER")
                // PATCH /api/v1/jobs/*/status is an admin's, and a project manager's for its jobs: the job
                // service decides (403 for anyone else).
                .anyRequest().authenticated())
            .exceptionHandling(exceptions -> exceptions
                .authenticationEntryPoint(entryPoint)
                .accessDeniedHandler(new ProblemAccessDeniedHandler(problems)))
            .addFilterBefore(new JwtAuthenticationFilter(tokens, users, opaqueTokens.orderedStream().toList(),
                    personalTokens, problems), AnonymousAuthenticationFilter.class);
        return http.build();
    }
    // @formatter:on

    /** Requests the firewall refuses before any controller runs get the same 400 problem as bad input. */
    @Bean
    RequestRejectedHandler requestRejectedHandler(ProblemResponseWriter problems) {
        return (request, response, rejected) -> problems.write(request, response, ErrorCode.MALFORMED_REQUEST,
                "The request has characters that are not allowed.");
    }

    private static UrlBasedCorsConfigurationSource corsSource(List<String> origins) {
        CorsConfiguration configuration = new CorsConfiguration();
        configuration.setAllowedOrigins(origins);
        configuration.setAllowedMethods(List.of("GET", "POST", "PATCH", "DELETE", "OPTIONS"));
        configuration.setAllowedHeaders(List.of("Authorization", "Content-Type", "Idempotency-Key"));
        configuration.setExposedHeaders(List.of("Location", "Retry-After"));
        UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
        source.registerCorsConfiguration("/**", configuration);
        return source;
    }
}

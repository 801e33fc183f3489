package io.gaas.web;

import org.apache.catalina.core.StandardHost;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;

import tools.jackson.databind.json.JsonMapper;

@Configuration(proxyBeanMethods = false)
class WebConfig {

    /**
     * Refuses to start with the container's (or the framework's) forwarded-header handling: either
     * rewrites the peer address from {@code X-Forwarded-For} by its own rule before
     * {@link ClientAddresses} sees it, and a client could then choose the address that the login and
     * registration limits count. Checked before any bean is created, so the message is the only error.
     */
    @Bean
    static BeanFactoryPostProcessor forwardedHeadersGuard(Environment environment) {
        return beanFactory -> {
            String strategy = environment.getProperty("server.forward-headers-strategy", "none");
            if (!strategy.equalsIgnoreCase("none")) {
                throw new IllegalStateException("SERVER_FORWARD_HEADERS_STRATEGY is '" + strategy + "': it must be "
                        + "'none' (or unset). The service believes X-Forwarded-For and X-Forwarded-Proto only from "
                        + "the proxies in GAAS_TRUSTED_PROXIES; list your proxy there instead.");
            }
        };
    }

    /**
     * Before everything else, the security filters (HSTS) included, so that every later reader of the
     * request sees the scheme the client used.
     */
    @Bean
    FilterRegistrationBean<ForwardedSchemeFilter> forwardedSchemeFilter(ClientAddresses clientAddresses) {
        var registration = new FilterRegistrationBean<>(new ForwardedSchemeFilter(clientAddresses));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        return registration;
    }

    /** After the security filters (order -100): an unauthenticated caller gets 401 before any 413. */
    @Bean
    FilterRegistrationBean<RequestBodyLimitFilter> requestBodyLimitFilter(JsonMapper jsonMapper) {
        var registration = new FilterRegistrationBean<>(new RequestBodyLimitFilter(jsonMapper));
        registration.setOrder(0);
        return registration;
    }

    /** Inside the size limit, so that an oversized body is refused as such, whatever its bytes. */
    @Bean
    FilterRegistrationBean<Utf8BodyFilter> utf8BodyFilter() {
        var registration = new FilterRegistrationBean<>(new Utf8BodyFilter());
        registration.setOrder(1);
        return registration;
    }

    /** Tomcat's own refusals (before any filter runs) as problem documents, not HTML pages. */
    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> containerErrorsAsProblems() {
        return factory -> factory.addContextCustomizers(context -> {
            if (context.getParent() instanceof StandardHost host) {
                host.setErrorReportValveClass(ContainerErrorReportValve.class.getName());
            }
        });
    }
}

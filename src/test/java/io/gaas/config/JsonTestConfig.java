package io.gaas.config;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Import;

/** The service's strict JSON mapper and its clock, for slice tests in other packages. */
@TestConfiguration(proxyBeanMethods = false)
@Import({ JacksonConfig.class, ClockConfig.class })
public class JsonTestConfig {
}

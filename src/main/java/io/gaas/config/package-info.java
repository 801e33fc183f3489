/**
 * Cross-cutting configuration: JSON strictness, the clock, timestamps, OpenAPI and business metrics.
 */
// Shared configuration; it names error codes of web, and no feature.
@ApplicationModule(allowedDependencies = "web")
package io.gaas.config;

import org.springframework.modulith.ApplicationModule;

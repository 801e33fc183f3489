/**
 * Cross-cutting configuration: JSON strictness, the clock, timestamps, OpenAPI and business metrics.
 */
package io.gaas.config;

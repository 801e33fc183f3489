/**
 * The HTTP conventions shared by all features: problem details with stable error codes, paging, and the request body limit.
 */
// The base every feature builds on: it depends on no feature.
@ApplicationModule(allowedDependencies = {})
package io.gaas.web;

import org.springframework.modulith.ApplicationModule;

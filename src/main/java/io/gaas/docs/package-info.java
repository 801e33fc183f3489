/**
 * The human entry points to the API documentation: the /docs redirect and the self-hosted ReDoc page.
 */
// Only redirects to the documentation pages.
@ApplicationModule(allowedDependencies = {})
package io.gaas.docs;

import org.springframework.modulith.ApplicationModule;

/**
 * The human entry points to the API documentation: the /docs redirect and the self-hosted ReDoc page.
 */
package io.gaas.docs;

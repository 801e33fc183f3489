/**
 * The HTTP conventions shared by all features: problem details with stable error codes, paging, and the request body limit.
 */
package io.gaas.web;

/**
 * Administration endpoints that span features: user listing and updates, ledgers and quota adjustments. Owns no data.
 */
package io.gaas.admin;

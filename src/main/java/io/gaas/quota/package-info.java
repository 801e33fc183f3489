/**
 * Hours: each user's balance and the immutable ledger of every change to it. Every change is one conditional UPDATE plus one ledger row, in the caller's transaction.
 */
package io.gaas.quota;

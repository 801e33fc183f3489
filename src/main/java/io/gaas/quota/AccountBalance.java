package io.gaas.quota;

import java.math.BigDecimal;

/** An account's kind and balance as one read returns them. */
record AccountBalance(AccountType type, BigDecimal balance) {
}

package io.gaas.quota;

import java.math.BigDecimal;

/** An account's kind, balance and own low-balance threshold ({@code null} = the default), as one read returns them. */
record AccountBalance(AccountType type, BigDecimal balance, BigDecimal lowBalanceHours) {
}

package io.gaas.quota;

public enum LedgerKind {
    INITIAL_GRANT, JOB_CHARGE, JOB_REFUND, ADMIN_ADJUSTMENT, PERIOD_REFILL, TOP_UP
}

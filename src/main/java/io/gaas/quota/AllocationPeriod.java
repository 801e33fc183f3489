package io.gaas.quota;

/** How often an allocation refills an account: at 00:00 on the 1st of each month, or each Monday. */
public enum AllocationPeriod {
    MONTHLY, WEEKLY
}

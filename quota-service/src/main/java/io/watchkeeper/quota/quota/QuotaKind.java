package io.watchkeeper.quota.quota;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Prepaid: an allocation ledger, consumption counted across all time. Periodic: a value per month or year. */
public enum QuotaKind {
    @JsonProperty("prepaid")
    PREPAID,
    @JsonProperty("periodic")
    PERIODIC
}

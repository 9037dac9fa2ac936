package io.watchkeeper.quota.settings;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.util.List;

public final class SettingsDtos {

    private SettingsDtos() {}

    /**
     * The defaults of quotas that set none of their own: step thresholds (ascending, each above 0 and below 100),
     * monitor, autoDisable. {@code tenant}: whose (a tenant's token sets its own; none: the platform's).
     */
    public record Request(
            @NotNull @Size(max = 20) List<BigDecimal> thresholds,
            @NotNull Boolean monitor,
            @NotNull Boolean autoDisable,
            @Size(max = 63) String tenant) {}
}

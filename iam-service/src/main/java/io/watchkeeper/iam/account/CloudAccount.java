package io.watchkeeper.iam.account;

import java.time.Instant;

/** A cloud main account: the secret access key only sealed. */
public record CloudAccount(
        String id,
        String tenant,
        String name,
        String provider,
        String accessKeyId,
        String secretSealed,
        String secretHint,
        String region,
        String createdBy,
        Instant createdAt,
        Instant verifiedAt) {

    public static final String VOLCENGINE = "volcengine";

    @Override
    public String toString() {
        return "CloudAccount[" + id + ", " + name + "]";
    }
}

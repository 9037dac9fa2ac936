package io.watchkeeper.iam.cloud;

import java.util.Set;

/**
 * An answer of the cloud that is not a success: its error code (the envelope's {@code ResponseMetadata.Error.Code},
 * or {@code HTTP <status>} / {@code Unreachable} / {@code Timeout} when there is none), the HTTP status, its message.
 * Never carries a credential.
 */
public class CloudError extends RuntimeException {

    /** Codes that say "not now": retried with backoff, like 5xx and an unreachable cloud. */
    private static final Set<String> THROTTLING = Set.of(
            "Throttling",
            "RequestLimitExceeded",
            "FlowLimitExceeded",
            "TooManyRequests",
            "ServiceUnavailable",
            "InternalError");

    private final String code;
    private final int httpStatus;

    public CloudError(String code, int httpStatus, String message) {
        super(code + ": " + message);
        this.code = code;
        this.httpStatus = httpStatus;
    }

    public static CloudError unreachable(Throwable cause) {
        return new CloudError("Unreachable", 0, cause.getClass().getSimpleName() + " " + cause.getMessage());
    }

    public String code() {
        return code;
    }

    public int httpStatus() {
        return httpStatus;
    }

    /** Throttling, a 5xx, an unreachable cloud: worth another try later. Anything else the same call will meet again. */
    public boolean retriable() {
        return THROTTLING.contains(code)
                || code.startsWith("Throttling")
                || httpStatus == 429
                || httpStatus >= 500
                || httpStatus == 0;
    }

    /** The cloud refused the main account's own credentials. */
    public boolean credentialsRefused() {
        return code.equals("SignatureDoesNotMatch")
                || code.equals("InvalidAccessKey")
                || code.equals("MissingAuthenticationToken")
                || code.equals("AccessDenied")
                || code.equals("InvalidTimestamp");
    }
}

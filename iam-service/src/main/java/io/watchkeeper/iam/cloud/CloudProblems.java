package io.watchkeeper.iam.cloud;

import io.watchkeeper.platform.problem.ProblemException;
import java.time.Duration;

/**
 * A {@link CloudError} as the problem+json answer an admin can act on: what the cloud refused (404, 409, 400) with
 * its code, keys the cloud no longer accepts (502), a cloud that is down or throttling after the retries (503 with
 * Retry-After).
 */
public final class CloudProblems {

    public static ProblemException of(CloudError e) {
        String detail = "the cloud answered " + e.getMessage();
        if (e.retriable() || e.code().equals("Timeout") || e.code().equals("CircuitOpen")) {
            return new ProblemException(
                    503,
                    "Cloud unavailable",
                    detail,
                    null,
                    java.util.Map.of(
                            "Retry-After", String.valueOf(Duration.ofSeconds(30).toSeconds())));
        }
        if (e.credentialsRefused()) {
            return new ProblemException(
                    502,
                    "Cloud refused the account's keys",
                    detail + "; check the cloud account's access key (POST /api/v1/cloud-accounts/{id}/test)",
                    null);
        }
        return switch (e.code()) {
            case "UserAlreadyExists",
                    "AccessKeyLimitExceeded",
                    "EntityAlreadyExists",
                    "DeleteConflict" -> new ProblemException(409, "Conflict", detail, null);
            case "UserNotExist", "AccessKeyNotExist", "LoginProfileNotExist" -> new ProblemException(
                    404, "Not Found", detail, null);
            default -> new ProblemException(
                    e.httpStatus() == 404 || e.httpStatus() == 409 ? e.httpStatus() : 400,
                    "Refused by the cloud",
                    detail,
                    null);
        };
    }

    private CloudProblems() {}
}

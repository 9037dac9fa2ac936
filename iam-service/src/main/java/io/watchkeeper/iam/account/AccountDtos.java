package io.watchkeeper.iam.account;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;

/** JSON bodies of {@code /api/v1/cloud-accounts}. */
public final class AccountDtos {

    /**
     * A main account to register. The access key id is Volcengine's ({@code AKLT…}); the secret is sealed at once and
     * never returned.
     */
    public record Request(
            @NotBlank @Size(max = 100) String name,
            @Pattern(regexp = "volcengine", message = "must be volcengine") String provider,
            @NotBlank
                    @Pattern(
                            regexp = "AK[A-Z]{2}[A-Za-z0-9_\\-+/=]{16,124}",
                            message =
                                    "must be a Volcengine access key id (AKLT followed by at least 16 letters or digits)")
                    String accessKeyId,
            @NotBlank @Size(min = 16, max = 256) String secretAccessKey,
            @Pattern(regexp = "[a-z]{2}-[a-z]+(-[0-9]+)?", message = "must be a region such as cn-beijing")
                    String region,
            String tenant) {

        @Override
        public String toString() {
            return "Request[" + name + ", " + accessKeyId + "]";
        }
    }

    /** What anyone may see of an account: the secret only as a hint. */
    public record View(
            String id,
            String tenant,
            String name,
            String provider,
            String accessKeyId,
            String secretHint,
            String region,
            String createdBy,
            Instant createdAt,
            Instant verifiedAt) {

        static View of(CloudAccount a) {
            return new View(
                    a.id(),
                    a.tenant(),
                    a.name(),
                    a.provider(),
                    a.accessKeyId(),
                    a.secretHint(),
                    a.region(),
                    a.createdBy(),
                    a.createdAt(),
                    a.verifiedAt());
        }
    }

    /** The answer of a test call: the credentials work, and how many users the account has. */
    public record TestResult(boolean ok, int users, Instant verifiedAt) {}

    private AccountDtos() {}
}

package io.watchkeeper.iam.user;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;

/** JSON bodies of {@code /api/v1/iam-users}. */
public final class UserDtos {

    /** Volcengine's rule for user names: 1–64 letters, digits and {@code . - _ @}. */
    static final String USER_NAME = "[A-Za-z0-9._@\\-]{1,64}";

    public record Create(
            @NotBlank String accountId,
            @NotBlank @Pattern(regexp = USER_NAME, message = "must be 1-64 letters, digits or . - _ @") String userName,
            @Size(max = 128) String displayName,
            String tenant) {}

    /** {@code tenant}, optional, must be the account's: the user belongs to its account's tenant. */
    public record Sync(@NotBlank String accountId, String tenant) {}

    /** A new access key: {@code secretAccessKey} is in this answer only, never stored in clear, never shown again. */
    public record NewAccessKey(String accessKeyId, String secretAccessKey) {

        @Override
        public String toString() {
            return "NewAccessKey[" + accessKeyId + "]";
        }
    }

    public record AccessKey(String accessKeyId, String status, String disabledBy) {}

    /** A switch recorded and not yet carried out against the cloud (it is retried until it is). */
    public record PendingSwitch(
            String id, String direction, String cause, String reason, int attempts, String lastError, Instant since) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record View(
            String id,
            String tenant,
            String accountId,
            String userName,
            String displayName,
            String cloudUserId,
            String state,
            String lastError,
            Boolean loginAllowed,
            String loginDisabledBy,
            List<String> policies,
            List<AccessKey> accessKeys,
            List<PendingSwitch> pending,
            String createdBy,
            Instant createdAt,
            Instant updatedAt,
            NewAccessKey accessKey) {

        static View of(IamUser u, List<AccessKeyState> keys, List<PendingSwitch> pending, NewAccessKey created) {
            return new View(
                    u.id(),
                    u.tenant(),
                    u.accountId(),
                    u.userName(),
                    u.displayName(),
                    u.cloudUserId(),
                    u.state().wire(),
                    u.lastError(),
                    u.loginAllowed(),
                    u.loginDisabledBy(),
                    u.policies(),
                    keys == null
                            ? null
                            : keys.stream()
                                    .map(k -> new AccessKey(k.accessKeyId(), k.status(), k.disabledBy()))
                                    .toList(),
                    pending,
                    u.createdBy(),
                    u.createdAt(),
                    u.updatedAt(),
                    created);
        }
    }

    /** {@code deleted}: users this service knew that the cloud no longer has (marked deleted). */
    public record SyncResult(int imported, int known, int total, int deleted) {}

    public record Action(
            long id, String action, String detail, String reason, String alertId, String actor, Instant at) {}

    private UserDtos() {}
}

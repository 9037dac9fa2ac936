package io.watchkeeper.iam.user;

import java.time.Instant;
import java.util.List;

/**
 * A cloud sub-account (IAM user) of a main account. {@code loginAllowed} null: no console login;
 * {@code loginDisabledBy} says who turned the login off ({@code quota} or {@code operator}).
 */
public record IamUser(
        String id,
        String tenant,
        String accountId,
        String userName,
        String displayName,
        String cloudUserId,
        State state,
        String lastError,
        Boolean loginAllowed,
        String loginDisabledBy,
        List<String> policies,
        String createdBy,
        Instant createdAt,
        Instant updatedAt) {

    public enum State {
        /** Created in the cloud, no access key yet: {@code POST /iam-users/{id}/access-keys} finishes it. */
        PROVISIONING,
        ACTIVE,
        DISABLED,
        /** Deleted in the cloud (by us, or found gone by a sync); kept for its history. */
        DELETED;

        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public IamUser withCloudId(String cloudId) {
        return new IamUser(
                id,
                tenant,
                accountId,
                userName,
                displayName,
                cloudId,
                state,
                "no access key yet",
                loginAllowed,
                loginDisabledBy,
                policies,
                createdBy,
                createdAt,
                java.time.Instant.now());
    }

    /** Still provisioning, with the error an admin sees. */
    public IamUser failed(String error) {
        return new IamUser(
                id,
                tenant,
                accountId,
                userName,
                displayName,
                cloudUserId,
                state,
                error,
                loginAllowed,
                loginDisabledBy,
                policies,
                createdBy,
                createdAt,
                java.time.Instant.now());
    }

    public IamUser activated() {
        return new IamUser(
                id,
                tenant,
                accountId,
                userName,
                displayName,
                cloudUserId,
                State.ACTIVE,
                null,
                loginAllowed,
                loginDisabledBy,
                policies,
                createdBy,
                createdAt,
                java.time.Instant.now());
    }

    public IamUser withPolicies(List<String> newPolicies) {
        return new IamUser(
                id,
                tenant,
                accountId,
                userName,
                displayName,
                cloudUserId,
                state,
                lastError,
                loginAllowed,
                loginDisabledBy,
                newPolicies,
                createdBy,
                createdAt,
                java.time.Instant.now());
    }

    public IamUser deleted() {
        return new IamUser(
                id,
                tenant,
                accountId,
                userName,
                displayName,
                cloudUserId,
                State.DELETED,
                null,
                null,
                null,
                List.of(),
                createdBy,
                createdAt,
                java.time.Instant.now());
    }
}

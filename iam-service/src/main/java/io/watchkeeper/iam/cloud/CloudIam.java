package io.watchkeeper.iam.cloud;

/** What the Volcengine IAM API answers, reduced to what iam-service keeps. */
public final class CloudIam {

    /** A user of {@code ListUsers} / {@code CreateUser}; {@code id} is the cloud's user id. */
    public record User(String id, String userName, String displayName) {}

    /** An access key of {@code ListAccessKeys}: status {@code active} or {@code inactive}. */
    public record AccessKey(String accessKeyId, String status) {

        public boolean active() {
            return "active".equalsIgnoreCase(status);
        }
    }

    /** A new access key: the secret is handed to the caller once and never kept. */
    public record NewAccessKey(String accessKeyId, String secretAccessKey) {

        @Override
        public String toString() {
            return "NewAccessKey[" + accessKeyId + "]";
        }
    }

    /** A project of {@code ListProjects}, to choose from when granting access. */
    public record Project(String name, String displayName, String status) {}

    /** One page of a listing. */
    public record Page<T>(java.util.List<T> items, int total) {}

    private CloudIam() {}
}

package io.watchkeeper.iam.user;

/** An access key of a user as last seen or changed, and who turned it off ({@code quota}, {@code operator}, or null). */
public record AccessKeyState(String accessKeyId, String status, String disabledBy) {

    public boolean active() {
        return "active".equals(status);
    }
}

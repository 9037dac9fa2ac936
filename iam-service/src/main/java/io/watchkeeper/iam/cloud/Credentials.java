package io.watchkeeper.iam.cloud;

/** A main account's keys, opened only for the call being signed. {@link #toString()} never shows the secret. */
public record Credentials(String accessKeyId, String secretAccessKey, String region) {

    @Override
    public String toString() {
        return "Credentials[" + accessKeyId + ", " + region + "]";
    }
}

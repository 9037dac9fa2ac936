package io.watchkeeper.notifier.channel;

import java.time.Duration;

/**
 * The outcome of one attempt to send to a channel; {@code response} is what the far side answered.
 * {@code retryAfter}: the far side asked us to wait (429 / 502 / 504 with Retry-After); {@code gone}: it
 * said the endpoint no longer exists (410) — the channel is disabled.
 */
public record SendResult(boolean delivered, String response, String error, Duration retryAfter, boolean gone) {

    public static SendResult delivered(String response) {
        return new SendResult(true, response, null, null, false);
    }

    public static SendResult failed(String error, String response) {
        return new SendResult(false, response, error, null, false);
    }

    public static SendResult retryAfter(String error, String response, Duration wait) {
        return new SendResult(false, response, error, wait, false);
    }

    public static SendResult gone(String error, String response) {
        return new SendResult(false, response, error, null, true);
    }
}

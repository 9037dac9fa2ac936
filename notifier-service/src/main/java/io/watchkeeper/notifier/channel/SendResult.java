package io.watchkeeper.notifier.channel;

/** The outcome of one attempt to send to a channel; {@code response} is what the far side answered. */
public record SendResult(boolean delivered, String response, String error) {

    public static SendResult delivered(String response) {
        return new SendResult(true, response, null);
    }

    public static SendResult failed(String error, String response) {
        return new SendResult(false, response, error);
    }
}

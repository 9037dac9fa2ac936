package io.watchkeeper.notifier.channel;

import io.smallrye.mutiny.Uni;
import io.watchkeeper.contracts.event.AlertEvent;

/** Sends alerts to one type of channel in its exact wire format. One bean per type. */
public interface ChannelSender {

    /** The channel {@code type} this sender serves, e.g. {@code feishu}. */
    String type();

    /** Whether a channel of this type is a URL ({@code webhookUrl}); email channels are addresses instead. */
    default boolean usesUrl() {
        return true;
    }

    /** Whether a channel of this type needs a signing secret ({@code secret}) to be usable. */
    default boolean requiresSecret() {
        return false;
    }

    /** Checks what only this type needs (beyond URL and secret); throws a ProblemException naming the field. */
    default void validate(ChannelDtos.Create request) {
    }

    /** One attempt; never fails (a failure is a {@link SendResult}). {@code deliveryId} is stable across retries. */
    Uni<SendResult> send(Target target, String deliveryId, AlertEvent alert);

    /** Where and how to send: the channel's opened secrets (no URL for email) and its settings. */
    record Target(String channelName, String url, String secret, java.util.Map<String, String> headers,
            ChannelSettings settings) {
    }
}

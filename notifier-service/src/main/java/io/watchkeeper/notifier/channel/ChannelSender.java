package io.watchkeeper.notifier.channel;

import io.smallrye.mutiny.Uni;

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
    default void validate(ChannelDtos.Create request) {}

    /** Whether several alerts of a group go out as one message; false: each alert state on its own. */
    default boolean groupsAlerts() {
        return true;
    }

    /** One attempt; never fails (a failure is a {@link SendResult}). */
    Uni<SendResult> send(Target target, Notification notification);

    /** Where and how to send: the channel's opened secrets (no URL for email) and its settings. */
    record Target(
            String channelName,
            String url,
            String secret,
            java.util.Map<String, String> headers,
            ChannelSettings settings) {}
}

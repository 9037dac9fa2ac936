package io.watchkeeper.notifier.channel;

import io.watchkeeper.platform.crypto.SecretBox;
import io.watchkeeper.platform.db.StringMapJson;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/** Every channel type this notifier can send to, by its {@code type} name. */
@ApplicationScoped
public class ChannelSenders {

    private final Map<String, ChannelSender> byType = new TreeMap<>();
    private final SecretBox secrets;

    public ChannelSenders(@Any Instance<ChannelSender> senders, SecretBox secrets) {
        senders.forEach(s -> byType.put(s.type(), s));
        this.secrets = secrets;
    }

    public Set<String> types() {
        return byType.keySet();
    }

    public Optional<ChannelSender> of(String type) {
        return Optional.ofNullable(byType.get(type));
    }

    /** The channel's secrets opened, ready to send. */
    public ChannelSender.Target target(
            String name, String sealedUrl, String sealedSecret, String sealedHeaders, ChannelSettings settings) {
        return new ChannelSender.Target(
                name,
                open(sealedUrl),
                open(sealedSecret),
                sealedHeaders == null ? Map.of() : HEADERS.convertToEntityAttribute(secrets.open(sealedHeaders)),
                settings);
    }

    public ChannelSender.Target target(Channel c) {
        return target(c.name, c.secret, c.signingSecret, c.secretHeaders, c.settings);
    }

    /** Request headers as sealed JSON text. */
    public String sealHeaders(Map<String, String> headers) {
        return headers == null || headers.isEmpty() ? null : secrets.seal(HEADERS.convertToDatabaseColumn(headers));
    }

    private String open(String sealed) {
        return sealed == null ? null : secrets.open(sealed);
    }

    private static final StringMapJson HEADERS = new StringMapJson();
}

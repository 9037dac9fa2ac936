package io.watchkeeper.notifier.channel;

import io.watchkeeper.platform.crypto.SecretBox;
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
    public ChannelSender.Target target(String name, String sealedUrl, String sealedSecret, ChannelSettings settings) {
        return new ChannelSender.Target(name, sealedUrl == null ? null : secrets.open(sealedUrl),
                sealedSecret == null ? null : secrets.open(sealedSecret), settings);
    }
}

package io.watchkeeper.notifier.channel;

import io.watchkeeper.platform.net.UrlGuard;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import io.watchkeeper.notifier.channel.wechat.WeChatWorkSender;
import io.watchkeeper.platform.crypto.SecretBox;
import io.watchkeeper.platform.problem.ProblemException;
import io.watchkeeper.platform.rest.Page;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;

@ApplicationScoped
public class ChannelService {

    static final Set<String> TYPES = Set.of(WeChatWorkSender.TYPE);

    private final ChannelRepository repository;
    private final SecretBox secrets;
    private final UrlGuard urls;

    public ChannelService(ChannelRepository repository, SecretBox secrets, UrlGuard urls) {
        this.repository = repository;
        this.secrets = secrets;
        this.urls = urls;
    }

    public Uni<ChannelDtos.View> create(ChannelDtos.Create request, String user) {
        if (!TYPES.contains(request.type())) {
            throw ProblemException.invalid("type", "must be one of " + TYPES);
        }
        URI url = urls.check(request.webhookUrl(), "webhookUrl");
        Channel c = new Channel();
        c.id = UUID.randomUUID();
        c.name = request.name();
        c.type = request.type();
        c.secret = secrets.seal(request.webhookUrl());
        c.secretHint = hint(url, request.webhookUrl());
        c.settings = new ChannelSettings(request.mentionedMobiles(), request.mentionedUsers());
        c.enabled = request.enabled() == null || request.enabled();
        c.createdBy = user;
        c.createdAt = Instant.now();
        return Panache.withTransaction(() -> repository.find("name", c.name).firstResult().chain(existing -> {
            if (existing != null) {
                return Uni.createFrom().failure(ProblemException.conflict("a channel named " + c.name + " exists"));
            }
            return repository.persist(c);
        })).map(ChannelDtos.View::of);
    }

    public Uni<ChannelDtos.View> get(UUID id) {
        return Panache.withSession(() -> repository.findById(id))
                .onItem().ifNull().failWith(() -> ProblemException.notFound("channel", id))
                .map(ChannelDtos.View::of);
    }

    public Uni<Page<ChannelDtos.View>> list(int page, int size) {
        return Panache.withSession(() -> Uni.combine().all().unis(
                        repository.findAll(Sort.by("name")).page(page, size).list(), repository.count())
                .with((channels, total) -> new Page<>(channels.stream().map(ChannelDtos.View::of).toList(), total,
                        page, size)));
    }

    public Uni<Void> delete(UUID id) {
        return Panache.withTransaction(() -> repository.deleteById(id)).invoke(deleted -> {
            if (!deleted) {
                throw ProblemException.notFound("channel", id);
            }
        }).replaceWithVoid();
    }

    /** Host and the last four characters: enough to recognise a bot, useless to an attacker. */
    static String hint(URI url, String raw) {
        return url.getHost() + " …" + raw.substring(Math.max(0, raw.length() - 4));
    }
}

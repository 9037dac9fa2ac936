package io.watchkeeper.notifier.channel;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import io.watchkeeper.contracts.event.AlertEvent;
import io.watchkeeper.contracts.event.AlertStatus;
import io.watchkeeper.contracts.event.Severity;
import io.watchkeeper.platform.crypto.SecretBox;
import io.watchkeeper.platform.net.UrlGuard;
import io.watchkeeper.platform.problem.ProblemException;
import io.watchkeeper.platform.rest.Page;
import io.watchkeeper.platform.security.TenantScope;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;

@ApplicationScoped
public class ChannelService {

    private final ChannelRepository repository;
    private final SecretBox secrets;
    private final UrlGuard urls;
    private final ChannelSenders senders;

    public ChannelService(ChannelRepository repository, SecretBox secrets, UrlGuard urls, ChannelSenders senders) {
        this.repository = repository;
        this.secrets = secrets;
        this.urls = urls;
        this.senders = senders;
    }

    public Uni<ChannelDtos.View> create(TenantScope scope, ChannelDtos.Create request, String user) {
        ChannelSender sender = senders.of(request.type())
                .orElseThrow(() -> ProblemException.invalid("type", "must be one of " + senders.types()));
        boolean hasUrl = request.webhookUrl() != null && !request.webhookUrl().isBlank();
        if (sender.usesUrl() != hasUrl) {
            throw ProblemException.invalid(
                    "webhookUrl",
                    sender.usesUrl() ? "must not be blank" : "a " + request.type() + " channel has no webhookUrl");
        }
        URI url = hasUrl ? urls.check(request.webhookUrl(), "webhookUrl") : null;
        String secret = request.secret() == null || request.secret().isBlank() ? null : request.secret();
        if (secret == null && sender.requiresSecret()) {
            throw ProblemException.invalid(
                    "secret", "a " + request.type() + " channel signs its requests: give its secret");
        }
        sender.validate(request);
        Channel c = new Channel();
        c.id = UUID.randomUUID();
        c.tenant = scope.owner(request.tenant());
        c.name = request.name();
        c.type = request.type();
        c.secret = hasUrl ? secrets.seal(request.webhookUrl()) : null;
        c.secretHint = hasUrl ? hint(url, request.webhookUrl()) : null;
        c.signingSecret = secret == null ? null : secrets.seal(secret);
        c.secretHeaders =
                request.sms() == null ? null : senders.sealHeaders(request.sms().headers());
        c.settings = new ChannelSettings(
                request.mentionedMobiles(),
                request.mentionedUsers(),
                request.format(),
                request.emails(),
                request.sms() == null ? null : request.sms().settings(),
                request.language());
        c.enabled = request.enabled() == null || request.enabled();
        c.createdBy = user;
        c.createdAt = Instant.now();
        return Panache.withTransaction(() -> repository
                        .find("name = ?1 and coalesce(tenant, '') = ?2", c.name, c.tenant == null ? "" : c.tenant)
                        .firstResult()
                        .chain(existing -> {
                            if (existing != null) {
                                return Uni.createFrom()
                                        .failure(ProblemException.conflict("a channel named " + c.name + " exists"));
                            }
                            return repository.persist(c);
                        }))
                .map(ChannelDtos.View::of);
    }

    public Uni<ChannelDtos.View> get(TenantScope scope, UUID id) {
        return find(scope, id).map(ChannelDtos.View::of);
    }

    /** The channels of one tenant ({@code tenant}, as {@link TenantScope#filter} allows), or of all. */
    public Uni<Page<ChannelDtos.View>> list(TenantScope scope, String tenant, int page, int size) {
        String owner = scope.filter(tenant);
        return Panache.withSession(() -> {
            var query = owner == null
                    ? repository.findAll(Sort.by("name"))
                    : repository.find("tenant", Sort.by("name"), owner);
            return Uni.combine()
                    .all()
                    .unis(query.page(page, size).list(), query.count())
                    .with((channels, total) -> new Page<>(
                            channels.stream().map(ChannelDtos.View::of).toList(), total, page, size));
        });
    }

    public Uni<Void> delete(TenantScope scope, UUID id) {
        return Panache.withTransaction(() -> repository
                        .findById(id)
                        .map(c -> scope.visible(c, c == null ? null : c.tenant, "channel", id))
                        .call(repository::delete))
                .replaceWithVoid();
    }

    /** Sends a test alert through the channel now (not recorded as a delivery) and says what happened. */
    public Uni<ChannelDtos.TestResult> test(TenantScope scope, UUID id, String user) {
        return find(scope, id).chain(c -> {
            ChannelSender sender = senders.of(c.type)
                    .orElseThrow(
                            () -> ProblemException.conflict("this notifier cannot send to channels of type " + c.type));
            Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            AlertEvent alert = new AlertEvent(
                    UUID.randomUUID(),
                    "0000000000000000",
                    null,
                    "channel test",
                    "test",
                    AlertStatus.FIRING,
                    Severity.INFO,
                    "Test message from Watchkeeper to " + c.name,
                    "sent by " + user + " to check the channel; no action needed",
                    Map.of("alertname", "channel test", "channel", c.name),
                    Map.of(),
                    null,
                    null,
                    now,
                    null,
                    null,
                    null);
            return sender.send(senders.target(c), Notification.of("test_" + UUID.randomUUID(), alert))
                    .map(r -> new ChannelDtos.TestResult(r.delivered(), r.error(), r.response()));
        });
    }

    private Uni<Channel> find(TenantScope scope, UUID id) {
        return Panache.withSession(() -> repository.findById(id))
                .map(c -> scope.visible(c, c == null ? null : c.tenant, "channel", id));
    }

    /** Host and the last four characters: enough to recognise a bot, useless to an attacker. */
    static String hint(URI url, String raw) {
        return url.getHost() + " …" + raw.substring(Math.max(0, raw.length() - 4));
    }
}

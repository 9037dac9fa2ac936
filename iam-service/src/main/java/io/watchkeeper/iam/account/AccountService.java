package io.watchkeeper.iam.account;

import io.smallrye.mutiny.Uni;
import io.watchkeeper.iam.cloud.CloudError;
import io.watchkeeper.iam.cloud.CloudIam;
import io.watchkeeper.iam.cloud.CloudProblems;
import io.watchkeeper.iam.cloud.Credentials;
import io.watchkeeper.iam.cloud.VolcengineIamClient;
import io.watchkeeper.platform.crypto.SecretBox;
import io.watchkeeper.platform.problem.ProblemException;
import io.watchkeeper.platform.rest.Page;
import io.watchkeeper.platform.security.TenantScope;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.UUID;

/**
 * Cloud main accounts: registered only after a signed {@code ListUsers} proves the keys work, the secret sealed at
 * once. Opens an account's keys for the code that calls the cloud for it.
 */
@ApplicationScoped
public class AccountService {

    static final String DEFAULT_REGION = "cn-beijing";

    private final AccountRepository accounts;
    private final SecretBox secrets;
    private final VolcengineIamClient cloud;

    public AccountService(AccountRepository accounts, SecretBox secrets, VolcengineIamClient cloud) {
        this.accounts = accounts;
        this.secrets = secrets;
        this.cloud = cloud;
    }

    public Uni<AccountDtos.View> create(TenantScope scope, AccountDtos.Request request, String user) {
        String tenant = scope.owner(request.tenant());
        String region = request.region() == null ? DEFAULT_REGION : request.region();
        Credentials keys = new Credentials(
                request.accessKeyId().trim(), request.secretAccessKey().trim(), region);
        String id = UUID.randomUUID().toString();
        return cloud.listUsers(id, keys, 0)
                .onFailure(CloudError.class)
                .transform(e -> refusal((CloudError) e))
                .chain(users -> {
                    Instant now = Instant.now();
                    CloudAccount account = new CloudAccount(
                            id,
                            tenant,
                            request.name().trim(),
                            CloudAccount.VOLCENGINE,
                            keys.accessKeyId(),
                            secrets.seal(keys.secretAccessKey()),
                            SecretBox.hint(keys.secretAccessKey()),
                            region,
                            user,
                            now,
                            now);
                    return accounts.insert(account).map(inserted -> {
                        if (!inserted) {
                            throw ProblemException.conflict("an account named " + account.name() + " exists already");
                        }
                        return AccountDtos.View.of(account);
                    });
                });
    }

    /** The keys were refused: name the field at fault; the cloud not answering stays a 503. */
    private static Throwable refusal(CloudError e) {
        if (e.code().equals("InvalidAccessKey")) {
            return ProblemException.invalid(
                    "accessKeyId", "the cloud does not know this access key (" + e.code() + ")");
        }
        if (e.credentialsRefused()) {
            return ProblemException.invalid(
                    "secretAccessKey", "the cloud refused the signed test call (" + e.code() + ")");
        }
        return CloudProblems.of(e);
    }

    public Uni<Page<AccountDtos.View>> list(TenantScope scope, String tenant, int page, int size) {
        return accounts.list(scope.filter(tenant), page, size).map(p -> p.map(AccountDtos.View::of));
    }

    public Uni<AccountDtos.View> get(TenantScope scope, String id) {
        return visible(scope, id).map(AccountDtos.View::of);
    }

    /** A fresh signed {@code ListUsers}: whether the stored keys still work. */
    public Uni<AccountDtos.TestResult> test(TenantScope scope, String id) {
        return visible(scope, id).chain(a -> cloud.listUsers(a.id(), credentials(a), 0)
                .onFailure(CloudError.class)
                .transform(e -> CloudProblems.of((CloudError) e))
                .chain(users -> {
                    Instant now = Instant.now();
                    return accounts.verified(a.id(), now)
                            .replaceWith(new AccountDtos.TestResult(true, users.total(), now));
                }));
    }

    /** The account's projects, to choose from when granting access (every page). */
    public Uni<java.util.List<CloudIam.Project>> projects(TenantScope scope, String id) {
        return visible(scope, id)
                .chain(a -> projectsFrom(a, 0, new java.util.ArrayList<>()))
                .onFailure(CloudError.class)
                .transform(e -> CloudProblems.of((CloudError) e));
    }

    private Uni<java.util.List<CloudIam.Project>> projectsFrom(
            CloudAccount a, int offset, java.util.List<CloudIam.Project> found) {
        return cloud.listProjects(a.id(), credentials(a), offset).chain(page -> {
            found.addAll(page.items());
            int next = offset + page.items().size();
            return page.items().isEmpty() || next >= page.total()
                    ? Uni.createFrom().item(found)
                    : projectsFrom(a, next, found);
        });
    }

    /** An account the caller may see, or 404. */
    public Uni<CloudAccount> visible(TenantScope scope, String id) {
        return accounts.find(id).map(a -> scope.visible(a, a == null ? null : a.tenant(), "cloud account", id));
    }

    /** The account's keys, opened for one call. */
    public Credentials credentials(CloudAccount a) {
        return new Credentials(a.accessKeyId(), secrets.open(a.secretSealed()), a.region());
    }
}

package io.watchkeeper.platform.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.watchkeeper.platform.labels.LabelMatcher;
import io.watchkeeper.platform.problem.ProblemException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TenantScopeTest {

    private final TenantScope acme = TenantScope.of("acme");
    private final TenantScope platform = TenantScope.PLATFORM;

    @Test
    void a_tenant_sees_its_own_resources_only_and_another_tenants_id_is_not_found() {
        assertThat(acme.sees("acme")).isTrue();
        assertThat(acme.sees("globex")).isFalse();
        assertThat(acme.sees(null)).as("the platform's own resources").isFalse();
        assertThat(platform.sees("globex")).isTrue();
        assertThat(platform.sees(null)).isTrue();

        assertThat(acme.visible("rule", "acme", "rule", 7)).isEqualTo("rule");
        assertThatThrownBy(() -> acme.visible("rule", "globex", "rule", 7))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.status()).isEqualTo(404);
                    assertThat(e.getMessage()).isEqualTo("rule 7 does not exist");
                });
    }

    @Test
    void a_tenant_creates_in_its_own_tenant_and_naming_another_is_forbidden() {
        assertThat(acme.owner(null)).isEqualTo("acme");
        assertThat(acme.owner(" ")).isEqualTo("acme");
        assertThat(acme.owner("acme")).isEqualTo("acme");
        assertThatThrownBy(() -> acme.owner("globex"))
                .isInstanceOfSatisfying(
                        ProblemException.class, e -> assertThat(e.status()).isEqualTo(403));
        assertThatThrownBy(() -> acme.filter("globex"))
                .isInstanceOfSatisfying(
                        ProblemException.class, e -> assertThat(e.status()).isEqualTo(403));

        assertThat(platform.owner("globex")).isEqualTo("globex");
        assertThat(platform.owner(null)).as("platform-wide").isNull();
        assertThat(platform.filter(null)).as("every tenant").isNull();
    }

    @Test
    void the_tenant_label_names_the_owner_and_cannot_name_another() {
        assertThat(platform.owner(null, Map.of("tenant", "globex"))).isEqualTo("globex");
        assertThat(acme.owner(null, Map.of("app", "chat"))).isEqualTo("acme");
        assertThatThrownBy(() -> acme.owner(null, Map.of("tenant", "globex")))
                .isInstanceOfSatisfying(
                        ProblemException.class, e -> assertThat(e.status()).isEqualTo(403));
        assertThatThrownBy(() -> platform.owner("acme", Map.of("tenant", "globex")))
                .isInstanceOfSatisfying(
                        ProblemException.class, e -> assertThat(e.status()).isEqualTo(400));

        assertThat(TenantScope.withTenantLabel(Map.of("app", "chat"), "acme"))
                .containsExactlyInAnyOrderEntriesOf(Map.of("app", "chat", "tenant", "acme"));
        assertThat(TenantScope.withTenantLabel(Map.of("tenant", "acme"), null)).isEmpty();
    }

    @Test
    void a_tenants_matchers_always_include_its_own_tenant() {
        LabelMatcher app = new LabelMatcher("app", "=", "chat");
        LabelMatcher everyTenant = new LabelMatcher("tenant", "=~", ".*");
        assertThat(TenantScope.matchersOf(List.of(app, everyTenant), "acme"))
                .containsExactly(app, everyTenant, new LabelMatcher("tenant", "=", "acme"));
        assertThat(TenantScope.matchersOf(List.of(app, new LabelMatcher("tenant", "=", "acme")), "acme"))
                .hasSize(2);
        assertThat(TenantScope.matchersOf(List.of(app), null)).containsExactly(app);
    }
}

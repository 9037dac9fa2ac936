package io.watchkeeper.notifier.route;

import static org.assertj.core.api.Assertions.assertThat;

import io.watchkeeper.platform.labels.LabelMatcher;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RoutingTreeTest {

    private static final UUID PAGER = UUID.randomUUID();
    private static final UUID CHAT = UUID.randomUUID();
    private static final UUID MAIL = UUID.randomUUID();

    private final Route root = route(RoutingTree.DEFAULT_ID, null, 0, List.of(), List.of(MAIL), false);
    private final Route billing = route(
            UUID.randomUUID(),
            RoutingTree.DEFAULT_ID,
            10,
            List.of(new LabelMatcher("app", "=", "billing")),
            List.of(CHAT),
            false);
    private final Route billingCritical = route(
            UUID.randomUUID(),
            billing.id,
            10,
            List.of(new LabelMatcher("severity", "=", "critical")),
            List.of(PAGER),
            true);
    private final Route billingAll = route(UUID.randomUUID(), billing.id, 20, List.of(), List.of(), false);
    private final Route catchAllApps = route(
            UUID.randomUUID(),
            RoutingTree.DEFAULT_ID,
            20,
            List.of(new LabelMatcher("app", "=~", ".+")),
            List.of(CHAT),
            false);

    private final RoutingTree tree;

    RoutingTreeTest() {
        billing.groupBy = List.of("app");
        billing.groupWaitMs = 30_000L;
        billingAll.repeatIntervalMs = 60_000L;
        tree = RoutingTree.of(List.of(catchAllApps, billingAll, billingCritical, billing, root));
    }

    @Test
    void an_alert_goes_down_the_first_matching_branch_to_the_deepest_route_that_takes_it() {
        List<RoutingTree.Match> critical = tree.match(Map.of("app", "billing", "severity", "critical"));
        // critical continues, so the next sibling (no matchers) takes it too; the later top-level route does not
        assertThat(critical).extracting(RoutingTree.Match::routeId).containsExactly(billingCritical.id, billingAll.id);
        assertThat(critical.get(0).channelIds()).containsExactly(PAGER);
        assertThat(critical.get(1).channelIds())
                .as("no channels of its own: the parent's")
                .containsExactly(CHAT);

        assertThat(tree.match(Map.of("app", "search")))
                .extracting(RoutingTree.Match::routeId)
                .containsExactly(catchAllApps.id);
    }

    @Test
    void what_no_route_takes_goes_to_the_default_route() {
        List<RoutingTree.Match> matches = tree.match(Map.of("severity", "info"));
        assertThat(matches).extracting(RoutingTree.Match::routeId).containsExactly(RoutingTree.DEFAULT_ID);
        assertThat(matches.get(0).channelIds()).containsExactly(MAIL);
        assertThat(matches.get(0).grouping()).isEqualTo(Grouping.DEFAULT);
    }

    @Test
    void unset_settings_are_inherited_from_the_parent_and_the_default_route() {
        Grouping g = tree.grouping(billingAll.id);
        assertThat(g.groupBy()).containsExactly("app");
        assertThat(g.groupWait()).isEqualTo(Duration.ofSeconds(30));
        assertThat(g.repeatInterval()).isEqualTo(Duration.ofMinutes(1));
        assertThat(tree.grouping(billingCritical.id).repeatInterval()).isEqualTo(Duration.ofHours(4));
        assertThat(tree.grouping(UUID.randomUUID()))
                .as("a deleted route: the default's")
                .isEqualTo(Grouping.DEFAULT);
        assertThat(tree.inOrder())
                .containsExactly(root.id, billing.id, billingCritical.id, billingAll.id, catchAllApps.id);
    }

    @Test
    void the_group_is_named_by_the_group_labels_or_by_the_alert_when_grouping_by_all() {
        Grouping byApp = tree.grouping(billing.id);
        Map<String, String> labels = Map.of("app", "billing", "host", "h1");
        assertThat(byApp.groupKey(byApp.groupLabels(labels), "fp")).isEqualTo("{app=\"billing\"}");
        assertThat(Grouping.DEFAULT.groupKey(Grouping.DEFAULT.groupLabels(labels), "fp"))
                .isEqualTo("{fingerprint=\"fp\"}");
        assertThat(Grouping.DEFAULT.groupLabels(labels)).isEqualTo(labels);
    }

    @Test
    void each_repeat_waits_backoff_times_longer_up_to_the_maximum() {
        Grouping g = new Grouping(
                List.of("..."),
                Duration.ZERO,
                Duration.ZERO,
                Duration.ofMinutes(10),
                new BigDecimal("2"),
                Duration.ofMinutes(60));
        assertThat(List.of(g.repeatWait(1), g.repeatWait(2), g.repeatWait(3), g.repeatWait(4), g.repeatWait(9)))
                .containsExactly(
                        Duration.ofMinutes(10),
                        Duration.ofMinutes(20),
                        Duration.ofMinutes(40),
                        Duration.ofMinutes(60),
                        Duration.ofMinutes(60));
        assertThat(Grouping.DEFAULT.repeatWait(7)).isEqualTo(Duration.ofHours(4));
    }

    private static Route route(
            UUID id, UUID parent, int position, List<LabelMatcher> matchers, List<UUID> channels, boolean cont) {
        Route r = new Route();
        r.id = id;
        r.parentId = parent;
        r.name = "r" + position;
        r.position = position;
        r.matchers = matchers;
        r.channelIds = channels;
        r.continueMatching = cont;
        r.createdAt = Instant.EPOCH;
        r.createdBy = "test";
        if (parent == null) {
            r.groupBy = Grouping.DEFAULT.groupBy();
            r.groupWaitMs = 0L;
            r.groupIntervalMs = 0L;
            r.repeatIntervalMs = Grouping.DEFAULT.repeatInterval().toMillis();
            r.repeatBackoff = BigDecimal.ONE;
        }
        return r;
    }
}

package io.watchkeeper.evaluator.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.watchkeeper.contracts.event.Severity;
import io.watchkeeper.evaluator.EvaluatorTest;
import io.watchkeeper.evaluator.rule.Conditions;
import io.watchkeeper.evaluator.rule.Priority;
import io.watchkeeper.evaluator.rule.RuleSpec;
import io.watchkeeper.evaluator.rule.RuleType;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A partition's bindings and next offset survive a save and a load, and removed bindings stay removed. */
@EvaluatorTest
class CheckpointsTest {

    @Inject
    Checkpoints checkpoints;

    @Test
    void state_and_offset_are_restored_together() throws Exception {
        RuleSpec rule = new RuleSpec(
                UUID.randomUUID(),
                "sum",
                RuleType.THRESHOLD,
                List.of(),
                Conditions.parse(
                        RuleType.THRESHOLD,
                        new ObjectMapper()
                                .readTree(
                                        """
                        {"metric":"m","aggregation":"sum","window":"1h","operator":">","threshold":5}""")),
                Severity.WARNING,
                Priority.MEDIUM,
                Duration.ZERO,
                Duration.ZERO,
                Duration.ZERO,
                10,
                Map.of(),
                Map.of(),
                true);
        int partition = 1000 + (int) (Math.random() * 1000);
        Instant now = Instant.now();
        PartitionState ps = new PartitionState(partition);
        Binding kept = new Binding(rule, "fp-kept-" + partition, partition, Map.of("app", "chat"));
        kept.observe("m", now.toEpochMilli(), new BigDecimal("2.50"), now.toEpochMilli());
        kept.observe("m", now.toEpochMilli(), new BigDecimal("4"), now.toEpochMilli());
        kept.step(true, now, now);
        Binding dropped = new Binding(rule, "fp-dropped-" + partition, partition, Map.of("app", "mail"));
        ps.bindings.put(kept.fingerprint, kept);
        ps.bindings.put(dropped.fingerprint, dropped);
        ps.nextOffset = 42;
        save(ps);
        ps.remove(List.of(dropped));
        ps.nextOffset = 57;
        save(ps);

        PartitionState restored = checkpoints
                .load(List.of(partition), Map.of(rule.id(), rule))
                .await()
                .atMost(Duration.ofSeconds(10))
                .get(partition);
        assertThat(restored.nextOffset).isEqualTo(57);
        assertThat(restored.bindings).containsOnlyKeys(kept.fingerprint);
        Binding b = restored.bindings.get(kept.fingerprint);
        assertThat(b.phase).isEqualTo(Binding.Phase.ACTIVE);
        assertThat(Verdicts.evaluate(b, now).value()).isEqualByComparingTo("6.50");
        // a binding whose rule is gone is not restored
        assertThat(checkpoints
                        .load(List.of(partition), Map.of())
                        .await()
                        .atMost(Duration.ofSeconds(10))
                        .get(partition)
                        .bindings)
                .isEmpty();
    }

    @Test
    void a_new_partition_keeps_the_start_it_was_first_given() {
        int partition = 2000 + (int) (Math.random() * 1000);
        assertThat(load(partition).nextOffset).isEqualTo(-1);

        checkpoints.start(Map.of(partition, 100L)).await().atMost(Duration.ofSeconds(10));
        // a later start (the group's committed offset ran ahead of the checkpoint) does not move it
        checkpoints.start(Map.of(partition, 250L)).await().atMost(Duration.ofSeconds(10));

        assertThat(load(partition).nextOffset).isEqualTo(100);
    }

    private PartitionState load(int partition) {
        return checkpoints
                .load(List.of(partition), Map.of())
                .await()
                .atMost(Duration.ofSeconds(10))
                .get(partition);
    }

    /** What the engine does every interval: snapshot, write, settle. */
    private void save(PartitionState ps) {
        Checkpoints.Snapshot snap = checkpoints.take(List.of(ps));
        checkpoints.write(snap).await().atMost(Duration.ofSeconds(10));
        checkpoints.settle(snap, true);
    }
}

package io.watchkeeper.evaluator.engine;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.watchkeeper.contracts.cloudevents.CloudEvent;
import io.watchkeeper.contracts.cloudevents.CloudEventCodec;
import io.watchkeeper.contracts.event.MetricEvent;
import io.watchkeeper.contracts.event.MetricKind;
import io.watchkeeper.contracts.event.Severity;
import io.watchkeeper.evaluator.rule.Conditions;
import io.watchkeeper.evaluator.rule.Priority;
import io.watchkeeper.evaluator.rule.RuleSpec;
import io.watchkeeper.evaluator.rule.RuleType;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.header.Headers;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The per-event work of the evaluator, without Kafka or a database: decoding and validating one record
 * against its contract, and observing a value into a binding's window and evaluating its condition.
 * Run with {@code evaluator-service/bench/jmh.sh}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class HotPathBenchmark {

    private final CloudEventCodec codec = CloudEventCodec.instance();
    private Headers headers;
    private byte[] value;
    private Binding last;
    private Binding average;
    private long now;
    private long n;

    @Setup
    public void setUp() throws Exception {
        MetricEvent m = new MetricEvent(
                "usage_calls",
                MetricKind.USAGE,
                new BigDecimal("42"),
                null,
                Map.of("tenant", "acme", "app", "chat", "series", "s1"),
                Instant.now());
        CloudEvent<MetricEvent> event = CloudEvent.of("/bench", m);
        headers = codec.headers(event);
        value = codec.value(event);
        last = new Binding(
                thresholdRule(
                        """
                {"metric":"m","aggregation":"last","window":"5m","operator":">","threshold":90}"""),
                "a",
                0,
                m.labels());
        average = new Binding(
                thresholdRule(
                        """
                {"metric":"m","aggregation":"avg","window":"1m","operator":">","threshold":90}"""),
                "b",
                0,
                m.labels());
        now = System.currentTimeMillis();
    }

    /** A threshold rule with this condition and no matchers (also StateFootprint's). */
    static RuleSpec thresholdRule(String condition) throws Exception {
        return new RuleSpec(
                UUID.randomUUID(),
                "bench",
                RuleType.THRESHOLD,
                List.of(),
                Conditions.parse(RuleType.THRESHOLD, new ObjectMapper().readTree(condition)),
                Severity.WARNING,
                Priority.MEDIUM,
                Duration.ZERO,
                Duration.ZERO,
                Duration.ZERO,
                10,
                Map.of(),
                Map.of(),
                true);
    }

    @Benchmark
    public MetricEvent decodeAndValidate() {
        return codec.decode(headers, value, MetricEvent.class).data();
    }

    @Benchmark
    public boolean observeAndEvaluateLast() {
        return step(last);
    }

    @Benchmark
    public boolean observeAndEvaluateAvg1m() {
        return step(average);
    }

    /** One event per series every 5 ms of simulated time, so the window slides as in a busy series. */
    private boolean step(Binding b) {
        long at = now + (n++ * 5);
        b.observe("m", at, BigDecimal.valueOf(n % 80), at);
        return Verdicts.evaluate(b, Instant.ofEpochMilli(at)).holds();
    }
}

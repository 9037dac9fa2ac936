package io.watchkeeper.evaluator.engine;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.watchkeeper.evaluator.rule.Condition;
import io.watchkeeper.evaluator.rule.RuleSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * One rule applied to one series: its windows and where its alert episode stands. An episode starts when
 * the condition starts to hold (at the time of the event that made it hold) and is named by
 * (fingerprint, start) in the database, so replaying events reaches the same episode.
 */
final class Binding {

    enum Phase {
        INACTIVE,
        PENDING,
        ACTIVE,
        CLEARING
    }

    /** The version of {@link #serialize()}'s layout (2: compact windows; migration 004 drops earlier ones). */
    private static final int FORMAT = 2;

    /** What the engine must do in the database after a step. */
    enum Action {
        NONE,
        PENDING,
        FIRE,
        CLOSE
    }

    final String fingerprint;
    final int partition;
    final Map<String, String> labels;
    RuleSpec rule;
    private final Map<String, Window> windows = new HashMap<>(2);
    Instant lastSeen;
    Phase phase = Phase.INACTIVE;
    Instant activeAt;
    Instant clearedAt;
    /** A suppressed episode asks to fire again at this time. */
    Instant retryAt;

    Instant lastRemindedAt;
    boolean dirty = true;
    /** Why the last evaluation threw (logged once), null while it evaluates. */
    String fault;
    /** Completes when this binding's transitions so far are committed; the next ones start after it. */
    java.util.concurrent.CompletableFuture<Void> committed =
            java.util.concurrent.CompletableFuture.completedFuture(null);

    Binding(RuleSpec rule, String fingerprint, int partition, Map<String, String> labels) {
        this.rule = rule;
        this.fingerprint = fingerprint;
        this.partition = partition;
        this.labels = Map.copyOf(labels);
    }

    /** Adds an observation of {@code metric}; false when it is older than the window. */
    boolean observe(String metric, long at, BigDecimal value, long now) {
        dirty = true;
        if (lastSeen == null || at > lastSeen.toEpochMilli()) {
            lastSeen = Instant.ofEpochMilli(at);
        }
        Condition c = rule.condition();
        if (c instanceof Condition.Absence) {
            return true;
        }
        Window w = windows.get(metric);
        if (w == null) {
            w = Window.of(c, c.window().toMillis());
            windows.put(metric, w);
        }
        return w.add(at, value, now);
    }

    /** The rule changed: windows of another length, metric or shape start again, the episode stays. */
    void rebind(RuleSpec changed) {
        Condition before = rule.condition();
        rule = changed;
        if (!before.window().equals(changed.condition().window())
                || !before.metrics().equals(changed.condition().metrics())
                || !Window.sameShape(before, changed.condition())) {
            windows.clear();
        }
        dirty = true;
    }

    Window.Stats stats(String metric, long now) {
        Window w = windows.get(metric);
        return w == null ? new Window.Stats() : w.stats(now);
    }

    /**
     * Advances the episode given whether the condition holds now; {@code at} is when it started to hold
     * (event time, or the time silence began), used when an episode starts.
     */
    Action step(boolean holds, Instant at, Instant now) {
        Duration pendingFor = rule.pendingFor();
        Action action =
                switch (phase) {
                    case INACTIVE -> {
                        if (!holds) {
                            yield Action.NONE;
                        }
                        activeAt = at;
                        retryAt = null;
                        if (pendingFor.isZero() || !now.isBefore(at.plus(pendingFor))) {
                            phase = Phase.ACTIVE;
                            yield Action.FIRE;
                        }
                        phase = Phase.PENDING;
                        yield Action.PENDING;
                    }
                    case PENDING -> {
                        if (!holds) {
                            phase = Phase.INACTIVE;
                            yield Action.CLOSE;
                        }
                        if (!now.isBefore(activeAt.plus(pendingFor))) {
                            phase = Phase.ACTIVE;
                            yield Action.FIRE;
                        }
                        yield Action.NONE;
                    }
                    case ACTIVE -> {
                        if (!holds) {
                            if (rule.keepFiringFor().isZero()) {
                                phase = Phase.INACTIVE;
                                yield Action.CLOSE;
                            }
                            phase = Phase.CLEARING;
                            clearedAt = now;
                            yield Action.NONE;
                        }
                        yield retryAt != null && !now.isBefore(retryAt) ? Action.FIRE : Action.NONE;
                    }
                    case CLEARING -> {
                        if (holds) {
                            phase = Phase.ACTIVE;
                            clearedAt = null;
                            yield Action.NONE;
                        }
                        if (!now.isBefore(clearedAt.plus(rule.keepFiringFor()))) {
                            phase = Phase.INACTIVE;
                            clearedAt = null;
                            yield Action.CLOSE;
                        }
                        yield Action.NONE;
                    }
                };
        if (action != Action.NONE) {
            dirty = true;
        }
        return action;
    }

    /** The series as text for titles: {@code app=chat, tenant=acme}. */
    String seriesText() {
        StringBuilder b = new StringBuilder();
        new TreeMap<>(labels)
                .forEach((k, v) ->
                        b.append(b.isEmpty() ? "" : ", ").append(k).append('=').append(v));
        return b.isEmpty() ? "all series" : b.toString();
    }

    byte[] serialize() {
        // Netty's streams: java.io's byte-array streams lock on every byte, which a checkpoint of every binding feels
        ByteBuf bytes = Unpooled.buffer(512);
        try (ByteBufOutputStream out = new ByteBufOutputStream(bytes)) {
            out.writeByte(FORMAT);
            out.writeInt(labels.size());
            for (Map.Entry<String, String> e : labels.entrySet()) {
                out.writeUTF(e.getKey());
                out.writeUTF(e.getValue());
            }
            out.writeUTF(phase.name());
            writeInstant(out, lastSeen);
            writeInstant(out, activeAt);
            writeInstant(out, clearedAt);
            writeInstant(out, retryAt);
            writeInstant(out, lastRemindedAt);
            out.writeLong(rule.condition().window().toMillis());
            out.writeInt(windows.size());
            for (Map.Entry<String, Window> e : windows.entrySet()) {
                out.writeUTF(e.getKey());
                e.getValue().write(out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return ByteBufUtil.getBytes(bytes);
    }

    static Binding deserialize(RuleSpec rule, String fingerprint, int partition, byte[] data) {
        try (ByteBufInputStream in = new ByteBufInputStream(Unpooled.wrappedBuffer(data))) {
            int format = in.readByte();
            if (format != FORMAT) {
                throw new IOException("binding state of format " + format + ", expected " + FORMAT);
            }
            Map<String, String> labels = new HashMap<>();
            for (int n = in.readInt(); n > 0; n--) {
                labels.put(in.readUTF(), in.readUTF());
            }
            Binding b = new Binding(rule, fingerprint, partition, labels);
            b.phase = Phase.valueOf(in.readUTF());
            b.lastSeen = readInstant(in);
            b.activeAt = readInstant(in);
            b.clearedAt = readInstant(in);
            b.retryAt = readInstant(in);
            b.lastRemindedAt = readInstant(in);
            if (b.phase == Phase.ACTIVE && b.retryAt == null) {
                // a firing still committing when the state was saved may have been held back since: ask once
                // more (firing is idempotent per episode)
                b.retryAt = Instant.EPOCH;
            }
            Condition c = rule.condition();
            long length = in.readLong();
            for (int n = in.readInt(); n > 0; n--) {
                String metric = in.readUTF();
                Window w = Window.of(c, length);
                w.read(in);
                // a window saved under another length (the rule changed meanwhile) starts again
                if (length == c.window().toMillis()) {
                    b.windows.put(metric, w);
                }
            }
            b.dirty = false;
            return b;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeInstant(ByteBufOutputStream out, Instant at) throws IOException {
        out.writeLong(at == null ? Long.MIN_VALUE : at.toEpochMilli());
    }

    private static Instant readInstant(ByteBufInputStream in) throws IOException {
        long v = in.readLong();
        return v == Long.MIN_VALUE ? null : Instant.ofEpochMilli(v);
    }
}

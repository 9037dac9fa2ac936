package io.watchkeeper.evaluator.engine;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * What the engine remembers of one series under one rule. Transitions for a series never overlap: a
 * request that arrives during one marks the series dirty and is re-evaluated when it ends.
 */
final class Series {

    final UUID ruleId;
    final String fingerprint;
    final Map<String, String> labels;
    private Instant lastSeen;
    private UUID openAlertId;
    private boolean busy;
    private boolean dirty;
    private boolean unsaved;

    Series(UUID ruleId, String fingerprint, Map<String, String> labels, Instant lastSeen) {
        this.ruleId = ruleId;
        this.fingerprint = fingerprint;
        this.labels = Map.copyOf(labels);
        this.lastSeen = lastSeen;
    }

    /** Keeps the latest observation time (events may arrive out of order or twice). */
    synchronized void observe(Instant at) {
        if (lastSeen == null || at.isAfter(lastSeen)) {
            lastSeen = at;
            unsaved = true;
        }
    }

    synchronized Instant lastSeen() {
        return lastSeen;
    }

    synchronized UUID openAlertId() {
        return openAlertId;
    }

    synchronized void openAlertId(UUID id) {
        openAlertId = id;
    }

    /** True when the caller may start a transition; otherwise the series is marked for another pass. */
    synchronized boolean begin() {
        if (busy) {
            dirty = true;
            return false;
        }
        busy = true;
        return true;
    }

    /** Ends a transition; true when something changed meanwhile and the series must be evaluated again. */
    synchronized boolean end() {
        busy = false;
        boolean again = dirty;
        dirty = false;
        return again;
    }

    /** Takes the "changed since the last checkpoint" flag. */
    synchronized boolean takeUnsaved() {
        boolean was = unsaved;
        unsaved = false;
        return was;
    }

    synchronized void markUnsaved() {
        unsaved = true;
    }
}

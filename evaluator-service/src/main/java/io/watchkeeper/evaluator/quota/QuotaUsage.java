package io.watchkeeper.evaluator.quota;

import io.watchkeeper.contracts.event.MetricKind;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;

/**
 * What one partition counted for one quota in one period: month-to-date totals (spend, balance) keep each
 * series' latest value; amounts (energy, usage) add up. The quota's usage is the sum over partitions.
 */
public final class QuotaUsage {

    private String period;
    private BigDecimal sum = BigDecimal.ZERO;
    private final Map<String, BigDecimal> latest = new HashMap<>();
    private final Map<String, Long> latestAt = new HashMap<>();
    public boolean dirty;

    public QuotaUsage(String period) {
        this.period = period;
    }

    public String period() {
        return period;
    }

    /** Counts an observation of {@code period}; an older period's observation is ignored, a newer one starts over. */
    public void add(String observedPeriod, MetricKind kind, String seriesKey, BigDecimal value, long at) {
        // periods of one kind compare as text (2026-11 < 2026-12); a quota that changed kind starts over
        boolean sameKind = observedPeriod.length() == period.length();
        int cmp = observedPeriod.compareTo(period);
        if (sameKind && cmp < 0) {
            return;
        }
        if (!sameKind || cmp > 0) {
            period = observedPeriod;
            sum = BigDecimal.ZERO;
            latest.clear();
            latestAt.clear();
        }
        if (kind == MetricKind.SPEND || kind == MetricKind.BALANCE) {
            Long before = latestAt.get(seriesKey);
            if (before == null || at >= before) {
                latest.put(seriesKey, value);
                latestAt.put(seriesKey, at);
            }
        } else {
            sum = sum.add(value);
        }
        dirty = true;
    }

    public BigDecimal total() {
        BigDecimal t = sum;
        for (BigDecimal v : latest.values()) {
            t = t.add(v);
        }
        return t;
    }

    public byte[] serialize() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeUTF(period);
            out.writeUTF(sum.toString());
            out.writeInt(latest.size());
            for (Map.Entry<String, BigDecimal> e : latest.entrySet()) {
                out.writeUTF(e.getKey());
                out.writeUTF(e.getValue().toString());
                out.writeLong(latestAt.get(e.getKey()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    public static QuotaUsage deserialize(byte[] data) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            QuotaUsage u = new QuotaUsage(in.readUTF());
            u.sum = new BigDecimal(in.readUTF());
            for (int n = in.readInt(); n > 0; n--) {
                String key = in.readUTF();
                u.latest.put(key, new BigDecimal(in.readUTF()));
                u.latestAt.put(key, in.readLong());
            }
            return u;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

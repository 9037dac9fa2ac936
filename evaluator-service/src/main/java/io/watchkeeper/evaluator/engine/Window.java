package io.watchkeeper.evaluator.engine;

import io.netty.buffer.ByteBufInputStream;
import io.netty.buffer.ByteBufOutputStream;
import io.watchkeeper.evaluator.rule.Condition;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.util.Arrays;
import org.apache.kafka.common.utils.ByteUtils;

/**
 * A sliding window over one metric of one series, kept as {@value #SLOTS} time slots (it slides by one
 * slot, 1/12 of its length). Each slot keeps exact money-safe aggregates (count, sum, min, max, first,
 * last as {@link BigDecimal}), for forecasts least-squares sums, and for percentiles up to {@value #SAMPLES}
 * values (a uniform sample once a slot sees more). A window keeps what its condition reads: for {@code last} only its
 * newest slot (the last value is always there); for sums, averages, counts, ratios and percentiles no extremes (min,
 * max, first, last). A checkpoint stores a slot the same way either way.
 */
final class Window {

    static final int SLOTS = 12;
    static final int SAMPLES = 256;

    private final long length;
    private final long slotMillis;
    private final boolean sampling;
    private final boolean regression;
    private final boolean newestOnly;
    private final boolean extremes;
    private final Slot[] slots = new Slot[SLOTS + 1];

    /**
     * @param sampling keep values for percentiles
     * @param regression keep least-squares sums for forecasts (saved only then)
     * @param newestOnly keep only the newest slot (all a {@code last} needs)
     * @param extremes keep min, max, first and last
     */
    Window(long lengthMillis, boolean sampling, boolean regression, boolean newestOnly, boolean extremes) {
        this.length = lengthMillis;
        this.slotMillis = Math.max(1, lengthMillis / SLOTS);
        this.sampling = sampling;
        this.regression = regression;
        this.newestOnly = newestOnly;
        this.extremes = extremes;
    }

    /** The window a condition needs. */
    static Window of(Condition c, long lengthMillis) {
        return new Window(
                lengthMillis,
                c instanceof Condition.Percentile,
                c instanceof Condition.Forecast,
                newestOnly(c),
                extremes(c));
    }

    /** Whether a window kept for {@code before} serves {@code after} too (else it starts again). */
    static boolean sameShape(Condition before, Condition after) {
        return before.getClass() == after.getClass()
                && newestOnly(before) == newestOnly(after)
                && extremes(before) == extremes(after);
    }

    private static boolean newestOnly(Condition c) {
        return c instanceof Condition.Threshold t && t.aggregation() == Condition.Aggregation.LAST;
    }

    private static boolean extremes(Condition c) {
        return c instanceof Condition.Forecast
                || c instanceof Condition.Threshold t
                        && switch (t.aggregation()) {
                            case LAST, MIN, MAX, RATE -> true;
                            case AVG, SUM, COUNT -> false;
                        };
    }

    private static final class Slot {
        long index;
        long count;
        BigDecimal sum = BigDecimal.ZERO;
        BigDecimal min;
        BigDecimal max;
        long firstAt;
        BigDecimal first;
        long lastAt;
        BigDecimal last;
        // least squares, time in seconds from the slot's start
        double su;
        double sv;
        double suu;
        double suv;
        double[] samples;
        int sampled;
        long seed;
    }

    /** Adds an observation; false when it is older than the window (late) at {@code now}. */
    boolean add(long at, BigDecimal value, long now) {
        if (at <= now - length) {
            return false;
        }
        long index = at / slotMillis;
        if (newestOnly && newestIndex() > index) {
            return true; // inside the window, older than the last value: nothing to keep
        }
        int pos = (int) Math.floorMod(index, (long) slots.length);
        Slot s = slots[pos];
        if (s != null && s.index > index) {
            return false;
        }
        boolean fresh = s == null || s.index < index;
        // the only step that can fail on a value, done before anything changes: a failed add leaves the window as it
        // was
        BigDecimal sum = (fresh ? BigDecimal.ZERO : s.sum).add(value);
        if (fresh) {
            if (newestOnly) {
                Arrays.fill(slots, null);
            }
            s = new Slot();
            s.index = index;
            slots[pos] = s;
        }
        s.count++;
        s.sum = sum;
        if (extremes) {
            s.min = s.min == null || value.compareTo(s.min) < 0 ? value : s.min;
            s.max = s.max == null || value.compareTo(s.max) > 0 ? value : s.max;
            if (s.first == null || at < s.firstAt) {
                s.firstAt = at;
                s.first = value;
            }
            if (s.last == null || at >= s.lastAt) {
                s.lastAt = at;
                s.last = value;
            }
        }
        if (regression) {
            double u = (at - index * slotMillis) / 1000.0;
            double v = value.doubleValue();
            s.su += u;
            s.sv += v;
            s.suu += u * u;
            s.suv += u * v;
        }
        if (sampling) {
            sample(s, value.doubleValue());
        }
        return true;
    }

    private long newestIndex() {
        long newest = Long.MIN_VALUE;
        for (Slot s : slots) {
            if (s != null && s.index > newest) {
                newest = s.index;
            }
        }
        return newest;
    }

    private static void sample(Slot s, double v) {
        if (s.samples == null) {
            s.samples = new double[16];
        } else if (s.sampled == s.samples.length && s.sampled < SAMPLES) {
            s.samples = Arrays.copyOf(s.samples, Math.min(SAMPLES, s.sampled * 2));
        }
        if (s.sampled < SAMPLES) {
            s.samples[s.sampled++] = v;
            return;
        }
        // reservoir sampling (a cheap xorshift keeps it deterministic per slot)
        s.seed ^= s.seed << 13;
        s.seed ^= s.seed >>> 7;
        s.seed ^= s.seed << 17;
        long r = Math.floorMod(s.seed == 0 ? (s.seed = s.count) : s.seed, s.count);
        if (r < SAMPLES) {
            s.samples[(int) r] = v;
        }
    }

    /** The aggregates over the slots still inside the window at {@code now}. */
    Stats stats(long now) {
        long oldest = (now - length) / slotMillis + 1;
        Stats st = new Stats();
        double base = oldest * slotMillis / 1000.0;
        for (Slot s : slots) {
            if (s == null || s.index < oldest || s.count == 0) {
                continue;
            }
            st.count += s.count;
            st.sum = st.sum.add(s.sum);
            if (extremes) {
                st.min = st.min == null || s.min.compareTo(st.min) < 0 ? s.min : st.min;
                st.max = st.max == null || s.max.compareTo(st.max) > 0 ? s.max : st.max;
                if (st.first == null || s.firstAt < st.firstAt) {
                    st.firstAt = s.firstAt;
                    st.first = s.first;
                }
                if (st.last == null || s.lastAt >= st.lastAt) {
                    st.lastAt = s.lastAt;
                    st.last = s.last;
                }
            }
            double t = s.index * slotMillis / 1000.0 - base;
            st.st += s.su + s.count * t;
            st.sv += s.sv;
            st.stt += s.suu + 2 * t * s.su + s.count * t * t;
            st.stv += s.suv + t * s.sv;
            if (s.samples != null) {
                st.samples = st.samples == null
                        ? Arrays.copyOf(s.samples, s.sampled)
                        : concat(st.samples, s.samples, s.sampled);
            }
        }
        st.baseMillis = oldest * slotMillis;
        return st;
    }

    private static double[] concat(double[] a, double[] b, int bn) {
        double[] out = Arrays.copyOf(a, a.length + bn);
        System.arraycopy(b, 0, out, a.length, bn);
        return out;
    }

    /** Aggregates of a window; least-squares sums use seconds since {@code baseMillis}. */
    static final class Stats {
        long count;
        BigDecimal sum = BigDecimal.ZERO;
        BigDecimal min;
        BigDecimal max;
        long firstAt;
        BigDecimal first;
        long lastAt;
        BigDecimal last;
        double st;
        double sv;
        double stt;
        double stv;
        double[] samples;
        long baseMillis;

        BigDecimal avg() {
            return count == 0 ? null : sum.divide(BigDecimal.valueOf(count), MathContext.DECIMAL64);
        }

        /** Change per second between the first and last observation; null with fewer than two. */
        BigDecimal rate() {
            if (count < 2 || lastAt == firstAt) {
                return null;
            }
            return last.subtract(first)
                    .multiply(BigDecimal.valueOf(1000))
                    .divide(BigDecimal.valueOf(lastAt - firstAt), MathContext.DECIMAL64);
        }

        /** Nearest-rank percentile of the kept values. */
        BigDecimal percentile(double p) {
            if (samples == null || samples.length == 0) {
                return null;
            }
            double[] sorted = samples.clone();
            Arrays.sort(sorted);
            int rank = (int) Math.ceil(p / 100.0 * sorted.length);
            return BigDecimal.valueOf(sorted[Math.max(0, rank - 1)]);
        }

        /** Least-squares slope (per second) and the fitted value at {@code baseMillis}; null if flat or too few. */
        double[] line() {
            double n = count;
            double d = n * stt - st * st;
            if (count < 3 || d == 0) {
                return null;
            }
            double slope = (n * stv - st * sv) / d;
            return new double[] {slope, (sv - slope * st) / n};
        }
    }

    /**
     * Saves the slots compactly (a checkpoint writes every changed binding): varints, times relative to their
     * slot, decimals as scale and unscaled value.
     */
    void write(ByteBufOutputStream out) throws IOException {
        int n = 0;
        for (Slot s : slots) {
            n += s == null ? 0 : 1;
        }
        ByteUtils.writeVarint(n, out);
        for (Slot s : slots) {
            if (s == null) {
                continue;
            }
            long start = s.index * slotMillis;
            ByteUtils.writeVarlong(s.index, out);
            ByteUtils.writeVarlong(s.count, out);
            writeDecimal(out, s.sum);
            // a window without extremes writes its sum in their place: the layout stays one (FORMAT 2)
            writeDecimal(out, extremes ? s.min : s.sum);
            writeDecimal(out, extremes ? s.max : s.sum);
            ByteUtils.writeVarlong(extremes ? s.firstAt - start : 0, out);
            writeDecimal(out, extremes ? s.first : s.sum);
            ByteUtils.writeVarlong(extremes ? s.lastAt - start : 0, out);
            writeDecimal(out, extremes ? s.last : s.sum);
            if (regression) {
                out.writeDouble(s.su);
                out.writeDouble(s.sv);
                out.writeDouble(s.suu);
                out.writeDouble(s.suv);
            }
            if (sampling) {
                ByteUtils.writeVarint(s.sampled, out);
                for (int i = 0; i < s.sampled; i++) {
                    out.writeDouble(s.samples[i]);
                }
                out.writeLong(s.seed);
            }
        }
    }

    void read(ByteBufInputStream in) throws IOException {
        int n = ByteUtils.readVarint(in);
        for (int k = 0; k < n; k++) {
            Slot s = new Slot();
            s.index = ByteUtils.readVarlong(in);
            long start = s.index * slotMillis;
            s.count = ByteUtils.readVarlong(in);
            s.sum = readDecimal(in);
            BigDecimal min = readDecimal(in);
            BigDecimal max = readDecimal(in);
            long firstAt = start + ByteUtils.readVarlong(in);
            BigDecimal first = readDecimal(in);
            long lastAt = start + ByteUtils.readVarlong(in);
            BigDecimal last = readDecimal(in);
            if (extremes) {
                s.min = min;
                s.max = max;
                s.firstAt = firstAt;
                s.first = first;
                s.lastAt = lastAt;
                s.last = last;
            }
            if (regression) {
                s.su = in.readDouble();
                s.sv = in.readDouble();
                s.suu = in.readDouble();
                s.suv = in.readDouble();
            }
            if (sampling) {
                s.sampled = ByteUtils.readVarint(in);
                s.samples = new double[Math.max(16, s.sampled)];
                for (int i = 0; i < s.sampled; i++) {
                    s.samples[i] = in.readDouble();
                }
                s.seed = in.readLong();
            }
            slots[(int) Math.floorMod(s.index, (long) slots.length)] = s;
        }
    }

    private static void writeDecimal(ByteBufOutputStream out, BigDecimal value) throws IOException {
        BigInteger unscaled = value.unscaledValue();
        ByteUtils.writeVarint(value.scale(), out);
        if (unscaled.bitLength() < Long.SIZE) {
            out.writeBoolean(true);
            ByteUtils.writeVarlong(unscaled.longValue(), out);
        } else {
            byte[] bytes = unscaled.toByteArray();
            out.writeBoolean(false);
            ByteUtils.writeVarint(bytes.length, out);
            out.write(bytes);
        }
    }

    private static BigDecimal readDecimal(ByteBufInputStream in) throws IOException {
        int scale = ByteUtils.readVarint(in);
        if (in.readBoolean()) {
            return BigDecimal.valueOf(ByteUtils.readVarlong(in), scale);
        }
        byte[] bytes = new byte[ByteUtils.readVarint(in)];
        in.readFully(bytes);
        return new BigDecimal(new BigInteger(bytes), scale);
    }
}

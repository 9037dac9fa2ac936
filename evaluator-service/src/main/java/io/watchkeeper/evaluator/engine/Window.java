package io.watchkeeper.evaluator.engine;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Arrays;

/**
 * A sliding window over one metric of one series, kept as {@value #SLOTS} time slots (it slides by one
 * slot, 1/12 of its length). Each slot keeps exact money-safe aggregates (count, sum, min, max, first,
 * last as {@link BigDecimal}), least-squares sums for forecasts, and, when asked, up to {@value #SAMPLES}
 * values for percentiles (a uniform sample once a slot sees more).
 */
final class Window {

    static final int SLOTS = 12;
    static final int SAMPLES = 256;

    private final long length;
    private final long slotMillis;
    private final boolean sampling;
    private final Slot[] slots = new Slot[SLOTS + 1];

    Window(long lengthMillis, boolean sampling) {
        this.length = lengthMillis;
        this.slotMillis = Math.max(1, lengthMillis / SLOTS);
        this.sampling = sampling;
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
        int pos = (int) Math.floorMod(index, (long) slots.length);
        Slot s = slots[pos];
        if (s == null || s.index < index) {
            s = new Slot();
            s.index = index;
            slots[pos] = s;
        } else if (s.index > index) {
            return false;
        }
        s.count++;
        s.sum = s.sum.add(value);
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
        double u = (at - index * slotMillis) / 1000.0;
        double v = value.doubleValue();
        s.su += u;
        s.sv += v;
        s.suu += u * u;
        s.suv += u * v;
        if (sampling) {
            sample(s, v);
        }
        return true;
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
            double t = s.index * slotMillis / 1000.0 - base;
            st.st += s.su + s.count * t;
            st.sv += s.sv;
            st.stt += s.suu + 2 * t * s.su + s.count * t * t;
            st.stv += s.suv + t * s.sv;
            if (s.samples != null) {
                st.samples = st.samples == null ? Arrays.copyOf(s.samples, s.sampled)
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
            return last.subtract(first).multiply(BigDecimal.valueOf(1000))
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

    void write(DataOutputStream out) throws IOException {
        int n = 0;
        for (Slot s : slots) {
            n += s == null ? 0 : 1;
        }
        out.writeInt(n);
        for (Slot s : slots) {
            if (s == null) {
                continue;
            }
            out.writeLong(s.index);
            out.writeLong(s.count);
            out.writeUTF(s.sum.toString());
            out.writeUTF(s.min.toString());
            out.writeUTF(s.max.toString());
            out.writeLong(s.firstAt);
            out.writeUTF(s.first.toString());
            out.writeLong(s.lastAt);
            out.writeUTF(s.last.toString());
            out.writeDouble(s.su);
            out.writeDouble(s.sv);
            out.writeDouble(s.suu);
            out.writeDouble(s.suv);
            out.writeInt(s.sampled);
            for (int i = 0; i < s.sampled; i++) {
                out.writeDouble(s.samples[i]);
            }
            out.writeLong(s.seed);
        }
    }

    void read(DataInputStream in) throws IOException {
        int n = in.readInt();
        for (int k = 0; k < n; k++) {
            Slot s = new Slot();
            s.index = in.readLong();
            s.count = in.readLong();
            s.sum = new BigDecimal(in.readUTF());
            s.min = new BigDecimal(in.readUTF());
            s.max = new BigDecimal(in.readUTF());
            s.firstAt = in.readLong();
            s.first = new BigDecimal(in.readUTF());
            s.lastAt = in.readLong();
            s.last = new BigDecimal(in.readUTF());
            s.su = in.readDouble();
            s.sv = in.readDouble();
            s.suu = in.readDouble();
            s.suv = in.readDouble();
            s.sampled = in.readInt();
            if (s.sampled > 0) {
                s.samples = new double[s.sampled];
                for (int i = 0; i < s.sampled; i++) {
                    s.samples[i] = in.readDouble();
                }
            }
            s.seed = in.readLong();
            slots[(int) Math.floorMod(s.index, (long) slots.length)] = s;
        }
    }
}

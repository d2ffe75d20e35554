package dev.gmp.micrometer;

import dev.gmp.GmpStats;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * One stats snapshot shared by all the meters of one publication: a registry reads its meters one by one, and
 * taking a snapshot per meter would cost O(meters × P) per publication. A snapshot older than
 * {@code maxAgeNanos} is replaced on the next read; each new snapshot is offered to {@code onFresh} (the binder
 * keeps its per-P meters in step there).
 */
final class StatsSnapshots {
    private final Supplier<GmpStats> source;
    private final long maxAgeNanos;
    private final Consumer<GmpStats> onFresh;
    private GmpStats last;     // guarded by this
    private long takenAt;      // guarded by this

    StatsSnapshots(Supplier<GmpStats> source, long maxAgeNanos, Consumer<GmpStats> onFresh) {
        this.source = source;
        this.maxAgeNanos = maxAgeNanos;
        this.onFresh = onFresh;
    }

    GmpStats get() {
        GmpStats s;
        boolean fresh = false;
        synchronized (this) {
            long now = System.nanoTime();
            if (last == null || now - takenAt > maxAgeNanos) {
                last = source.get();
                takenAt = now;
                fresh = true;
            }
            s = last;
        }
        if (fresh && onFresh != null) {
            onFresh.accept(s);
        }
        return s;
    }
}

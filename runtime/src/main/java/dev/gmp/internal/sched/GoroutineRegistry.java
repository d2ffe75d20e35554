package dev.gmp.internal.sched;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * All live goroutines (Go's {@code allgs}): for dumps, {@code numGoroutine}, and leak detection.
 *
 * <p>Holds the {@link Goroutine} records strongly and, through them, the threads only weakly (see
 * {@link Goroutine}). A record is added before its thread starts and removed when the thread ends.
 */
public final class GoroutineRegistry {
    private final Set<Goroutine> all = ConcurrentHashMap.newKeySet();

    void add(Goroutine g) {
        all.add(g);
    }

    void remove(Goroutine g) {
        all.remove(g);
    }

    public int size() {
        return all.size();
    }

    /** A snapshot of the live records, ordered by goid. */
    public List<Goroutine> snapshot() {
        List<Goroutine> list = new ArrayList<>(all);
        list.sort((a, b) -> Long.compare(a.goid, b.goid));
        return list;
    }

    /** Slow path: the record of a thread whose handler field no longer points to it. */
    Goroutine find(Thread t) {
        for (Goroutine g : all) {
            if (g.get() == t) {
                return g;
            }
        }
        return null;
    }
}

package dev.gmp.internal.sched;

import java.util.ArrayList;
import java.util.List;

/**
 * All live goroutines (Go's {@code allgs}): for dumps, {@code numGoroutine}, and leak detection.
 *
 * <p>Holds the {@link Goroutine} records strongly and, through them, the threads only weakly (see
 * {@link Goroutine}). A record is added before its thread starts and removed when the thread ends.
 *
 * <p>Go keeps one slice under {@code allglock}; a spawn-heavy program on several Ps would contend on it (a
 * {@code ConcurrentHashMap} set measured worse still: its size counter dominated spawn+join profiles). So the
 * records sit in intrusive doubly-linked lists, {@value #SHARDS} of them, chosen by goid: add and remove are O(1)
 * under a lock that is almost never contended, and a goroutine is always removed from the shard it was added to.
 */
public final class GoroutineRegistry {
    private static final int SHARDS = 64;

    private final Shard[] shards = new Shard[SHARDS];

    GoroutineRegistry() {
        for (int i = 0; i < SHARDS; i++) {
            shards[i] = new Shard();
        }
    }

    /** One list; its fields and the {@code allPrev/allNext} links of its records are guarded by the shard. */
    private static final class Shard {
        Goroutine head;
        int count;
    }

    private Shard shardOf(Goroutine g) {
        return shards[(int) (g.goid & (SHARDS - 1))];
    }

    void add(Goroutine g) {
        Shard s = shardOf(g);
        synchronized (s) {
            g.allNext = s.head;
            if (s.head != null) {
                s.head.allPrev = g;
            }
            s.head = g;
            s.count++;
        }
    }

    void remove(Goroutine g) {
        Shard s = shardOf(g);
        synchronized (s) {
            if (g.allPrev == null && s.head != g) {
                return; // not registered (already removed)
            }
            if (g.allPrev != null) {
                g.allPrev.allNext = g.allNext;
            } else {
                s.head = g.allNext;
            }
            if (g.allNext != null) {
                g.allNext.allPrev = g.allPrev;
            }
            g.allPrev = null;
            g.allNext = null;
            s.count--;
        }
    }

    /** Number of live goroutines (each shard's count read under its lock; the sum is not atomic). */
    public int size() {
        int n = 0;
        for (Shard s : shards) {
            synchronized (s) {
                n += s.count;
            }
        }
        return n;
    }

    /** A snapshot of the live records, ordered by goid. */
    public List<Goroutine> snapshot() {
        List<Goroutine> list = new ArrayList<>();
        for (Shard s : shards) {
            synchronized (s) {
                for (Goroutine g = s.head; g != null; g = g.allNext) {
                    list.add(g);
                }
            }
        }
        list.sort((a, b) -> Long.compare(a.goid, b.goid));
        return list;
    }

    /** Slow path: the record of a thread whose handler field no longer points to it. */
    Goroutine find(Thread t) {
        for (Shard s : shards) {
            synchronized (s) {
                for (Goroutine g = s.head; g != null; g = g.allNext) {
                    if (g.get() == t) {
                        return g;
                    }
                }
            }
        }
        return null;
    }
}

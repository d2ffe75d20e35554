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

    /**
     * One list; its fields and the {@code allPrev/allNext} links of its records are guarded by the shard's lock,
     * a {@link SpinLock}: goroutines (newproc) and Ms (afterRun) both take it (see SpinLock for why not a monitor
     * or a ReentrantLock).
     */
    private static final class Shard extends SpinLock {
        Goroutine head;
        int count;
        int system; // of count, the system goroutines (Go's sched.ngsys)
    }

    private Shard shardOf(Goroutine g) {
        return shards[(int) (g.goid & (SHARDS - 1))];
    }

    void add(Goroutine g) {
        Shard s = shardOf(g);
        s.lock();
        try {
            g.allNext = s.head;
            if (s.head != null) {
                s.head.allPrev = g;
            }
            s.head = g;
            s.count++;
            if (g.system) {
                s.system++;
            }
        } finally {
            s.unlock();
        }
    }

    void remove(Goroutine g) {
        Shard s = shardOf(g);
        s.lock();
        try {
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
            if (g.system) {
                s.system--;
            }
        } finally {
            s.unlock();
        }
    }

    /**
     * Number of live goroutines but the system ones, as Go's {@code gcount} leaves out {@code sched.ngsys} (each
     * shard's count read under its lock; the sum is not atomic).
     */
    public int size() {
        int n = 0;
        for (Shard s : shards) {
            s.lock();
            try {
                n += s.count - s.system;
            } finally {
                s.unlock();
            }
        }
        return n;
    }

    /** A snapshot of the live records, ordered by goid. */
    public List<Goroutine> snapshot() {
        List<Goroutine> list = new ArrayList<>();
        for (Shard s : shards) {
            s.lock();
            try {
                for (Goroutine g = s.head; g != null; g = g.allNext) {
                    list.add(g);
                }
            } finally {
                s.unlock();
            }
        }
        list.sort((a, b) -> Long.compare(a.goid, b.goid));
        return list;
    }

    /**
     * Visits every live record without sorting or copying, one shard at a time under its lock: {@code visitor}
     * must be quick and must not block (the leak sampler collects candidates here and walks stacks afterwards).
     */
    public void forEach(java.util.function.Consumer<Goroutine> visitor) {
        for (Shard s : shards) {
            s.lock();
            try {
                for (Goroutine g = s.head; g != null; g = g.allNext) {
                    visitor.accept(g);
                }
            } finally {
                s.unlock();
            }
        }
    }

    /** Drops a record whose thread was collected while waiting (a proven leak): it can never run or end. */
    public void removeLeaked(Goroutine g) {
        remove(g);
    }

    /**
     * Whether every live goroutine satisfies {@code p}; stops at the first that does not. Unsorted and without a
     * copy, for checkdead's pre-scan. {@code p} runs under a shard lock: it must be a few field reads.
     */
    boolean allMatch(java.util.function.Predicate<Goroutine> p) {
        for (Shard s : shards) {
            s.lock();
            try {
                for (Goroutine g = s.head; g != null; g = g.allNext) {
                    if (!p.test(g)) {
                        return false;
                    }
                }
            } finally {
                s.unlock();
            }
        }
        return true;
    }
}

package dev.gmp.internal.leak;

import dev.gmp.internal.sched.GStatus;
import dev.gmp.internal.sched.Goroutine;
import dev.gmp.internal.sched.GoroutineRegistry;
import dev.gmp.internal.sched.WaitReasons;
import dev.gmp.internal.stats.GoroutineSnapshots;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Keeps the last stack and wait reason of goroutines that have waited a while, so that a goroutine found leaked
 * after its thread was collected can still be reported with them (Go's leak profile reads the stack the GC found;
 * ours is gone by then).
 *
 * <p>Cost: one pass over the registry (status and {@code waitSince} reads, no allocation per goroutine), then one
 * {@code Thread.getStackTrace()} per goroutine that has waited longer than {@code minWait} in a wait not yet
 * sampled: each wait is sampled once. Stacks are interned (many goroutines park at the same few sites), so a
 * hundred thousand parked goroutines share a handful of arrays.
 *
 * <p>Owner: the leak detector's thread, or a check request holding the detector's lock; not thread-safe.
 */
final class StackSampler {
    private static final int MAX_INTERNED = 10_000;

    private final GoroutineRegistry registry;
    private final Map<List<StackTraceElement>, StackTraceElement[]> interned = new HashMap<>();

    StackSampler(GoroutineRegistry registry) {
        this.registry = registry;
    }

    /** Samples every goroutine waiting at least {@code minWaitNanos} (0: all waiting) in a wait not yet sampled. */
    int sample(long now, long minWaitNanos) {
        List<Goroutine> due = new ArrayList<>();
        registry.forEach(g -> {
            if (g.status() == GStatus.WAITING && !g.isSystem()) { // never reported, so never sampled
                long since = g.waitSince(); // may stamp the wait now, after `now`: minWaitNanos 0 takes it anyway
                if (since != 0 && (minWaitNanos == 0 || now - since >= minWaitNanos) && g.stackSampledFor() != since) {
                    due.add(g);
                }
            }
        });
        int n = 0;
        for (Goroutine g : due) {
            long since = g.waitSince();
            Thread t = g.thread();
            if (t == null) {
                continue; // collected: the detector reports it with what it has
            }
            String reason = WaitReasons.of(g);
            StackTraceElement[] stack = t.getStackTrace();
            if (g.status() != GStatus.WAITING || g.waitSince() != since) {
                continue; // woke up meanwhile: the stack may belong to a later wait or to running code
            }
            g.keepLastStack(intern(GoroutineSnapshots.visibleFrames(stack)), reason.isEmpty() ? "park" : reason,
                    since);
            n++;
        }
        return n;
    }

    private StackTraceElement[] intern(List<StackTraceElement> frames) {
        StackTraceElement[] known = interned.get(frames);
        if (known != null) {
            return known;
        }
        if (interned.size() >= MAX_INTERNED) {
            interned.clear(); // stacks already kept stay with their goroutines
        }
        StackTraceElement[] a = frames.toArray(new StackTraceElement[0]);
        interned.put(List.of(a), a);
        return a;
    }
}

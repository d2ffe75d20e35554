package dev.gmp.internal.sched;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the deadlock and leak detectors found: the source of truth behind {@code gmp_deadlocks_total},
 * {@code gmp_goroutine_leaks_total{wait_reason}} and {@code gmp_goroutines_suspected_leaked{wait_reason}}
 * (Go has no counterpart: its deadlock is fatal and it has no leak detector).
 *
 * <p>Writers: the detectors (deadlock check, proven-leak reaper, suspected-leak scanner), rarely. Readers: the
 * stats read view. Counts start at 0 so every exporter always shows these names.
 */
public final class Detections {
    private final LongAdder deadlocks = new LongAdder();
    private final ConcurrentHashMap<String, LongAdder> leaks = new ConcurrentHashMap<>();
    // Replaced wholesale by the suspected-leak scanner after each scan; immutable.
    private volatile Map<String, Integer> suspected = Map.of();

    /** The runtime found every goroutine asleep ("all goroutines are asleep - deadlock!"). */
    public void deadlockDetected() {
        deadlocks.increment();
    }

    /** A goroutine was collected while waiting for {@code waitReason}: a proven leak. */
    public void leakProven(String waitReason) {
        leaks.computeIfAbsent(waitReason, k -> new LongAdder()).increment();
    }

    /** The result of one suspected-leak scan: goroutines blocked past the threshold, by wait reason. */
    public void suspectedLeaks(Map<String, Integer> byWaitReason) {
        suspected = Map.copyOf(byWaitReason);
    }

    public long deadlocks() {
        return deadlocks.sum();
    }

    /** Proven leaks so far by wait reason, sorted. */
    public Map<String, Long> leaks() {
        Map<String, Long> out = new TreeMap<>();
        leaks.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    /** The last suspected-leak scan, sorted by wait reason. */
    public Map<String, Integer> suspected() {
        return new TreeMap<>(suspected);
    }
}

package dev.gmp.internal.sched;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * What the deadlock and leak detectors found: the source of truth behind {@code gmp_deadlocks_total},
 * {@code gmp_goroutine_leaks_total{wait_reason}} and {@code gmp_goroutines_suspected_leaked{wait_reason}}
 * (Go has no counterpart: its deadlock is fatal and it has no leak detector).
 *
 * <p>Writers: the detectors (deadlock check, proven-leak reaper, suspected-leak scanner), rarely. Readers: the
 * stats read view. Counts start at 0 so every exporter always shows these names.
 *
 * <p>A wait reason seen for the first time is announced to the {@link #onNewWaitReason} listeners before it
 * shows in {@link #leaks()} or {@link #suspected()}: exporters that register one series per label value up front
 * (Micrometer) register it then, so it appears on the first scrape after the detection, not on the next one.
 */
public final class Detections {
    private final LongAdder deadlocks = new LongAdder();
    private final ConcurrentHashMap<String, LongAdder> leaks = new ConcurrentHashMap<>();
    // Replaced wholesale by the suspected-leak scanner after each scan; immutable.
    private volatile Map<String, Integer> suspected = Map.of();
    private final Set<String> seenReasons = ConcurrentHashMap.newKeySet();
    private final CopyOnWriteArrayList<Consumer<String>> newReasonListeners = new CopyOnWriteArrayList<>();

    /** The runtime found every goroutine asleep ("all goroutines are asleep - deadlock!"). */
    public void deadlockDetected() {
        deadlocks.increment();
    }

    /** A goroutine was collected while waiting for {@code waitReason}: a proven leak. */
    public void leakProven(String waitReason) {
        announce(waitReason);
        leaks.computeIfAbsent(waitReason, k -> new LongAdder()).increment();
    }

    /** The result of one suspected-leak scan: goroutines blocked past the threshold, by wait reason. */
    public void suspectedLeaks(Map<String, Integer> byWaitReason) {
        byWaitReason.keySet().forEach(this::announce);
        suspected = Map.copyOf(byWaitReason);
    }

    /**
     * Calls {@code listener} with each wait reason the detectors report for the first time from now on, on the
     * detector's thread, before the reason shows in the counts. The listener must be quick and must not call
     * back into the detectors; its exceptions are dropped (an exporter never stops detection).
     */
    public void onNewWaitReason(Consumer<String> listener) {
        newReasonListeners.add(listener);
    }

    private void announce(String waitReason) {
        if (seenReasons.add(waitReason)) {
            for (Consumer<String> l : newReasonListeners) {
                try {
                    l.accept(waitReason);
                } catch (RuntimeException e) {
                    // dropped: see onNewWaitReason
                }
            }
        }
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

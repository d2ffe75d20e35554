package dev.gmp.internal.sched;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;
import java.util.function.UnaryOperator;

/**
 * Deadlock detection (proc.go {@code checkdead}): "all goroutines are asleep - deadlock!".
 *
 * <h2>The rule</h2>
 * The runtime is deadlocked when, on two consecutive checks,
 * <ol>
 *   <li>no runtime timer is pending or firing (a timer could wake someone),</li>
 *   <li>no thread outside the runtime that has used a channel, select, WaitGroup or context cancel is alive
 *       (other than the caller of {@code run}, which is waiting for main): it could still wake someone,</li>
 *   <li>every P is idle and the global run queue is empty (cheap pre-filter: nothing is runnable or running),</li>
 *   <li>every live goroutine is {@code waiting} on a {@link WaitReason} whose {@link WaitReason#runtimePrimitive}
 *       is true: a channel, select, WaitGroup or nil-channel wait that no thread outside the runtime (platform
 *       thread, JDK virtual thread, goroutine of another runtime) has ever touched. A goroutine running, runnable, in a syscall, or parked on anything else ({@code j.u.c} locks,
 *       I/O, {@code Thread.sleep}, a channel a platform thread has used) means "not deadlocked",</li>
 *   <li>and the two checks saw the same goroutines with the same {@code waitSince} stamps, i.e. none of them ran
 *       in between.</li>
 * </ol>
 * Why two checks: one scan of the goroutines is not atomic. T1 (checker) sees G1 waiting; T2 (G2, running) wakes
 * G1 and parks; T1 then sees G2 waiting. Every goroutine was seen waiting, yet G1 is runnable. With a second scan
 * that finds every goroutine still waiting with an unchanged {@code waitSince}, each goroutine was continuously
 * waiting from its first observation to its second: a park clears the stamp and the next observer stamps it anew
 * ({@link Goroutine#waitSince()}), so a goroutine that ran and parked again in between shows a later stamp. All first
 * observations precede all second ones, so there was an instant at which all of them were waiting together, with
 * no timer pending and no outside thread able to reach their channels: nothing can ever wake them.
 *
 * <p>Known limit: a platform thread that has never used a runtime primitive but holds a channel (reached through a
 * plain field, say) and would use it later is invisible: the goroutines waiting on it are reported. Channels made
 * or used by a platform thread are exempt for good; so is anything parked with a non-runtime blocker. Runtimes that hand channels to foreign threads that
 * way can turn detection off ({@code GmpRuntime.Builder.detectDeadlocks(false)}).
 */
public final class CheckDead {
    /** Go's message (proc.go checkdead). */
    public static final String MESSAGE = "all goroutines are asleep - deadlock!";

    /** The cadence of {@link #watch}: this often while goroutines run, doubling while quiet, up to the maximum. */
    private static final long BUSY_MILLIS = 10;
    private static final long QUIET_MAX_MILLIS = 640;

    private final Scheduler sched;
    private final IntSupplier timersPending;
    private final BooleanSupplier outsiders;
    private final boolean enabled;
    private long[] previous; // goid, waitSince pairs of the last consistent scan; null if none. watch()'s thread only

    /**
     * @param timersPending the runtime's pending (or firing) timers
     * @param outsiders     whether a thread that is not a goroutine, and has used runtime primitives, is alive
     * @param enabled       false: {@link #watch} only waits ({@code GmpRuntime.Builder.detectDeadlocks(false)})
     */
    public CheckDead(Scheduler sched, IntSupplier timersPending, BooleanSupplier outsiders, boolean enabled) {
        this.sched = sched;
        this.timersPending = timersPending;
        this.outsiders = outsiders;
        this.enabled = enabled;
    }

    /**
     * The checkdead loop of {@code GmpRuntime.run}, on its caller's thread (Go runs checkdead whenever an M goes
     * idle; here nothing on the scheduler's paths pays for it): waits for the thread {@code next} names, checking
     * every {@value #BUSY_MILLIS} ms while goroutines run and backing off to {@value #QUIET_MAX_MILLIS} ms while
     * the runtime is quiet but not dead. A deadlock found is counted ({@code gmp_deadlocks_total}) and emitted
     * ({@code dev.gmp.Deadlock}) here.
     *
     * @param first the thread to wait for first (the main goroutine's)
     * @param next  given the thread waited for last, the one to wait for now, or null when there is none (main's
     *              until it ends; after {@code Goexit}, any goroutine still alive)
     * @return the deadlock report, or null once there is nothing left to wait for. An interrupt of the caller is
     *         kept for it: the wait goes on, and the interrupt status is set again on return.
     */
    public String watch(Thread first, UnaryOperator<Thread> next) {
        boolean interrupted = false;
        long waitMillis = BUSY_MILLIS;
        Thread t = first;
        String report = null;
        while ((t = next.apply(t)) != null && t.isAlive()) {
            try {
                if (!enabled) {
                    t.join();
                    continue;
                }
                if (t.join(Duration.ofMillis(waitMillis))) {
                    continue; // ended: the loop condition picks the next target, if main called Goexit
                }
            } catch (InterruptedException e) {
                interrupted = true;
                continue;
            }
            boolean quiet = quiet();
            report = check();
            if (report != null) {
                sched.detections.deadlockDetected(); // gmp_deadlocks_total
                sched.events.deadlock(sched.registry.size(), report); // dev.gmp.Deadlock
                break;
            }
            waitMillis = quiet ? Math.min(waitMillis * 2, QUIET_MAX_MILLIS) : BUSY_MILLIS;
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return report;
    }

    /** Whether the quick conditions hold (no timers, all Ps idle, empty global queue). O(1). */
    public boolean quiet() {
        return timersPending.getAsInt() == 0 && sched.allPsIdle() && sched.runq.size() == 0
                && !outsiders.getAsBoolean();
    }

    /**
     * One check. Returns the Go-shaped report (message and goroutine dump) once two consecutive checks agree that
     * the runtime is deadlocked, else null.
     */
    public String check() {
        if (!quiet()) {
            previous = null;
            return null;
        }
        // Pre-scan without sorting or copying: a server with 100k goroutines in I/O waits exits at the first one.
        if (!sched.registry.allMatch(g -> g.system || asleep(g))) {
            previous = null;
            return null;
        }
        List<Goroutine> all = sched.registry.snapshot();
        all.removeIf(g -> g.system); // isSystemGoroutine: omitted from the deadlock detector and its dump
        if (all.isEmpty()) {
            previous = null;
            return null;
        }
        long[] sig = new long[all.size() * 2];
        int i = 0;
        for (Goroutine g : all) {
            if (!asleep(g)) {
                previous = null;
                return null;
            }
            sig[i++] = g.goid;
            sig[i++] = g.waitSince(); // stamps a wait not yet observed: one stamp per wait
        }
        if (!quiet()) {
            previous = null;
            return null;
        }
        if (previous == null || !Arrays.equals(previous, sig)) {
            previous = sig;
            return null;
        }
        return report(all); // watch() counts it and emits the dev.gmp.Deadlock event
    }

    /** Waiting on something only goroutines and runtime timers can end. */
    private static boolean asleep(Goroutine g) {
        return g.status() == GStatus.WAITING && WaitReasons.isRuntimePrimitive(g);
    }

    private static String report(List<Goroutine> all) {
        StringBuilder out = new StringBuilder();
        out.append("fatal error: ").append(MESSAGE).append("\n\n");
        long now = System.nanoTime();
        for (Goroutine g : all) {
            Thread t = g.get();
            Traceback.header(out, g.goid, WaitReasons.of(g), now - g.waitSince());
            if (t != null) {
                Traceback.frames(out, t.getStackTrace());
            }
            Traceback.createdBy(out, g.createdBy, g.parentGoid);
            out.append('\n');
        }
        return out.toString();
    }
}

package dev.gmp.internal.leak;

import dev.gmp.LeakReport;
import dev.gmp.ProvenLeak;
import dev.gmp.SuspectedLeak;
import dev.gmp.internal.env.GoDuration;
import dev.gmp.internal.jdk.JdkInternals;
import dev.gmp.internal.sched.GStatus;
import dev.gmp.internal.sched.Goroutine;
import dev.gmp.internal.sched.Scheduler;
import dev.gmp.internal.sched.Traceback;
import java.io.PrintStream;
import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Goroutine leak detection for one runtime (docs/architecture.md §4.5): proven leaks, found by the garbage collector, and
 * suspected ones, found by how long goroutines have been blocked.
 *
 * <h2>Proven leaks (the JVM counterpart of Go 1.26's goroutineleak profile)</h2>
 * Go's proposal golang/go#74609 (Saioc and Chabbi, "Unveiling and Vanquishing Goroutine Leaks in Enterprise
 * Microservices") lets the GC mark only what runnable goroutines can reach; a goroutine blocked on a primitive
 * that stays unmarked can never wake ({@code _Gleaked}, {@code runtime.findGoroutineLeaks}). The JVM's GC does
 * the same for us, for free, once nothing holds parked virtual threads: with {@code -Djdk.trackAllThreads=false}
 * the JDK keeps only a count of them, the registry holds each record strongly but its thread weakly
 * ({@link Goroutine} is a {@code WeakReference<Thread>}), and a channel's wait queue is reachable only from the
 * channel. A thread parked on something no live code can reach is itself unreachable; the GC clears the record
 * and enqueues it on the scheduler's {@code collected} queue. A record dequeued in status {@code waiting} is a
 * goroutine that could never run again: a leak, with no false positives. (A record whose thread ended is cleared
 * by the M before the GC can enqueue it, and if the GC wins that race the record ends {@code dead}, not waiting;
 * a record still marked running when dequeued is settled by the M a moment later and rechecked.)
 *
 * <p>Rejected: forcing GCs to find leaks sooner (production pays for them; a check request may, see
 * {@link #check()}); running this on the sysmon thread (its ticks must stay short, and draining a reference
 * queue is what a dedicated thread blocked in {@code ReferenceQueue.remove} does best, as the JDK's Cleaner does).
 *
 * <h2>Reports</h2>
 * Once per leak, when found: a line plus the goroutine in Go's traceback shape, as one event of the platform's
 * logging or on the runtime's error stream ({@link LeakLog}), the {@code dev.gmp.GoroutineLeak} JFR event, and
 * {@code gmp_goroutine_leaks_total{wait_reason}}. The stack is the last one the {@link StackSampler} kept:
 * goroutines that have waited longer than {@code stackAfter} are sampled once per wait, so a goroutine collected
 * sooner is reported without its stack. System goroutines (the JDK's own) are never reported.
 *
 * <h2>Suspected leaks</h2>
 * Every {@code threshold / 10} (100 ms to 30 s), {@link SuspectedScan} groups the goroutines blocked longer than
 * the threshold by creation site and wait reason and publishes {@code gmp_goroutines_suspected_leaked{wait_reason}}.
 *
 * <p>Threads: one daemon platform thread per runtime ({@code <name>-leaks}) runs the loop; {@link #check()} and
 * {@link #report()} may be called from any thread. Mutable state is guarded by {@code this}.
 */
public final class LeakDetector implements AutoCloseable {
    /** {@code leaks=}: what is detected. */
    public enum Mode {
        /** Proven leaks (when the JDK lets parked threads be collected) and suspected ones. */
        PROVEN,
        /** Suspected leaks only. */
        SUSPECTED,
        /** Nothing. */
        OFF
    }

    /** Default {@code leak.threshold}. */
    public static final Duration DEFAULT_THRESHOLD = Duration.ofMinutes(5);
    /** A goroutine waiting this long has its stack kept for a leak report. */
    public static final Duration DEFAULT_STACK_AFTER = Duration.ofSeconds(1);

    private static final long TICK_MS = 100;          // loop period while a dequeued record has not settled
    private static final long SAMPLE_EVERY_NS = 500_000_000L;
    private static final long SETTLE_NS = 10_000_000_000L; // give up on a record that never settles (not expected)

    private final Scheduler sched;
    private final Mode mode;
    private final boolean explicit;     // leaks=proven was asked for (warn if it cannot work)
    private final long thresholdNanos;
    private final long stackAfterNanos;
    private final long scanEveryNanos;
    private final PrintStream err;
    private final LeakLog log; // where proven-leak reports go; guarded by this
    private final Thread thread;
    private volatile boolean stopped;

    // Guarded by this.
    private final StackSampler sampler;
    private final SuspectedScan scan;
    private final List<Goroutine> unsettled = new ArrayList<>(); // dequeued while still marked running
    private final Map<Goroutine, Long> unsettledSince = new HashMap<>();
    private final ArrayDeque<ProvenLeak> recent = new ArrayDeque<>();
    private List<SuspectedLeak> suspected = List.of();
    private long nextSample;
    private long nextScan;
    private final AtomicLong provenTotal = new AtomicLong();
    private volatile Boolean tracking; // jdk.trackAllThreads as the JDK read it; null until a goroutine is seen

    public LeakDetector(Scheduler sched, Mode mode, boolean explicit, Duration threshold, Duration stackAfter,
                        LeakLog.Mode logMode) {
        this.sched = sched;
        this.mode = mode;
        this.explicit = explicit;
        this.thresholdNanos = threshold.toNanos();
        this.stackAfterNanos = stackAfter.toNanos();
        this.scanEveryNanos = Math.max(100_000_000L, Math.min(30_000_000_000L, thresholdNanos / 10));
        this.err = sched.config().err();
        this.log = new LeakLog(logMode, err);
        this.sampler = new StackSampler(sched.registry());
        this.scan = new SuspectedScan(sched.registry());
        long now = System.nanoTime();
        this.nextSample = now;
        this.nextScan = now + scanEveryNanos;
        if (mode == Mode.OFF) {
            thread = null;
            return;
        }
        thread = new Thread(null, this::loop, sched.config().name() + "-leaks", 0, false);
        thread.setDaemon(true);
        thread.start();
    }

    public Mode mode() {
        return mode;
    }

    public Duration threshold() {
        return Duration.ofNanos(thresholdNanos);
    }

    private void loop() {
        ReferenceQueue<Thread> q = sched.collected();
        long waitMillis = TICK_MS;
        while (!stopped) {
            Reference<? extends Thread> r;
            try {
                r = q.remove(waitMillis);
            } catch (InterruptedException e) {
                continue; // close() interrupts; stopped says whether to go on
            }
            try {
                synchronized (this) {
                    long now = System.nanoTime();
                    if (r != null) {
                        found(r, now);
                        drain(q, now);
                    }
                    settle(now);
                    log.tick(now);
                    learnTracking();
                    if (now - nextSample >= 0) {
                        if (mode == Mode.PROVEN) {
                            sampler.sample(now, stackAfterNanos);
                        }
                        nextSample = now + SAMPLE_EVERY_NS;
                    }
                    if (now - nextScan >= 0) {
                        scanSuspected(now);
                        nextScan = now + scanEveryNanos;
                    }
                    waitMillis = waitMillis(now);
                }
            } catch (RuntimeException | Error e) {
                if (stopped) {
                    return;
                }
                synchronized (err) {
                    err.println("gmp: leak detector: " + e);
                }
            }
        }
    }

    /**
     * How long the loop may wait for a collected record before its next duty: the next stack sample (proven
     * mode), the next suspected scan, the end of the leak log's window; {@link #TICK_MS} while a dequeued record
     * has not settled. A collected record wakes it at once, so an idle application is not woken ten times a
     * second for nothing. Guarded by this.
     */
    private long waitMillis(long now) {
        if (!unsettled.isEmpty()) {
            return TICK_MS;
        }
        long wait = nextScan - now;
        if (mode == Mode.PROVEN) {
            wait = Math.min(wait, nextSample - now);
        }
        wait = Math.min(wait, log.nanosToDue(now));
        return Math.max(1, (wait + 999_999) / 1_000_000); // never 0: remove(0) waits forever
    }

    private void drain(ReferenceQueue<Thread> q, long now) {
        Reference<? extends Thread> r;
        while ((r = q.poll()) != null) {
            found(r, now);
        }
    }

    /** A record whose thread was collected. Guarded by this. */
    private void found(Reference<? extends Thread> r, long now) {
        if (!(r instanceof Goroutine g) || g.scheduler() != sched) {
            return;
        }
        int st = g.status();
        if (st == GStatus.WAITING) {
            leaked(g, now);
        } else if (st != GStatus.DEAD) {
            unsettled.add(g);
            unsettledSince.putIfAbsent(g, now);
        }
    }

    /** Records dequeued while their M had not yet marked them waiting or dead. Guarded by this. */
    private void settle(long now) {
        for (Iterator<Goroutine> it = unsettled.iterator(); it.hasNext(); ) {
            Goroutine g = it.next();
            int st = g.status();
            if (st == GStatus.WAITING) {
                leaked(g, now);
            } else if (st != GStatus.DEAD && now - unsettledSince.get(g) < SETTLE_NS) {
                continue;
            }
            it.remove();
            unsettledSince.remove(g);
        }
    }

    /** Reports one proven leak, once. Guarded by this. */
    private void leaked(Goroutine g, long now) {
        sched.registry().removeLeaked(g);
        if (mode != Mode.PROVEN || g.isSystem()) {
            // leaks=suspected on a JVM that collects them anyway, or a JDK thread the JDK itself dropped (a
            // system goroutine is never a leak): drop the record, say nothing
            return;
        }
        long since = g.waitSince();
        boolean sampled = g.stackSampledFor() == since && g.lastStack() != null;
        String reason = sampled ? g.lastWaitReason() : g.parkReason();
        if (reason == null || reason.isEmpty()) {
            reason = "park";
        }
        long blocked = since != 0 ? Math.max(0, now - since) : 0;
        StackTraceElement[] created = g.createdBy();
        StackTraceElement[] stack = sampled ? g.lastStack() : new StackTraceElement[0];
        ProvenLeak leak = new ProvenLeak(g.goid(), g.parentGoid(), reason, blocked, Arrays.asList(created),
                Arrays.asList(stack), System.currentTimeMillis());
        provenTotal.incrementAndGet();
        recent.addLast(leak);
        if (recent.size() > LeakReport.KEPT) {
            recent.removeFirst();
        }
        sched.detections().leakProven(reason);                                                   // the counter
        sched.events().goroutineLeak(g.goid(), g.parentGoid(), reason, blocked, created, stack); // JFR
        String text = "gmp: goroutine leak: goroutine " + g.goid() + " was garbage-collected while waiting ("
                + reason + ", blocked for " + GoDuration.format(Duration.ofMillis(blocked / 1_000_000))
                + "): nothing could ever wake it\n" + leak.traceback();
        String site = created.length == 0 ? "an unknown site" : Traceback.creatorName(created) + " ("
                + created[0].getFileName() + ":" + created[0].getLineNumber() + ")";
        log.report(text, site, now);
    }

    /** Reads how the JDK tracks virtual threads from the first live goroutine seen. Guarded by this. */
    private void learnTracking() {
        if (tracking != null) {
            return;
        }
        Thread[] any = new Thread[1];
        sched.registry().forEach(g -> {
            if (any[0] == null) {
                any[0] = g.thread();
            }
        });
        if (any[0] == null) {
            return;
        }
        Boolean t = JdkInternals.tracksAllThreads(any[0]);
        if (t == null) {
            return;
        }
        tracking = t;
        if (t && mode == Mode.PROVEN && explicit) {
            synchronized (err) {
                err.println("gmp: leaks=proven is off: the JDK keeps every virtual thread reachable "
                        + "(jdk.trackAllThreads was not false when it was read), so a leaked goroutine is never "
                        + "collected and cannot be proven; start the JVM with -Djdk.trackAllThreads=false (the agent's "
                        + "leaks=proven does) or use leaks=suspected");
                err.flush();
            }
        }
    }

    private void scanSuspected(long now) {
        Map<String, Integer> byReason = new HashMap<>();
        suspected = scan.scan(now, thresholdNanos, byReason);
        sched.detections().suspectedLeaks(byReason); // the gauge
    }

    /** Whether leaks can be proven here: mode proven and the JDK not tracking every virtual thread. */
    public boolean provenDetection() {
        return mode == Mode.PROVEN && Boolean.FALSE.equals(tracking);
    }

    private String provenNote() {
        if (mode != Mode.PROVEN) {
            return "leaks=" + mode.name().toLowerCase(java.util.Locale.ROOT);
        }
        Boolean t = tracking;
        if (t == null) {
            return "not known yet: no goroutine seen";
        }
        return t ? "jdk.trackAllThreads is on: the JDK keeps parked goroutines reachable; run with "
                + "-Djdk.trackAllThreads=false or the agent's leaks=proven"
                : "jdk.trackAllThreads=false: a goroutine collected while waiting is reported";
    }

    /** What is known now, without doing any work. */
    public synchronized LeakReport report() {
        learnTracking();
        return new LeakReport(provenDetection(), provenNote(), provenTotal.get(), new ArrayList<>(recent),
                threshold(), suspected);
    }

    /**
     * A check request ({@code Gmp.checkLeaks()}, {@code /debug/gmp/leaks?check=1}): keeps the stack of every
     * waiting goroutine, runs {@code System.gc()}, reports what the collection proved leaked, and rescans the
     * suspected ones. The only place a GC is requested; never on a schedule.
     */
    public LeakReport check() {
        if (mode == Mode.OFF) {
            return report();
        }
        synchronized (this) {
            learnTracking();
            if (mode == Mode.PROVEN) {
                sampler.sample(System.nanoTime(), 0);
            }
        }
        if (mode == Mode.PROVEN) {
            collect();
        }
        synchronized (this) {
            long now = System.nanoTime();
            drain(sched.collected(), now);
            settle(now);
            scanSuspected(now);
            nextScan = now + scanEveryNanos;
        }
        return report();
    }

    /**
     * Runs the GC and waits until its reference processing has enqueued what it cleared: a sentinel cleared by
     * the same collection comes through its own queue, then the scheduler's queue is drained until quiet.
     */
    private void collect() {
        ReferenceQueue<Object> sentinelQ = new ReferenceQueue<>();
        for (int round = 0; round < 2; round++) {
            WeakReference<Object> sentinel = new WeakReference<>(new Object(), sentinelQ);
            System.gc();
            try {
                sentinelQ.remove(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            Reference.reachabilityFence(sentinel);
            long quietUntil = System.nanoTime() + 50_000_000L;
            while (System.nanoTime() - quietUntil < 0) {
                Reference<? extends Thread> r;
                try {
                    r = sched.collected().remove(10);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                if (r != null) {
                    synchronized (this) {
                        found(r, System.nanoTime());
                    }
                    quietUntil = System.nanoTime() + 50_000_000L;
                }
            }
        }
    }

    @Override
    public void close() {
        stopped = true;
        if (thread != null) {
            thread.interrupt();
        }
    }
}

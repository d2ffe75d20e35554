package dev.gmp.internal.sched;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;

/**
 * A goroutine ("G" in Go, runtime2.go type g): the scheduler's record of one virtual thread.
 *
 * <p><b>Finding it.</b> The record is installed as its thread's uncaught-exception handler, so from a thread
 * (or from the {@code runContinuation} task the JDK hands to {@code execute}) it is two field reads away
 * ({@link Scheduler#goroutineOf}). The handler the application had set is kept as {@link #delegate} and still
 * receives uncaught exceptions, after the Go-shaped panic report.
 *
 * <p><b>Reachability.</b> The record refers to its thread weakly (it <em>is</em> a {@link WeakReference}); the
 * thread refers to the record strongly. The registry (Go's {@code allgs}) holds records strongly, so a parked
 * goroutine that nothing else can reach is collected, and its record is enqueued: a proven leak (DESIGN §6).
 * The continuation task is held only while the goroutine sits on a run queue ({@link #task}).
 *
 * <p><b>Status.</b> One word holds the status (low 8 bits) and, while running or in a syscall, the id of the M
 * (upper bits). The M that ran a goroutine marks it waiting after the continuation returns only by CAS from
 * {@code RUNNING|its id}: if the goroutine was woken and picked up by another M in between, the CAS fails and
 * the newer status stands.
 * <pre>
 *   T1 (M1)                               T2 (a waker, then M2)
 *   runs g; g parks inside task.run()
 *                                         unpark(g): execute(): status = RUNNABLE; queued
 *                                         M2: status = RUNNING|2; runs g
 *   task.run() returns;
 *   CAS(RUNNING|1 -> WAITING) fails: g stays RUNNING|2 (correct)
 * </pre>
 */
public final class Goroutine extends WeakReference<Thread> implements Thread.UncaughtExceptionHandler {
    private static final VarHandle WORD;

    static {
        try {
            WORD = MethodHandles.lookup().findVarHandle(Goroutine.class, "word", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final Scheduler sched;
    final long goid;            // g.goid: from 1, never reused
    final long parentGoid;      // g.parentGoid: 0 when created by a platform thread
    final StackTraceElement[] createdBy; // g.gopc/ancestors: the go call's frame (or full stack), may be empty
    final long threadId;        // the virtual thread's id, for dumps after the thread is gone

    @SuppressWarnings("unused")
    private volatile long word; // status | (m id << 8); see class comment

    // Set by execute() before the G is published to a run queue; read and cleared by the M that runs it.
    Runnable task;
    // Registry links (allgs); guarded by the registry shard this G belongs to.
    Goroutine allPrev;
    Goroutine allNext;
    // Global run queue link; guarded by Scheduler.lock.
    Goroutine schedlink;
    // g.trackingSeq: counts runnable transitions, to sample 1 in 8 for latency. Written by execute() only,
    // which the JDK calls at most once per wake-up of this thread.
    int trackingSeq;
    // Sampled start of the runnable period (0 = not sampled); written before publication, read by the running M.
    long runnableSince;
    // The M running this G (or that ran it last). Written by that M before task.run().
    volatile Machine m;
    // nanoTime of the last transition to waiting/syscall: "blocked for" in dumps. Written by the M.
    volatile long waitSince;
    // g.preempt: set by sysmon, cleared by the goroutine itself at a poll point.
    volatile boolean preempt;
    // The application's own uncaught-exception handler, displaced by this record.
    volatile Thread.UncaughtExceptionHandler delegate;
    // The main goroutine of GmpRuntime.run: its exception is rethrown to the caller instead of reported.
    volatile Throwable mainFailure;
    volatile boolean isMain;
    // Last known stack, kept for leak reports (issue: leaks); written by the leak sampler.
    volatile StackTraceElement[] lastStack;

    Goroutine(Scheduler sched, long goid, long parentGoid, StackTraceElement[] createdBy, Thread thread,
              ReferenceQueue<Thread> queue) {
        super(thread, queue);
        this.sched = sched;
        this.goid = goid;
        this.parentGoid = parentGoid;
        this.createdBy = createdBy;
        this.threadId = thread.threadId();
        WORD.setRelease(this, (long) GStatus.IDLE);
    }

    public long goid() {
        return goid;
    }

    public long parentGoid() {
        return parentGoid;
    }

    public StackTraceElement[] createdBy() {
        return createdBy.clone();
    }

    public Scheduler scheduler() {
        return sched;
    }

    /** Go status ({@link GStatus}). */
    public int status() {
        return (int) ((long) WORD.getAcquire(this) & 0xff);
    }

    /** Id of the M running it, or -1 if it is not running or in a syscall. */
    public long machineId() {
        long w = (long) WORD.getAcquire(this);
        int s = (int) (w & 0xff);
        return (s == GStatus.RUNNING || s == GStatus.SYSCALL) ? (w >>> 8) : -1;
    }

    void setStatus(int status, long mid) {
        WORD.setRelease(this, status | (mid << 8)); // pairs with getAcquire in status()
    }

    void setStatus(int status) {
        WORD.setRelease(this, (long) status);
    }

    /** After its continuation returned on M {@code mid}: waiting, unless already woken (see class comment). */
    boolean casRunningToWaiting(long mid) {
        long expect = GStatus.RUNNING | (mid << 8);
        return WORD.compareAndSet(this, expect, (long) GStatus.WAITING);
    }

    /** The exception that ended the main goroutine of {@code GmpRuntime.run}, or null. */
    public Throwable mainFailure() {
        return mainFailure;
    }

    /** Whether this goroutine's thread is still reachable (false: collected). */
    public Thread thread() {
        return get();
    }

    @Override
    public void uncaughtException(Thread t, Throwable e) {
        sched.panics.panicked(this, t, e);
    }

    @Override
    public String toString() {
        return "goroutine " + goid + " [" + GStatus.name(status()) + "]";
    }
}

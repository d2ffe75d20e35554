package dev.gmp.internal.sched;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.concurrent.Executor;

/**
 * A goroutine ("G" in Go, runtime2.go type g): the scheduler's record of one virtual thread.
 *
 * <p><b>Finding it.</b> The record is its thread's goroutine link ({@code VirtualThreadAdapter.link}): the
 * executor the JDK hands the thread's continuation to, so the JDK submits the goroutine straight to its record,
 * which passes it on to its scheduler ({@link #execute}), and from a thread (or from the {@code runContinuation}
 * task) the record is two field reads away ({@link GoroutineCreation#goroutineOf}). No public {@code Thread} method shows
 * it: the thread's uncaught-exception handler stays the application's, and a panic is caught by the goroutine's
 * bottom frame instead ({@link GoroutineEntry}).
 *
 * <p><b>Reachability.</b> The record refers to its thread weakly (it <em>is</em> a {@link WeakReference}); the
 * thread refers to the record strongly. The registry (Go's {@code allgs}) holds records strongly, so a parked
 * goroutine that nothing else can reach is collected, and its record is enqueued: a proven leak (docs/architecture.md §4.5).
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
public final class Goroutine extends WeakReference<Thread> implements Executor {
    private static final VarHandle WORD;
    private static final VarHandle TASK;
    private static final VarHandle WAIT_SINCE;
    private static final VarHandle M;
    private static final VarHandle PREEMPT;
    private static final VarHandle PARKED_ON;

    static {
        try {
            WORD = MethodHandles.lookup().findVarHandle(Goroutine.class, "word", long.class);
            TASK = MethodHandles.lookup().findVarHandle(Goroutine.class, "task", Runnable.class);
            WAIT_SINCE = MethodHandles.lookup().findVarHandle(Goroutine.class, "waitSince", long.class);
            M = MethodHandles.lookup().findVarHandle(Goroutine.class, "m", Machine.class);
            PREEMPT = MethodHandles.lookup().findVarHandle(Goroutine.class, "preempt", boolean.class);
            PARKED_ON = MethodHandles.lookup().findVarHandle(Goroutine.class, "parkedOn", Object.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final Scheduler sched;
    final long goid;            // g.goid: from 1, never reused
    final long parentGoid;      // g.parentGoid: 0 when created by a platform thread
    final StackTraceElement[] createdBy; // g.gopc/ancestors: the go call's frame (or full stack), may be empty
    final long threadId;        // the virtual thread's id, for dumps after the thread is gone
    final boolean system;       // isSystemGoroutine, decided at creation (SystemGoroutines)

    @SuppressWarnings("unused")
    private volatile long word; // status | (m id << 8); see class comment

    // Set by execute() (CAS from null) before the G is published to a run queue; taken (set to null) by the M
    // that runs it. Non-null exactly while the G sits on a run queue: a second submission of the same
    // continuation meanwhile is a duplicate and is dropped (see casTask).
    @SuppressWarnings("unused")
    private volatile Runnable task;
    // Registry links (allgs); guarded by the registry shard this G belongs to.
    Goroutine allPrev;
    Goroutine allNext;
    // Global run queue link; guarded by Scheduler.lock.
    Goroutine schedlink;
    // g.trackingSeq: counts runnable transitions, to sample 1 in LatencyHistogram.TRACKING_PERIOD for latency.
    // Written by execute() only, which the JDK calls at most once per wake-up of this thread.
    int trackingSeq;
    // Sampled start of the runnable period (0 = not sampled); written before publication, read by the running M.
    long runnableSince;
    // The M running this G (or that ran it last). Written by that M before task.run().
    volatile Machine m;
    // g.waitsince (see waitSince()): 0 after a park until first observed; a syscall's start. "blocked for" in dumps.
    volatile long waitSince;
    // g.preempt: set by sysmon, cleared by the goroutine itself at a poll point.
    volatile boolean preempt;
    // System.nanoTime() of sysmon's first sighting of the schedule tick it preempts: written by sysmon before
    // the volatile write of preempt, read by the goroutine after it reads preempt true (the JFR event's ranFor).
    long preemptRunningSince;
    // The main goroutine of GmpRuntime.run: its exception is rethrown to the caller instead of reported.
    volatile Throwable mainFailure;
    // Whether it is that main goroutine. Written before its thread starts, read by the goroutine itself (the start
    // orders the two): a plain field, as a volatile store costs a fence on every spawn.
    boolean isMain;
    // What it parked on last (WaitReasons.atPark: a wait reason in Go words, or the blocker's class, named when
    // asked), so a leak report can name it after the thread is gone. Written by the M at each park (afterRun),
    // from the park blocker; never the blocker itself, which may reference the thread and would keep it
    // reachable. Null until the first park: an initializer would be a volatile store, a fence on every spawn.
    volatile Object parkedOn;
    // Last known stack and wait reason, kept for leak reports; written by the leak sampler (internal/leak) for
    // the wait that began at stackSampledFor (a waitSince value), so one wait is sampled once.
    volatile StackTraceElement[] lastStack;
    volatile String lastWaitReason;
    volatile long stackSampledFor;

    Goroutine(Scheduler sched, long goid, long parentGoid, StackTraceElement[] createdBy, boolean system,
              Thread thread, ReferenceQueue<Thread> queue) {
        super(thread, queue);
        this.sched = sched;
        this.goid = goid;
        this.parentGoid = parentGoid;
        this.createdBy = createdBy;
        this.system = system;
        this.threadId = thread.threadId();
        // A scattered start, as newproc1's random one (newg.trackingSeq = uint8(cheaprand())): short-lived
        // goroutines, which become runnable fewer than TRACKING_PERIOD times, are sampled too, that fraction on
        // their first wake-up. The high half of goid times 2^64/phi (Fibonacci hashing) spreads consecutive goids
        // evenly over the period, for one multiply instead of a random-number call per goroutine. Part of the
        // latency sampling, so off with the statistics.
        this.trackingSeq = StatsSwitch.on() ? (int) ((goid * 0x9E3779B97F4A7C15L) >>> 32) : 0;
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

    /**
     * Whether the JDK started it for its own work (Go's {@code isSystemGoroutine}, see {@link SystemGoroutines}):
     * never a leak, not counted in {@code numGoroutine}, left out of dumps unless they ask for system goroutines.
     */
    public boolean isSystem() {
        return system;
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

    /**
     * execute(): claims the run-queue slot for {@code t}; false if the G is already queued. The JDK may submit a
     * virtual thread's continuation twice: {@code Thread.getStackTrace()} of an unmounted, already-submitted
     * virtual thread suspends it, walks it, and resubmits it "as the task may have run while suspended"
     * (VirtualThread.tryGetStackTrace); the JDK's own pool tolerates it because a spurious run returns at once.
     * Queuing the G twice would not be tolerated (the global queue is an intrusive list; the second run would
     * find no task), so the duplicate is dropped: the G is still queued and will run.
     * <pre>
     *   T1 (a waker)                          T2 (dump or leak sampler)
     *   unpark(g): execute(task): CAS ok; queued
     *                                         g.getStackTrace(): UNPARKED, suspend, walk, resume,
     *                                         resubmit: execute(task): CAS fails: dropped (g is queued)
     *   M: takeTask(); runs g once
     * </pre>
     * A duplicate that arrives after the M took the task queues the G again; its run is spurious (the JDK
     * returns from a continuation that is not runnable) and harmless.
     *
     * <p>The first submission, from the thread's {@code start()}, needs no CAS: the JDK resubmits only a thread
     * that has run ({@code tryGetStackTrace} returns an empty stack for a started one without touching it), and
     * only start() submits a thread that has not, so nothing can race it. A G that never ran is still
     * {@link GStatus#IDLE}; execute() makes it RUNNABLE after this store.
     */
    boolean casTask(Runnable t) {
        if (status() == GStatus.IDLE) {
            TASK.setRelease(this, t);
            return true;
        }
        return TASK.compareAndSet(this, null, t); // pairs with the acquire load in takeTask
    }

    /**
     * The M about to run the G takes its task (null if a duplicate submission was already run). A load and a
     * store, not a {@code getAndSet}: only this M writes the field now (the G sits on no queue once dequeued,
     * and {@link #casTask} cannot succeed while the field is set), so no write can fall between the two, and the
     * continuation's mount that follows CASes the thread's state, which orders the store before anything a waker
     * sees of this run. One locked instruction fewer per run of a goroutine.
     */
    Runnable takeTask() {
        Runnable t = (Runnable) TASK.getAcquire(this);
        if (t != null) {
            TASK.setRelease(this, null);
        }
        return t;
    }

    /**
     * The M about to run it: {@code m}, running, and no preemption request left from its last run. Release
     * stores, not volatile ones: the continuation's mount, which follows at once, CASes the thread's state, a
     * full fence, and no reader of these fields orders them against a later load of this M (they are read racily,
     * or by the goroutine itself after the mount). Three fences fewer per hand-off.
     */
    void mount(Machine m) {
        M.setRelease(this, m);
        setStatus(GStatus.RUNNING, m.id);
        PREEMPT.setRelease(this, false);
    }

    /**
     * Whether it is still marked running on M {@code mid} after its continuation returned there: false when it
     * was readied already (a yield queues it before the continuation returns) or runs on another M.
     */
    boolean stillRunningOn(long mid) {
        return (long) WORD.getAcquire(this) == (GStatus.RUNNING | (mid << 8));
    }

    /**
     * After its continuation returned on M {@code mid} without ending: it parked on {@code parkedOn}, so no wait
     * stamp yet ({@link #waitSince()}), and it is waiting unless already woken (see class comment). The stores
     * are releases: the CAS after them is the fence, and whoever reads WAITING (acquire) sees them. The CAS
     * expects {@code RUNNING|mid}, so a failure means a newer status stands (see class comment).
     */
    void parked(long mid, Object parkedOn) {
        WAIT_SINCE.setRelease(this, 0L);
        PARKED_ON.setRelease(this, parkedOn);
        WORD.compareAndSet(this, GStatus.RUNNING | (mid << 8), (long) GStatus.WAITING);
    }

    /**
     * Go's {@code g.waitsince}: the {@code System.nanoTime()} a syscall began, or that the current wait was first
     * observed, 0 if none. A park does not read the clock (32 ns, a tenth of a hand-off): it clears the stamp, and
     * the first observer of the waiting goroutine (the leak detector's scans, a dump, checkdead) stamps
     * it here, as Go's GC stamps it when {@code markroot} first sees the goroutine waiting (mgcmark.go). A wait is
     * therefore timed from its first observation, and each wait gets its own stamp, which observers use as the
     * wait's identity.
     */
    public long waitSince() {
        long since = waitSince;
        if (since == 0 && status() == GStatus.WAITING) {
            long now = System.nanoTime();
            long witness = (long) WAIT_SINCE.compareAndExchange(this, 0L, now);
            since = witness == 0 ? now : witness;
        }
        return since;
    }

    /** The wait reason read from the park blocker when it last parked ("" if the blocker names none). */
    public String parkReason() {
        return WaitReasons.ofParkedOn(parkedOn);
    }

    /** The last stack the leak sampler kept (innermost first), or null if none was taken. */
    public StackTraceElement[] lastStack() {
        return lastStack;
    }

    /** The wait reason the leak sampler read with {@link #lastStack()}, or null. */
    public String lastWaitReason() {
        return lastWaitReason;
    }

    /** The {@link #waitSince()} of the wait {@link #lastStack()} was taken in (0: never sampled). */
    public long stackSampledFor() {
        return stackSampledFor;
    }

    /** Leak sampler only: keep {@code stack} and {@code reason} as seen during the wait that began at {@code since}. */
    public void keepLastStack(StackTraceElement[] stack, String reason, long since) {
        lastStack = stack;
        lastWaitReason = reason;
        stackSampledFor = since;
    }

    /** The exception that ended the main goroutine of {@code GmpRuntime.run}, or null. */
    public Throwable mainFailure() {
        return mainFailure;
    }

    /** Whether this goroutine's thread is still reachable (false: collected). */
    public Thread thread() {
        return get();
    }

    /**
     * The JDK readies this goroutine's thread, or a virtual thread this goroutine created and that inherited its
     * link ({@link GoroutineCreation#goroutineOf} tells them apart): its scheduler queues it.
     */
    @Override
    public void execute(Runnable task) {
        sched.execute(task);
    }

    @Override
    public String toString() {
        return "goroutine " + goid + " [" + GStatus.name(status()) + "]";
    }
}

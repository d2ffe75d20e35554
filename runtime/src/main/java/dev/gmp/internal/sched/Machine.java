package dev.gmp.internal.sched;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;

/**
 * A worker thread ("M" in Go, runtime2.go type m): a platform carrier thread that runs goroutines by running
 * their virtual threads' continuations, while it holds a P.
 *
 * <p>Ownership: {@link #p}, {@link #curg}, {@link #spinning} are written by this M only (others read them
 * racily for stats). {@link #nextp} is written by whoever wakes this M (under {@code Scheduler.lock}, before
 * {@link #wakeup()}), and read by this M after it wakes. {@link #schedlink} is guarded by {@code Scheduler.lock}.
 *
 * <p>Ms are never destroyed: an M without work parks on the idle list ({@code stopm}) and is reused, as in Go.
 */
public final class Machine extends Thread {
    private static final VarHandle CURG;

    static {
        try {
            CURG = MethodHandles.lookup().findVarHandle(Machine.class, "curg", Goroutine.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final Scheduler sched;
    final long id;                // m.id
    volatile Processor p;         // m.p: the attached P, null while idle or in a syscall without P
    volatile Processor nextp;     // m.nextp: the P to acquire on wakeup
    volatile Processor oldp;      // m.oldp: the P held when the syscall started
    volatile boolean spinning;    // m.spinning: looking for work (counted in sched.nmspinning)
    volatile Goroutine curg;      // m.curg: the goroutine running on this M
    volatile boolean inSyscall;   // in entersyscall..exitsyscall (for stats: threads{state="syscall"})
    Machine schedlink;            // m.schedlink: idle list; guarded by Scheduler.lock
    private volatile boolean woken; // m.park note: set by wakeup(), consumed by park()

    Machine(Scheduler sched, long id, Processor nextp, boolean spinning) {
        super(null, null, sched.name + "-m" + id, 0, false);
        this.sched = sched;
        this.id = id;
        this.nextp = nextp;
        this.spinning = spinning;
        setDaemon(true);
    }

    public long machineId() {
        return id;
    }

    @Override
    public void run() {
        try {
            mstart();
        } catch (Throwable t) {
            sched.fatal("fatal error: unexpected failure on M" + id + ": " + t, t);
        }
    }

    /** mstart1 + schedule(): acquire nextp, then run goroutines forever. */
    private void mstart() {
        Processor first = nextp;
        nextp = null;
        if (first != null) {
            sched.acquirep(this, first);
        }
        while (true) {
            if (p == null) {
                sched.stopm(this); // returns with a P acquired
                continue;
            }
            if (p.status() == PStatus.DEAD || p.id >= sched.gomaxprocs) {
                sched.retireP(this);
                continue;
            }
            Goroutine g = sched.findRunnable.find(this);
            if (g == null) {
                continue; // lost the P while looking (retired); loop to stop or reacquire
            }
            if (spinning) {
                sched.spinning.resetspinning(this);
            }
            execute(g, inheritTime);
        }
    }

    // Set by findRunnable: the G came from runnext and inherits the time slice (no schedtick bump).
    boolean inheritTime;

    /** execute: run g on this M until its virtual thread parks, yields or ends. */
    private void execute(Goroutine g, boolean inheritTime) {
        Processor pp = p;
        if (!inheritTime) {
            pp.tick(Processor.SCHEDTICK);
            pp.sliceHandoffs = 0; // a fresh slice: its runnext hand-offs start the clock (FindRunnable.expireSlice)
        }
        Runnable task = g.takeTask();
        if (task == null) {
            return; // cannot happen while casTask guards the queues; never run a G without its continuation
        }
        CURG.setRelease(this, g); // a release store, as Goroutine.mount's: read racily by sysmon and the stats
        // mount clears a request left from the last run (sysmon flagged g after its last poll, and it parked): it
        // is void, as Go's execute clears gp.preempt: the slice it was meant to end ended when g parked, or ends at
        // the next runnext hand-off (FindRunnable.expireSlice). Kept, it would cut g's next slice short at its
        // first poll.
        g.mount(this);
        long since = g.runnableSince;
        if (since != 0) {
            g.runnableSince = 0;
            pp.latency.record(System.nanoTime() - since);
        }
        try {
            task.run(); // runContinuation: mounts the virtual thread, runs until it unmounts
        } finally {
            if (inSyscall) {
                // The goroutine parked inside a syscall region (e.g. Go.syscall around code that parks): this M
                // is not blocked after all. Give the P back as exitsyscall would, so it does not stay Psyscall
                // with no M until sysmon notices; the goroutine's exit() finds it resumed on a P elsewhere.
                inSyscall = false;
                Processor op = oldp;
                oldp = null;
                if (op != null && op.casStatus(PStatus.SYSCALL, PStatus.IDLE)) {
                    sched.syscalls.parkedInSyscall(op, this, g);
                }
            }
            CURG.setRelease(this, null); // afterRun's CAS is the fence
            sched.afterRun(this, g);
        }
    }

    /** notesleep(&m.park): park until {@link #wakeup()}. */
    void park() {
        while (!woken) {
            LockSupport.park(this);
        }
        woken = false;
    }

    /** notewakeup(&m.park). */
    void wakeup() {
        woken = true; // volatile write, pairs with the read in park()
        LockSupport.unpark(this);
    }
}

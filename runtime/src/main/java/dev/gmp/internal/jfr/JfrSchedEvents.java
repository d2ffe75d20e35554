package dev.gmp.internal.jfr;

import dev.gmp.internal.sched.Goroutine;
import dev.gmp.internal.sched.Machine;
import dev.gmp.internal.sched.Panics;
import dev.gmp.internal.sched.Processor;
import dev.gmp.internal.sched.SchedEvents;
import dev.gmp.internal.sched.Traceback;

/**
 * Commits the scheduler's events ({@link SchedEvents}) as JFR events. Until Flight Recorder is initialized no
 * recording can exist, and a hook costs one volatile load ({@link #live}): the event classes are not even touched,
 * because the first use of a JFR event class loads the recorder's metadata machinery (hundreds of ms). Once it is
 * up, each hook asks its event whether it is enabled (a flag the JDK flips when a recording enables the type):
 * with the event off (WorkSteal by default) that is an allocation escape analysis removes and one load.
 */
final class JfrSchedEvents implements SchedEvents {
    private final SchedEvents next;
    private final int threadLimit;
    // Set once Flight Recorder is initialized (GmpJfr's listener, or at install); never cleared.
    volatile boolean live;

    /** @param next hooks installed before us, still called (another exporter, a test) */
    JfrSchedEvents(SchedEvents next, int threadLimit) {
        this.next = next;
        this.threadLimit = threadLimit;
        load(false);
    }

    /**
     * Flight Recorder is up: initialize the event classes, then let the hooks commit. Called before any hook may
     * touch an event class, never on a scheduler path.
     */
    void goLive() {
        load(true);
        live = true;
    }

    /**
     * Loads every event class (at install), and initializes them (when Flight Recorder is up). The hooks run on
     * scheduler paths (sysmon's retake, an M's steal) where loading a class would mean reading the application's
     * jar under its lock, which a goroutine may hold while it waits for the very P the hook is about to hand off:
     * a deadlock seen with the agent at GOMAXPROCS=1. Initializing is deferred because an event class's
     * initialization starts JFR's metadata machinery (hundreds of ms), which a JVM that never records must not pay.
     */
    private static void load(boolean initialize) {
        Class<?>[] events = {WorkStealEvent.class, ThreadStartEvent.class, SyscallHandoffEvent.class,
            PreemptionEvent.class, GoroutinePanicEvent.class, DeadlockEvent.class, GoroutineLeakEvent.class};
        for (Class<?> c : events) {
            try {
                Class.forName(c.getName(), initialize, c.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @Override
    public void workSteal(Processor thief, Processor victim, int n) {
        next.workSteal(thief, victim, n);
        if (!live) {
            return;
        }
        WorkStealEvent e = new WorkStealEvent();
        if (e.isEnabled()) {
            e.processor = thief.id();
            e.victim = victim.id();
            e.goroutines = n;
            e.machineId = Thread.currentThread() instanceof Machine m ? m.machineId() : -1;
            e.commit();
        }
    }

    @Override
    public void threadStart(Machine m, int threads) {
        next.threadStart(m, threads);
        if (!live) {
            return;
        }
        ThreadStartEvent e = new ThreadStartEvent();
        if (e.isEnabled()) {
            e.machineId = m.machineId();
            e.threads = threads;
            e.threadLimit = threadLimit;
            e.commit();
        }
    }

    @Override
    public void syscallHandoff(Processor pp, Machine from, String cause, long syscallNanos) {
        next.syscallHandoff(pp, from, cause, syscallNanos);
        if (!live) {
            return;
        }
        SyscallHandoffEvent e = new SyscallHandoffEvent();
        if (e.isEnabled()) {
            e.processor = pp.id();
            e.fromMachineId = from != null ? from.machineId() : -1;
            e.cause = cause;
            e.syscallDuration = syscallNanos;
            e.commit();
        }
    }

    @Override
    public void preemption(Goroutine g, Processor pp, long ranNanos) {
        next.preemption(g, pp, ranNanos);
        if (!live) {
            return;
        }
        PreemptionEvent e = new PreemptionEvent();
        if (e.isEnabled()) {
            e.goid = g.goid();
            e.processor = pp.id();
            e.machineId = Thread.currentThread() instanceof Machine m ? m.machineId() : g.machineId();
            e.ranFor = ranNanos;
            e.commit();
        }
    }

    @Override
    public void panic(Goroutine g, Throwable ex) {
        next.panic(g, ex);
        if (!live) {
            return;
        }
        GoroutinePanicEvent e = new GoroutinePanicEvent();
        if (e.isEnabled()) {
            e.goid = g.goid();
            e.exception = ex.getClass().getName();
            e.message = ex.getMessage();
            e.createdBy = Traceback.creatorName(g.createdBy());
            e.stack = Panics.render(g, ex);
            e.commit();
        }
    }

    @Override
    public void goroutineLeak(long goid, long parentGoid, String waitReason, long blockedNanos,
                              StackTraceElement[] createdBy, StackTraceElement[] lastStack) {
        next.goroutineLeak(goid, parentGoid, waitReason, blockedNanos, createdBy, lastStack);
        if (!live) {
            return;
        }
        GoroutineLeakEvent e = new GoroutineLeakEvent();
        if (e.isEnabled()) {
            e.goid = goid;
            e.parentGoid = parentGoid;
            e.waitReason = waitReason;
            e.blockedFor = blockedNanos;
            e.createdBy = Traceback.creatorName(createdBy);
            StringBuilder sb = new StringBuilder();
            Traceback.header(sb, goid, waitReason, blockedNanos);
            Traceback.frames(sb, lastStack);
            Traceback.createdBy(sb, createdBy, parentGoid);
            e.lastStack = sb.toString();
            e.commit();
        }
    }

    @Override
    public void deadlock(int goroutines, String dump) {
        next.deadlock(goroutines, dump);
        if (!live) {
            return;
        }
        DeadlockEvent e = new DeadlockEvent();
        if (e.isEnabled()) {
            e.goroutines = goroutines;
            e.dump = dump;
            e.commit();
        }
    }
}

package dev.gmp.internal.jfr;

import dev.gmp.GmpStats;
import dev.gmp.internal.sched.Scheduler;
import dev.gmp.internal.sched.StatsReader;
import jdk.jfr.FlightRecorder;

/**
 * The periodic {@code dev.gmp.ProcessorSample} (one per active P) and {@code dev.gmp.SchedulerSample} events,
 * emitted by JFR's periodic task thread from one stats snapshot per period. JFR calls the hook only while a
 * recording has one of the two events enabled, so an idle runtime pays nothing.
 */
final class JfrSamples implements Runnable {
    private final Scheduler sched;
    private final String runtime;

    JfrSamples(Scheduler sched, String runtime) {
        this.sched = sched;
        this.runtime = runtime;
    }

    private final Runnable processorsHook = this::processors; // one object, to remove what was added
    private boolean added;   // guarded by this
    private boolean removed; // guarded by this: the runtime closed (possibly before the listener fired)
    private GmpStats.LatencyStats lastLatency; // JFR's periodic task thread only: the previous event's histogram

    /** Registers the hook for both events, once; {@link #remove()} undoes it. */
    synchronized void add() {
        if (added || removed) {
            return;
        }
        added = true;
        FlightRecorder.addPeriodicEvent(SchedulerSampleEvent.class, this);
        FlightRecorder.addPeriodicEvent(ProcessorSampleEvent.class, processorsHook);
    }

    synchronized void remove() {
        removed = true;
        if (added) {
            FlightRecorder.removePeriodicEvent(this);
            FlightRecorder.removePeriodicEvent(processorsHook);
        }
    }

    @Override
    public void run() {
        SchedulerSampleEvent e = new SchedulerSampleEvent();
        if (!e.isEnabled()) {
            return;
        }
        GmpStats s = StatsReader.read(sched);
        e.runtime = runtime;
        e.gomaxprocs = s.gomaxprocs();
        e.idleProcs = s.idleProcs();
        e.globalRunqueue = s.globalRunqueue();
        e.threads = s.threads().created();
        e.threadsRunning = s.threads().running();
        e.threadsSpinning = s.threads().spinning();
        e.threadsIdle = s.threads().idle();
        e.threadsSyscall = s.threads().syscall();
        e.goroutines = s.goroutines().live();
        e.goroutinesRunning = s.goroutines().running();
        e.goroutinesRunnable = s.goroutines().runnable();
        e.goroutinesWaiting = s.goroutines().waiting();
        e.goroutinesCreated = s.goroutines().created();
        e.syscalls = s.syscalls();
        e.syscallHandoffs = s.handoffsSysmon() + s.handoffsBlock();
        e.preemptions = s.preemptions();
        e.steals = s.steals();
        e.panics = s.panics();
        GmpStats.LatencyStats period = s.schedLatency().since(lastLatency);
        lastLatency = s.schedLatency();
        e.schedLatencyP50 = nanos(period.quantile(0.50));
        e.schedLatencyP99 = nanos(period.quantile(0.99));
        e.commit();
    }

    void processors() {
        if (!new ProcessorSampleEvent().isEnabled()) {
            return;
        }
        GmpStats s = StatsReader.read(sched);
        for (GmpStats.ProcessorStats p : s.processors()) {
            if (!p.active()) {
                continue;
            }
            ProcessorSampleEvent e = new ProcessorSampleEvent();
            e.runtime = runtime;
            e.processor = p.id();
            e.status = p.status();
            e.runqueue = p.runqueue();
            e.runnext = p.runnext();
            e.schedtick = p.schedtick();
            e.syscalltick = p.syscalltick();
            e.steals = p.steals();
            e.stolenGoroutines = p.stolenGoroutines();
            e.overflows = p.overflows();
            e.machineId = p.machineId();
            e.commit();
        }
    }

    private static long nanos(double seconds) {
        return Double.isInfinite(seconds) ? Long.MAX_VALUE : Math.round(seconds * 1e9);
    }
}

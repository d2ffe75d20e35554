package dev.gmp.internal.sched;

import dev.gmp.GmpRuntime;
import dev.gmp.internal.jdk.VirtualThreadAdapter;
import java.lang.ref.ReferenceQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The scheduler's shared state ("schedt" in Go, runtime2.go type schedt) and its entry points: {@code sched.lock},
 * the idle P and idle M lists, the Ps themselves ({@code procresize}), and {@link #execute}, through which the JDK
 * hands us every virtual thread that becomes runnable. Its parts with a rule of their own live beside it: the
 * global run queue ({@link GlobalRunQueue}), the spinning Ms ({@link Spinning}), goroutine creation
 * ({@link GoroutineCreation}) and the search for work ({@link FindRunnable}).
 *
 * <p>Which M runs, spins or parks, and why no readied goroutine is stranded while a P idles (proc.go "Worker
 * thread parking/unparking"): {@link Spinning}.
 *
 * <h2>Where a readied goroutine goes ({@link #execute})</h2>
 * From a goroutine running on one of our Ms: the current P's {@code runnext} (it inherits the time slice: a
 * ping-pong stays on one P; proc.go {@code ready}/{@code runqput(pp, gp, next=true)}); from a system goroutine
 * (the JDK's I/O poller), the tail of that P's queue instead (proc.go {@code injectglist}). From the M itself while
 * that goroutine yields ({@code Thread.yield}, {@code Go.gosched}, preemption, a syscall exit without a P): the
 * global queue ({@code goschedImpl}). From anywhere else (JDK timer and poller threads, platform threads,
 * another scheduler's threads): the global queue, then {@code wakep} (Go's netpoller/timer path).
 * {@code execute} never parks: the global queue is guarded by a lock held only for a few field writes.
 */
public final class Scheduler implements Executor {
    final String name;
    final SchedConfig config;
    final VirtualThreadAdapter vt;
    final GoroutineCreation creation;
    final FindRunnable findRunnable;
    final Panics panics;
    final Detections detections = new Detections();
    final GoroutineRegistry registry;
    final LatencyHistogram latency = new LatencyHistogram();
    final ReferenceQueue<Thread> collected = new ReferenceQueue<>();
    // lendToThief: how long a waiter waits for a thief to take its lent partner (a parked M's wake-up here takes
    // 5 to 10 us, 50 us at the 99th percentile), and the most chances a P skips after loans no thief took
    static final long LEND_WAIT_NS = 20_000;
    static final int LEND_BACKOFF_MAX = 1023;

    final SpinLock lock = new SpinLock(); // sched.lock: not reentrant (see SpinLock for why not a ReentrantLock)
    final GlobalRunQueue runq = new GlobalRunQueue(lock); // sched.runq: guarded by lock; its size read racily
    // Idle Ps (sched.pidle): guarded by lock; npidle also read racily.
    private Processor pidle;
    final AtomicInteger npidle = new AtomicInteger();
    // sched.sysmonwait: sysmon sleeps until a P leaves the idle list (Sysmon.deepSleep). Written under lock; read
    // racily by sysmon's sleep loop.
    volatile boolean sysmonwait;
    // Idle Ms (sched.midle, sched.nmidle): guarded by lock.
    private Machine midle;
    volatile int nmidle;
    final Spinning spinning = new Spinning(this);          // sched.nmspinning, sched.needspinning
    final AtomicLong goidgen = new AtomicLong();           // sched.goidgen
    final AtomicLong createdSeen = new AtomicLong();       // the largest goroutine count StatsReader reported
    private final AtomicLong mnext = new AtomicLong();     // sched.mnext: M ids
    final AtomicInteger mcount = new AtomicInteger();      // Ms created (mcount())
    // allp: the active Ps (length gomaxprocs). Replaced under lock; read racily (volatile).
    volatile Processor[] allp;
    // Every P ever created, so counters of retired Ps are never lost. Replaced under lock.
    volatile Processor[] allpEver;
    volatile int gomaxprocs;
    volatile Machine[] allm = new Machine[0]; // sched.allm, for stats; replaced under lock
    final LongAdder handoffsSysmon = new LongAdder();
    final LongAdder handoffsBlock = new LongAdder();
    final long startNanos = System.nanoTime();
    volatile SchedEvents events = SchedEvents.NONE;
    final SyscallHandoff syscalls = new SyscallHandoff(this);
    private final Sysmon sysmon = new Sysmon(this);
    private final java.util.concurrent.CopyOnWriteArrayList<java.util.function.LongConsumer> tickHooks =
            new java.util.concurrent.CopyOnWriteArrayList<>();

    public Scheduler(SchedConfig config, VirtualThreadAdapter vt) {
        ClassPreload.ensure(); // before any goroutine can load them itself (see the class comment)
        this.name = config.name();
        this.config = config;
        this.vt = vt;
        this.creation = new GoroutineCreation(this);
        this.findRunnable = new FindRunnable(this);
        this.panics = new Panics(this);
        this.registry = new GoroutineRegistry();
        int n = config.gomaxprocs();
        Processor[] ps = new Processor[n];
        for (int i = 0; i < n; i++) {
            ps[i] = new Processor(i, config.runqCapacity(), latency);
        }
        allpEver = ps;
        allp = ps;
        gomaxprocs = n;
        findRunnable.resetOrder(n);
        lock.lock();
        try {
            for (int i = n - 1; i >= 0; i--) {
                pidleput(ps[i]);
            }
        } finally {
            lock.unlock();
        }
        sysmon.start();
    }

    /** Stops sysmon; Ms are daemon threads and stay parked. For runtimes that are closed (tests). */
    public void shutdown() {
        sysmon.stop();
    }

    /** Wakes sysmon from its deep sleep, if it sleeps there (Go: notewakeup(&sched.sysmonnote)). Lock held. */
    private void wakeSysmon() {
        if (sysmonwait) {
            sysmonwait = false;
            sysmon.wake();
        }
    }

    private volatile GmpRuntime owner; // set once, right after construction, by the runtime that owns it

    /** The runtime this scheduler belongs to. */
    public GmpRuntime owner() {
        return owner;
    }

    public void setOwner(GmpRuntime owner) {
        this.owner = owner;
    }

    public GoroutineRegistry registry() {
        return registry;
    }

    public int gomaxprocs() {
        return gomaxprocs;
    }

    /** Where goroutines are made (newproc) and foreign virtual threads adopted. */
    public GoroutineCreation creation() {
        return creation;
    }

    public SyscallHandoff syscalls() {
        return syscalls;
    }

    /**
     * Where the records of collected goroutine threads are enqueued (see {@link Goroutine}): drained by the leak
     * detector only.
     */
    public ReferenceQueue<Thread> collected() {
        return collected;
    }

    /** Deadlock and leak findings (counted for the stats view). */
    public Detections detections() {
        return detections;
    }

    /** The JFR/exporter hooks now installed. */
    public SchedEvents events() {
        return events;
    }

    public void setEvents(SchedEvents events) {
        this.events = events == null ? SchedEvents.NONE : events;
    }

    /** Runs {@code hook} on the sysmon thread every tick (20µs to 10ms) with System.nanoTime(). Must be quick. */
    public void addSysmonHook(java.util.function.LongConsumer hook) {
        tickHooks.add(hook);
        lock.lock();
        try {
            wakeSysmon(); // a hook must tick from now on, idle Ps or not
        } finally {
            lock.unlock();
        }
    }

    /** Sysmon's rounds so far: it does not count while it sleeps deeply (tests). */
    long sysmonRounds() {
        return sysmon.rounds();
    }

    /** Whether every P is on the idle list: no goroutine runs or sits in a syscall holding a P. Racy read. */
    boolean allPsIdle() {
        return npidle.get() >= gomaxprocs;
    }

    /** Whether sysmon has a hook to tick (schedtrace): then it never sleeps deeply, as Go's with schedtrace on. */
    boolean hasSysmonHooks() {
        return !tickHooks.isEmpty();
    }

    void sysmonTick(long now) {
        for (java.util.function.LongConsumer h : tickHooks) {
            h.accept(now);
        }
    }

    /** Whether any running goroutine is flagged for preemption. Sysmon only. */
    boolean anyFlagged() {
        for (Machine m : allm) {
            Goroutine g = m.curg;
            if (g != null && g.preempt) {
                return true;
            }
        }
        return false;
    }

    public SchedConfig config() {
        return config;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Goroutine lookup

    /** The goroutine of this scheduler that the current thread is, or null. */
    public Goroutine current() {
        Goroutine g = VirtualThreadAdapter.currentGoroutine();
        return g != null && g.sched == this ? g : null;
    }

    /** The P the given running goroutine's M owns, if the goroutine is running (not in a syscall). */
    static Processor ownedP(Goroutine g) {
        Machine m = g.m;
        if (m == null || g.status() != GStatus.RUNNING) {
            return null;
        }
        Processor pp = m.p;
        return pp != null && pp.m == m ? pp : null;
    }

    /**
     * Whether goroutines are queued that cannot run while {@code g} (the calling goroutine) keeps its P busy:
     * its P's runnext or local ring, or the global queue when no P is idle to take from it (always so at
     * GOMAXPROCS 1: a goroutine readied by a timer or a platform thread waits there). GMP's answer to the JDK's
     * {@code ForkJoinWorkerThread.hasKnownQueuedWork()}, which {@code LinkedTransferQueue} (so
     * {@code SynchronousQueue}) and {@code Exchanger} ask before they spin: a waiter whose partner waits for its
     * P must park at once, or the partner cannot run before the spin ends (and a timed wait retried in a loop
     * can spin past its deadline every time and never let it run): docs/agent.md, "java.util.concurrent: spin or
     * park". Unless the partner alone waits, in runnext, and an M spins for work: then {@link #lendToThief},
     * which may wait up to {@link #LEND_WAIT_NS}. Racy reads, no allocation; false when g holds no P.
     */
    public boolean hasQueuedWork(Goroutine g) {
        Processor pp = ownedP(g);
        if (pp == null) {
            return false;
        }
        if (pp.runq.isEmpty()) {
            return runq.size() != 0 && npidle.get() == 0;
        }
        return !lendToThief(pp);
    }

    /**
     * The JDK's carriers split a hand-off pair over two cores, where both spin and meet without parking: a
     * carrier woken for the readied partner steals it at once. Go's thief instead sleeps before it takes a running
     * P's runnext, and a pair handing off through runnext stays on one P. So, with an M spinning for work, the
     * waiter lends its runnext partner to the ring and waits up to {@link #LEND_WAIT_NS} for a thief to take it
     * (a parked M takes that long to wake here); if one does, the waiter spins while the partner runs on the
     * thief's P. A loan no thief took costs the wait: each one doubles the number of chances this P then skips
     * (up to {@link #LEND_BACKOFF_MAX}), so a machine with no free core soon stops paying it. Owner of pp only.
     *
     * @return true if a thief took the partner
     */
    private boolean lendToThief(Processor pp) {
        if (spinning.nmspinning.get() == 0) {
            return false;
        }
        if (pp.lendSkip > 0) {
            pp.lendSkip--;
            return false;
        }
        if (!pp.runq.lendRunnext(runq)) {
            return false;
        }
        if (pp.runq.awaitStolen(LEND_WAIT_NS)) {
            pp.lendBackoff = 0;
            return true;
        }
        pp.lendBackoff = Math.min(2 * pp.lendBackoff + 1, LEND_BACKOFF_MAX);
        pp.lendSkip = pp.lendBackoff;
        return false;
    }

    // ---------------------------------------------------------------------------------------------------------
    // The JDK's entry point

    /** A virtual thread of ours became runnable: queue it (see the class comment for where). Never parks. */
    @Override
    public void execute(Runnable task) {
        Thread ct = Thread.currentThread();
        Goroutine cur = ct instanceof Machine ? null : current(); // the readying goroutine, if any
        Goroutine g = creation.goroutineOf(vt.threadOf(task), cur);
        if (!g.casTask(task)) {
            return; // a duplicate submission of a G already queued (Goroutine.casTask)
        }
        g.setStatus(GStatus.RUNNABLE);
        if (StatsSwitch.on() && (++g.trackingSeq & (LatencyHistogram.TRACKING_PERIOD - 1)) == 0) { // gTrackingPeriod
            g.runnableSince = System.nanoTime();
        }
        Processor pp = null;
        boolean next = true;
        boolean yielded = false; // g yielded on an M of ours that holds a P, which looks for work next
        if (ct instanceof Machine m) {
            if (m.sched == this) {
                if (m.curg != g) {
                    pp = m.p; // scheduler code on an M readying another G
                } else {
                    yielded = m.p != null; // the goroutine yielded (goschedImpl): global queue
                }
            }
        } else if (cur != null) {
            pp = ownedP(cur);
            // A system goroutine readying others is the JDK's I/O poller: like Go's netpoll results
            // (proc.go injectglist), they join the queue's tail instead of each taking runnext in turn, which
            // let the last connection readied overtake every one already waiting (a worse tail latency).
            next = !cur.system;
        }
        if (pp != null) {
            if (pp.runq.put(g, next, runq)) {
                pp.count(Processor.OVERFLOWS);
            }
        } else {
            runq.put(g);
        }
        // At GOMAXPROCS 1 a caller holding the P leaves no P idle: wakep would find none, after a fence, a CAS and
        // the scheduler's lock (about 15 ns a hand-off). Its "needspinning" note, which tells an M about to drop
        // its P to spin instead, is moot too: the only such M is the caller's, and g is on its P, or, for a yield
        // (Go's goschedImpl calls wakep too), on the global queue, where that M looks before it drops the P.
        if ((pp == null && !yielded) || gomaxprocs > 1) {
            spinning.wakep();
        }
    }

    /** After an M's run of g returned: g ended, parked, or was already readied again. */
    void afterRun(Machine m, Goroutine g) {
        Thread t = g.get();
        if (t == null || !t.isAlive()) { // ended: a started virtual thread is alive until it terminates
            g.setStatus(GStatus.DEAD);
            registry.remove(g);
            g.clear();
            return;
        }
        if (!g.stillRunningOn(m.id)) {
            return; // readied before this M got here: a yield (goschedImpl), or a wake-up that beat it
        }
        // The wait is stamped by its first observer (Goroutine.waitSince()), not here: no clock read per park.
        // Its reason is kept before the CAS: a leak found later must know what it waited for.
        g.parked(m.id, WaitReasons.atPark(t));
    }

    // ---------------------------------------------------------------------------------------------------------
    // Idle P list (guarded by lock)

    /** pidleput: put pp on the idle list. Lock held; pp's queue must be empty. */
    void pidleput(Processor pp) {
        pp.m = null;
        pp.setStatus(PStatus.IDLE);
        pp.link = pidle;
        pidle = pp;
        npidle.incrementAndGet();
    }

    /** pidleget: take an idle P, or null. Lock held. */
    Processor pidleget() {
        Processor pp = pidle;
        if (pp != null) {
            pidle = pp.link;
            pp.link = null;
            npidle.decrementAndGet();
            wakeSysmon(); // a P about to run: something may run long or enter a syscall (Go wakes it in exitsyscall)
        }
        return pp;
    }

    /** pidleget under the lock, for callers that do not hold it. */
    Processor pidlegetLocking() {
        lock.lock();
        try {
            return pidleget();
        } finally {
            lock.unlock();
        }
    }

    private void pidleremove(Processor target) {
        Processor prev = null;
        for (Processor pp = pidle; pp != null; prev = pp, pp = pp.link) {
            if (pp == target) {
                if (prev == null) {
                    pidle = pp.link;
                } else {
                    prev.link = pp.link;
                }
                pp.link = null;
                npidle.decrementAndGet();
                wakeSysmon();
                return;
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // M management

    /** acquirep: associate pp with m. pp must be idle (or handed over to m). */
    void acquirep(Machine m, Processor pp) {
        pp.m = m;
        m.p = pp;
        pp.setStatus(PStatus.RUNNING);
    }

    /** releasep: disassociate m's P from m and return it. */
    Processor releasep(Machine m) {
        Processor pp = m.p;
        m.p = null;
        pp.m = null;
        pp.setStatus(PStatus.IDLE);
        return pp;
    }

    /** stopm: park m on the idle list until it is handed a P, then acquire it. */
    void stopm(Machine m) {
        lock.lock();
        try {
            mput(m);
        } finally {
            lock.unlock();
        }
        m.park();
        Processor pp = m.nextp;
        m.nextp = null;
        acquirep(m, pp);
    }

    /** mput: put m on the idle list. Lock held. */
    private void mput(Machine m) {
        m.schedlink = midle;
        midle = m;
        nmidle = nmidle + 1;
    }

    /** mget: take an idle M, or null. Lock held. */
    private Machine mget() {
        Machine m = midle;
        if (m != null) {
            midle = m.schedlink;
            m.schedlink = null;
            nmidle = nmidle - 1;
        }
        return m;
    }

    /**
     * startm: schedule some M to run pp (creating one if needed). If pp is null, try an idle P; if none, do
     * nothing. With {@code spinning}, the caller has incremented nmspinning and the M starts spinning.
     */
    void startm(Processor pp, boolean spinning) {
        lock.lock();
        Machine nmp;
        try {
            if (pp == null) {
                pp = pidleget();
                if (pp == null) {
                    if (spinning) {
                        this.spinning.uncount(); // the caller counted a spinner, but there is no idle P
                    }
                    return;
                }
            }
            nmp = mget();
            if (nmp == null) {
                newm(pp, spinning);
                return;
            }
        } finally {
            lock.unlock();
        }
        nmp.spinning = spinning;
        nmp.nextp = pp;
        nmp.wakeup();
    }

    /** newm: create a new M to run pp. Lock held. Over maxThreads: Go's thread exhaustion. */
    private void newm(Processor pp, boolean spinning) {
        int n = mcount.incrementAndGet();
        if (n > config.maxThreads()) {
            fatal("runtime: program exceeds " + config.maxThreads() + "-thread limit\nfatal error: thread exhaustion",
                    null);
            return;
        }
        Machine m = new Machine(this, mnext.incrementAndGet(), pp, spinning);
        Machine[] old = allm;
        Machine[] next = java.util.Arrays.copyOf(old, old.length + 1);
        next[old.length] = m;
        allm = next;
        m.start();
        events.threadStart(m, n);
    }

    /**
     * handoffp: hand off pp from a syscall or a blocked M. Must start an M in any situation where findRunnable
     * would return a G to run on pp (proc.go's obligation).
     */
    void handoffp(Processor pp) {
        // if it has local work, start it straight away
        if (!pp.runq.isEmpty() || runq.size() != 0) {
            startm(pp, false);
            return;
        }
        // no local work: if there are no spinning or idle Ms, our help is not required... but one must spin
        if (spinning.handoffToSpinner(pp)) {
            return;
        }
        boolean start;
        lock.lock();
        try {
            start = runq.size() != 0;
            if (!start) {
                pidleput(pp);
            }
        } finally {
            lock.unlock();
        }
        if (start) {
            startm(pp, false);
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // GOMAXPROCS

    /** procresize: change the number of Ps. Retired Ps drain their queues to the global queue. */
    public int procresize(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("gomaxprocs must be >= 1: " + n);
        }
        int old;
        lock.lock();
        try {
            old = gomaxprocs;
            if (n == old) {
                return old;
            }
            Processor[] ever = allpEver;
            if (n > ever.length) {
                Processor[] grown = java.util.Arrays.copyOf(ever, n);
                for (int i = ever.length; i < n; i++) {
                    grown[i] = new Processor(i, config.runqCapacity(), latency);
                    grown[i].setStatus(PStatus.DEAD);
                }
                allpEver = grown;
                ever = grown;
            }
            if (n > old) {
                for (int i = old; i < n; i++) {
                    pidleput(ever[i]);
                }
            } else {
                for (int i = n; i < old; i++) {
                    Processor pp = ever[i];
                    int s = pp.status();
                    if (s == PStatus.IDLE && pp.m == null) {
                        pidleremove(pp);
                        pp.setStatus(PStatus.DEAD);
                    } else if (s == PStatus.SYSCALL && pp.casStatus(PStatus.SYSCALL, PStatus.DEAD)) {
                        drainLocked(pp);
                    }
                    // RUNNING: its M retires it at its next schedule (retireP)
                }
            }
            allp = java.util.Arrays.copyOf(ever, n);
            gomaxprocs = n;
            findRunnable.resetOrder(n);
        } finally {
            lock.unlock();
        }
        if (n > old) {
            for (int i = old; i < n && runq.size() > 0; i++) {
                spinning.wakep();
            }
            spinning.wakep();
        }
        return old;
    }

    private void drainLocked(Processor pp) {
        Goroutine g;
        while ((g = pp.runq.get()) != null) {
            runq.putBatchLocked(g, g, 1);
        }
    }

    /** The M's P was retired by a GOMAXPROCS decrease: drain it, drop it, and find another or stop. */
    void retireP(Machine m) {
        Processor pp = m.p;
        pp.runq.drainTo(runq);
        m.p = null;
        pp.m = null;
        pp.setStatus(PStatus.DEAD);
        spinning.retired(m);
        Processor other = pidlegetLocking();
        if (other != null) {
            acquirep(m, other);
        }
        spinning.wakep();
    }

    // ---------------------------------------------------------------------------------------------------------
    // Fatal errors

    /** throw/fatal: print Go's message (and a goroutine dump) and hand over to the configured fatal action. */
    void fatal(String message, Throwable cause) {
        var err = config.err();
        synchronized (err) {
            err.println(message);
            if (cause != null) {
                cause.printStackTrace(err);
            }
            err.flush();
        }
        config.fatal().accept(message);
    }

    public long nanotime() {
        return System.nanoTime() - startNanos;
    }
}

package dev.gmp;

import dev.gmp.internal.chan.ForeignThreads;
import dev.gmp.internal.env.GoEnvironment;
import dev.gmp.internal.env.Settings;
import dev.gmp.internal.jdk.JdkInternals;
import dev.gmp.internal.jdk.VirtualThreadAdapter;
import dev.gmp.internal.jfr.GmpJfr;
import dev.gmp.internal.leak.LeakDetector;
import dev.gmp.internal.leak.LeakLog;
import dev.gmp.internal.sched.CheckDead;
import dev.gmp.internal.sched.Goroutine;
import dev.gmp.internal.sched.SchedConfig;
import dev.gmp.internal.sched.Scheduler;
import dev.gmp.internal.sched.StatsReader;
import dev.gmp.internal.stats.SchedTrace;
import dev.gmp.internal.timer.Sleep;
import dev.gmp.internal.timer.TimerQueue;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.function.Consumer;

/**
 * One Go runtime: a G/M/P scheduler with its goroutines, its Ms and its stats. {@link Go} and {@link Gmp} use the
 * process default ({@link #getDefault()}); tests and embedders may build their own with {@link #builder()}.
 *
 * <p>A goroutine is a JDK virtual thread whose scheduler is this runtime. Anything that parks it (channels,
 * {@code java.util.concurrent} locks, sleeps, socket I/O, {@code synchronized} on JDK 24+) frees its M to run
 * another goroutine. Calls that block the carrier thread instead are syscalls: see {@link #syscall(Callable)}.
 */
public final class GmpRuntime implements AutoCloseable {

    private static volatile GmpRuntime defaultRuntime;
    private static volatile Builder defaultBuilder;

    final Scheduler sched;
    private final AutoCloseable jfr; // the dev.gmp.* JFR events' periodic hooks
    final TimerQueue timers;          // this runtime's timer heap and thread (Time, Timer, Ticker, sleep)
    private final boolean detectDeadlocks;
    private final LeakDetector leaks; // proven and suspected goroutine leaks

    private GmpRuntime(Builder b) {
        SchedConfig cfg = new SchedConfig(b.name, b.gomaxprocs, b.maxThreads, b.runqCapacity, b.panicExit,
                b.fullCreationStacks, b.err, b.fatal);
        this.sched = new Scheduler(cfg, JdkInternals.get());
        sched.setOwner(this);
        if (b.schedtraceMillis > 0) { // first, so that the first line is the runtime's start (Go: SCHED 0ms)
            SchedTracePrinter.install(this, b.schedtraceMillis, b.scheddetail, b.err);
        }
        this.jfr = GmpJfr.install(sched, b.name);
        this.timers = new TimerQueue(b.name);
        this.detectDeadlocks = b.detectDeadlocks;
        this.leaks = new LeakDetector(sched, b.leakMode, b.leakModeExplicit, b.leakThreshold, b.leakStackAfter,
                b.leakLog);
    }

    /**
     * This runtime's version: the Maven version from its jar ({@code META-INF/maven/.../pom.properties}), else
     * its manifest's, else "unknown". Exported as {@code gmp_info{version}}; the agent compares it with its own.
     */
    public static String version() {
        try (java.io.InputStream in = GmpRuntime.class.getResourceAsStream(
                "/META-INF/maven/dev.gmp/gmp-runtime/pom.properties")) {
            if (in != null) {
                java.util.Properties p = new java.util.Properties();
                p.load(in);
                String v = p.getProperty("version");
                if (v != null) {
                    return v;
                }
            }
        } catch (java.io.IOException ignored) {
            // fall through to the manifest
        }
        String v = GmpRuntime.class.getPackage().getImplementationVersion();
        return v != null ? v : "unknown";
    }

    /** A builder with defaults taken from the environment (see {@link Builder#fromEnvironment}). */
    public static Builder builder() {
        return new Builder().fromEnvironment(System.getenv(), System.getProperties());
    }

    /**
     * A builder with the runtime's own defaults, having read nothing from the environment: for a caller that has
     * read it already and sets every value it found (the agent, docs/agent.md "Options").
     */
    public static Builder defaultsOnlyBuilder() {
        return new Builder();
    }

    /** The process-wide runtime used by {@link Go} and {@link Gmp}, created on first use. */
    public static GmpRuntime getDefault() {
        GmpRuntime r = defaultRuntime;
        if (r == null) {
            synchronized (GmpRuntime.class) {
                r = defaultRuntime;
                if (r == null) {
                    Builder b = defaultBuilder;
                    r = (b != null ? b : builder()).name("gmp").build();
                    defaultRuntime = r;
                }
            }
        }
        return r;
    }

    /**
     * Sets how the default runtime will be built (the agent calls this at startup with its options).
     *
     * @throws IllegalStateException if the default runtime already exists
     */
    public static synchronized void configureDefault(Builder builder) {
        if (defaultRuntime != null) {
            throw new IllegalStateException("the default GMP runtime is already running");
        }
        defaultBuilder = builder;
    }

    /** The runtime whose goroutine the caller is, or the default runtime when called from a platform thread. */
    static GmpRuntime current() {
        Goroutine g = VirtualThreadAdapter.currentGoroutine();
        if (g != null && g.scheduler().owner() != null) {
            return g.scheduler().owner();
        }
        return getDefault();
    }

    // ---------------------------------------------------------------------------------------------------------

    /** {@code go fn()}: start a goroutine. */
    public void go(Runnable fn) {
        sched.creation().newproc(fn);
    }

    /** {@code go body()} on behalf of a caller's {@code fn} (WaitGroup.go): its call site is reported. */
    void go(Runnable body, Runnable fn) {
        sched.creation().newproc(body, fn);
    }

    /**
     * Runs {@code main} as a goroutine (goroutine 1 in a fresh runtime) and waits for it to return, like a Go
     * program's {@code main.main}. An exception thrown by {@code main} is rethrown here.
     */
    public void run(Runnable main) {
        Objects.requireNonNull(main, "go of nil func value");
        Goroutine g = sched.creation().newprocMain(main);
        Thread caller = Thread.currentThread();
        CheckDead checkdead = new CheckDead(sched, timers::pending, () -> ForeignThreads.anyAliveExcept(caller),
                detectDeadlocks);
        String report = checkdead.watch(g.thread(), t -> waitTarget(g, t));
        if (report != null) {
            throw printed(report);
        }
        Throwable failure = g.mainFailure();
        if (failure instanceof Goexit) {
            throw printed("fatal error: no goroutines (main called runtime.Goexit) - deadlock!\n"); // checkdead
        }
        if (failure instanceof RuntimeException re) {
            throw re;
        }
        if (failure instanceof Error err) {
            throw err;
        }
        if (failure != null) {
            throw new RuntimeException(failure);
        }
    }

    /** A fatal error (Go's {@code fatal}/{@code throw}): the runtime's {@code onFatal}, by default exit status 2. */
    void fatal(String message) {
        sched.config().fatal().accept(message);
    }

    /** A deadlock report, printed to the runtime's error stream, as the error {@link #run} throws. */
    private DeadlockError printed(String report) {
        var err = sched.config().err();
        synchronized (err) {
            err.print(report);
            err.flush();
        }
        return new DeadlockError(report);
    }

    /**
     * The thread {@link #run} waits for: main's; once main has ended with {@link Go#goexit()}, any goroutine
     * still alive (Go goes on running them); null when there is none.
     */
    private Thread waitTarget(Goroutine main, Thread t) {
        if (t == null || t.isAlive() || !(main.mainFailure() instanceof Goexit)) {
            return t;
        }
        for (Goroutine other : sched.registry().snapshot()) {
            Thread ot = other.thread();
            if (ot != null && ot.isAlive()) {
                return ot;
            }
        }
        return null;
    }

    /** runtime.Gosched: yield the processor; the goroutine goes to the global run queue. */
    public void gosched() {
        Thread.yield();
    }

    /** runtime.NumGoroutine: goroutines that exist now. */
    public int numGoroutine() {
        return sched.registry().size();
    }

    /**
     * runtime.GOMAXPROCS: sets the number of Ps to {@code n} and returns the previous value; {@code n < 1}
     * only queries.
     */
    public int gomaxprocs(int n) {
        if (n < 1) {
            return sched.gomaxprocs();
        }
        return sched.procresize(n); // no upper bound, as in Go since 1.10
    }

    /** The current goroutine's id, or 0 when called from a thread that is not one of this runtime's goroutines. */
    public long goid() {
        Goroutine g = sched.current();
        return g != null ? g.goid() : 0;
    }

    /**
     * time.Sleep: park the goroutine (not its M) for {@code d} on a runtime timer, with wait reason {@code sleep}.
     * From a thread that is not one of this runtime's goroutines, it blocks that thread.
     */
    public void sleep(Duration d) {
        Sleep.sleep(timers, sched.current() != null, d);
    }

    /**
     * Runs a call that blocks its carrier thread (native code, blocking file I/O, a blocking driver) as a Go
     * system call: the goroutine's P may be handed to another M while it lasts. From a platform thread it
     * simply runs the call.
     */
    public <T> T syscall(Callable<T> call) throws Exception {
        boolean entered = sched.syscalls().enter();
        try {
            return call.call();
        } finally {
            if (entered) {
                sched.syscalls().exit();
            }
        }
    }

    /** A snapshot of the scheduler's state and counters (the one read view all exporters use). */
    public GmpStats stats() {
        return StatsReader.read(sched);
    }

    /** One {@code GODEBUG=schedtrace} report; with {@code detail}, the {@code scheddetail=1} form. */
    public String schedtrace(boolean detail) {
        return SchedTrace.render(stats(), detail, detail ? sched.registry().snapshot() : java.util.List.of());
    }

    /**
     * Every live goroutine but the JDK's own (system goroutines, as Go's goroutine profile leaves them out, unless
     * {@code GOTRACEBACK=system}; see docs/leaks.md "System goroutines"): state, wait reason, time blocked,
     * creation site, stack (each read at its instant).
     */
    public java.util.List<GoroutineInfo> goroutines() {
        return goroutines(false);
    }

    /** {@link #goroutines()}, with the JDK's system goroutines too when {@code system} (Go's GOTRACEBACK=system). */
    public java.util.List<GoroutineInfo> goroutines(boolean system) {
        return dev.gmp.internal.stats.GoroutineSnapshots.take(sched, system);
    }

    /**
     * Writes Go's goroutine profile text: {@code debug=2}, every goroutine's traceback ({@code runtime.Stack}
     * shape); {@code debug=1}, goroutines grouped by identical stack. The JDK's system goroutines are left out
     * unless {@code GOTRACEBACK=system} ({@link #goroutines()}).
     *
     * @throws IllegalArgumentException for other levels (the message names the valid ones)
     */
    public void dump(Appendable out, int debugLevel) throws java.io.IOException {
        dump(out, debugLevel, false);
    }

    /** {@link #dump(Appendable, int)}, with the JDK's system goroutines too when {@code system}. */
    public void dump(Appendable out, int debugLevel, boolean system) throws java.io.IOException {
        if (debugLevel != 1 && debugLevel != 2) {
            throw new IllegalArgumentException("debug=" + debugLevel + ": valid values are "
                    + dev.gmp.internal.stats.GoroutineDump.VALID_LEVELS);
        }
        dev.gmp.internal.stats.GoroutineDump.write(goroutines(system), debugLevel, out);
    }

    /**
     * Writes Go's goroutine profile in pprof's binary form ({@code debug=0}: gzipped {@code profile.proto}, one
     * sample per distinct stack valued by its goroutine count), which {@code go tool pprof} reads.
     */
    public void goroutineProfile(java.io.OutputStream out) throws java.io.IOException {
        long epochNanos = java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(System.currentTimeMillis());
        dev.gmp.internal.stats.GoroutineProfile.write(goroutines(), epochNanos, out);
    }

    /**
     * What the leak detector knows now: proven leaks found so far (goroutines garbage-collected while waiting)
     * and goroutines blocked longer than {@code leak.threshold}, grouped by creation site and wait reason. Does no
     * work: proven leaks are found as the GC runs, suspected ones by a periodic scan.
     */
    public LeakReport leaks() {
        return leaks.report();
    }

    /**
     * Asks for a leak check now (an operator's or a test's request; {@code /debug/gmp/leaks?check=1}): keeps the
     * stack of every waiting goroutine, runs {@code System.gc()} so that goroutines nothing can reach are
     * collected and reported, and rescans the suspected ones. Never called on a schedule: production pays for no
     * forced GC unless someone asks.
     */
    public LeakReport checkLeaks() {
        return leaks.check();
    }

    /** Internal: the scheduler (for the agent and exporters in this project; not API). */
    public Scheduler scheduler() {
        return sched;
    }

    /** Stops this runtime's sysmon. Goroutines still running keep running; Ms are daemon threads. */
    @Override
    public void close() {
        leaks.close();
        timers.shutdown();
        sched.shutdown();
        try {
            jfr.close();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    // ---------------------------------------------------------------------------------------------------------

    /** Settings of a runtime. Every setter validates and fails with a one-line {@link GmpConfigException}. */
    public static final class Builder {
        private String name = "gmp";
        private int gomaxprocs = Runtime.getRuntime().availableProcessors();
        private int maxThreads = SchedConfig.DEFAULT_MAX_THREADS;
        private int runqCapacity = SchedConfig.DEFAULT_RUNQ;
        private boolean panicExit;
        private boolean fullCreationStacks;
        private long schedtraceMillis;
        private boolean scheddetail;
        private PrintStream err = System.err;
        private Consumer<String> fatal = SchedConfig.exitOnFatal();
        private boolean detectDeadlocks = true;
        private LeakDetector.Mode leakMode = LeakDetector.Mode.PROVEN;
        private boolean leakModeExplicit;
        private Duration leakThreshold = LeakDetector.DEFAULT_THRESHOLD;
        private Duration leakStackAfter = LeakDetector.DEFAULT_STACK_AFTER;
        private LeakLog.Mode leakLog = LeakLog.Mode.LOGGER;

        Builder() {}

        /**
         * Reads Go's and our settings: {@code GOMAXPROCS} and {@code GODEBUG=schedtrace=N,scheddetail=1} from the
         * environment, as Go reads them (a value Go would ignore is ignored, with one warning line on the error
         * stream; see {@link GoEnvironment}); {@code -Dgmp.gomaxprocs} when {@code GOMAXPROCS} gives none, then
         * {@code -Djdk.virtualThreadScheduler.parallelism} (the application's stated parallelism);
         * {@code -Dgmp.maxthreads}; {@code -Dgmp.panic=log|exit}; {@code -Dgmp.leaks=proven|suspected|off};
         * {@code -Dgmp.leak.threshold} (a Go duration such as {@code 90s}); {@code -Dgmp.leak.log=logger|stderr}.
         * Our own {@code gmp.*} properties fail fast on a bad value ({@link Settings}).
         */
        public Builder fromEnvironment(Map<String, String> env, java.util.Properties props) {
            Consumer<String> warn = GoEnvironment.warnings(err);
            Integer procs = GoEnvironment.gomaxprocs(env, warn);
            String v = setting(props, "gmp.gomaxprocs");
            if (procs != null) {
                gomaxprocs(procs);
            } else if (v != null) {
                gomaxprocs((int) Settings.integer("gmp.gomaxprocs", v, Settings.Range.GOMAXPROCS));
            } else {
                // The application's stated parallelism for the JDK's virtual-thread scheduler: GMP's Ps take its
                // place, so they take its size too, unless GOMAXPROCS says otherwise.
                Integer p = GoEnvironment.jdkParallelism(props, warn);
                if (p != null) {
                    gomaxprocs(p);
                }
            }
            if ((v = setting(props, "gmp.maxthreads")) != null) {
                maxThreads((int) Settings.integer("gmp.maxthreads", v, Settings.Range.MAXTHREADS));
            }
            if ((v = setting(props, "gmp.panic")) != null) {
                panic(v);
            }
            if ((v = setting(props, "gmp.leaks")) != null) {
                leaks(v);
            }
            if ((v = setting(props, "gmp.leak.threshold")) != null) {
                leakThreshold(v);
            }
            if ((v = setting(props, "gmp.leak.log")) != null) {
                leakLog(v);
            }
            return godebug(GoEnvironment.godebug(env, warn));
        }

        private static String setting(java.util.Properties props, String key) {
            String v = props.getProperty(key);
            return v == null ? null : v.trim();
        }

        /**
         * Applies {@code GODEBUG}'s {@code schedtrace=N} and {@code scheddetail=N} as Go does; other keys are
         * ignored, and so is a value that is not an integer (with one warning line).
         */
        public Builder godebug(String godebug) {
            return godebug(GoEnvironment.godebug(Map.of("GODEBUG", godebug), GoEnvironment.warnings(err)));
        }

        private Builder godebug(GoEnvironment.Godebug d) {
            if (d.schedtraceMillis() != null) {
                schedtraceMillis = d.schedtraceMillis();
            }
            if (d.scheddetail() != null) {
                scheddetail = d.scheddetail();
            }
            return this;
        }

        public Builder name(String name) {
            this.name = Objects.requireNonNull(name);
            return this;
        }

        public Builder gomaxprocs(int n) {
            this.gomaxprocs = (int) Settings.Range.GOMAXPROCS.require("gomaxprocs", n);
            return this;
        }

        public Builder maxThreads(int n) {
            this.maxThreads = (int) Settings.Range.MAXTHREADS.require("maxthreads", n);
            return this;
        }

        /** Local run-queue slots per P: a power of two from 2 (Go: 256). Tests shrink it to reach the edges. */
        public Builder runqCapacity(int n) {
            if (n < 2 || Integer.bitCount(n) != 1) {
                throw new GmpConfigException("runq capacity " + n + ": valid values are powers of two >= 2");
            }
            this.runqCapacity = n;
            return this;
        }

        /** {@code log} (default): report and continue; {@code exit}: report and exit with status 2, like Go. */
        public Builder panic(String mode) {
            return panic(Settings.choice("panic", mode, SchedConfig.Panic.class));
        }

        /** {@link #panic(String)}, typed. */
        public Builder panic(SchedConfig.Panic mode) {
            this.panicExit = Objects.requireNonNull(mode) == SchedConfig.Panic.EXIT;
            return this;
        }

        public Builder fullCreationStacks(boolean on) {
            this.fullCreationStacks = on;
            return this;
        }

        /** Print a schedtrace line every {@code millis} ms to the error stream (0: off). */
        public Builder schedtrace(long millis, boolean detail) {
            this.schedtraceMillis = Settings.Range.SCHEDTRACE.require("schedtrace", millis);
            this.scheddetail = detail;
            return this;
        }

        /** Where reports go (default System.err). */
        public Builder err(PrintStream err) {
            this.err = Objects.requireNonNull(err);
            return this;
        }

        /** What a fatal error does after its message (default: exit with status 2, as Go does). */
        public Builder onFatal(Consumer<String> fatal) {
            this.fatal = Objects.requireNonNull(fatal);
            return this;
        }

        /**
         * Whether {@link GmpRuntime#run} fails with {@link DeadlockError} when every goroutine is blocked on runtime
         * primitives with nothing left to wake them (default true; see docs/channels.md for the rule).
         */
        public Builder detectDeadlocks(boolean on) {
            this.detectDeadlocks = on;
            return this;
        }

        /**
         * {@code leaks=}: {@code proven} (default) reports goroutines garbage-collected while waiting, which needs a
         * JVM started with {@code -Djdk.trackAllThreads=false} (the agent's {@code leaks=proven} sets it; asked for
         * explicitly on a JVM that tracks every virtual thread, it says once that proven detection is off), plus
         * suspected leaks; {@code suspected}: only goroutines blocked past {@link #leakThreshold}; {@code off}.
         */
        public Builder leaks(String mode) {
            return leaks(Settings.choice("leaks", mode, LeakDetector.Mode.class));
        }

        /** {@link #leaks(String)}, typed. */
        public Builder leaks(LeakDetector.Mode mode) {
            this.leakMode = Objects.requireNonNull(mode);
            this.leakModeExplicit = true;
            return this;
        }

        /** {@code leak.threshold}: a goroutine blocked longer than this is a suspected leak (default 5 minutes). */
        public Builder leakThreshold(Duration threshold) {
            if (threshold == null || threshold.isNegative() || threshold.isZero()) {
                throw Settings.invalid("leak.threshold", String.valueOf(threshold), "a positive duration");
            }
            this.leakThreshold = threshold;
            return this;
        }

        /** {@code leak.threshold} as Go duration text ({@code 90s}, {@code 5m}, {@code 1h30m}). */
        public Builder leakThreshold(String threshold) {
            return leakThreshold(Settings.positiveDuration("leak.threshold", threshold));
        }

        /**
         * {@code leak.log=}: where proven-leak reports go. {@code logger} (default): {@code System.Logger}
         * {@code dev.gmp.leaks}, one WARNING event per leak with the report as its message, at most 10 full
         * reports a minute, then one summary event per creation site; {@code stderr}: every report in full on the
         * error stream ({@link #err}).
         */
        public Builder leakLog(String mode) {
            return leakLog(Settings.choice("leak.log", mode, LeakLog.Mode.class));
        }

        /** {@link #leakLog(String)}, typed. */
        public Builder leakLog(LeakLog.Mode mode) {
            this.leakLog = Objects.requireNonNull(mode);
            return this;
        }

        /**
         * How long a goroutine must have waited before its stack is kept for a possible leak report (default 1 s).
         * Shorter: more goroutines are reported with their stack, at the cost of more stack walks.
         */
        public Builder leakStackAfter(Duration d) {
            if (d == null || d.isNegative()) {
                throw new GmpConfigException("leak stack sampling delay " + d + ": must be >= 0");
            }
            this.leakStackAfter = d;
            return this;
        }

        public int gomaxprocs() {
            return gomaxprocs;
        }

        public int maxThreads() {
            return maxThreads;
        }

        /** The schedtrace period in ms, 0 when off. */
        public long schedtraceMillis() {
            return schedtraceMillis;
        }

        public boolean scheddetail() {
            return scheddetail;
        }

        public GmpRuntime build() {
            return new GmpRuntime(this);
        }
    }
}

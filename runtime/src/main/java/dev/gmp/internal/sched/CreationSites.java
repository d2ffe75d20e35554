package dev.gmp.internal.sched;

import java.util.List;

/**
 * Where a goroutine was created (Go's {@code g.gopc} and {@code created by ... in goroutine N}).
 *
 * <p>Walking the stack on every {@code go} would cost more than the spawn itself, so the frame of the go call
 * is cached per lambda class: each lambda (and method reference) expression has its own hidden class, so the
 * class identifies the call site. Lambdas of the runtime's own classes are walked every time: {@code WaitGroup.go}
 * wraps every caller's function in the same lambda, so the API passes the caller's function as the key instead
 * ({@link GoroutineCreation#newproc(Runnable, Object)}). A named {@code Runnable} class may be created at many
 * sites, so its go calls get the per-class record of adopted threads below (walked on every go, such a spawn
 * took ten times as long as a lambda's); the JDK's and the runtime's named classes, which wrap work from
 * everywhere, are walked every time.
 * {@code fullCreationStacks} keeps the whole creating stack instead (an option; it costs a walk).
 *
 * <p>Threads we adopt at their first start (routed by the agent, or children of goroutines) come mostly from
 * executors, whose tasks are named classes, and a walk there costs microseconds on every request a server
 * hands to a virtual thread (8 % of a Jetty server's CPU). So their site is kept per class of the task they run
 * ({@link TaskSite}; for {@code ExecutorService.submit}, of the function submitted, not of the JDK's future that
 * wraps every submit alike), but only once it has been seen to be one site: the first {@value #VERIFY_FIRST}
 * starts of a class are walked, then the start {@value #VERIFY_EVERY} starts later, and each time the site held,
 * the start twice as many starts after that, up to one in {@value #VERIFY_MAX}. Re-checks run too rarely for the
 * JIT to compile the walk well: one took 40 to 160 µs, so one in {@value #VERIFY_EVERY} cost a chain of
 * {@code CompletableFuture} stages (a start each) about 50 ns a stage. A class started from a second site is walked
 * on every start from then on; until that is noticed, at the next re-check ({@value #VERIFY_EVERY} starts later
 * while a class is new, up to {@value #VERIFY_MAX} once its site has held through several), its goroutines show
 * the first site.
 *
 * <p>A start with no frame outside the JDK (a {@code CompletableFuture} stage started by the thread that completed
 * the stage before it) is not a second site: it takes the class's site from the starts that have one. Otherwise
 * a class started both from application code and by the JDK, as async stages are once two Ps run the chain,
 * would be walked on every start.
 */
final class CreationSites {
    private static final StackTraceElement[] NONE = new StackTraceElement[0];
    private static final StackTraceElement[] WALK = new StackTraceElement[0]; // "do not cache this class"
    private static final StackWalker WALKER = StackWalker.getInstance();

    private static final ClassValue<StackTraceElement[]> BY_LAMBDA = new ClassValue<>() {
        @Override
        protected StackTraceElement[] computeValue(Class<?> type) {
            // A lambda of the runtime or the JDK wraps functions from many call sites: never cache it.
            return isInternal(type.getName()) ? WALK : callSite(false);
        }
    };

    private CreationSites() {}

    /** The go statement's frame; {@code siteKey} is the function whose class identifies it (see the class doc). */
    static StackTraceElement[] capture(Object siteKey, boolean full) {
        if (full) {
            return callSite(true);
        }
        Class<?> c = siteKey.getClass();
        if (!c.isHidden()) {
            return c.getClassLoader() == null || isInternal(c.getName()) ? callSite(false) : BY_TASK.get(c).site();
        }
        StackTraceElement[] cached = BY_LAMBDA.get(c);
        return cached == WALK ? callSite(false) : cached;
    }

    static final int VERIFY_FIRST = 16;
    static final int VERIFY_EVERY = 1024;
    static final int VERIFY_MAX = 65536;

    private static final ClassValue<TaskSite> BY_TASK = new ClassValue<>() {
        @Override
        protected TaskSite computeValue(Class<?> type) {
            return new TaskSite();
        }
    };

    /**
     * For threads adopted at their first start: the frame that called {@code Thread.start} (or
     * {@code executor.execute}, {@code submit}); {@code siteKey} is what the thread runs, as
     * {@code VirtualThreadAdapter.siteKeyOf} sees it, null if unknown (then always a walk).
     */
    static StackTraceElement[] captureStart(Object siteKey, boolean full) {
        return full || siteKey == null ? callSite(full) : BY_TASK.get(siteKey.getClass()).site();
    }

    /** The creation site of the threads that run one task class, once verified to be one site. */
    static final class TaskSite {
        private volatile StackTraceElement[] trusted; // set after VERIFY_FIRST equal walks; null again if it varies
        private volatile boolean varies;
        private int starts;                           // racy, as recheckAt: they only pace the re-checks
        private int recheckAt = VERIFY_EVERY;         // starts since the last walk at which the next one walks
        private StackTraceElement[] seen;             // guarded by this
        private int same;                             // guarded by this

        StackTraceElement[] site() {
            StackTraceElement[] t = trusted;
            if (t != null && ++starts < recheckAt) {
                return t;
            }
            StackTraceElement[] now = callSite(false);
            if (!varies) {
                synchronized (this) {
                    if (seen == null || seen.length == 0 || now.length == 0 || java.util.Arrays.equals(seen, now)) {
                        if (seen == null || seen.length == 0) {
                            seen = now;
                        }
                        if (trusted != null) {
                            trusted = seen; // the first site seen, if the starts before had none
                            starts = 0; // the site held: wait twice as long before the next walk
                            recheckAt = Math.min(2 * recheckAt, VERIFY_MAX);
                        } else if (same < VERIFY_FIRST && ++same == VERIFY_FIRST) {
                            trusted = seen;
                        }
                    } else {
                        varies = true; // two sites: walk every start from now on
                        trusted = null;
                    }
                }
            }
            return now;
        }

        boolean trusted() {
            return trusted != null;
        }

        StackTraceElement[] trustedSite() {
            return trusted;
        }

        boolean varies() {
            return varies;
        }
    }

    /** The record of one task class (tests). */
    static TaskSite taskSite(Class<?> taskClass) {
        return BY_TASK.get(taskClass);
    }

    /** The first frame outside the runtime and the JDK's thread machinery: the go statement. */
    private static StackTraceElement[] callSite(boolean full) {
        List<StackTraceElement> frames = WALKER.walk(s -> s
                .dropWhile(f -> isInternal(f.getClassName()))
                .limit(full ? 64 : 1)
                .map(StackWalker.StackFrame::toStackTraceElement)
                .toList());
        return frames.isEmpty() ? NONE : frames.toArray(NONE);
    }

    /** Public API classes that spawn on the caller's behalf (WaitGroup.go, Context timers, ...). */
    private static final java.util.Set<String> API = java.util.Set.of(
            "dev.gmp.Go", "dev.gmp.GmpRuntime", "dev.gmp.WaitGroup", "dev.gmp.Chan", "dev.gmp.Select",
            "dev.gmp.Context", "dev.gmp.Time", "dev.gmp.Timer", "dev.gmp.Ticker");

    private static boolean isInternal(String cls) {
        if (cls.startsWith("dev.gmp.")) {
            int dollar = cls.indexOf('$');
            return cls.startsWith("dev.gmp.internal.") || API.contains(dollar < 0 ? cls : cls.substring(0, dollar));
        }
        // java.lang.System$1 is JavaLangAccess: ThreadPerTaskExecutor starts its threads through it.
        return cls.startsWith("java.lang.Thread") || cls.startsWith("java.lang.VirtualThread")
                || cls.startsWith("java.lang.System$")
                || cls.startsWith("java.util.concurrent.") || cls.startsWith("java.lang.invoke.")
                || cls.startsWith("java.lang.ClassValue") || cls.startsWith("jdk.internal.");
    }
}

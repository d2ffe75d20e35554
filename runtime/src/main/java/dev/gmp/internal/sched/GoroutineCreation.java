package dev.gmp.internal.sched;

import java.util.Objects;
import java.util.concurrent.ThreadFactory;
import java.util.function.UnaryOperator;

/**
 * Goroutine creation ("newproc" in Go, golang/go src/runtime/proc.go {@code newproc}, {@code newproc1}), and
 * adoption: the record made for a virtual thread of ours that {@code newproc} did not create.
 *
 * <p>Every goroutine is a JDK virtual thread whose scheduler is ours. {@code newproc} makes the thread with our
 * factory, running {@code fn} under a {@link GoroutineEntry} (Go's {@code goexit} frame), makes its record
 * ({@link Goroutine}) the thread's goroutine link ({@code VirtualThreadAdapter.link}) and starts it; the JDK then
 * hands its continuation to the record, which passes it to {@code Scheduler.execute}, on the creating thread,
 * which queues it (the creator's P's {@code runnext}, or the global queue) and calls {@code wakep}. Threads made
 * by others with our scheduler (children of goroutines, which the JDK gives their parent's link; threads the
 * agent routes to us) get their record at their first {@code execute} instead ({@link #goroutineOf}).
 *
 * <p>Ids come from the creator's P's goid cache, else from {@code sched.goidgen}; see {@link #newGoid}.
 */
public final class GoroutineCreation {
    /** Ids a P's goid cache takes from goidgen at once (proc.go: _GoidCacheBatch). */
    static final int GOID_CACHE_BATCH = 16;

    private final Scheduler sched;
    private final ThreadFactory factory; // virtual threads whose continuations go to sched.execute
    private final UnaryOperator<Runnable> entry; // adopt's wrapTask

    GoroutineCreation(Scheduler sched) {
        this.sched = sched;
        this.factory = sched.vt.builder(sched).factory();
        this.entry = task -> new GoroutineEntry(sched, task);
    }

    /**
     * newproc: create a goroutine running {@code fn}. From a goroutine of this scheduler it goes to the current
     * P's runnext; from anywhere else to the global queue. Then wakep.
     */
    public Goroutine newproc(Runnable fn) {
        return newproc(fn, fn, false);
    }

    /**
     * newproc for the runtime's API, which wraps the caller's function: {@code siteKey} (the caller's function,
     * or a fresh object when there is none) is what identifies the go statement's call site (CreationSites).
     */
    public Goroutine newproc(Runnable fn, Object siteKey) {
        return newproc(fn, siteKey, false);
    }

    /** The main goroutine's creation site: none, as Go prints no "created by" for it. */
    private static final StackTraceElement[] NO_SITE = {};

    /** newproc for the main goroutine of {@code GmpRuntime.run}: its exception goes back to the caller. */
    public Goroutine newprocMain(Runnable fn) {
        return newproc(fn, fn, true);
    }

    private Goroutine newproc(Runnable fn, Object siteKey, boolean main) {
        Objects.requireNonNull(fn, "go of nil func value");
        Goroutine parent = sched.current();
        if (parent != null) {
            // go is a runtime call, so a preemption point; before the child exists, as Go's function prologue:
            // a flagged goroutine yields with runnext empty, so the scheduler turns to the global queue.
            Preemption.poll();
        }
        long goid = newGoid(parent);
        StackTraceElement[] site = main ? NO_SITE
                : CreationSites.capture(siteKey, sched.config.fullCreationStacks());
        Thread t = factory.newThread(new GoroutineEntry(sched, fn));
        Goroutine g = new Goroutine(sched, goid, parent != null ? parent.goid : 0, site, false, t, sched.collected);
        g.isMain = main;
        sched.vt.setLink(t, g);
        sched.registry.add(g);
        t.start(); // the JDK calls Scheduler.execute(runContinuation), through g, right here on this thread
        return g;
    }

    /**
     * A new goroutine's id: from the parent's P's goid cache when the parent runs on one of our Ps, else from
     * sched.goidgen. Ids are the creation count too: every goroutine takes one, so {@link StatsReader} counts
     * goroutines created as the ids taken from goidgen less those still unissued in the Ps' caches, and no
     * counter is bumped here.
     */
    private long newGoid(Goroutine parent) {
        Processor pp = parent != null ? Scheduler.ownedP(parent) : null;
        return pp != null ? nextGoid(pp) : sched.goidgen.incrementAndGet();
    }

    /** Go's per-P goid cache (proc.go newproc1: _GoidCacheBatch). Owner of pp only. */
    private long nextGoid(Processor pp) {
        if (pp.goidcache == pp.goidcacheend) {
            pp.goidcache = sched.goidgen.getAndAdd(GOID_CACHE_BATCH) + 1;
            pp.goidcacheend = pp.goidcache + GOID_CACHE_BATCH;
        }
        return pp.goidcache++;
    }

    /**
     * The record of a virtual thread on this scheduler, adopting threads we did not create. A link that is a
     * record of another thread is its creator's, inherited from the goroutine that created it (the JDK gives a
     * child its parent's scheduler): the child is adopted. {@code caller} is the calling goroutine of this
     * scheduler, or null ({@code Scheduler.current()}, which the caller has looked up already).
     */
    Goroutine goroutineOf(Thread t, Goroutine caller) {
        return sched.vt.link(t) instanceof Goroutine g && g.sched == sched && g.refersTo(t) ? g : adopt(t, caller);
    }

    /**
     * A virtual thread created with our scheduler by someone other than {@link #newproc}: a child of a goroutine
     * (the JDK gives it the parent's link), or one the agent routed to us. Called from its first execute, which
     * runs on the thread that called {@code start()}, before anything else can submit it: its link becomes its
     * own record, and its task is put under a {@link GoroutineEntry}. Where this JDK's task cannot be reached
     * (package {@code jdk.internal.vm} closed, or JDK 21's lambda wrapper) its panics take the JDK's way
     * (docs/architecture.md §1).
     */
    private Goroutine adopt(Thread t, Goroutine parent) {
        long goid = newGoid(parent);
        Runnable task = sched.vt.taskOf(t);
        StackTraceElement[] site = CreationSites.captureStart(task == null ? null : sched.vt.siteKeyOf(task),
                sched.config.fullCreationStacks());
        Goroutine g = new Goroutine(sched, goid, parent != null ? parent.goid : 0, site,
                SystemGoroutines.isSystem(task, site), t, sched.collected);
        sched.vt.wrapTask(t, entry);
        sched.vt.setLink(t, g);
        sched.registry.add(g);
        return g;
    }
}

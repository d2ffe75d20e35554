package dev.gmp;

import dev.gmp.internal.chan.ForeignThreads;
import dev.gmp.internal.timer.RuntimeTimer;
import dev.gmp.internal.timer.TimerQueue;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The context implementations (context/context.go: {@code emptyCtx}, {@code cancelCtx}, {@code timerCtx},
 * {@code valueCtx}, {@code withoutCancelCtx}, {@code afterFuncCtx}) and the tree bookkeeping
 * ({@code propagateCancel}, {@code parentCancelCtx}, {@code removeChild}).
 */
final class Contexts {
    private Contexts() {}

    /** &cancelCtxKey: a cancelCtx returns itself for this key, so wrappers that forward value() find it. */
    static final Object CANCEL_CTX_KEY = new Object();

    static final Context BACKGROUND = new EmptyCtx("context.Background");
    static final Context TODO = new EmptyCtx("context.TODO");

    /** A context that is never cancelled and has no deadline (emptyCtx, withoutCancelCtx). */
    private interface NeverCancelled extends Context {
        @Override
        default Chan<Void> done() {
            return Chan.nil();
        }

        @Override
        default ContextError err() {
            return null;
        }

        @Override
        default Optional<Instant> deadline() {
            return Optional.empty();
        }
    }

    /** emptyCtx: never cancelled, no values, no deadline. */
    private record EmptyCtx(String name) implements NeverCancelled {
        @Override
        public Object value(Object key) {
            return null;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /**
     * cancelCtx. {@code mu} guards {@link #children} and the transition of {@link #err} and {@link #cause}
     * (cause written first); both are volatile so {@link #err()} and {@code Context.cause} read them without the
     * lock. The done channel is made eagerly and closed by the runtime
     * (closeFromRuntime: a cancel from any thread is the runtime's own action on this channel).
     */
    static class CancelCtx implements CancelCauseContext {
        final Context parent;
        final ReentrantLock mu = new ReentrantLock();
        final Chan<Void> done = Chan.make();
        private Set<CancelCtx> children = new LinkedHashSet<>(); // guarded by mu; null once cancelled
        private volatile ContextError err;
        private volatile Throwable cause; // cancelCtx.cause: set with err; err itself when cancelled without one

        CancelCtx(Context parent) {
            this.parent = parent;
        }

        @Override
        public Chan<Void> done() {
            return done;
        }

        @Override
        public ContextError err() {
            return err;
        }

        @Override
        public Optional<Instant> deadline() {
            return parent.deadline();
        }

        @Override
        public Object value(Object key) {
            if (key == CANCEL_CTX_KEY) {
                return this;
            }
            return parent.value(key);
        }

        @Override
        public void cancel() {
            cancel((Throwable) null);
        }

        @Override
        public void cancel(Throwable cause) {
            ForeignThreads.noteCurrent(); // a platform thread that cancels may cancel again later
            cancel(true, Context.CANCELED, cause);
        }

        /** Context.cause: null until cancelled. */
        Throwable cause() {
            return cause;
        }

        /**
         * cancel: close done, cancel each child with the same err and cause, and if {@code removeFromParent},
         * leave the parent's set. A null {@code cause} means {@code e}.
         */
        void cancel(boolean removeFromParent, ContextError e, Throwable cause) {
            Set<CancelCtx> kids;
            if (cause == null) {
                cause = e;
            }
            mu.lock();
            try {
                if (err != null) {
                    return; // already cancelled
                }
                this.cause = cause;
                err = e;
                done.hchan().closeFromRuntime();
                kids = children;
                children = null;
            } finally {
                mu.unlock();
            }
            for (CancelCtx child : kids) {
                child.cancel(false, e, cause); // the child's parent (us) drops them all at once: children = null
            }
            if (removeFromParent) {
                removeChild(parent, this);
            }
        }

        /** Adds a child, or cancels it at once if we are already cancelled. */
        void addChild(CancelCtx child) {
            ContextError e;
            Throwable c;
            mu.lock();
            try {
                e = err;
                c = cause;
                if (e == null) {
                    children.add(child);
                    return;
                }
            } finally {
                mu.unlock();
            }
            child.cancel(false, e, c);
        }

        void removeChildLocked(CancelCtx child) {
            mu.lock();
            try {
                if (children != null) {
                    children.remove(child);
                }
            } finally {
                mu.unlock();
            }
        }

        /** Children registered now (tests: cancelled children must be removed from their parent). */
        int childCount() {
            mu.lock();
            try {
                return children == null ? 0 : children.size();
            } finally {
                mu.unlock();
            }
        }

        @Override
        public String toString() {
            return parent + ".WithCancel";
        }
    }

    /** timerCtx: a cancelCtx with a deadline, cancelled by a runtime timer with its deadline cause. */
    static final class TimerCtx extends CancelCtx {
        final Instant deadline;
        private final TimerQueue timers;
        private final Throwable deadlineCause; // WithDeadlineCause's cause (null: DeadlineExceeded)
        private final RuntimeTimer timer = new RuntimeTimer() {
            @Override
            protected Runnable fire(long now) {
                return () -> cancel(true, Context.DEADLINE_EXCEEDED, deadlineCause); // outside the timer lock
            }
        };

        TimerCtx(Context parent, Instant deadline, TimerQueue timers, Throwable deadlineCause) {
            super(parent);
            this.deadline = deadline;
            this.timers = timers;
            this.deadlineCause = deadlineCause;
        }

        @Override
        public Optional<Instant> deadline() {
            return Optional.of(deadline);
        }

        @Override
        void cancel(boolean removeFromParent, ContextError e, Throwable cause) {
            super.cancel(removeFromParent, e, cause);
            timers.remove(timer);
        }

        @Override
        public String toString() {
            return parent + ".WithDeadline(" + deadline + ")";
        }
    }

    /** valueCtx: one key-value pair. */
    record ValueCtx(Context parent, Object key, Object val) implements Context {
        @Override
        public Chan<Void> done() {
            return parent.done();
        }

        @Override
        public ContextError err() {
            return parent.err();
        }

        @Override
        public Optional<Instant> deadline() {
            return parent.deadline();
        }

        @Override
        public Object value(Object k) {
            Context c = this;
            while (c instanceof ValueCtx v) { // iterative, as context.go's value()
                if (v.key.equals(k)) {
                    return v.val;
                }
                c = v.parent;
            }
            return c.value(k);
        }

        /** Go's valueCtx.String: {@code parent.WithValue(type <key's type>, val <value>)}. */
        @Override
        public String toString() {
            return parent + ".WithValue(type " + key.getClass().getName() + ", val " + val + ")";
        }
    }

    /**
     * withoutCancelCtx: the parent's values, never cancelled, no deadline. It hides the parent's cancelCtx from
     * {@code value(&cancelCtxKey)}, so that {@code Context.cause} is null and children do not attach to it.
     */
    record WithoutCancelCtx(Context parent) implements NeverCancelled {
        @Override
        public Object value(Object key) {
            return key == CANCEL_CTX_KEY ? null : parent.value(key);
        }

        @Override
        public String toString() {
            return parent + ".WithoutCancel";
        }
    }

    /**
     * afterFuncCtx: a child of the watched context whose cancellation starts {@code f} in its own goroutine,
     * once. {@code stop} and the cancellation race on {@link #once}: whichever sets it first wins, so {@code f}
     * runs only if stop has not returned true.
     */
    static final class AfterFuncCtx extends CancelCtx {
        private final AtomicBoolean once = new AtomicBoolean();
        private final GmpRuntime rt; // the caller's runtime: f's goroutine starts there
        private final Runnable f;

        AfterFuncCtx(Context parent, GmpRuntime rt, Runnable f) {
            super(parent);
            this.rt = rt;
            this.f = f;
        }

        @Override
        void cancel(boolean removeFromParent, ContextError e, Throwable cause) {
            super.cancel(removeFromParent, e, cause);
            if (once.compareAndSet(false, true)) {
                rt.go(f);
            }
        }

        /** The stop function: true if it kept f from being started. */
        boolean stop() {
            if (!once.compareAndSet(false, true)) {
                return false;
            }
            super.cancel(true, Context.CANCELED, null); // leave the parent's children; f stays unstarted
            return true;
        }
    }

    static CancelContext withDeadline(GmpRuntime rt, Context parent, Instant d, Throwable cause) {
        Optional<Instant> cur = parent.deadline();
        if (cur.isPresent() && cur.get().isBefore(d)) {
            // The current deadline is already sooner than the new one.
            CancelCtx c = new CancelCtx(parent);
            propagateCancel(parent, c);
            return c;
        }
        TimerCtx c = new TimerCtx(parent, d, rt.timers, cause);
        propagateCancel(parent, c);
        Duration dur = Duration.between(Instant.now(), d);
        if (dur.isNegative() || dur.isZero()) {
            c.cancel(true, Context.DEADLINE_EXCEEDED, cause); // deadline has already passed
            return c;
        }
        c.mu.lock();
        try {
            if (c.err() == null) {
                rt.timers.add(c.timer, System.nanoTime() + dur.toNanos(), 0);
            }
        } finally {
            c.mu.unlock();
        }
        return c;
    }

    /**
     * parentCancelCtx: the closest cancelCtx ancestor, found through {@code value(&cancelCtxKey)} so that
     * wrappers forwarding value() are seen through, provided its done channel is still the parent's (a wrapper
     * with its own done channel must be watched by a goroutine instead). Null if none.
     */
    static CancelCtx parentCancelCtx(Context parent) {
        Chan<Void> done = parent.done();
        if (done.isNil()) {
            return null;
        }
        if (parent.value(CANCEL_CTX_KEY) instanceof CancelCtx p && p.done == done) {
            return p;
        }
        return null;
    }

    /** propagateCancel: arrange for child to be cancelled when parent is. */
    static void propagateCancel(Context parent, CancelCtx child) {
        Chan<Void> pd = parent.done();
        if (pd.isNil()) {
            return; // parent is never cancelled
        }
        ContextError e = parent.err();
        if (e != null) {
            child.cancel(false, e, cause(parent)); // parent is already cancelled
            return;
        }
        CancelCtx p = parentCancelCtx(parent);
        if (p != null) {
            p.addChild(child);
            return;
        }
        // A foreign Context implementation: watch it from a goroutine (context.go's goroutines counter case).
        GmpRuntime.current().go(() -> Select.make()
                .recv(pd, x -> child.cancel(false, parent.err() != null ? parent.err() : Context.CANCELED,
                        cause(parent)))
                .recv(child.done(), x -> { })
                .select());
    }

    /**
     * context.Cause: the cause recorded by the closest cancelCtx ancestor (found as parentCancelCtx finds it,
     * through value(&cancelCtxKey)), or, for a context with none, its err().
     */
    static Throwable cause(Context c) {
        if (c.value(CANCEL_CTX_KEY) instanceof CancelCtx cc) {
            return cc.cause();
        }
        return c.err();
    }

    /** removeChild: drop child from its closest cancelCtx ancestor. */
    static void removeChild(Context parent, CancelCtx child) {
        CancelCtx p = parentCancelCtx(parent);
        if (p != null) {
            p.removeChildLocked(child);
        }
    }
}

package dev.gmp;

import dev.gmp.internal.chan.ForeignThreads;
import dev.gmp.internal.timer.RuntimeTimer;
import dev.gmp.internal.timer.TimerQueue;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The context implementations (context/context.go: {@code emptyCtx}, {@code cancelCtx}, {@code timerCtx},
 * {@code valueCtx}) and the tree bookkeeping ({@code propagateCancel}, {@code parentCancelCtx},
 * {@code removeChild}).
 */
final class Contexts {
    private Contexts() {}

    /** &cancelCtxKey: a cancelCtx returns itself for this key, so wrappers that forward value() find it. */
    static final Object CANCEL_CTX_KEY = new Object();

    static final Context BACKGROUND = new EmptyCtx("context.Background");
    static final Context TODO = new EmptyCtx("context.TODO");

    /** emptyCtx: never cancelled, no values, no deadline. */
    private record EmptyCtx(String name) implements Context {
        @Override
        public Chan<Void> done() {
            return Chan.nil();
        }

        @Override
        public ContextError err() {
            return null;
        }

        @Override
        public Optional<Instant> deadline() {
            return Optional.empty();
        }

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
     * cancelCtx. {@code mu} guards {@link #children} and {@link #err}'s transition; {@code err} is volatile so
     * {@link #err()} reads it without the lock. The done channel is made eagerly and closed by the runtime
     * (closeFromRuntime: a cancel from any thread is the runtime's own action on this channel).
     */
    static class CancelCtx implements CancelContext {
        final Context parent;
        final ReentrantLock mu = new ReentrantLock();
        final Chan<Void> done = Chan.make();
        private Set<CancelCtx> children = new LinkedHashSet<>(); // guarded by mu; null once cancelled
        private volatile ContextError err;

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
            ForeignThreads.noteCurrent(); // a platform thread that cancels may cancel again later
            cancel(true, Context.CANCELED);
        }

        /** cancel: close done, cancel each child, and if {@code removeFromParent}, leave the parent's set. */
        void cancel(boolean removeFromParent, ContextError e) {
            Set<CancelCtx> kids;
            mu.lock();
            try {
                if (err != null) {
                    return; // already cancelled
                }
                err = e;
                done.hchan().closeFromRuntime();
                kids = children;
                children = null;
            } finally {
                mu.unlock();
            }
            for (CancelCtx child : kids) {
                child.cancel(false, e); // the child's parent (us) drops them all at once: children = null
            }
            if (removeFromParent) {
                removeChild(parent, this);
            }
        }

        /** Adds a child, or cancels it at once if we are already cancelled. */
        void addChild(CancelCtx child) {
            ContextError e;
            mu.lock();
            try {
                e = err;
                if (e == null) {
                    children.add(child);
                    return;
                }
            } finally {
                mu.unlock();
            }
            child.cancel(false, e);
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

    /** timerCtx: a cancelCtx with a deadline, cancelled by a runtime timer. */
    static final class TimerCtx extends CancelCtx {
        final Instant deadline;
        private final TimerQueue timers;
        private final RuntimeTimer timer = new RuntimeTimer() {
            @Override
            protected Runnable fire(long now) {
                return () -> cancel(true, Context.DEADLINE_EXCEEDED); // outside the timer lock
            }
        };

        TimerCtx(Context parent, Instant deadline, TimerQueue timers) {
            super(parent);
            this.deadline = deadline;
            this.timers = timers;
        }

        @Override
        public Optional<Instant> deadline() {
            return Optional.of(deadline);
        }

        @Override
        void cancel(boolean removeFromParent, ContextError e) {
            super.cancel(removeFromParent, e);
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

        @Override
        public String toString() {
            return parent + ".WithValue(" + key + ", " + val + ")";
        }
    }

    static CancelContext withDeadline(GmpRuntime rt, Context parent, Instant d) {
        Optional<Instant> cur = parent.deadline();
        if (cur.isPresent() && cur.get().isBefore(d)) {
            // The current deadline is already sooner than the new one.
            CancelCtx c = new CancelCtx(parent);
            propagateCancel(parent, c);
            return c;
        }
        TimerCtx c = new TimerCtx(parent, d, rt.timers);
        propagateCancel(parent, c);
        Duration dur = Duration.between(Instant.now(), d);
        if (dur.isNegative() || dur.isZero()) {
            c.cancel(true, Context.DEADLINE_EXCEEDED); // deadline has already passed
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
            child.cancel(false, e); // parent is already cancelled
            return;
        }
        CancelCtx p = parentCancelCtx(parent);
        if (p != null) {
            p.addChild(child);
            return;
        }
        // A foreign Context implementation: watch it from a goroutine (context.go's goroutines counter case).
        GmpRuntime.current().go(() -> Select.make()
                .recv(pd, x -> child.cancel(false, parent.err() != null ? parent.err() : Context.CANCELED))
                .recv(child.done(), x -> { })
                .select());
    }

    /** removeChild: drop child from its closest cancelCtx ancestor. */
    static void removeChild(Context parent, CancelCtx child) {
        CancelCtx p = parentCancelCtx(parent);
        if (p != null) {
            p.removeChildLocked(child);
        }
    }
}

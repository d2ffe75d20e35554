package dev.gmp.internal.chan;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A FIFO queue of blocked senders or receivers of one channel (Go's {@code waitq}, chan.go). Guarded by the
 * channel's lock; {@link #first} is also read without the lock by the non-blocking fast paths
 * ({@link #isEmptyRacy}), so it is written with release semantics.
 */
final class WaitQ {
    private static final VarHandle FIRST;

    static {
        try {
            FIRST = MethodHandles.lookup().findVarHandle(WaitQ.class, "first", Sudog.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private Sudog first; // written with setRelease, read racily with getAcquire by isEmptyRacy
    private Sudog last;

    private void setFirst(Sudog s) {
        FIRST.setRelease(this, s);
    }

    boolean isEmptyRacy() {
        return FIRST.getAcquire(this) == null;
    }

    boolean isEmpty() {
        return first == null;
    }

    void enqueue(Sudog s) {
        s.next = null;
        Sudog x = last;
        if (x == null) {
            s.prev = null;
            setFirst(s);
            last = s;
            return;
        }
        s.prev = x;
        x.next = s;
        last = s;
    }

    /**
     * dequeue: the first waiter that can still be woken. A select's sudog whose goroutine has already been won by
     * another channel (its {@code selectDone} CAS fails) is unlinked and skipped: that goroutine is awake and will
     * clean up its other sudogs itself.
     */
    Sudog dequeue() {
        for (;;) {
            Sudog s = first;
            if (s == null) {
                return null;
            }
            Sudog y = s.next;
            if (y == null) {
                setFirst(null);
                last = null;
            } else {
                y.prev = null;
                setFirst(y);
                s.next = null;
            }
            if (s.isSelect && !s.w.winSelect()) {
                continue;
            }
            return s;
        }
    }

    /** dequeueSudog: unlink s if it is still queued; a no-op if a waker already unlinked it. */
    void remove(Sudog s) {
        Sudog x = s.prev;
        Sudog y = s.next;
        if (x != null) {
            if (y != null) {
                x.next = y;
                y.prev = x;
                s.next = null;
                s.prev = null;
                return;
            }
            x.next = null; // end of queue
            last = x;
            s.prev = null;
            return;
        }
        if (y != null) { // start of queue
            y.prev = null;
            setFirst(y);
            s.next = null;
            return;
        }
        // x == y == null: either s is the only element or it has already been removed.
        if (first == s) {
            setFirst(null);
            last = null;
        }
    }
}

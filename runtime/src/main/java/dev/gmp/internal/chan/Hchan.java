package dev.gmp.internal.chan;

import dev.gmp.GoPanic;
import dev.gmp.internal.sched.Preemption;
import dev.gmp.internal.sched.Scheduler;
import dev.gmp.internal.sched.SpinLock;
import dev.gmp.internal.timer.RuntimeTimer;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A channel (Go's {@code hchan}, runtime/chan.go, which this ports): a ring buffer of {@link #dataqsiz} slots,
 * FIFO queues of blocked receivers and senders, and a short lock ({@link SpinLock}, the superclass).
 *
 * <h2>Invariants (chan.go)</h2>
 * <ul>
 *   <li>At least one of {@code sendq} and {@code recvq} is empty, except for an unbuffered channel with a single
 *       goroutine blocked on it for both sending and receiving in a select.</li>
 *   <li>Buffered: {@code qcount > 0} implies {@code recvq} is empty; {@code qcount < dataqsiz} implies
 *       {@code sendq} is empty.</li>
 * </ul>
 *
 * <h2>Direct hand-off</h2>
 * A send that finds a parked receiver writes the value into the receiver's sudog and readies it
 * ({@code LockSupport.unpark}, through {@link Waiter#wake}); a receive that finds a parked sender takes its value
 * (unbuffered) or takes the buffer head and moves the sender's value to the tail (full buffer). The waker is
 * usually a goroutine, so the scheduler puts the woken goroutine into the waker's P's {@code runnext}, as Go's
 * {@code goready} does. Not in Go: at GOMAXPROCS above 1 a waiter on an unbuffered channel whose P has nothing else
 * to run spins briefly before it parks, and a waker that finds it spinning does not unpark it
 * ({@link Waiter#park}).
 *
 * <h2>Lock-free fast paths</h2>
 * Non-blocking operations that would fail return without the lock, reading {@link #qcount}, {@link #closed} and
 * the queue heads with acquire loads in Go's order (see {@link #recv}): a receive that observes "empty" and then
 * "not closed" linearises at the first load, when the channel was both empty and open.
 *
 * <h2>Threads that are not goroutines</h2>
 * Any thread may use a channel; a platform thread blocks like on any lock. Such a use (or making the channel
 * outside a goroutine, or using it from goroutines of two runtimes) marks the channel
 * {@link #foreign}: the deadlock detector then never counts a goroutine waiting on it as stuck, since a thread
 * the runtime cannot see might still wake it.
 *
 * <h2>Timer channels ({@code c.timer}, Go 1.23+)</h2>
 * The channel of a {@code time.Timer} or {@code time.Ticker} ({@link #makeTimerChan}) has a one-slot buffer that
 * only its timer fills ({@link #trySendFromRuntime}) and that {@code Stop} and {@code Reset} empty under the
 * timer queue's lock ({@link #drainFromRuntime}, Go's {@code timerchandrain}). To the program it looks unbuffered,
 * as in Go 1.23+ (chan.go {@code chanlen}/{@code chancap}): {@link #len()} and {@link #cap()} are 0, so no one can
 * tell a value that the runtime may still take back from one a receiver could not yet take. Receives, including
 * non-blocking ones and select, take the value as from any buffered channel.
 */
public final class Hchan extends SpinLock {
    /** Result of a non-blocking receive that found nothing. */
    public static final Object NOT_READY = new Object();
    /** Result of a receive from a closed, drained channel (Go: zero value, ok=false). */
    public static final Object CLOSED = new Object();

    private static final AtomicLong IDS = new AtomicLong(); // lock order for select (Go sorts by address)
    private static final VarHandle QCOUNT;
    private static final VarHandle CLOSED_FLAG;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            QCOUNT = l.findVarHandle(Hchan.class, "qcount", int.class);
            CLOSED_FLAG = l.findVarHandle(Hchan.class, "closed", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final long id;            // lock order; unique
    final int dataqsiz;       // size of the circular queue
    private final Object[] buf;
    private int qcount;       // guarded by lock; written with setRelease, read racily by the fast paths
    private int sendx;        // guarded by lock
    private int recvx;        // guarded by lock
    private boolean closed;   // guarded by lock; written with setRelease, read racily by the fast paths
    final WaitQ recvq = new WaitQ();
    final WaitQ sendq = new WaitQ();
    final Scheduler home;     // the scheduler of the goroutine that made it; null if made outside any runtime
    volatile boolean foreign; // sticky: used by a thread that is not a goroutine of home's runtime
    private volatile RuntimeTimer timer; // c.timer: written once by makeTimerChan, before the channel is shared

    /** makechan. */
    public Hchan(int size) {
        super(true); // back off between tries: producers and consumers take it back to back (SpinLock)
        if (size < 0) {
            throw new GoPanic("makechan: size out of range");
        }
        this.id = IDS.incrementAndGet();
        this.dataqsiz = size;
        this.buf = size == 0 ? null : new Object[size];
        this.home = ForeignThreads.callerHome();
        this.foreign = home == null; // made outside any runtime: outsiders may hold it
    }

    /** cap(c): 0 for a timer channel (chan.go chancap). */
    public int cap() {
        return timer != null ? 0 : dataqsiz;
    }

    /** len(c): racy, as in Go; 0 for a timer channel (chan.go chanlen). */
    public int len() {
        return timer != null ? 0 : (int) QCOUNT.getAcquire(this);
    }

    /**
     * Makes this one-slot channel the channel of timer {@code t} (Go's {@code c.timer = t} in newTimer). Call
     * before the channel is handed to anyone: only {@code t} sends on it.
     */
    public void makeTimerChan(RuntimeTimer t) {
        if (dataqsiz != 1 || timer != null) {
            throw new IllegalStateException("a timer channel has one slot and one timer");
        }
        timer = t;
    }

    /** Whether this is a timer channel whose timer may still send: a receiver blocked on it may be woken. */
    boolean timerMayFire() {
        RuntimeTimer t = timer;
        return t != null && t.mayFire();
    }

    public boolean isClosedRacy() {
        return (boolean) CLOSED_FLAG.getAcquire(this);
    }

    private void setQcount(int n) {
        QCOUNT.setRelease(this, n);
    }

    /** Marks the channel foreign if the caller is not a goroutine of its home runtime (see class comment). */
    void noteCaller() {
        Scheduler h = ForeignThreads.callerHome();
        if (h != home && !foreign) {
            foreign = true;
        }
    }

    /** full: a send would block (chan.go full). Racy unless the lock is held. */
    boolean full() {
        if (dataqsiz == 0) {
            return recvq.isEmptyRacy();
        }
        return (int) QCOUNT.getAcquire(this) == dataqsiz;
    }

    /** empty: a receive would block (chan.go empty). Racy unless the lock is held. */
    boolean empty() {
        if (dataqsiz == 0) {
            return sendq.isEmptyRacy();
        }
        return (int) QCOUNT.getAcquire(this) == 0;
    }

    // ---------------------------------------------------------------------------------------------------------

    /**
     * chansend: send {@code v}. With {@code block}, parks until a receiver takes it or buffer space frees up;
     * without, returns false instead of blocking.
     *
     * @throws GoPanic {@code send on closed channel}, also when the channel is closed while we are blocked
     */
    public boolean send(Object v, boolean block) {
        noteCaller();
        Preemption.poll();
        // Fast path: a failed non-blocking send without the lock. full() before closed: see chan.go.
        if (!block && !isClosedRacy() && full()) {
            return false;
        }
        lock();
        if (closed) {
            unlock();
            throw new GoPanic("send on closed channel");
        }
        if (sendWithoutWaiting(v)) {
            return true;
        }
        if (!block) {
            unlock();
            return false;
        }
        Thread me = Thread.currentThread();
        Waiter w = new Waiter(me, "chan send");
        Sudog mysg = new Sudog(w, this, v, false, 0);
        w.waiting = mysg;
        sendq.enqueue(mysg);
        unlock();
        w.park(dataqsiz == 0);
        if (!mysg.success) {
            throw new GoPanic("send on closed channel");
        }
        return true;
    }

    /**
     * chansend's two ways to complete at once: hand {@code v} to the first parked receiver, else put it in the
     * buffer. Lock held and channel open on entry; released when it returns true, still held when false (full).
     */
    private boolean sendWithoutWaiting(Object v) {
        Sudog sg = recvq.dequeue();
        if (sg != null) {
            handOffToReceiver(sg, v); // unlocks
            return true;
        }
        if (qcount < dataqsiz) {
            bufSendLocked(v);
            unlock();
            return true;
        }
        return false;
    }

    /** send (chan.go): complete a send to the parked receiver sg. Lock held on entry, released here. */
    private void handOffToReceiver(Sudog sg, Object v) {
        sendToLocked(sg, v);
        unlock();
        sg.w.wake(); // goready: into our P's runnext when we are a goroutine
    }

    /**
     * chanrecv: receive a value. Returns the value, {@link #CLOSED} for a closed and drained channel, or (only
     * without {@code block}) {@link #NOT_READY}.
     */
    public Object recv(boolean block) {
        noteCaller();
        Preemption.poll();
        // Fast path: a failed non-blocking receive without the lock (chan.go's order of loads).
        if (!block && empty()) {
            if (!isClosedRacy()) {
                // The channel was empty at the first load and open at this one; since a closed channel never
                // reopens, it was empty and open at the first load: the receive linearises there.
                return NOT_READY;
            }
            // Closed. Re-check emptiness: a send may have landed between the two loads above.
            if (empty()) {
                return CLOSED;
            }
        }
        lock();
        if (closed) {
            if (qcount == 0) {
                unlock();
                return CLOSED;
            }
            // closed with data buffered: receive it below
        } else {
            Sudog sg = sendq.dequeue();
            if (sg != null) {
                return takeFromSender(sg); // unlocks
            }
        }
        if (qcount > 0) {
            Object v = bufRecvLocked();
            unlock();
            return v;
        }
        if (!block) {
            unlock();
            return NOT_READY;
        }
        Waiter w = new Waiter(Thread.currentThread(), "chan receive");
        Sudog mysg = new Sudog(w, this, null, false, 0);
        w.waiting = mysg;
        recvq.enqueue(mysg);
        unlock();
        w.park(dataqsiz == 0);
        return mysg.success ? mysg.elem : CLOSED;
    }

    /** recv (chan.go): complete a receive from the parked sender sg ({@link #recvFromLocked}); unlocks. */
    private Object takeFromSender(Sudog sg) {
        Object v = recvFromLocked(sg);
        unlock();
        sg.w.wake();
        return v;
    }

    /**
     * closechan: close the channel, then wake every blocked receiver (they get CLOSED) and every blocked sender
     * (they panic with "send on closed channel").
     */
    public void close() {
        noteCaller();
        closeInternal();
    }

    /** close on behalf of the runtime itself (timers, context cancellation): does not mark the channel foreign. */
    public void closeFromRuntime() {
        closeInternal();
    }

    private void closeInternal() {
        lock();
        if (closed) {
            unlock();
            throw new GoPanic("close of closed channel");
        }
        CLOSED_FLAG.setRelease(this, true);
        Sudog woken = null; // glist: readied after the lock is released
        Sudog sg;
        while ((sg = recvq.dequeue()) != null) {
            sg.elem = null;
            sg.success = false;
            sg.next = woken;
            woken = sg;
        }
        while ((sg = sendq.dequeue()) != null) {
            sg.elem = null;
            sg.success = false;
            sg.next = woken;
            woken = sg;
        }
        // Publish param only after the whole queue is detached: a woken goroutine may re-lock the channel.
        for (Sudog s = woken; s != null; s = s.next) {
            s.w.param = s;
        }
        unlock();
        while (woken != null) {
            Sudog next = woken.next;
            woken.next = null;
            woken.w.wake();
            woken = next;
        }
    }

    /** A non-blocking send on behalf of the runtime (timer channels): never marks the channel foreign. */
    public boolean trySendFromRuntime(Object v) {
        if (!isClosedRacy() && full()) {
            return false;
        }
        lock();
        if (closed) {
            unlock();
            return false;
        }
        if (sendWithoutWaiting(v)) {
            return true;
        }
        unlock();
        return false;
    }

    /**
     * Empties the buffer on behalf of the runtime (Timer.stop/reset: no stale tick, Go 1.23's
     * {@code timerchandrain}). Returns whether a value was dropped, i.e. sent but not received.
     */
    public boolean drainFromRuntime() {
        if ((int) QCOUNT.getAcquire(this) == 0) {
            return false; // only the timer, under the timer queue's lock the caller holds, fills the buffer
        }
        lock();
        boolean any = qcount > 0;
        while (qcount > 0) {
            bufRecvLocked();
        }
        unlock();
        return any;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Used by select (same package); the lock is held by the caller.

    /** Whether closed; lock held. */
    boolean closedLocked() {
        return closed;
    }

    int qcountLocked() {
        return qcount;
    }

    /** Buffered send with the lock held and space available; keeps the lock. */
    void bufSendLocked(Object v) {
        buf[sendx] = v;
        if (++sendx == dataqsiz) {
            sendx = 0;
        }
        setQcount(qcount + 1);
    }

    /** Buffered receive with the lock held and data available; keeps the lock. */
    Object bufRecvLocked() {
        Object v = buf[recvx];
        buf[recvx] = null;
        if (++recvx == dataqsiz) {
            recvx = 0;
        }
        setQcount(qcount - 1);
        return v;
    }

    /** Completes a send to parked receiver sg; the lock stays held (select unlocks all channels itself). */
    static void sendToLocked(Sudog sg, Object v) {
        sg.elem = v;
        sg.success = true;
        sg.w.param = sg;
    }

    /**
     * Completes a receive from parked sender sg (chan.go recv): unbuffered, take its value; full buffer, take the
     * head and put the sender's value at the tail, so the queue stays FIFO. The lock stays held.
     */
    Object recvFromLocked(Sudog sg) {
        Object v;
        if (dataqsiz == 0) {
            v = sg.elem;
        } else {
            v = buf[recvx];
            buf[recvx] = sg.elem;
            if (++recvx == dataqsiz) {
                recvx = 0;
            }
            sendx = recvx; // the buffer is full: sendx == recvx
        }
        sg.elem = null;
        sg.success = true;
        sg.w.param = sg;
        return v;
    }

    @Override
    public String toString() {
        return "chan#" + id + "[" + len() + "/" + dataqsiz + (isClosedRacy() ? ", closed" : "") + "]";
    }
}

package dev.gmp.internal.timer;

import java.util.Arrays;
import java.util.function.BooleanSupplier;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A runtime's timers: one binary min-heap ordered by deadline and one daemon platform thread that sleeps until
 * the earliest deadline and fires what is due (the role of Go's per-P timer heaps, runtime/time.go; see below).
 *
 * <h2>Why one heap and one thread, not per-P heaps</h2>
 * Go keeps a heap per P and has {@code findRunnable} run due timers and compute how long an idle M may sleep.
 * Doing that here would put timer work into the scheduler's park/unpark protocol. A single heap costs the same
 * O(log n) per add, stop and reset, and 100,000 pending timers are 100,000 small objects in one array: no thread
 * per timer. Firing readies goroutines from a platform thread, which the scheduler treats like Go's timer and
 * netpoller wake-ups (global queue, then wakep). The price is one lock shared by all Ps; it is held for
 * O(log n) array moves only.
 *
 * <h2>Pending count</h2>
 * {@link #pending()} counts timers in the heap plus those being fired right now (popped but whose effect, e.g.
 * readying a goroutine, is not done yet), so the deadlock detector never sees "no timers" while a timer can
 * still wake someone. Channel timers ({@link RuntimeTimer#isChan}) are left out: they wake only a goroutine
 * blocked on their channel, and the deadlock rule asks the channel about them (see {@link RuntimeTimer}).
 *
 * <h2>Lock fairness</h2>
 * The lock is fair and the timer thread lets queued threads in after each timer it fires: a ticker with a tiny
 * period (Go's own tests reset one to 1 ns) is due again at once, and with a barging lock the timer thread would
 * keep the lock and starve the goroutine calling {@code Stop}.
 */
public final class TimerQueue {
    private final String name;
    private final ReentrantLock lock = new ReentrantLock(true); // fair: see "Lock fairness"
    private final Condition changed = lock.newCondition();
    private RuntimeTimer[] heap = new RuntimeTimer[16]; // guarded by lock
    private int size;                                    // guarded by lock
    private int wakers;                                  // guarded by lock: heap timers that are not isChan
    private volatile int inFlight;                       // written by the timer thread only; isChan ones not counted
    private volatile int count;                          // wakers, published for pending()
    private volatile int total;                          // size, published for size()
    private Thread thread;                               // guarded by lock; started on first add
    private boolean stopped;                             // guarded by lock

    public TimerQueue(String name) {
        this.name = name;
    }

    /** Timers that may still wake someone by themselves: in the heap or firing now, channel timers left out. */
    public int pending() {
        return count + inFlight;
    }

    /** Timers in the heap, channel timers included. */
    public int size() {
        return total;
    }

    /** addtimer: schedule t at {@code when} (nanoTime), repeating every {@code period} ns if period > 0. */
    public void add(RuntimeTimer t, long when, long period) {
        lock.lock();
        try {
            if (t.index >= 0) {
                throw new IllegalStateException("timer already pending");
            }
            t.when = when;
            t.period = period;
            push(t);
            if (t.index == 0) {
                ensureThread();
                changed.signal();
            }
        } finally {
            lock.unlock();
        }
    }

    /** deltimer: unschedule t. Returns whether it was pending. */
    public boolean remove(RuntimeTimer t) {
        lock.lock();
        try {
            return removeLocked(t);
        } finally {
            lock.unlock();
        }
    }

    /**
     * modtimer: reschedule t to {@code when} (and {@code period}), pending or not; {@code onLock}, if not null,
     * runs first with the lock held (Timer.reset drains its channel there, as Go 1.23's {@code timerchandrain}).
     * Returns whether t was pending or {@code onLock} returned true.
     */
    public boolean reset(RuntimeTimer t, long when, long period, BooleanSupplier onLock) {
        lock.lock();
        try {
            boolean was = removeLocked(t);
            if (onLock != null && onLock.getAsBoolean()) {
                was = true;
            }
            t.when = when;
            t.period = period;
            push(t);
            if (t.index == 0) {
                ensureThread();
                changed.signal();
            }
            return was;
        } finally {
            lock.unlock();
        }
    }

    /**
     * deltimer, then {@code onLock} with the queue's lock held (Timer.stop drains its channel atomically with the
     * stop: no fire can come in between). Returns whether t was pending or {@code onLock} returned true.
     */
    public boolean removeThen(RuntimeTimer t, BooleanSupplier onLock) {
        lock.lock();
        try {
            boolean was = removeLocked(t);
            return onLock.getAsBoolean() || was;
        } finally {
            lock.unlock();
        }
    }

    /** Stops the timer thread; pending timers never fire. */
    public void shutdown() {
        lock.lock();
        try {
            stopped = true;
            changed.signal();
        } finally {
            lock.unlock();
        }
    }

    private void ensureThread() {
        if (thread == null && !stopped) {
            thread = Thread.ofPlatform().daemon().name(name + "-timers").unstarted(this::loop);
            thread.start();
        }
    }

    /** The timer thread: sleep until the earliest deadline, then fire everything due. */
    private void loop() {
        lock.lock();
        try {
            while (!stopped) {
                if (size == 0) {
                    changed.awaitUninterruptibly();
                    continue;
                }
                long now = System.nanoTime();
                RuntimeTimer t = heap[0];
                long wait = t.when - now;
                if (wait > 0) {
                    try {
                        changed.awaitNanos(wait);
                    } catch (InterruptedException e) {
                        // not expected on this private thread; just re-check
                    }
                    continue;
                }
                // Counted as firing before it leaves the heap, so pending() and mayFire() never miss it in between.
                t.firing = true;
                if (!t.isChan) {
                    inFlight = inFlight + 1;
                }
                removeAt(0);
                if (t.period > 0) {
                    long next = t.when + t.period;
                    if (next <= now) { // skip missed ticks, keep the phase (time.go: t.when += period * (1 + -delta/period))
                        next += t.period * ((now - next) / t.period + 1);
                    }
                    t.when = next;
                    push(t);
                }
                Runnable after;
                try {
                    after = t.fire(now);
                } catch (Throwable e) {
                    after = null;
                    e.printStackTrace();
                }
                if (after != null) {
                    lock.unlock();
                    try {
                        after.run();
                    } catch (Throwable e) {
                        e.printStackTrace();
                    } finally {
                        lock.lock();
                    }
                }
                t.firing = false;
                if (!t.isChan) {
                    inFlight = inFlight - 1;
                }
                if (lock.hasQueuedThreads()) {
                    lock.unlock(); // fair lock: the queued stop/reset/add goes first (see "Lock fairness")
                    lock.lock();
                }
            }
        } finally {
            lock.unlock();
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // The heap (lock held)

    private boolean removeLocked(RuntimeTimer t) {
        int i = t.index;
        if (i < 0) {
            return false;
        }
        removeAt(i);
        return true;
    }

    private void push(RuntimeTimer t) {
        if (size == heap.length) {
            heap = Arrays.copyOf(heap, size * 2);
        }
        heap[size] = t;
        t.index = size;
        size++;
        total = size;
        if (!t.isChan) {
            count = ++wakers;
        }
        siftUp(t.index);
    }

    private void removeAt(int i) {
        RuntimeTimer t = heap[i];
        int last = --size;
        total = size;
        if (!t.isChan) {
            count = --wakers;
        }
        if (i != last) {
            RuntimeTimer moved = heap[last];
            heap[i] = moved;
            moved.index = i;
            heap[last] = null;
            siftDown(i);
            if (moved.index == i) {
                siftUp(i);
            }
        } else {
            heap[last] = null;
        }
        t.index = -1;
        if (size < heap.length / 4 && heap.length > 16) {
            heap = Arrays.copyOf(heap, heap.length / 2);
        }
    }

    private void siftUp(int i) {
        RuntimeTimer t = heap[i];
        while (i > 0) {
            int p = (i - 1) >>> 1;
            RuntimeTimer pt = heap[p];
            if (pt.when - t.when <= 0) {
                break;
            }
            heap[i] = pt;
            pt.index = i;
            i = p;
        }
        heap[i] = t;
        t.index = i;
    }

    private void siftDown(int i) {
        RuntimeTimer t = heap[i];
        int half = size >>> 1;
        while (i < half) {
            int c = 2 * i + 1;
            int r = c + 1;
            if (r < size && heap[r].when - heap[c].when < 0) {
                c = r;
            }
            if (t.when - heap[c].when <= 0) {
                break;
            }
            heap[i] = heap[c];
            heap[i].index = i;
            i = c;
        }
        heap[i] = t;
        t.index = i;
    }
}

package dev.gmp;

import dev.gmp.internal.chan.Blocking;
import dev.gmp.internal.chan.Hchan;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * A Go channel ({@code chan T}; runtime/chan.go). Unbuffered ({@link #make()}) or buffered ({@link #make(int)}),
 * with Go's semantics:
 * <ul>
 *   <li>{@link #send} blocks until a receiver takes the value (unbuffered) or there is buffer space; a value is
 *       handed directly to a parked receiver.</li>
 *   <li>{@link #recv} blocks until a value arrives; from a closed, drained channel it returns {@code null}
 *       ({@link #recvOk} says {@code ok=false}).</li>
 *   <li>{@code send} on a closed channel, and a sender blocked when the channel is closed, fail with
 *       {@link GoPanic} {@code send on closed channel}; {@code close of closed channel}; {@code close of nil
 *       channel}.</li>
 *   <li>The {@link #nil()} channel blocks forever on send and receive and is never ready in a {@link Select}.</li>
 *   <li>Iteration is Go's {@code for v := range c}: it ends after the channel is closed and drained.</li>
 * </ul>
 * Values may be {@code null} (Go's zero value); use {@link #recvOk} to tell a received {@code null} from a closed
 * channel.
 *
 * <p>From a goroutine, blocking parks the goroutine (its M runs others) and a wake-up goes to the waker's P's
 * {@code runnext}. From any other thread it works too, blocking that thread like a lock would.
 * Channel waits are not interruptible (Go has no interrupts); the interrupt status is kept for the caller.
 *
 * @param <T> element type
 */
public final class Chan<T> implements SendChan<T>, RecvChan<T> {
    private static final Chan<?> NIL = new Chan<>(null);

    final Hchan c; // null for the nil channel

    private Chan(Hchan c) {
        this.c = c;
    }

    /** {@code make(chan T)}: an unbuffered channel. */
    public static <T> Chan<T> make() {
        return new Chan<>(new Hchan(0));
    }

    /**
     * {@code make(chan T, size)}: a channel with a buffer of {@code size} elements.
     *
     * @throws GoPanic {@code makechan: size out of range} if {@code size < 0}
     */
    public static <T> Chan<T> make(int size) {
        return new Chan<>(new Hchan(size));
    }

    /** The nil channel ({@code var c chan T}): blocks forever; never ready in select; close panics. */
    @SuppressWarnings("unchecked")
    public static <T> Chan<T> nil() {
        return (Chan<T>) NIL;
    }

    /** Whether this is the nil channel. */
    @Override
    public boolean isNil() {
        return c == null;
    }

    /** This channel as a send-only channel (Go's conversion to {@code chan<- T}). */
    public SendChan<T> sendOnly() {
        return this;
    }

    /** This channel as a receive-only channel (Go's conversion to {@code <-chan T}). */
    public RecvChan<T> recvOnly() {
        return this;
    }

    /** {@code c <- v}. */
    @Override
    public void send(T v) {
        if (c == null) {
            Blocking.forever("chan send (nil chan)");
        }
        c.send(v, true);
    }

    /** {@code select { case c <- v: return true; default: return false }}. */
    @Override
    public boolean trySend(T v) {
        if (c == null) {
            return false;
        }
        return c.send(v, false);
    }

    /** {@code v := <-c}: the value, or {@code null} once the channel is closed and drained. */
    @SuppressWarnings("unchecked")
    @Override
    public T recv() {
        if (c == null) {
            Blocking.forever("chan receive (nil chan)");
        }
        Object v = c.recv(true);
        return v == Hchan.CLOSED ? null : (T) v;
    }

    /** {@code v, ok := <-c}. */
    @SuppressWarnings("unchecked")
    @Override
    public Recv<T> recvOk() {
        if (c == null) {
            Blocking.forever("chan receive (nil chan)");
        }
        Object v = c.recv(true);
        return v == Hchan.CLOSED ? Recv.closed() : new Recv<>((T) v, true);
    }

    /**
     * {@code select { case v, ok := <-c: ...; default: ... }}: {@code null} if no value is ready (would block),
     * else the result ({@code ok=false} for a closed, drained channel).
     */
    @SuppressWarnings("unchecked")
    @Override
    public Recv<T> tryRecv() {
        if (c == null) {
            return null;
        }
        Object v = c.recv(false);
        if (v == Hchan.NOT_READY) {
            return null;
        }
        return v == Hchan.CLOSED ? Recv.closed() : new Recv<>((T) v, true);
    }

    /** {@code close(c)}. */
    @Override
    public void close() {
        if (c == null) {
            throw new GoPanic("close of nil channel");
        }
        c.close();
    }

    /** {@code len(c)}: values buffered now (0 for nil and unbuffered channels). */
    @Override
    public int len() {
        return c == null ? 0 : c.len();
    }

    /** {@code cap(c)}: the buffer size (0 for nil and unbuffered channels). */
    @Override
    public int cap() {
        return c == null ? 0 : c.cap();
    }

    /** {@code for v := range c}: receives until the channel is closed and drained (forever on nil). */
    @Override
    public Iterator<T> iterator() {
        return new Iterator<>() {
            private Object next = Hchan.NOT_READY; // NOT_READY: not fetched yet

            @Override
            public boolean hasNext() {
                if (next == Hchan.NOT_READY) {
                    if (c == null) {
                        Blocking.forever("chan receive (nil chan)");
                    }
                    next = c.recv(true);
                }
                return next != Hchan.CLOSED;
            }

            @Override
            @SuppressWarnings("unchecked")
            public T next() {
                if (!hasNext()) {
                    throw new NoSuchElementException("channel closed");
                }
                T v = (T) next;
                next = Hchan.NOT_READY;
                return v;
            }
        };
    }

    /** Internal: the runtime channel (null for nil). */
    Hchan hchan() {
        return c;
    }

    @Override
    public String toString() {
        return c == null ? "chan(nil)" : c.toString();
    }
}

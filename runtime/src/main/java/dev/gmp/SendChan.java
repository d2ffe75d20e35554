package dev.gmp;

/**
 * A send-only channel (Go's {@code chan<- T}; golang/go src/runtime/chan.go, directions in the Go spec's
 * "Channel types"): the operations a producer needs, and no receive. A {@link Chan} is one (as Go converts
 * {@code chan T} to {@code chan<- T} implicitly), and {@link Chan#sendOnly()} names the conversion.
 *
 * <pre>{@code
 * static void produce(SendChan<Integer> out) {   // func produce(out chan<- int)
 *     for (int i = 0; i < 3; i++) out.send(i);
 *     out.close();
 * }
 * }</pre>
 * Usable as a send case of a {@link Select}. Sealed: {@link Chan} is its only implementation, so it carries Go's
 * channel semantics exactly; unlike Go's static type, a cast back to {@code Chan} is possible, and is not meant.
 */
public sealed interface SendChan<T> permits Chan {
    /** {@code c <- v}; see {@link Chan#send}. */
    void send(T v);

    /** {@code select { case c <- v: return true; default: return false }}. */
    boolean trySend(T v);

    /** {@code close(c)}: allowed on a send-only channel, as in Go. */
    void close();

    /** {@code len(c)}. */
    int len();

    /** {@code cap(c)}. */
    int cap();

    /** Whether this is the nil channel. */
    boolean isNil();
}

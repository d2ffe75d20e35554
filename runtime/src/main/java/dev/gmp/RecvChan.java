package dev.gmp;

/**
 * A receive-only channel (Go's {@code <-chan T}; golang/go src/runtime/chan.go, directions in the Go spec's
 * "Channel types"): the operations a consumer needs; no send and no close (closing is the sender's business;
 * Go rejects {@code close} of a receive-only channel at compile time). A {@link Chan} is one, and
 * {@link Chan#recvOnly()} names the conversion.
 *
 * <pre>{@code
 * static RecvChan<Integer> counter(int n) {       // func counter(n int) <-chan int
 *     Chan<Integer> c = Chan.make();
 *     Go.go(() -> { for (int i = 0; i < n; i++) c.send(i); c.close(); });
 *     return c;
 * }
 * for (int v : counter(3)) System.out.println(v);
 * }</pre>
 * Usable as a receive case of a {@link Select}. Sealed: {@link Chan} is its only implementation; unlike Go's
 * static type, a cast back to {@code Chan} is possible, and is not meant.
 */
public sealed interface RecvChan<T> extends Iterable<T> permits Chan {
    /** {@code v := <-c}; see {@link Chan#recv}. */
    T recv();

    /** {@code v, ok := <-c}. */
    Recv<T> recvOk();

    /** {@code select { case v, ok := <-c: ...; default: ... }}: null if it would block. */
    Recv<T> tryRecv();

    /** {@code len(c)}. */
    int len();

    /** {@code cap(c)}. */
    int cap();

    /** Whether this is the nil channel. */
    boolean isNil();
}

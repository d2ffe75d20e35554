package dev.gmp.bench.chan;

/**
 * The channel operations the channel benchmarks need, over three implementations: a GMP {@code Chan}, the
 * {@code java.util.concurrent} queue a Java programmer would use instead ({@code SynchronousQueue} unbuffered,
 * {@code ArrayBlockingQueue} buffered), and a Jox channel. Each benchmark fork uses one implementation, so the
 * interface call is monomorphic.
 */
public interface Pipe {
    /** {@code c <- v}. */
    void send(Integer v);

    /** {@code v := <-c}; {@code null} once closed and drained. */
    Integer recv();

    /** {@code select { case v := <-c: return v; default: return null }}. */
    Integer tryRecv();

    /**
     * {@code close(c)}. The j.u.c queues have no close: a poison value stands in for it, which is only right with
     * one receiver (the sieve's case).
     */
    void close();

    /** The pipe for a benchmark's {@code impl}: {@code gmp}, {@code jdk} (j.u.c) or {@code jox}. */
    static Pipe make(String impl, int cap) {
        return switch (impl) {
            case "gmp" -> new GmpPipe(cap);
            case "jdk" -> new JucPipe(cap);
            case "jox" -> new JoxPipe(cap);
            default -> throw new IllegalArgumentException("impl=" + impl + ": valid: gmp, jdk, jox");
        };
    }
}

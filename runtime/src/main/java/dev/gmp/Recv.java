package dev.gmp;

/**
 * The result of {@code v, ok := <-c}: {@code ok} is false only when the channel is closed and drained, and then
 * {@code value} is {@code null} (Go's zero value).
 */
public record Recv<T>(T value, boolean ok) {
    private static final Recv<?> CLOSED = new Recv<>(null, false);

    @SuppressWarnings("unchecked")
    static <T> Recv<T> closed() {
        return (Recv<T>) CLOSED;
    }
}

package dev.gmp.examples;

import dev.gmp.Gmp;
import dev.gmp.Go;

/**
 * A goroutine's uncaught exception is a Go panic: watch the report on stderr in Go's shape
 * ({@code panic: ...}, {@code goroutine N [running]:}, the stack, {@code created by ... in goroutine M}).
 * With {@code panic=exit} the process would exit with status 2 like a Go program; the default logs and counts.
 */
public final class Panics implements Example {
    @Override
    public String name() {
        return "panic";
    }

    @Override
    public String summary() {
        return "an uncaught exception in a goroutine, reported in Go's panic shape";
    }

    @Override
    public String run(Narrator out) throws Exception {
        out.say("A goroutine throws. The report below (stderr) has Go's shape; the count is in the stats.");
        long before = Gmp.stats().panics();
        Go.run(() -> Go.go(() -> {
            throw new IllegalStateException("index out of range [5] with length 3");
        }));
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (Gmp.stats().panics() == before && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        Thread.sleep(50);
        return "panics +" + (Gmp.stats().panics() - before);
    }
}

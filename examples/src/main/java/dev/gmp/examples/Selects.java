package dev.gmp.examples;

import dev.gmp.Chan;
import dev.gmp.Go;
import dev.gmp.Select;
import dev.gmp.Time;
import java.time.Duration;
import java.time.Instant;

/**
 * select: wait on several channels at once. A fast producer (every 5 ms) and a slow one (every 25 ms) feed one
 * consumer that selects over both plus a {@code time.After(200ms)} timeout; then a {@code select} with a
 * {@code default} case on empty channels returns at once. Watch: both cases are taken in proportion to their
 * rates, the timeout case ends the loop, and the default case never blocks.
 */
public final class Selects implements Example {
    @Override
    public String name() {
        return "select";
    }

    @Override
    public String summary() {
        return "select over two producers and a time.After timeout; select with default";
    }

    @Override
    public String run(Narrator out) throws Exception {
        out.say("consumer: for { select { case <-fast: ...; case <-slow: ...; case <-timeout: return } }\n"
                + "fast sends every 5 ms, slow every 25 ms, timeout = time.After(200ms). While it waits, the\n"
                + "consumer parks in [select]. Then select { case <-empty: ...; default: ... } returns at once.");
        int[] counts = new int[3];
        long[] defaultNanos = new long[1];
        Go.run(() -> {
            Chan<Integer> fast = Chan.make();
            Chan<Integer> slow = Chan.make();
            Chan<Boolean> stop = Chan.make();
            producer(fast, Duration.ofMillis(5), stop);
            producer(slow, Duration.ofMillis(25), stop);
            Chan<Instant> timeout = Time.after(Duration.ofMillis(200));
            boolean[] done = new boolean[1];
            Select sel = Select.make()
                    .recv(fast, v -> counts[0]++)
                    .recv(slow, v -> counts[1]++)
                    .recv(timeout, t -> done[0] = true);
            while (!done[0]) {
                sel.select();
            }
            counts[2] = 1;
            stop.close(); // tells both producers to return (a closed channel is always ready)

            Chan<Integer> empty = Chan.make();
            long t0 = System.nanoTime();
            int chosen = Select.make().recv(empty).defaultCase().select();
            defaultNanos[0] = System.nanoTime() - t0;
            if (chosen != -1) {
                throw new IllegalStateException("default not taken");
            }
        });
        out.say(String.format("in 200 ms: %d values from fast, %d from slow; then the timeout case fired",
                counts[0], counts[1]));
        out.say(String.format("select with default on an empty channel returned in %,d ns (default taken)",
                defaultNanos[0]));
        return "fast " + counts[0] + ", slow " + counts[1] + ", timeout fired, default taken";
    }

    /** Sends 1, 2, 3, ... every {@code every} until {@code stop} is closed. */
    private static void producer(Chan<Integer> c, Duration every, Chan<Boolean> stop) {
        Go.go(() -> {
            boolean[] stopped = new boolean[1];
            for (int i = 1; !stopped[0]; i++) {
                Go.sleep(every);
                Select.make().send(c, i).recv(stop, v -> stopped[0] = true).select();
            }
        });
    }
}

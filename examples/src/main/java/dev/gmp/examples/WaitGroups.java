package dev.gmp.examples;

import dev.gmp.Gmp;
import dev.gmp.GmpStats;
import dev.gmp.Go;
import dev.gmp.WaitGroup;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * WaitGroup: wait for many goroutines to finish (the seeds' {@code wg.Add(1); go func() { defer wg.Done() }};
 * {@code wg.Wait()}). 1,000 goroutines each sleep 100 ms and add their id to a sum. Watch: the main goroutine
 * parks with wait reason {@code sync.WaitGroup.Wait} while the 1,000 park in {@code sleep}; no thread waits for
 * either; the whole fan-out takes about one sleep (100 ms), not 1,000 of them (100 s).
 */
public final class WaitGroups implements Example {
    static final int N = 1_000;

    @Override
    public String name() {
        return "waitgroup";
    }

    @Override
    public String summary() {
        return "WaitGroup: 1,000 sleeping goroutines joined in about one sleep";
    }

    @Override
    public String run(Narrator out) throws Exception {
        out.say("main: for i in 0..999 { wg.add(1); go { sleep 100ms; sum += i; wg.done() } }; wg.await().\n"
                + "While they sleep, the goroutines are counted by state: main waits (parked) in\n"
                + "sync.WaitGroup.Wait, the others in sleep. Then the sum and the elapsed time.");
        AtomicLong sum = new AtomicLong();
        long[] elapsed = new long[1];
        GmpStats.GoroutineStats[] seen = new GmpStats.GoroutineStats[1];
        Go.run(() -> {
            WaitGroup wg = new WaitGroup();
            long t0 = System.nanoTime();
            for (int i = 0; i < N; i++) {
                long id = i;
                wg.add(1);
                Go.go(() -> {
                    try {
                        Go.sleep(Duration.ofMillis(100));
                        sum.addAndGet(id);
                    } finally {
                        wg.done();
                    }
                });
            }
            // A watcher goroutine samples the goroutine states while main is parked in await.
            wg.go(() -> seen[0] = Gmp.stats().goroutines());
            wg.await();
            elapsed[0] = (System.nanoTime() - t0) / 1_000_000;
        });
        long expected = (long) N * (N - 1) / 2;
        out.say(String.format("sampled mid-way: %,d goroutines live, %,d waiting, %d running, %d runnable",
                seen[0].live(), seen[0].waiting(), seen[0].running(), seen[0].runnable()));
        out.say(String.format("sum = %,d (expected %,d); %d goroutines joined in %d ms", sum.get(), expected, N,
                elapsed[0]));
        return N + " goroutines x 100 ms sleep joined in " + elapsed[0] + " ms";
    }
}

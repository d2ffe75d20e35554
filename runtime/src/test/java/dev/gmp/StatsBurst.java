package dev.gmp;

/**
 * A burst of short-lived goroutines, and what the statistics saw of it: how many goroutines they counted as
 * created and how many scheduling-latency samples they took. Shared by the latency-sampling test and the tests
 * of {@code -Dgmp.stats=off} and {@code paired}.
 */
final class StatsBurst {
    /** The counts the statistics added during one burst. */
    record Seen(long created, long latencySamples) {}

    private StatsBurst() {}

    /**
     * Runs {@code n} goroutines (a multiple of 100) on {@code rt}, 100 at a time, each doing nothing, from a main
     * goroutine: {@code n + 1} goroutines created.
     */
    static Seen run(GmpRuntime rt, int n) {
        long created = rt.stats().goroutines().created();
        long samples = rt.stats().schedLatency().count();
        rt.run(() -> {
            for (int b = 0; b < n / 100; b++) {
                WaitGroup wg = new WaitGroup();
                wg.add(100);
                for (int i = 0; i < 100; i++) {
                    rt.go(wg::done);
                }
                wg.await();
            }
        });
        return new Seen(rt.stats().goroutines().created() - created, rt.stats().schedLatency().count() - samples);
    }

    static GmpRuntime runtime(String name) {
        return GmpRuntime.builder().name(name).gomaxprocs(1).onFatal(m -> { }).build();
    }
}

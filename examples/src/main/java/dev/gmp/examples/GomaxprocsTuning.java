package dev.gmp.examples;

import dev.gmp.Go;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * GOMAXPROCS tuning. The same CPU-bound and I/O-bound (sleeping) loads at GOMAXPROCS 1 and 2. Watch: CPU work
 * speeds up with more Ps (up to the cores you have); sleeping work does not care, because a sleeping goroutine
 * holds no P.
 */
public final class GomaxprocsTuning implements Example {
    @Override
    public String name() {
        return "gomaxprocs";
    }

    @Override
    public String summary() {
        return "CPU-bound and sleeping loads at GOMAXPROCS 1 and 2";
    }

    @Override
    public String run(Narrator out) throws Exception {
        out.say("64 goroutines x 5ms CPU, then 1,000 goroutines x 50ms sleep, at GOMAXPROCS=1 and =2.\n"
                + "Go.gomaxprocs(n) changes the number of Ps at run time.");
        int old = Go.gomaxprocs(0);
        StringBuilder figure = new StringBuilder();
        for (int procs : new int[] {1, 2}) {
            Go.gomaxprocs(procs);
            long cpu = time(64, () -> Work.spin(5_000_000));
            long io = time(1_000, () -> Go.sleep(Duration.ofMillis(50)));
            out.say(String.format("GOMAXPROCS=%d: cpu-bound %4d ms, sleeping %4d ms", procs, cpu, io));
            figure.append(procs == 1 ? "" : ", ").append("P=").append(procs).append(" cpu ").append(cpu).append("ms");
        }
        Go.gomaxprocs(old);
        return figure.toString();
    }

    private static long time(int n, Runnable body) {
        CountDownLatch done = new CountDownLatch(n);
        long t0 = System.nanoTime();
        Go.run(() -> {
            for (int i = 0; i < n; i++) {
                Go.go(() -> {
                    body.run();
                    done.countDown();
                });
            }
            Work.await(done);
        });
        return (System.nanoTime() - t0) / 1_000_000;
    }
}

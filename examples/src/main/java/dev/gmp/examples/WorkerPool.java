package dev.gmp.examples;

import dev.gmp.Chan;
import dev.gmp.Go;
import dev.gmp.WaitGroup;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A worker pool: the seeds' advice "avoid creating unbounded goroutines: use a worker pool". 5,000 jobs (each
 * waits 2 ms, like a small I/O call, then hashes a little), run twice: one goroutine per job, and a pool of
 * 50 workers reading a buffered jobs channel and writing a results channel. Watch the peak number of live
 * goroutines (5,000 against about 50) for a similar wall time: the bound costs little when the work waits.
 */
public final class WorkerPool implements Example {
    static final int JOBS = 5_000;
    static final int WORKERS = 50;

    @Override
    public String name() {
        return "workerpool";
    }

    @Override
    public String summary() {
        return "5,000 jobs: a goroutine each vs a pool of 50 workers over channels";
    }

    /** Unbounded and pooled outcomes of the last run (for tests). */
    volatile Outcome[] last;

    /** The outcome of one way of running the jobs. */
    record Outcome(int peakLive, long millis, long checksum) {}

    @Override
    public String run(Narrator out) throws Exception {
        out.say("jobs := make(chan int, 100); results := make(chan int, 100); 50 workers: for j := range jobs\n"
                + "{ results <- work(j) }. Against: go work(j) for every job. Each job waits 2 ms and hashes.\n"
                + "A monitor goroutine samples runtime.NumGoroutine every millisecond; watch the peaks.");
        int base = Go.numGoroutine();
        Outcome unbounded = measure(false, base);
        // The unbounded run's goroutines may still be exiting after their results arrived: wait for them, so
        // they do not count against the pool's peak.
        Work.until(() -> Go.numGoroutine() <= base, 30_000);
        Outcome pool = measure(true, base);
        out.out().printf("   %-26s %12s %10s%n", "", "peak live G", "wall ms");
        out.out().printf("   %-26s %,12d %10d%n", "one goroutine per job", unbounded.peakLive(), unbounded.millis());
        out.out().printf("   %-26s %,12d %10d%n", "pool of " + WORKERS + " workers", pool.peakLive(), pool.millis());
        last = new Outcome[] {unbounded, pool};
        if (unbounded.checksum() != pool.checksum()) {
            throw new IllegalStateException("the two runs computed different results");
        }
        return String.format("peak goroutines %,d unbounded vs %d pooled", unbounded.peakLive(), pool.peakLive());
    }

    Outcome measure(boolean pooled, int base) {
        AtomicInteger peak = new AtomicInteger();
        long[] result = new long[2];
        Go.run(() -> {
            Chan<Boolean> stopMonitor = Chan.make();
            WaitGroup monitor = new WaitGroup();
            monitor.go(() -> {
                while (stopMonitor.tryRecv() == null) {
                    peak.accumulateAndGet(Go.numGoroutine() - base, Math::max);
                    Go.sleep(Duration.ofMillis(1));
                }
            });
            long t0 = System.nanoTime();
            // Besides the monitor's samples (which a loaded machine may delay past the run), one at the moment
            // the most goroutines are certainly alive, so the peak never depends on timing.
            Runnable sample = () -> peak.accumulateAndGet(Go.numGoroutine() - base, Math::max);
            result[1] = pooled ? pool(sample) : unbounded(sample);
            result[0] = (System.nanoTime() - t0) / 1_000_000;
            stopMonitor.close();
            monitor.await();
        });
        return new Outcome(peak.get(), result[0], result[1]);
    }

    private static long unbounded(Runnable sample) {
        Chan<Long> results = Chan.make(100);
        for (int j = 0; j < JOBS; j++) {
            int job = j;
            Go.go(() -> results.send(work(job)));
        }
        sample.run(); // nothing received yet: at most 100 jobs can have ended (the buffer), the rest are alive
        long sum = 0;
        for (int j = 0; j < JOBS; j++) {
            sum += results.recv();
        }
        return sum;
    }

    private static long pool(Runnable sample) {
        Chan<Integer> jobs = Chan.make(100);
        Chan<Long> results = Chan.make(100);
        WaitGroup workers = new WaitGroup();
        for (int w = 0; w < WORKERS; w++) {
            workers.go(() -> {
                for (int job : jobs) {
                    results.send(work(job));
                }
            });
        }
        sample.run(); // no worker can end before jobs is closed, below: all of them are alive
        Go.go(() -> {
            for (int j = 0; j < JOBS; j++) {
                jobs.send(j);
            }
            jobs.close();
        });
        Go.go(() -> {
            workers.await();
            results.close();
        });
        long sum = 0;
        for (long r : results) {
            sum += r;
        }
        return sum;
    }

    /** One job: a 2 ms wait (a stand-in for a small I/O call), then a little CPU. */
    static long work(int job) {
        Go.sleep(Duration.ofMillis(2));
        long h = job;
        for (int i = 0; i < 1_000; i++) {
            h = h * 0x9E3779B97F4A7C15L + i;
        }
        return h & 0xffff;
    }
}

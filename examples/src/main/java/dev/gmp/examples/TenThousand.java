package dev.gmp.examples;

import dev.gmp.Gmp;
import dev.gmp.GmpStats;
import dev.gmp.Go;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Ten thousand goroutines at once. Watch: the spawning P's 256-slot local queue fills, half of it overflows
 * to the global queue in batches (runq overflows), idle Ps wake up, take global batches and steal half of a
 * busy P's queue (steals), until the work is spread over every P.
 */
public final class TenThousand implements Example {
    @Override
    public String name() {
        return "ten-thousand";
    }

    @Override
    public String summary() {
        return "10,000 goroutines at once: local queues overflow to global, idle Ps steal";
    }

    @Override
    public String run(Narrator out) throws Exception {
        out.say("One goroutine starts 10,000 goroutines that each do ~50us of work. `go` puts each new G in\n"
                + "the spawner's P (runnext, then its 256-slot ring); a full ring moves half to the global queue.\n"
                + "Other Ps take global batches and steal. Look at overflows, steals and the per-P queues below.");
        GmpStats before = Gmp.stats();
        int n = 10_000;
        CountDownLatch done = new CountDownLatch(n);
        AtomicInteger peakGlobal = new AtomicInteger();
        Go.run(() -> {
            for (int i = 0; i < n; i++) {
                Go.go(() -> {
                    Work.spin(50_000);
                    done.countDown();
                });
                if (i % 1000 == 999) {
                    peakGlobal.accumulateAndGet(Gmp.stats().globalRunqueue(), Math::max);
                }
            }
            out.say("right after spawning:");
            out.schedtrace();
            Work.await(done);
        });
        GmpStats after = Gmp.stats();
        out.counters(before, after);
        out.say("peak global run queue seen while spawning: " + peakGlobal.get());
        return "steals +" + (after.steals() - before.steals()) + ", overflows +"
                + (after.runqueueOverflows() - before.runqueueOverflows());
    }
}

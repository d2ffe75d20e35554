package dev.gmp.examples;

import dev.gmp.Gmp;
import dev.gmp.GmpStats;
import dev.gmp.Go;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.LongAdder;

/**
 * Work stealing made visible. All 200 goroutines are created on one P; no other P has anything. Watch the
 * per-P "stolen" column: an idle P that wakes up steals half of the busy P's queue at a time, and the work
 * ends up spread over all Ms.
 */
public final class WorkStealing implements Example {
    @Override
    public String name() {
        return "stealing";
    }

    @Override
    public String summary() {
        return "all work spawned on one P; the other Ps steal half of its queue at a time";
    }

    @Override
    public String run(Narrator out) throws Exception {
        out.say("200 goroutines of ~1ms CPU each are spawned by one goroutine, so they all land on its P.\n"
                + "Every other P starts empty: its M spins, finds nothing in the global queue, and steals\n"
                + "half of the busy P's run queue (runqsteal). The table shows who stole what.");
        GmpStats before = Gmp.stats();
        int n = 200;
        CountDownLatch done = new CountDownLatch(n);
        Map<String, LongAdder> byThread = new ConcurrentHashMap<>();
        Go.run(() -> {
            for (int i = 0; i < n; i++) {
                Go.go(() -> {
                    Work.spin(1_000_000);
                    byThread.computeIfAbsent(carrierName(), k -> new LongAdder()).increment();
                    done.countDown();
                });
            }
            Work.await(done);
        });
        GmpStats after = Gmp.stats();
        out.out().printf("   %-4s %8s %10s%n", "P", "steals", "stolen");
        for (int i = 0; i < after.processors().size(); i++) {
            GmpStats.ProcessorStats a = after.processors().get(i);
            long s0 = i < before.processors().size() ? before.processors().get(i).steals() : 0;
            long g0 = i < before.processors().size() ? before.processors().get(i).stolenGoroutines() : 0;
            out.out().printf("   P%-3d %8d %10d%n", a.id(), a.steals() - s0, a.stolenGoroutines() - g0);
        }
        out.say("goroutines finished per carrier thread (M): " + byThread);
        out.counters(before, after);
        return (after.stolenGoroutines() - before.stolenGoroutines()) + " of " + n + " goroutines stolen";
    }

    private static String carrierName() {
        // The carrier (M) is the platform thread running us; its name ends with -m<id>.
        String s = Thread.currentThread().toString(); // VirtualThread[#22]/runnable@gmp-m1
        int at = s.lastIndexOf('@');
        return at >= 0 ? s.substring(at + 1) : "?";
    }
}

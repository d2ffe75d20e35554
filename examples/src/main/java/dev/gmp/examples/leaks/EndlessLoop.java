package dev.gmp.examples.leaks;

import dev.gmp.Chan;
import dev.gmp.Gmp;
import dev.gmp.GmpStats;
import dev.gmp.Go;
import dev.gmp.GoroutineInfo;
import dev.gmp.LeakReport;
import dev.gmp.Select;
import dev.gmp.Time;
import dev.gmp.examples.Example;
import dev.gmp.examples.Narrator;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The seed's second leak cause: a goroutine stuck in an endless loop. It is not blocked, so it is neither a
 * proven nor a suspected leak: it shows up as a goroutine that is always {@code running} or {@code runnable}
 * in the dump, and as preemptions ({@code gmp_preemptions_total}, the {@code dev.gmp.Preemption} JFR event):
 * sysmon flags it after 10 ms and it yields at its next poll point (here the non-blocking select it spins on).
 * The fix is the same done channel or context that the loop checks; this example stops it that way.
 */
public final class EndlessLoop implements Example {
    @Override
    public String name() {
        return "leak-loop";
    }

    @Override
    public String summary() {
        return "leak cause 2: an endless loop: preempted and always running, never a 'leak'";
    }

    /** Spins until {@code stop} is closed, as a loop whose exit condition is never met would spin forever. */
    static void spin(Chan<Void> stop, AtomicLong iterations) {
        while (Select.make().recv(stop).defaultCase().select() != 0) { // a poll point each time round
            iterations.incrementAndGet();
        }
    }

    @Override
    public String run(Narrator out) throws Exception {
        GmpStats before = Gmp.stats();
        long leaksBefore = Gmp.leaks().provenTotal();
        AtomicLong iterations = new AtomicLong();
        String[] state = new String[1];
        int[] suspected = new int[1];
        Go.run(() -> {
            Chan<Void> stop = Chan.make();
            Go.go(() -> spin(stop, iterations));
            Time.sleep(Duration.ofMillis(300));
            for (GoroutineInfo g : Gmp.goroutines()) {
                if (g.stack().stream().anyMatch(f -> f.getMethodName().equals("spin"))) {
                    state[0] = g.state();
                }
            }
            LeakReport r = Gmp.checkLeaks();
            suspected[0] = r.suspectedCount();
            stop.close(); // the fix: the loop checks a done channel
        });
        GmpStats after = Gmp.stats();
        long preempted = after.preemptions() - before.preemptions();
        long leaks = Gmp.leaks().provenTotal() - leaksBefore;
        out.say("The looping goroutine was " + state[0] + " when looked at, ran " + iterations.get()
                + " iterations,\nwas preempted " + preempted + " times, and counts as 0 leaks (proven +" + leaks
                + ", suspected " + suspected[0] + "): it is busy, not blocked.");
        out.counters(before, after);
        return "preemptions +" + preempted + ", leaks +" + leaks;
    }
}

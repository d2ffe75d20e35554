package dev.gmp.examples;

import dev.gmp.Gmp;
import dev.gmp.GmpStats;
import java.util.ArrayList;
import java.util.List;

/**
 * The guided tour (the README's main job): every example in turn, narrated in G/M/P terms, with the counters
 * before and after each step and a summary table at the end. About a minute on two cores.
 */
public final class Tour {
    private final List<Example> examples;

    Tour(List<Example> examples) {
        this.examples = examples;
    }

    void run(Narrator out) throws Exception {
        GmpStats start = Gmp.stats();
        out.title("gmp tour: Go's G/M/P scheduler on JDK virtual threads");
        out.say("G = goroutine (a virtual thread), M = carrier OS thread, P = processor (GOMAXPROCS of them,\n"
                + "each with a 256-slot run queue + runnext). schedtrace lines on stderr come from the agent's\n"
                + "schedtrace=1000 option (GODEBUG=schedtrace=1000 works too). GOMAXPROCS=" + start.gomaxprocs());
        List<String[]> rows = new ArrayList<>();
        for (Example e : examples) {
            out.title(e.name() + ": " + e.summary());
            long t0 = System.nanoTime();
            String figure;
            try {
                figure = e.run(out);
            } catch (NeedsAgent missing) {
                out.say("skipped: " + missing.reason() + "; to see this step run:\n  " + missing.command());
                figure = "skipped (needs the agent; see its step)";
            }
            long ms = (System.nanoTime() - t0) / 1_000_000;
            rows.add(new String[] {e.name(), figure, ms + " ms"});
        }
        out.title("summary");
        out.out().printf("   %-14s %-62s %8s%n", "example", "what it showed", "time");
        for (String[] r : rows) {
            out.out().printf("   %-14s %-62s %8s%n", r[0], r[1], r[2]);
        }
        GmpStats end = Gmp.stats();
        out.say(String.format("total: %,d goroutines created, %d Ms, %,d steals, %d syscall handoffs",
                end.goroutines().created(), end.threads().created(), end.steals(), end.handoffsSysmon()));
    }
}

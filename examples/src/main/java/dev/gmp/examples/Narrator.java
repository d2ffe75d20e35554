package dev.gmp.examples;

import dev.gmp.Gmp;
import dev.gmp.GmpStats;
import java.io.PrintStream;

/** Prints an example's narration and its before/after scheduler counters, kept within 100 columns. */
public final class Narrator {
    private final PrintStream out;

    public Narrator(PrintStream out) {
        this.out = out;
    }

    public void title(String text) {
        out.println();
        out.println("== " + text + " " + "=".repeat(Math.max(0, 95 - text.length())));
    }

    public void say(String text) {
        for (String line : text.split("\n")) {
            out.println("   " + line);
        }
    }

    /** The counters that tell the G/M/P story, as a delta between two snapshots. */
    public void counters(GmpStats before, GmpStats after) {
        out.printf("   %-22s %10s %10s%n", "counter", "before", "after");
        row("goroutines created", before.goroutines().created(), after.goroutines().created());
        row("threads (Ms)", before.threads().created(), after.threads().created());
        row("steals", before.steals(), after.steals());
        row("goroutines stolen", before.stolenGoroutines(), after.stolenGoroutines());
        row("runq overflows", before.runqueueOverflows(), after.runqueueOverflows());
        row("syscalls", before.syscalls(), after.syscalls());
        row("P handoffs (sysmon)", before.handoffsSysmon(), after.handoffsSysmon());
        row("preemptions", before.preemptions(), after.preemptions());
    }

    private void row(String name, long before, long after) {
        out.printf("   %-22s %10d %10d%s%n", name, before, after, after != before ? "  +" + (after - before) : "");
    }

    /** Go's schedtrace line, wrapped at spaces to fit 100 columns. */
    public void schedtrace() {
        for (String line : Gmp.schedtrace(false).split("\n")) {
            String indent = "   ";
            while (indent.length() + line.length() > 100) {
                int cut = line.lastIndexOf(' ', 100 - indent.length());
                if (cut <= 0) {
                    break;
                }
                out.println(indent + line.substring(0, cut));
                line = line.substring(cut + 1);
                indent = "     ";
            }
            out.println(indent + line);
        }
    }

    public PrintStream out() {
        return out;
    }
}

package dev.gmp;

import java.io.PrintStream;

/**
 * Prints {@code GODEBUG=schedtrace=N} lines: the first when the runtime starts ({@code SCHED 0ms}, as Go's sysmon
 * prints at its first tick), then every N ms from the sysmon thread.
 */
final class SchedTracePrinter {
    private SchedTracePrinter() {}

    static void install(GmpRuntime rt, long millis, boolean detail, PrintStream err) {
        long period = millis * 1_000_000L;
        print(rt, detail, err); // Go's sysmon prints at its first tick: lasttrace starts at 0
        long[] last = {System.nanoTime()};
        rt.scheduler().addSysmonHook(now -> {
            if (now - last[0] >= period) {
                last[0] = now;
                print(rt, detail, err);
            }
        });
    }

    private static void print(GmpRuntime rt, boolean detail, PrintStream err) {
        String line = rt.schedtrace(detail);
        synchronized (err) {
            err.print(line);
            err.flush();
        }
    }
}

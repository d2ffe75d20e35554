package dev.gmp;

import java.io.PrintStream;

/** Prints {@code GODEBUG=schedtrace=N} lines every N ms from the sysmon thread (as Go's sysmon does). */
final class SchedTracePrinter {
    private SchedTracePrinter() {}

    static void install(GmpRuntime rt, long millis, boolean detail, PrintStream err) {
        long period = millis * 1_000_000L;
        long[] last = {System.nanoTime()};
        rt.scheduler().addSysmonHook(now -> {
            if (now - last[0] >= period) {
                last[0] = now;
                String line = rt.schedtrace(detail);
                synchronized (err) {
                    err.print(line);
                    err.flush();
                }
            }
        });
    }
}

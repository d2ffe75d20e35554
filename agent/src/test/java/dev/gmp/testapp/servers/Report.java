package dev.gmp.testapp.servers;

import dev.gmp.Gmp;
import dev.gmp.GmpStats;

/** The public stats the server fixtures print as {@code key=value} lines, before and after the load. */
final class Report {
    final long created;
    final long schedticks;
    final long activePsMoved;

    private Report(long created, long schedticks, long activePsMoved) {
        this.created = created;
        this.schedticks = schedticks;
        this.activePsMoved = activePsMoved;
    }

    static Report take() {
        GmpStats s = Gmp.stats();
        long ticks = 0;
        long moved = 0;
        for (GmpStats.ProcessorStats p : s.processors()) {
            ticks += p.schedtick();
            if (p.schedtick() > 0) {
                moved++;
            }
        }
        return new Report(s.goroutines().created(), ticks, moved);
    }

    static void print(int requests, LoadClient load, Report before, Report after, long elapsedNanos) {
        System.out.println("requests=" + requests);
        System.out.println("ok=" + load.ok.get());
        System.out.println("on_goroutines=" + load.onGoroutine.get());
        System.out.println("created_delta=" + (after.created - before.created));
        System.out.println("schedtick_delta=" + (after.schedticks - before.schedticks));
        System.out.println("ps_with_ticks=" + after.activePsMoved);
        System.out.println("throughput_rps=" + (long) (requests / (elapsedNanos / 1e9)));
        System.out.println("p99_us=" + load.p99Micros());
    }
}

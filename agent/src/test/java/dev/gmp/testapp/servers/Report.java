package dev.gmp.testapp.servers;

import dev.gmp.Gmp;
import dev.gmp.GmpStats;

/** The public stats a server fixture takes before and after its load ({@link LoadRun}). */
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
}

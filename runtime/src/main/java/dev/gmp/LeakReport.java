package dev.gmp;

import dev.gmp.internal.env.GoDuration;
import dev.gmp.internal.sched.Traceback;
import java.io.IOException;
import java.time.Duration;
import java.util.List;

/**
 * What the leak detector knows now ({@link GmpRuntime#leaks()}, {@code /debug/gmp/leaks}): the proven leaks
 * found so far (the most recent {@value #KEPT}), and the suspected ones of the last scan, grouped by creation site
 * and wait reason.
 *
 * @param provenDetection  whether leaks can be proven in this JVM (see {@link #provenNote()})
 * @param provenNote       why not, or how, in one line
 * @param provenTotal      proven leaks found since the runtime started (also beyond {@link #proven()})
 * @param proven           the most recent proven leaks, oldest first
 * @param threshold        the suspected-leak threshold ({@code leak.threshold})
 * @param suspected        groups of goroutines blocked past the threshold at the last scan, largest first
 */
public record LeakReport(boolean provenDetection, String provenNote, long provenTotal, List<ProvenLeak> proven,
                         Duration threshold, List<SuspectedLeak> suspected) {
    /** How many proven leaks a report keeps with their stacks. */
    public static final int KEPT = 100;

    public LeakReport {
        proven = List.copyOf(proven);
        suspected = List.copyOf(suspected);
    }

    /** Goroutines in all suspected groups. */
    public int suspectedCount() {
        int n = 0;
        for (SuspectedLeak s : suspected) {
            n += s.count();
        }
        return n;
    }

    /** The text {@code /debug/gmp/leaks} serves: a summary, then each leak in Go's traceback shape. */
    public void write(Appendable out) throws IOException {
        out.append("goroutine leaks: proven ").append(Long.toString(provenTotal)).append(", suspected ")
                .append(Integer.toString(suspectedCount())).append(" (blocked > ").append(GoDuration.format(threshold))
                .append(")\n");
        out.append("proven detection: ").append(provenDetection ? "on" : "off").append(" (").append(provenNote)
                .append(")\n");
        if (!proven.isEmpty()) {
            out.append("\n# proven: collected while waiting; they could never run again")
                    .append(provenTotal > proven.size() ? " (the last " + proven.size() + ")" : "").append('\n');
            for (ProvenLeak p : proven) {
                out.append('\n').append(p.traceback());
            }
        }
        if (!suspected.isEmpty()) {
            out.append("\n# suspected: blocked longer than ").append(GoDuration.format(threshold))
                    .append(", by creation site and wait reason\n");
            for (SuspectedLeak s : suspected) {
                StringBuilder sb = new StringBuilder(256);
                sb.append('\n').append(s.count()).append(" goroutines [").append(s.waitReason()).append(", oldest ")
                        .append(GoDuration.format(Duration.ofNanos(s.oldestBlockedNanos()))).append("]");
                if (s.growing()) {
                    sb.append(" GROWING: +").append(s.added()).append(", rising for ")
                            .append(s.risingScans()).append(" scans");
                } else if (s.added() > 0) {
                    sb.append(" +").append(s.added()).append(" since the last scan");
                }
                sb.append("\ngoroutines ").append(s.goids().toString().replaceAll("[\\[\\]]", ""))
                        .append(s.count() > s.goids().size() ? ", ..." : "").append('\n');
                for (StackTraceElement f : s.stack()) {
                    Traceback.frame(sb, f);
                }
                Traceback.createdBy(sb, s.createdBy().toArray(new StackTraceElement[0]), 0);
                out.append(sb);
            }
        }
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        try {
            write(sb);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return sb.toString();
    }
}

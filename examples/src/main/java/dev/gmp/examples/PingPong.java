package dev.gmp.examples;

import dev.gmp.Chan;
import dev.gmp.GmpRuntime;
import dev.gmp.GmpStats;
import java.util.List;

/**
 * User-space blocking and wake-up. Two goroutines pass a ball back and forth 100,000 times over two unbuffered
 * channels; every hand-off parks one goroutine on a channel (Go: {@code _Gwaiting}, wait reason "chan receive")
 * and readies the other. Watch: the woken goroutine goes to the waker's P's {@code runnext} and inherits its
 * time slice: it runs next on the same P without a new schedule tick (schedtick counts only fresh time slices).
 * Watch the hand-offs against the schedtick deltas per P, the few steals, and that no OS thread blocks.
 */
public final class PingPong implements Example {
    static final int ROUNDS = 100_000;

    @Override
    public String name() {
        return "pingpong";
    }

    @Override
    public String summary() {
        return "a channel ping-pong between two goroutines stays on one P through runnext";
    }

    @Override
    public String run(Narrator out) throws Exception {
        out.say("Two goroutines pass a ball 100,000 times over unbuffered channels. A receiver parks on the\n"
                + "channel (no thread blocks); the sender readies it into its own P's runnext, so the pair\n"
                + "shares one P and one time slice. Watch: far fewer schedule ticks than hand-offs.");
        Round r = play(GmpRuntime.getDefault());
        StringBuilder perP = new StringBuilder("schedtick delta per P:");
        for (int p = 0; p < r.ticks.length; p++) {
            perP.append(" P").append(p).append("=+").append(r.ticks[p]);
        }
        int viaRunnext = r.runnextPercent();
        long perHandoff = r.elapsedNanos / r.handoffs;
        out.counters(r.before, r.after);
        out.say(perP.toString());
        out.say(String.format("%,d hand-offs, %,d new schedule ticks: %d%% ran straight from runnext on the\n"
                + "waker's P and time slice; %,d were stolen by an idle P (Go gives the owner ~3 us first;\n"
                + "a JVM park/unpark takes about that long). %,d ns per hand-off.", r.handoffs, r.newTicks(),
                viaRunnext, r.steals, perHandoff));
        return viaRunnext + "% of hand-offs via runnext, " + perHandoff + " ns per hand-off";
    }

    /** One ping-pong of {@link #ROUNDS} rounds on {@code rt}, with the runtime's counters around it. */
    static Round play(GmpRuntime rt) {
        GmpStats before = rt.stats();
        long[] elapsed = new long[1];
        rt.run(() -> {
            Chan<Integer> ping = Chan.make();
            Chan<Integer> pong = Chan.make();
            rt.go(() -> {
                for (Integer ball : ping) {
                    pong.send(ball + 1);
                }
            });
            long t0 = System.nanoTime();
            int ball = 0;
            for (int i = 0; i < ROUNDS; i++) {
                ping.send(ball);
                ball = pong.recv();
            }
            elapsed[0] = System.nanoTime() - t0;
            ping.close();
        });
        GmpStats after = rt.stats();
        return new Round(before, after, 2L * ROUNDS, schedtickDeltas(before, after),
                after.stolenGoroutines() - before.stolenGoroutines(), elapsed[0]);
    }

    /** The counters of one {@link #play}: a hand-off is one goroutine readying the other. */
    record Round(GmpStats before, GmpStats after, long handoffs, long[] ticks, long steals, long elapsedNanos) {
        long newTicks() {
            long total = 0;
            for (long t : ticks) {
                total += t;
            }
            return total;
        }

        /** The share of hand-offs that ran from runnext in the waker's time slice (no new schedule tick). */
        int runnextPercent() {
            return (int) Math.max(0, 100 - 100 * newTicks() / handoffs);
        }
    }

    /** schedtick growth of each P between two snapshots (Ps are listed by id in both). */
    static long[] schedtickDeltas(GmpStats before, GmpStats after) {
        List<GmpStats.ProcessorStats> a = after.processors();
        long[] d = new long[a.size()];
        for (GmpStats.ProcessorStats p : a) {
            long was = 0;
            for (GmpStats.ProcessorStats q : before.processors()) {
                if (q.id() == p.id()) {
                    was = q.schedtick();
                }
            }
            d[p.id()] = p.schedtick() - was;
        }
        return d;
    }
}

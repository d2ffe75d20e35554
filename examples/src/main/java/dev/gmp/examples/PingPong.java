package dev.gmp.examples;

import dev.gmp.Gmp;
import dev.gmp.GmpStats;
import dev.gmp.Go;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.LockSupport;

/**
 * User-space blocking and wake-up. Two goroutines hand a token back and forth 200,000 times; each hand-off
 * parks one and readies the other. Watch: the woken goroutine goes to the waker's P's runnext and inherits
 * its time slice, so the whole ping-pong stays on one P (one P's schedtick barely moves, no steals) and no
 * OS thread ever blocks.
 */
public final class PingPong implements Example {
    @Override
    public String name() {
        return "pingpong";
    }

    @Override
    public String summary() {
        return "a ping-pong between two goroutines stays on one P through runnext";
    }

    private static final class Table {
        volatile int turn;
        volatile Thread ping;
        volatile Thread pong;
    }

    @Override
    public String run(Narrator out) throws Exception {
        out.say("Two goroutines pass a token 200,000 times with park/unpark (what channels do inside).\n"
                + "A goroutine woken by a goroutine goes to the waker's runnext: the pair shares one P and\n"
                + "one M. Watch the ns per hand-off and that the Ms do not multiply.");
        int n = 200_000;
        GmpStats before = Gmp.stats();
        Table t = new Table();
        CountDownLatch ready = new CountDownLatch(1);
        long[] elapsed = new long[1];
        Go.run(() -> {
            t.ping = Thread.currentThread();
            Go.go(() -> {
                t.pong = Thread.currentThread();
                ready.countDown();
                for (int i = 0; i < n; i++) {
                    while (t.turn != 1) {
                        LockSupport.park(this);
                    }
                    t.turn = 0;
                    LockSupport.unpark(t.ping);
                }
            });
            Work.await(ready);
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                t.turn = 1;
                LockSupport.unpark(t.pong);
                while (t.turn != 0) {
                    LockSupport.park(this);
                }
            }
            elapsed[0] = System.nanoTime() - t0;
        });
        GmpStats after = Gmp.stats();
        long perHandoff = elapsed[0] / (2L * n);
        out.counters(before, after);
        out.say(String.format("%d ns per hand-off (%d round trips in %d ms)", perHandoff, n, elapsed[0] / 1_000_000));
        return perHandoff + " ns per hand-off";
    }
}

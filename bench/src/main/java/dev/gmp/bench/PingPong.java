package dev.gmp.bench;

import java.util.concurrent.locks.LockSupport;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;

/**
 * Ping-pong: two units hand a turn back and forth with park/unpark on a volatile turn field; one op = one round
 * trip (two hand-offs, two park/unpark pairs). This is the scheduler's wake-up path with nothing else in it: on GMP
 * the woken goroutine goes to the waker's {@code runnext}, so the pair stays on one P.
 *
 * <p>Not {@code SynchronousQueue}: its LinkedTransferQueue spins before parking unless the carrier is a
 * ForkJoinWorkerThread with queued work, so on GMP's carriers (plain platform threads) it burns its spin budget
 * on every hand-off and measures the spin, not the scheduler. The Go side (bench/go BenchmarkPingPong) uses two
 * unbuffered channels, Go's primitive for the same hand-off (as in golang/go src/runtime/chan_test.go
 * BenchmarkChanSync).
 */
public class PingPong extends SchedBench {
    static final int OPS = 20_000;

    @Benchmark
    @OperationsPerInvocation(OPS)
    public void pingPong() {
        runner.runMain(() -> {
            Table table = new Table();
            table.players[0] = Thread.currentThread();
            runner.go(() -> table.play(1, OPS));
            table.play(0, OPS);
        });
    }

    /** The shared turn. Player {@code i} may move only while {@code turn == i}. */
    static final class Table {
        volatile int turn;                                  // written by the player whose turn it is
        final Thread[] players = new Thread[2];             // each written once by its player, read by the other
        private volatile Thread published;                  // publishes players[1] (Dekker pair with turn)

        void play(int me, int rounds) {
            if (me == 1) {
                players[1] = Thread.currentThread();
                published = players[1];
            }
            int other = 1 - me;
            for (int i = 0; i < rounds; i++) {
                while (turn != me) {
                    LockSupport.park(this);
                }
                turn = other;
                // Player 1 publishes itself before its first read of turn, player 0 writes turn before reading
                // the publication: both volatile, so either 0 sees player 1 here or 1 sees its turn and never
                // parks for this move.
                Thread t = other == 1 ? published : players[0];
                if (t != null) {
                    LockSupport.unpark(t);
                }
            }
            if (me == 0) {
                while (turn != 0) {         // wait for player 1's last move, so the round trip is complete
                    LockSupport.park(this);
                }
            }
        }
    }
}

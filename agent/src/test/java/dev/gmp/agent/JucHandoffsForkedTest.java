package dev.gmp.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gmp.testapp.JucHandoffs;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * java.util.concurrent's spin-or-park question on goroutines, with the real agent: {@code
 * ForkJoinWorkerThread.hasKnownQueuedWork()} answers for the caller's P, and SynchronousQueue,
 * LinkedTransferQueue and Exchanger hand-offs (untimed, and timed with expiring, retried waits) and two-party
 * Phaser phases lose no wake-up, also where a lone pair's waiter lends its partner to the other P.
 */
class JucHandoffsForkedTest {
    private static final int ROUNDS = 20_000;

    @ParameterizedTest(name = "gomaxprocs={0}, pairs={1}")
    @CsvSource({"1, 4", "2, 4", "2, 1"})
    @Timeout(120)
    void handOffsCompleteAndThePAnswers(int procs, int pairs) throws Exception {
        ForkedJvm.Result r = ForkedJvm.main(JucHandoffs.class, String.valueOf(ROUNDS), String.valueOf(pairs))
                .agentArgs("gomaxprocs=" + procs + ",banner=off")
                .jvm("--add-opens", "java.base/java.util.concurrent=ALL-UNNAMED").timeout(100).run();
        assertEquals(0, r.exit(), r.toString());
        if (procs == 1) {
            // The only P runs the parent until it parks: the child waits in its runnext, and the JDK's question
            // must say so (without the rewrite a goroutine's carrier is no ForkJoin worker: always false).
            assertEquals(1, r.value("queued_with_child"), r.toString());
        }
        assertEquals(0, r.value("queued_after_join"), r.toString());
        for (String kind : new String[] {"synchronousqueue", "synchronousqueue_timed", "transfer", "transfer_timed",
                "exchanger", "exchanger_timed", "phaser"}) {
            assertEquals((long) pairs * ROUNDS, r.value(kind), kind + "\n" + r);
        }
    }
}

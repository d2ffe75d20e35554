package dev.gmp.internal.sched;

import static org.junit.jupiter.api.Assertions.*;

import dev.gmp.Chan;
import dev.gmp.GmpRuntime;
import dev.gmp.TestRuntimes;
import dev.gmp.WaitGroup;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Goroutine.casTask: {@code Thread.getStackTrace()} of a virtual thread that is unmounted but already submitted
 * resubmits its continuation (VirtualThread.tryGetStackTrace); the scheduler must drop that duplicate instead of
 * queuing the G twice (before the fix: "fatal error: unexpected failure on M1: ... task is null" within a second).
 * Goroutines ping-pong as fast as they can while a platform thread walks their stacks, as dumps and the leak
 * sampler do.
 */
@Timeout(60)
class DuplicateSubmissionStressTest {
    @Test
    void stackWalksDuringWakeupsNeverQueueAGoroutineTwice() throws Exception {
        try (TestRuntimes t = new TestRuntimes(GmpRuntime.builder().name("dup").gomaxprocs(2))) {
            GmpRuntime rt = t.rt;
            int pairs = 8;
            int rounds = 20_000;
            WaitGroup wg = new WaitGroup();
            wg.add(2 * pairs);
            for (int p = 0; p < pairs; p++) {
                Chan<Integer> ping = Chan.make();
                Chan<Integer> pong = Chan.make();
                rt.go(() -> {
                    for (int i = 0; i < rounds; i++) {
                        ping.send(i);
                        pong.recv();
                    }
                    wg.done();
                });
                rt.go(() -> {
                    for (int i = 0; i < rounds; i++) {
                        pong.send(ping.recv());
                    }
                    wg.done();
                });
            }
            AtomicBoolean stop = new AtomicBoolean();
            Thread walker = new Thread(() -> {
                while (!stop.get()) {
                    rt.scheduler().registry().forEach(g -> {
                        Thread th = g.thread();
                        if (th != null) {
                            th.getStackTrace();
                        }
                    });
                }
            });
            walker.start();
            Thread waiter = new Thread(wg::await);
            waiter.start();
            waiter.join(40_000);
            stop.set(true);
            walker.join();
            assertEquals("[]", t.fatals.toString(), t.err());
            assertFalse(waiter.isAlive(), "ping-pong finished: no goroutine was lost");
            t.assertSettles();
        }
    }
}

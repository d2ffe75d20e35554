package dev.gmp;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * checkdead (proc.go): {@code run} fails fast with Go's "all goroutines are asleep - deadlock!" and a goroutine
 * dump when nothing can wake anyone, and never while a timer, a syscall or a platform thread still can.
 */
@Timeout(60)
class DeadlockTest {
    private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();

    private GmpRuntime runtime(int procs) {
        return GmpRuntime.builder().name("dl").gomaxprocs(procs).onFatal(m -> { })
                .err(new PrintStream(errBytes, true)).build();
    }

    private DeadlockError expectDeadlock(int procs, Runnable main) {
        try (GmpRuntime rt = runtime(procs)) {
            // How soon checkdead reports depends on machine load; the class's @Timeout guards against a miss.
            DeadlockError e = assertThrows(DeadlockError.class, () -> rt.run(main));
            assertTrue(e.getMessage().startsWith("fatal error: all goroutines are asleep - deadlock!\n\n"),
                    e.getMessage());
            assertTrue(errBytes.toString().contains("all goroutines are asleep - deadlock!"), "not printed");
            return e;
        }
    }

    @Test
    void mainAloneOnChannel() {
        DeadlockError e = expectDeadlock(2, () -> Chan.make().recv());
        // Go 1.19, func main() { <-make(chan int) }:
        //   fatal error: all goroutines are asleep - deadlock!
        //
        //   goroutine 1 [chan receive]:
        //   main.main()
        //   	/tmp/r/main.go:4 +0x2c
        assertTrue(java.util.regex.Pattern.compile("fatal error: all goroutines are asleep - deadlock!\n\n"
                + "goroutine 1 \\[chan receive]:\n"
                + "dev\\.gmp\\.DeadlockTest\\.lambda\\$mainAloneOnChannel\\$\\d+\\(\\.\\.\\.\\)\n"
                + "\tDeadlockTest\\.java:\\d+\n\n").matcher(e.getMessage()).matches(),
                "the user's frame right after the header, nothing else: no runtime frame, no created by\n"
                        + e.getMessage());
        // The JDK's source launcher (java Main.java) trims its own frames off an uncaught exception's trace and
        // failed with "IllegalArgumentException: 0 > -5" on an error that had none.
        assertTrue(e.getStackTrace().length > 0, "thrown with its stack trace");
    }

    @Test
    void everyGoroutineBlocked() {
        DeadlockError e = expectDeadlock(4, () -> {
            Chan<Integer> a = Chan.make(), b = Chan.make(1);
            WaitGroup wg = new WaitGroup();
            wg.add(3);
            Go.go(() -> { a.send(1); wg.done(); });
            Go.go(() -> { Select.make().recv(Chan.make()).send(Chan.make(), 1).select(); wg.done(); });
            Go.go(() -> { b.send(1); b.send(2); wg.done(); });
            Go.go(() -> Chan.nil().recv());
            Go.go(() -> Select.make().select());
            Time.sleep(Duration.ofMillis(20)); // a timer: no report while it pends
            wg.await();
        });
        String m = e.getMessage();
        for (String s : new String[] {"[sync.WaitGroup.Wait]", "[chan send]", "[select]", "[chan receive (nil chan)]",
            "[select (no cases)]"}) {
            assertTrue(m.contains(s), s + " missing from\n" + m);
        }
    }

    @Test
    void nilChannelAndEmptySelectInMain() {
        assertTrue(expectDeadlock(1, () -> Chan.<Integer>nil().send(1)).getMessage()
                .contains("goroutine 1 [chan send (nil chan)]:"));
        assertTrue(expectDeadlock(1, () -> Select.make().select()).getMessage()
                .contains("goroutine 1 [select (no cases)]:"));
    }

    @Test
    void detectionCanBeTurnedOff() throws Exception {
        GmpRuntime rt = GmpRuntime.builder().name("dl-off").gomaxprocs(1).detectDeadlocks(false).build();
        Thread runner = Thread.ofPlatform().daemon().start(() -> rt.run(() -> Chan.make().recv()));
        runner.join(500);
        assertTrue(runner.isAlive(), "run() returned although main is blocked forever");
        rt.close();
    }

    // ---------------------------------------------------------------------------------------------------------
    // No false reports

    private void expectNoDeadlock(int procs, Runnable main) {
        try (GmpRuntime rt = runtime(procs)) {
            rt.run(main);
        }
        assertFalse(errBytes.toString().contains("deadlock"), errBytes.toString());
    }

    @Test
    void pendingTimerIsNotADeadlock() {
        expectNoDeadlock(2, () -> {
            Chan<Integer> c = Chan.make();
            Go.go(() -> { Time.sleep(Duration.ofMillis(300)); c.send(1); });
            assertEquals(1, c.recv());
            Chan<java.time.Instant> t = Time.after(Duration.ofMillis(300));
            assertNotNull(t.recv());
            try (CancelContext ctx = Context.withTimeout(Context.background(), Duration.ofMillis(300))) {
                ctx.done().recv();
                assertSame(Context.DEADLINE_EXCEEDED, ctx.err());
            }
        });
    }

    @Test
    void syscallIsNotADeadlock() {
        expectNoDeadlock(2, () -> {
            Chan<Integer> c = Chan.make();
            Go.go(() -> {
                try {
                    Go.syscall(() -> {
                        Thread.sleep(400); // blocks the M, not a runtime primitive
                        return null;
                    });
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
                c.send(1);
            });
            assertEquals(1, c.recv());
        });
    }

    @Test
    void platformThreadCanStillWake() {
        expectNoDeadlock(2, () -> {
            Chan<Integer> c = Chan.make();
            Chan<Chan<Integer>> handoff = Chan.make(1);
            Thread p = Thread.ofPlatform().start(() -> {
                Chan<Integer> got = handoff.recv(); // a platform thread uses this channel: foreign
                Time.sleep(Duration.ofMillis(300));
                got.send(7);
            });
            handoff.send(c);
            assertEquals(7, c.recv());
            try {
                p.join();
            } catch (InterruptedException e) {
                throw new RuntimeException(e);
            }
        });
    }

    @Test
    void channelMadeOutsideTheRuntimeIsExempt() throws Exception {
        Chan<Integer> c = Chan.make(); // made by a platform thread
        try (GmpRuntime rt = runtime(1)) {
            Thread p = Thread.ofPlatform().start(() -> {
                try {
                    Thread.sleep(300);
                } catch (InterruptedException e) {
                    return;
                }
                c.send(9);
            });
            rt.run(() -> assertEquals(9, c.recv()));
            p.join();
        }
        assertFalse(errBytes.toString().contains("deadlock"));
    }

    /** Each runtime sees only its own goroutines: a channel used from two runtimes is exempt in both. */
    @Test
    void channelUsedFromTwoRuntimesIsExempt() {
        try (GmpRuntime other = GmpRuntime.builder().name("dl-other").gomaxprocs(1).build()) {
            expectNoDeadlock(1, () -> {
                Chan<Integer> c = Chan.make();
                other.go(() -> {
                    assertNull(c.tryRecv()); // touches c from runtime "other" (nobody sends yet)
                    Time.sleep(Duration.ofMillis(300));
                    c.send(3);
                });
                assertEquals(3, c.recv());
            });
        }
    }

    @Test
    void jucLockHeldByPlatformThreadIsNotADeadlock() {
        ReentrantLock lock = new ReentrantLock();
        Thread p = Thread.ofPlatform().unstarted(() -> {
            lock.lock();
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                lock.unlock();
            }
        });
        expectNoDeadlock(1, () -> {
            p.start();
            while (!lock.isLocked()) {
                Thread.onSpinWait();
                Go.gosched();
            }
            lock.lock(); // parked on a j.u.c lock: not a runtime primitive
            lock.unlock();
        });
    }
}

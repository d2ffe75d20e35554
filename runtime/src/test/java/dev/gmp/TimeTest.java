package dev.gmp;

import static org.junit.jupiter.api.Assertions.*;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** time.Sleep, time.After, Timer (stop/reset without stale values), Ticker, AfterFunc, and the timer heap's scale. */
@Timeout(60)
class TimeTest {
    private static GmpRuntime runtime(int procs) {
        return GmpRuntime.builder().name("time").gomaxprocs(procs).onFatal(m -> { }).build();
    }

    @ParameterizedTest(name = "GOMAXPROCS={0}")
    @ValueSource(ints = {1, 2, 4})
    void sleepAfterTimerTicker(int procs) {
        try (GmpRuntime rt = runtime(procs)) {
            rt.run(() -> {
                long t0 = System.nanoTime();
                Time.sleep(Duration.ofMillis(20));
                assertTrue(System.nanoTime() - t0 >= 20_000_000, "slept too little");

                t0 = System.nanoTime();
                Instant at = Time.after(Duration.ofMillis(10)).recv();
                assertNotNull(at);
                assertTrue(System.nanoTime() - t0 >= 10_000_000);

                // Stop before firing: true, and nothing is ever delivered.
                Timer t = Time.newTimer(Duration.ofMillis(30));
                assertTrue(t.stop());
                assertFalse(t.stop());
                assertEquals(0, Select.make().recv(t.c()).recv(Time.after(Duration.ofMillis(60))).select() == 0 ? 1 : 0);

                // Fired but not received: len and cap 0, stop returns true and drops the value (Go 1.23+).
                Timer t2 = Time.newTimer(Duration.ofMillis(1));
                Time.sleep(Duration.ofMillis(20));
                assertEquals(0, t2.c().len());
                assertEquals(0, t2.c().cap());
                assertTrue(t2.stop(), "the value had not been received");
                assertNull(t2.c().tryRecv(), "stale value after Stop");
                assertFalse(t2.stop());

                // Reset of a fired timer: false; then it fires again, once.
                Timer t3 = Time.newTimer(Duration.ofMillis(1));
                assertNotNull(t3.c().recv());
                assertFalse(t3.reset(Duration.ofMillis(5)));
                assertNotNull(t3.c().recv());
                assertFalse(t3.reset(Duration.ofHours(1)), "fired and received: not active");
                assertTrue(t3.reset(Duration.ofHours(2)), "pending again after the reset");
                assertTrue(t3.stop());

                // Ticker: several ticks, then stop ends them.
                Ticker tk = Time.newTicker(Duration.ofMillis(5));
                List<Instant> ticks = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    ticks.add(tk.c().recv());
                }
                for (int i = 1; i < ticks.size(); i++) {
                    assertFalse(ticks.get(i).isBefore(ticks.get(i - 1)));
                }
                tk.reset(Duration.ofMillis(2));
                assertNotNull(tk.c().recv());
                tk.stop();
                Time.sleep(Duration.ofMillis(20));
                assertNull(tk.c().tryRecv(), "tick after Stop");

                // AfterFunc runs f in its own goroutine.
                Chan<Long> ran = Chan.make(1);
                long me = rt.goid();
                Time.afterFunc(Duration.ofMillis(2), () -> ran.send(rt.goid()));
                long g = ran.recv();
                assertNotEquals(0, g);
                assertNotEquals(me, g);
                Timer never = Time.afterFunc(Duration.ofHours(1), () -> ran.send(-1L)); // pending however slow the machine
                assertTrue(never.stop());
                assertTrue(never.c().isNil());

                assertTrue(Time.tick(Duration.ZERO).isNil());
            });
        }
    }

    /** 100,000 pending timers live in one heap served by one thread: no thread per timer. */
    @ParameterizedTest(name = "GOMAXPROCS={0}")
    @ValueSource(ints = {2})
    void hundredThousandPendingTimers(int procs) {
        try (GmpRuntime rt = runtime(procs)) {
            rt.run(() -> {
                int n = 100_000;
                long threadsBefore = Thread.getAllStackTraces().keySet().stream()
                        .filter(t -> t.getName().endsWith("-timers")).count();
                long t0 = System.nanoTime();
                List<Timer> timers = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    timers.add(Time.newTimer(Duration.ofMinutes(10).plusNanos(i)));
                }
                long created = System.nanoTime() - t0;
                Ticker tk = Time.newTicker(Duration.ofHours(1));
                assertEquals(n + 1, rt.timers.size());
                assertEquals(0, rt.timers.pending(), "timer and ticker channel timers wake no one by themselves");
                tk.stop();
                long threadsAfter = Thread.getAllStackTraces().keySet().stream()
                        .filter(t -> t.getName().endsWith("-timers")).count();
                assertTrue(threadsAfter - threadsBefore <= 1, "timer threads: " + threadsBefore + " -> " + threadsAfter);
                // Many sleeping goroutines share the same heap too.
                WaitGroup wg = new WaitGroup();
                for (int i = 0; i < 1000; i++) {
                    wg.go(() -> Time.sleep(Duration.ofMillis(10)));
                }
                wg.await();
                t0 = System.nanoTime();
                for (Timer t : timers) {
                    assertTrue(t.stop());
                }
                long stopped = System.nanoTime() - t0;
                assertEquals(0, rt.timers.size());
                System.out.printf("100k timers: create %.1f ms, stop %.1f ms%n", created / 1e6, stopped / 1e6);
            });
        }
    }
}

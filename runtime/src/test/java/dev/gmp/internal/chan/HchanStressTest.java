package dev.gmp.internal.chan;

import static org.junit.jupiter.api.Assertions.*;

import dev.gmp.GmpRuntime;
import dev.gmp.GoPanic;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Conservation of values through {@link Hchan}'s blocking paths, which {@link HchanLincheckTest} cannot drive:
 * direct hand-off to a parked receiver, a receive that takes a parked sender's value (and, buffered, moves it to
 * the tail), and close waking every waiter.
 * <ul>
 *   <li>every value whose send returned is received exactly once, and no value whose send panicked or failed
 *       is received at all;</li>
 *   <li>close wakes everyone: every blocked receiver returns {@link Hchan#CLOSED} once the buffer is drained,
 *       every blocked sender panics with {@code send on closed channel}; nothing stays parked.</li>
 * </ul>
 * Senders and receivers are goroutines, with one platform thread on each side (a thread that is not a goroutine
 * parks with {@code LockSupport.park} like any waiter). Timeouts only guard against hangs.
 */
@Timeout(120)
class HchanStressTest {
    private static final int SENDERS = 4, RECEIVERS = 3, PER_SENDER = 2_000, ROUNDS = 200;

    /** Values sent by blocking and non-blocking sends, received by blocking and non-blocking receives, then close. */
    @ParameterizedTest(name = "cap={0} GOMAXPROCS={1}")
    @CsvSource({"0,1", "0,2", "0,4", "1,2", "4,1", "4,2"})
    void everyValueSentIsReceivedExactlyOnce(int cap, int procs) throws Exception {
        int total = (SENDERS + 1) * PER_SENDER;
        AtomicIntegerArray received = new AtomicIntegerArray(total);
        try (GmpRuntime rt = runtime(procs)) {
            rt.run(() -> {
                Hchan c = new Hchan(cap);
                CountDownLatch sent = new CountDownLatch(SENDERS + 1);
                CountDownLatch drained = new CountDownLatch(RECEIVERS + 1);
                for (int s = 0; s < SENDERS; s++) {
                    int first = s * PER_SENDER;
                    rt.go(() -> {
                        sendAll(c, first);
                        sent.countDown();
                    });
                }
                Thread platformSender = Thread.ofPlatform().start(() -> {
                    sendAll(c, SENDERS * PER_SENDER);
                    sent.countDown();
                });
                for (int r = 0; r < RECEIVERS; r++) {
                    rt.go(() -> {
                        receiveAll(c, received);
                        drained.countDown();
                    });
                }
                Thread platformReceiver = Thread.ofPlatform().start(() -> {
                    receiveAll(c, received);
                    drained.countDown();
                });
                await(sent, "senders");
                c.close();
                await(drained, "receivers after close");
                join(platformSender);
                join(platformReceiver);
            });
        }
        List<String> wrong = new ArrayList<>();
        for (int v = 0; v < total && wrong.size() < 10; v++) {
            if (received.get(v) != 1) {
                wrong.add(v + " received " + received.get(v) + " times");
            }
        }
        assertEquals(List.of(), wrong, "each value sent must be received exactly once");
    }

    /**
     * Close races with blocked and arriving senders and receivers: the outcome of each send decides whether its
     * value may be received, and every goroutine must end.
     */
    @ParameterizedTest(name = "cap={0} GOMAXPROCS={1}")
    @CsvSource({"0,1", "0,2", "0,4", "2,1", "2,2"})
    void closeWakesEveryoneAndLosesNothing(int cap, int procs) throws Exception {
        int senders = 6, receivers = 4;
        try (GmpRuntime rt = runtime(procs)) {
            rt.run(() -> {
                for (int round = 0; round < ROUNDS; round++) {
                    Hchan c = new Hchan(cap);
                    AtomicIntegerArray outcome = new AtomicIntegerArray(senders); // 1 sent, 2 panicked, 3 not sent
                    AtomicIntegerArray received = new AtomicIntegerArray(senders);
                    CountDownLatch done = new CountDownLatch(senders + receivers);
                    for (int s = 0; s < senders; s++) {
                        int v = s;
                        boolean blocking = s % 3 != 0; // every third sender uses the non-blocking send
                        rt.go(() -> {
                            try {
                                outcome.set(v, c.send(v, blocking) ? 1 : 3);
                            } catch (GoPanic p) {
                                outcome.set(v, p.getMessage().equals("send on closed channel") ? 2 : -1);
                            }
                            done.countDown();
                        });
                    }
                    for (int r = 0; r < receivers; r++) {
                        rt.go(() -> {
                            receiveAll(c, received);
                            done.countDown();
                        });
                    }
                    if (ThreadLocalRandom.current().nextBoolean()) {
                        Thread.yield(); // let some of them park first
                    }
                    c.close();
                    await(done, "round " + round + ": senders and receivers after close");
                    for (int v = 0; v < senders; v++) {
                        int o = outcome.get(v);
                        assertTrue(o == 1 || o == 2 || o == 3, "round " + round + ": send of " + v + " ended as " + o);
                        assertEquals(o == 1 ? 1 : 0, received.get(v), "round " + round + ": value " + v
                                + (o == 1 ? " was sent" : " was not sent") + " and received " + received.get(v) + " times");
                    }
                    assertEquals(0, c.len(), "round " + round + ": buffer drained");
                    assertTrue(c.recvq.isEmptyRacy() && c.sendq.isEmptyRacy(), "round " + round + ": no waiter left queued");
                }
            });
        }
    }

    /**
     * Two goroutines hand a counter back and forth over two unbuffered channels. At GOMAXPROCS above 1 the main
     * goroutine keeps its P busy until the partner has started, so the partner starts on another P; from then on
     * most waits take the spin before the park, and most wakers find the waiter spinning and skip the unpark
     * (Waiter.wake), until a late answer parks one of them. A wake-up lost on either path shows as a hang, a doubled
     * or skipped one as a wrong value.
     */
    @ParameterizedTest(name = "GOMAXPROCS={0}")
    @CsvSource({"1", "2", "4"})
    void aPairHandingOffOverUnbufferedChannelsLosesNoWakeUp(int procs) throws Exception {
        int rounds = 50_000;
        try (GmpRuntime rt = runtime(procs)) {
            rt.run(() -> {
                Hchan ping = new Hchan(0);
                Hchan pong = new Hchan(0);
                CountDownLatch done = new CountDownLatch(1);
                AtomicBoolean started = new AtomicBoolean();
                AtomicReference<String> wrong = new AtomicReference<>();
                rt.go(() -> {
                    started.set(true);
                    for (int i = 0; i < rounds; i++) {
                        Object v = ping.recv(true);
                        if (!Integer.valueOf(2 * i).equals(v)) {
                            wrong.compareAndSet(null, "round " + i + ": the partner received " + v);
                        }
                        pong.send(2 * i + 1, true); // answer anyway: the main goroutine must not hang on it
                    }
                    done.countDown();
                });
                while (!started.get()) {
                    if (procs == 1) {
                        Thread.yield(); // the partner needs this P
                    } else {
                        Thread.onSpinWait(); // keep this P: another P's M steals the partner
                    }
                }
                for (int i = 0; i < rounds; i++) {
                    ping.send(2 * i, true);
                    assertEquals(2 * i + 1, pong.recv(true), "round " + i);
                }
                await(done, "the partner");
                assertNull(wrong.get());
            });
        }
    }

    /** Sends PER_SENDER values from {@code first}: even ones blocking, odd ones by retrying a non-blocking send. */
    private static void sendAll(Hchan c, int first) {
        for (int i = 0; i < PER_SENDER; i++) {
            int v = first + i;
            if (i % 2 == 0) {
                c.send(v, true);
            } else {
                while (!c.send(v, false)) {
                    Thread.yield();
                }
            }
        }
    }

    /** Receives until the channel is closed and drained, alternating blocking and non-blocking receives. */
    private static void receiveAll(Hchan c, AtomicIntegerArray received) {
        for (int i = 0; ; i++) {
            Object v = c.recv(i % 2 == 0);
            if (v == Hchan.CLOSED) {
                return;
            }
            if (v == Hchan.NOT_READY) {
                Thread.yield();
                continue;
            }
            received.incrementAndGet((Integer) v);
        }
    }

    private static void await(CountDownLatch latch, String who) {
        try {
            assertTrue(latch.await(60, TimeUnit.SECONDS), who + ": " + latch.getCount() + " still blocked after 60 s");
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    private static void join(Thread t) {
        try {
            t.join(TimeUnit.SECONDS.toMillis(60));
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        assertFalse(t.isAlive(), t + " still running after 60 s");
    }

    private static GmpRuntime runtime(int procs) {
        return GmpRuntime.builder().name("chanstress").gomaxprocs(procs).onFatal(m -> { }).build();
    }
}

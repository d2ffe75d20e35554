package dev.gmp.testapp;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Exchanger;
import java.util.concurrent.LinkedTransferQueue;
import java.util.concurrent.Phaser;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * java.util.concurrent hand-offs between virtual threads under the agent. First, what the JDK asks before a
 * {@code SynchronousQueue}, {@code LinkedTransferQueue} or {@code Exchanger} waiter spins
 * ({@code ForkJoinWorkerThread.hasKnownQueuedWork()}), with a child queued on the caller's P and after the child
 * ran. Then pairs of virtual threads passing numbered values back and forth through each of them, untimed and
 * with timeouts short enough to expire and be retried (the cancel paths); each pair checks every value it gets.
 * Last, pairs of virtual threads meeting at a two-party {@code Phaser}, each checking that every phase advances
 * by one.
 * A lost wake-up hangs the program (the test's timeout catches it); a wrong value exits with status 1. Arguments:
 * rounds per pair, and pairs (one pair alone on two Ps is the case where a waiter lends its partner to another P).
 * Needs {@code --add-opens java.base/java.util.concurrent=ALL-UNNAMED} for the first part.
 */
public final class JucHandoffs {
    public static void main(String[] args) throws Exception {
        int rounds = Integer.parseInt(args[0]);
        int pairs = Integer.parseInt(args[1]);
        Method known = Class.forName("java.util.concurrent.ForkJoinWorkerThread")
                .getDeclaredMethod("hasKnownQueuedWork");
        known.setAccessible(true);
        boolean[] seen = new boolean[2];
        Thread.ofVirtual().start(() -> {
            try {
                Thread child = Thread.ofVirtual().start(() -> { });
                seen[0] = (boolean) known.invoke(null); // the child waits on this P until we park
                child.join();
                seen[1] = (boolean) known.invoke(null);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).join();
        System.out.println("queued_with_child=" + (seen[0] ? 1 : 0));
        System.out.println("queued_after_join=" + (seen[1] ? 1 : 0));

        for (String kind : List.of("synchronousqueue", "synchronousqueue_timed", "transfer", "transfer_timed",
                "exchanger", "exchanger_timed", "phaser")) {
            AtomicLong ok = new AtomicLong();
            List<Thread> threads = new ArrayList<>();
            for (int p = 0; p < pairs; p++) {
                pair(kind, rounds, ok, threads);
            }
            for (Thread t : threads) {
                t.join();
            }
            System.out.println(kind + "=" + ok.get());
        }
    }

    private interface Body {
        void run() throws Exception;
    }

    private static Thread start(Body b) {
        return Thread.ofVirtual().start(() -> {
            try {
                b.run();
            } catch (Throwable t) {
                t.printStackTrace();
                System.exit(1);
            }
        });
    }

    private static void check(long got, long expected) {
        if (got != expected) {
            System.err.println("got " + got + ", expected " + expected);
            System.exit(1);
        }
    }

    private static void pair(String kind, int rounds, AtomicLong ok, List<Thread> threads) {
        boolean timed = kind.endsWith("_timed");
        if (kind.startsWith("exchanger")) {
            Exchanger<Long> ex = new Exchanger<>();
            threads.add(start(() -> {
                for (long i = 1; i <= rounds; i++) {
                    check(exchange(ex, i, timed), -i);
                    ok.incrementAndGet();
                }
            }));
            threads.add(start(() -> {
                for (long i = 1; i <= rounds; i++) {
                    check(exchange(ex, -i, timed), i);
                }
            }));
            return;
        }
        if (kind.equals("phaser")) {
            Phaser ph = new Phaser(2);
            for (int side = 0; side < 2; side++) {
                boolean counts = side == 0;
                threads.add(start(() -> {
                    int phase = ph.getPhase();
                    for (long i = 1; i <= rounds; i++) {
                        int next = ph.arriveAndAwaitAdvance();
                        check(next, phase + 1);
                        phase = next;
                        if (counts) {
                            ok.incrementAndGet();
                        }
                    }
                }));
            }
            return;
        }
        boolean sq = kind.startsWith("synchronousqueue");
        LinkedTransferQueue<Long> ping = new LinkedTransferQueue<>();
        LinkedTransferQueue<Long> pong = new LinkedTransferQueue<>();
        SynchronousQueue<Long> sping = new SynchronousQueue<>();
        SynchronousQueue<Long> spong = new SynchronousQueue<>();
        threads.add(start(() -> {
            for (long i = 1; i <= rounds; i++) {
                if (sq) {
                    put(sping, i, timed);
                    check(take(spong, timed), i + 1);
                } else {
                    transfer(ping, i, timed);
                    check(take(pong, timed), i + 1);
                }
                ok.incrementAndGet();
            }
        }));
        threads.add(start(() -> {
            for (long i = 1; i <= rounds; i++) {
                if (sq) {
                    long v = take(sping, timed);
                    check(v, i);
                    put(spong, v + 1, timed);
                } else {
                    long v = take(ping, timed);
                    check(v, i);
                    transfer(pong, v + 1, timed);
                }
            }
        }));
    }

    // Timed variants wait 20 µs and retry: short enough that many waits expire and cancel their node.
    private static final long SHORT_US = 20;

    private static long exchange(Exchanger<Long> ex, long v, boolean timed) throws Exception {
        if (!timed) {
            return ex.exchange(v);
        }
        while (true) {
            try {
                return ex.exchange(v, SHORT_US, TimeUnit.MICROSECONDS);
            } catch (TimeoutException again) {
                // no exchange happened: offer again
            }
        }
    }

    private interface TimedOffer {
        boolean offer(long v) throws InterruptedException;
    }

    /** Offers v until taken, SHORT_US at a time. */
    private static void offerUntilTaken(TimedOffer offer, long v) throws InterruptedException {
        while (!offer.offer(v)) {
            Thread.onSpinWait();
        }
    }

    private static void put(SynchronousQueue<Long> q, long v, boolean timed) throws InterruptedException {
        if (timed) {
            offerUntilTaken(x -> q.offer(x, SHORT_US, TimeUnit.MICROSECONDS), v);
        } else {
            q.put(v);
        }
    }

    private static void transfer(LinkedTransferQueue<Long> q, long v, boolean timed) throws InterruptedException {
        if (timed) {
            offerUntilTaken(x -> q.tryTransfer(x, SHORT_US, TimeUnit.MICROSECONDS), v);
        } else {
            q.transfer(v);
        }
    }

    private static long take(java.util.concurrent.BlockingQueue<Long> q, boolean timed) throws InterruptedException {
        if (!timed) {
            return q.take();
        }
        Long v;
        while ((v = q.poll(SHORT_US, TimeUnit.MICROSECONDS)) == null) {
            Thread.onSpinWait();
        }
        return v;
    }
}

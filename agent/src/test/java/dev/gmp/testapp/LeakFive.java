package dev.gmp.testapp;

import dev.gmp.Chan;
import dev.gmp.Gmp;
import dev.gmp.Go;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Five leaks right after a fresh JVM starts, each made the way a request handler makes one: from its own virtual
 * thread, which starts the leaked one and ends. Each leak is the JVM's first wait in its kind of primitive, so the
 * leaked thread would load that primitive's wait-path classes itself: {@code chan} (a goroutine sending on a
 * channel only it knows), {@code queue}, {@code linked} ({@code take} on a {@code SynchronousQueue},
 * {@code LinkedBlockingQueue}), {@code latch}, {@code future} ({@code CompletableFuture.get}),
 * {@code condition} ({@code Condition.await}), {@code monitor} ({@code Object.wait}). {@code args[0]} lists the
 * kinds, comma-separated (default: five kinds); prints how many were proven within {@code args[1]} ms. With
 * {@code args[2]} = {@code jul}, the application's logging (java.util.logging, where System.Logger goes without
 * another bridge) takes logger {@code dev.gmp.leaks} for itself and prints how many leak reports it received.
 */
public final class LeakFive {
    private static final java.util.logging.Logger LEAKS = java.util.logging.Logger.getLogger("dev.gmp.leaks");
    private static final java.util.concurrent.atomic.AtomicInteger LOGGED = new java.util.concurrent.atomic.AtomicInteger();

    public static void main(String[] args) throws Exception {
        String[] kinds = (args.length > 0 ? args[0] : "chan,future,linked,condition,queue").split(",");
        long waitMs = args.length > 1 ? Long.parseLong(args[1]) : 20_000;
        boolean jul = args.length > 2 && args[2].equals("jul");
        if (jul) {
            LEAKS.setUseParentHandlers(false);
            LEAKS.addHandler(new java.util.logging.Handler() {
                @Override
                public void publish(java.util.logging.LogRecord r) {
                    if (r.getLevel() == java.util.logging.Level.WARNING
                            && r.getMessage().startsWith("gmp: goroutine leak: goroutine ")
                            && r.getMessage().contains("created by ")) {
                        LOGGED.incrementAndGet();
                    }
                }

                @Override
                public void flush() {}

                @Override
                public void close() {}
            });
        }
        for (String kind : kinds) {
            Thread handler = Thread.ofVirtual().start(() -> leak(kind));
            handler.join();
        }
        long deadline = System.nanoTime() + waitMs * 1_000_000;
        long proven;
        while ((proven = Gmp.checkLeaks().provenTotal()) < kinds.length && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        System.out.println("proven=" + proven);
        System.out.println("goroutines=" + Go.numGoroutine());
        if (jul) {
            Thread.sleep(200); // the report follows the count by a moment
            System.out.println("logged=" + LOGGED.get());
        }
    }

    /** Runs on the handler's thread; the leaked thread's body runs no lambda or string concatenation of its own. */
    private static void leak(String kind) {
        switch (kind) {
            case "chan" -> {
                Chan<Integer> c = Chan.make();
                Go.go(() -> c.send(1));
            }
            case "queue" -> {
                SynchronousQueue<Integer> q = new SynchronousQueue<>();
                Thread.ofVirtual().start(() -> take(q));
            }
            case "linked" -> {
                LinkedBlockingQueue<Integer> q = new LinkedBlockingQueue<>();
                Thread.ofVirtual().start(() -> take(q));
            }
            case "latch" -> {
                CountDownLatch l = new CountDownLatch(1);
                Thread.ofVirtual().start(() -> await(l));
            }
            case "future" -> {
                CompletableFuture<Integer> f = new CompletableFuture<>();
                Thread.ofVirtual().start(() -> get(f));
            }
            case "condition" -> {
                ReentrantLock lock = new ReentrantLock();
                Condition cond = lock.newCondition();
                Thread.ofVirtual().start(() -> await(lock, cond));
            }
            case "monitor" -> {
                Object m = new Object();
                Thread.ofVirtual().start(() -> waitOn(m));
            }
            default -> throw new IllegalArgumentException(kind);
        }
    }

    private static void take(BlockingQueue<Integer> q) {
        try {
            q.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void await(CountDownLatch l) {
        try {
            l.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void get(CompletableFuture<Integer> f) {
        try {
            f.get();
        } catch (InterruptedException | ExecutionException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void await(ReentrantLock lock, Condition cond) {
        lock.lock();
        try {
            cond.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            lock.unlock();
        }
    }

    private static void waitOn(Object m) {
        synchronized (m) {
            try {
                m.wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}

package dev.gmp.bench;

import dev.gmp.internal.jdk.JdkInternals;
import java.util.ArrayDeque;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.locks.LockSupport;

/**
 * Units are virtual threads on the least scheduler the JDK lets one write ({@code impl=floor}, {@code procs} 1
 * only): one carrier thread and a FIFO queue, with no record per thread, no status, no stealing and no
 * statistics. What a workload costs here is the JDK's own part of a virtual thread (its start, its continuation's
 * freeze and thaw, its park and unpark); what GMP costs beyond it is GMP's. A measurement instrument, not a
 * scheduler: a unit that blocks its carrier stops every other.
 */
final class FloorRunner implements Runner {
    private final Carrier carrier = new Carrier();
    private final Thread.Builder.OfVirtual builder;

    FloorRunner(int procs) {
        if (procs != 1) {
            throw new IllegalArgumentException("impl=floor runs one carrier: procs=" + procs + ": valid: 1");
        }
        builder = JdkInternals.get().builder(carrier);
        carrier.start();
    }

    @Override
    public void go(Runnable fn) {
        builder.start(fn);
    }

    @Override
    public void runMain(Runnable main) {
        Join.onVirtualThread(builder, main);
    }

    @Override
    public void close() {
        carrier.close();
    }

    /** The one carrier: runs the continuations it is given, in order. */
    private static final class Carrier extends Thread implements Executor {
        private final JdkInternals jdk = JdkInternals.get();
        private final ArrayDeque<Runnable> local = new ArrayDeque<>(); // submitted by the unit it runs: carrier only
        private final ConcurrentLinkedQueue<Runnable> external = new ConcurrentLinkedQueue<>();
        // The virtual thread whose continuation runs now. Written by the carrier before and after each run and
        // read by execute: from that thread it is current (the mount orders the write before the thread runs);
        // any other thread sees a value that cannot be itself, racy or not. Plain, as a fence per run would
        // count against the floor.
        private Thread mounted;
        private volatile boolean sleeping;
        private volatile boolean closed;

        Carrier() {
            super("floor-carrier");
            setDaemon(true);
        }

        @Override
        public void execute(Runnable task) {
            if (Thread.currentThread() == mounted) {
                local.addLast(task);
            } else {
                external.offer(task);
                if (sleeping) { // Dekker pair with run(): sleeping is set before the queue is checked
                    LockSupport.unpark(this);
                }
            }
        }

        @Override
        public void run() {
            while (!closed) {
                Runnable task = local.pollFirst();
                if (task == null) {
                    task = external.poll();
                }
                if (task == null) {
                    sleeping = true;
                    if (external.isEmpty() && !closed) {
                        LockSupport.park(this);
                    }
                    sleeping = false;
                    continue;
                }
                mounted = jdk.threadOf(task);
                task.run();
                mounted = null;
            }
        }

        void close() {
            closed = true;
            LockSupport.unpark(this);
        }
    }
}

package dev.gmp.bench;

import java.util.concurrent.CountDownLatch;

/** Waiting without checked-exception noise in benchmark bodies. */
public final class Join {
    private Join() {}

    public static void uninterruptibly(Thread t) {
        boolean interrupted = false;
        while (t.isAlive()) {
            try {
                t.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** {@code wg.Wait()}: a {@link CountDownLatch} parks a goroutine, not its M, on GMP and on the JDK. */
    public static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while joining", e);
        }
    }

    /** Runs {@code main} on a virtual thread of {@code builder}, waits for it, and rethrows what it threw. */
    public static void onVirtualThread(Thread.Builder.OfVirtual builder, Runnable main) {
        Throwable[] failure = new Throwable[1];
        Thread t = builder.unstarted(() -> {
            try {
                main.run();
            } catch (Throwable e) {
                failure[0] = e;
            }
        });
        t.start();
        uninterruptibly(t);
        rethrow(failure[0]);
    }

    public static void rethrow(Throwable failure) {
        if (failure instanceof RuntimeException re) {
            throw re;
        }
        if (failure instanceof Error err) {
            throw err;
        }
        if (failure != null) {
            throw new IllegalStateException(failure);
        }
    }
}

package dev.gmp;

import static org.junit.jupiter.api.Assertions.*;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SmokeTest {
    @Test
    void spawnAndJoin() throws Exception {
        try (GmpRuntime rt = GmpRuntime.builder().gomaxprocs(2).onFatal(m -> {}).build()) {
            int n = 100_000;
            AtomicInteger ran = new AtomicInteger();
            CountDownLatch done = new CountDownLatch(n);
            rt.run(() -> {
                for (int i = 0; i < n; i++) {
                    rt.go(() -> { ran.incrementAndGet(); done.countDown(); });
                }
            });
            assertTrue(done.await(30, TimeUnit.SECONDS), "ran " + ran.get());
            assertEquals(n, ran.get());
            System.out.println(rt.schedtrace(false));
            System.out.println(rt.stats());
        }
    }

    @Test
    void pingPong() throws Exception {
        try (GmpRuntime rt = GmpRuntime.builder().gomaxprocs(2).build()) {
            SynchronousQueue<Integer> a = new SynchronousQueue<>(), b = new SynchronousQueue<>();
            int n = 100_000;
            long t0 = System.nanoTime();
            rt.run(() -> {
                rt.go(() -> {
                    try { for (int i = 0; i < n; i++) b.put(a.take()); } catch (InterruptedException e) { throw new RuntimeException(e); }
                });
                try { for (int i = 0; i < n; i++) { a.put(i); assertEquals(i, b.take()); } } catch (InterruptedException e) { throw new RuntimeException(e); }
            });
            System.out.println("pingpong ns/op " + (System.nanoTime() - t0) / n);
            System.out.println(rt.schedtrace(true));
        }
    }
}

package dev.gmp.testapp;

import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/** An application that uses only the JDK's virtual threads, and never the runtime's API. */
public final class PlainVirtualThreads {
    private PlainVirtualThreads() {}

    public static void main(String[] args) throws Exception {
        AtomicInteger done = new AtomicInteger();
        try (var exec = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 100; i++) {
                exec.submit(() -> {
                    Thread.sleep(1);
                    return done.incrementAndGet();
                });
            }
        }
        System.out.println("virtual_threads_done=" + done.get());
    }
}

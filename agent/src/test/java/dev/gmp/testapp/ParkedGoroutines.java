package dev.gmp.testapp;

import dev.gmp.Chan;
import dev.gmp.Go;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code ParkedGoroutines N marker}: parks N goroutines on a channel receive in {@link #waitForWork}, prints
 * {@code parked=N}, and keeps them parked until the file {@code marker} exists (at most 120 s), so a profiler can
 * look at them over the agent's HTTP endpoints.
 */
public final class ParkedGoroutines {
    private ParkedGoroutines() {}

    public static void main(String[] args) throws Exception {
        int n = Integer.parseInt(args[0]);
        Path marker = Path.of(args[1]);
        Chan<Integer> work = Chan.make(0);
        for (int i = 0; i < n; i++) {
            Go.go(() -> waitForWork(work));
        }
        System.out.println("parked=" + n);
        System.out.flush();
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (!Files.exists(marker) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        work.close();
    }

    static void waitForWork(Chan<Integer> work) {
        work.recv();
    }
}

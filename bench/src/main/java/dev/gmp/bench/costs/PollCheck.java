package dev.gmp.bench.costs;

import dev.gmp.Go;
import dev.gmp.bench.costs.kernels.Kernels;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Proves that the polls {@link PreemptPolls} measures are really there: at GOMAXPROCS=1 a goroutine spins in
 * {@link Kernels#spinUntil} until a second goroutine has run. With polls it is preempted and released within
 * tens of milliseconds; without, it spins until its 3-second limit. Prints {@code polls=present|absent}.
 */
public final class PollCheck {
    private PollCheck() {}

    public static void main(String[] args) {
        Go.run(() -> {
            AtomicBoolean ran = new AtomicBoolean();
            Go.go(() -> ran.set(true));
            long t0 = System.nanoTime();
            boolean released = Kernels.spinUntil(ran::get, 3_000_000_000L);
            System.out.println("polls=" + (released ? "present" : "absent") + " spun_ms="
                    + (System.nanoTime() - t0) / 1_000_000);
        });
    }
}

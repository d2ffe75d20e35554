package dev.gmp.examples.leaks;

import dev.gmp.Chan;
import dev.gmp.GmpRuntime;
import dev.gmp.LeakReport;
import dev.gmp.SuspectedLeak;
import dev.gmp.examples.Example;
import dev.gmp.examples.Narrator;
import java.time.Duration;

/**
 * The seed's third leak cause: long waits, with new goroutines joining them all the time. Each request starts
 * a goroutine that waits for a reply on the service's shared channel, which nothing serves. The channel is
 * reachable (the service holds it), so the GC cannot prove anything: these are suspected leaks, goroutines
 * blocked longer than {@code leak.threshold} ({@code gmp_goroutines_suspected_leaked}), and the creation site
 * is flagged GROWING because its count rises scan after scan. This runtime uses a 200 ms threshold so the
 * example does not take the default 5 minutes.
 */
public final class GrowingWaits implements Example {
    @Override
    public String name() {
        return "leak-growing";
    }

    @Override
    public String summary() {
        return "leak cause 3: ever more goroutines waiting: suspected, with growth";
    }

    /** A service whose replies never come: every request leaves a goroutine waiting on {@link #replies}. */
    static final class Service {
        final Chan<String> replies = Chan.make();
        final GmpRuntime rt;

        Service(GmpRuntime rt) {
            this.rt = rt;
        }

        void handle(int request) {
            rt.go(() -> replies.recv());
        }
    }

    @Override
    public String run(Narrator out) throws Exception {
        try (GmpRuntime rt = GmpRuntime.builder().name("growing").gomaxprocs(2)
                .leakThreshold(Duration.ofMillis(200)).build()) {
            Service svc = new Service(rt);
            SuspectedLeak growing = null;
            int requests = 0;
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (growing == null && System.nanoTime() < deadline) {
                svc.handle(requests++);
                Thread.sleep(40);
                for (SuspectedLeak s : rt.leaks().suspected()) {
                    if (s.growing()) {
                        growing = s;
                    }
                }
            }
            LeakReport r = rt.leaks();
            out.say("After " + requests + " requests, what /debug/gmp/leaks shows:");
            out.say(r.toString());
            svc.replies.close(); // the fix would be a timeout or a context per request; here: release them all
            return growing == null ? "no growth seen" : "suspected " + growing.count() + " at "
                    + growing.createdBy().get(0).getMethodName() + ", growing";
        }
    }
}

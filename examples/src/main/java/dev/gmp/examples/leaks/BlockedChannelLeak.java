package dev.gmp.examples.leaks;

import dev.gmp.Chan;
import dev.gmp.Gmp;
import dev.gmp.Go;
import dev.gmp.LeakReport;
import dev.gmp.Select;
import dev.gmp.Time;
import dev.gmp.examples.Example;
import dev.gmp.examples.Narrator;
import java.time.Duration;

/**
 * The seed's first leak cause: a goroutine blocked forever on a channel operation. {@link #search} starts a
 * worker that sends its result on an unbuffered channel, but gives up after a timeout and returns without
 * receiving: the worker waits in {@code chan send} on a channel nobody else can reach.
 *
 * <p>Run with {@code -Djdk.trackAllThreads=false} (or the agent's {@code leaks=proven}): after a GC the runtime
 * proves the leak and logs it on stderr in Go's shape ({@code goroutine N [chan send (leaked)]:}, the stack,
 * {@code created by ...}), counts it in {@code gmp_goroutine_leaks_total{wait_reason="chan send"}} and records
 * a {@code dev.gmp.GoroutineLeak} JFR event. The fixes are {@link DoneChannelFix} and {@link ContextTimeoutFix}.
 */
public final class BlockedChannelLeak implements Example {
    static final Duration SLOW = Duration.ofMillis(50);
    static final Duration TIMEOUT = Duration.ofMillis(10);

    @Override
    public String name() {
        return "leak-blocked";
    }

    @Override
    public String summary() {
        return "leak cause 1: a send nobody receives, proven leaked after a GC";
    }

    /** Returns the result, or null on timeout, leaking the worker: nobody will ever receive its send. */
    static String search(String query) {
        Chan<String> result = Chan.make();
        Go.go(() -> result.send(slowLookup(query)));
        String[] got = new String[1];
        Select.make().recv(result, v -> got[0] = v).recv(Time.after(TIMEOUT)).select();
        return got[0];
    }

    static String slowLookup(String query) {
        Time.sleep(SLOW);
        return "result for " + query;
    }

    @Override
    public String run(Narrator out) throws Exception {
        out.say("Three searches time out and return; each leaves its worker blocked in `chan send`.");
        long before = Gmp.leaks().provenTotal();
        Go.run(() -> {
            for (int i = 0; i < 3; i++) {
                search("q" + i);
            }
            Time.sleep(SLOW.multipliedBy(2)); // the workers finish looking up and block on their sends
        });
        out.say("Goroutines still alive: " + Go.numGoroutine() + ". Asking for a check\n"
                + "(what /debug/gmp/leaks?check=1 does: a GC, then the report):");
        LeakReport r = Gmp.checkLeaks();
        long found = r.provenTotal() - before;
        if (!r.provenDetection()) {
            out.say("Proven detection is off here (" + r.provenNote() + ").\nRerun with "
                    + "-Djdk.trackAllThreads=false, or with the agent's leaks=proven.");
            return "proven detection off";
        }
        out.say("Proven leaks: " + found + " (reported once each on stderr in Go's shape). Goroutines alive "
                + "now: " + Go.numGoroutine() + ".");
        return "proven leaks +" + found;
    }
}

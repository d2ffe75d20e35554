package dev.gmp.examples;

import dev.gmp.Chan;
import dev.gmp.DeadlockError;
import dev.gmp.Go;
import dev.gmp.GmpRuntime;
import dev.gmp.WaitGroup;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Deadlock, and how to avoid it. Two goroutines each wait to receive from the other before sending: a circular
 * wait. Every goroutine is then asleep on a channel or a WaitGroup that nothing else can reach, and
 * {@code Go.run} fails like a Go program: {@code fatal error: all goroutines are asleep - deadlock!} and a
 * dump of who waits on what. The fix breaks the cycle (one side sends first, over a buffered channel) and the
 * same program completes. Runs on a runtime of its own, so the goroutines of other examples do not count.
 */
public final class Deadlock implements Example {
    @Override
    public String name() {
        return "deadlock";
    }

    @Override
    public String summary() {
        return "a circular channel wait: Go's deadlock report, then the fixed version";
    }

    @Override
    public String run(Narrator out) throws Exception {
        out.say("alice: { x := <-fromBob; toBob <- x }   bob: { y := <-fromAlice; toAlice <- y }\n"
                + "Both receive first, so both wait forever; main waits for both in wg.Wait(). The runtime\n"
                + "sees every goroutine asleep on runtime primitives and reports Go's fatal error:");
        String report = null;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (GmpRuntime rt = GmpRuntime.builder().name("deadlock").err(new PrintStream(err, true,
                StandardCharsets.UTF_8)).build()) {
            try {
                rt.run(() -> exchange(false));
            } catch (DeadlockError e) {
                report = e.getMessage();
            }
        }
        if (report == null) {
            throw new IllegalStateException("the circular wait was not reported as a deadlock");
        }
        for (String line : report.split("\n")) {
            if (line.startsWith("fatal error") || line.startsWith("goroutine ")) {
                out.say("  | " + line);
            }
        }
        out.say("Fix: break the cycle. alice sends first, on channels with a buffer of 1 (or: always take\n"
                + "locks in one order; give every wait a timeout or a ctx.Done() case).");
        long elapsed;
        try (GmpRuntime rt = GmpRuntime.builder().name("deadlock-fixed").build()) {
            long t0 = System.nanoTime();
            rt.run(() -> exchange(true));
            elapsed = (System.nanoTime() - t0) / 1_000_000;
        }
        out.say("fixed version: both exchanges completed in " + elapsed + " ms");
        String first = report.lines().findFirst().orElse("");
        return "\"" + first.replace("fatal error: ", "") + "\", then fixed";
    }

    /** alice and bob swap a value; {@code fixed}: alice sends first over buffered channels (no cycle). */
    private static void exchange(boolean fixed) {
        Chan<String> toAlice = fixed ? Chan.make(1) : Chan.make();
        Chan<String> toBob = fixed ? Chan.make(1) : Chan.make();
        WaitGroup wg = new WaitGroup();
        wg.go(() -> {
            if (fixed) {
                toBob.send("from alice");
                toAlice.recv();
            } else {
                String x = toAlice.recv();
                toBob.send(x);
            }
        });
        wg.go(() -> {
            String y = toBob.recv();
            toAlice.send(y);
        });
        wg.await();
    }
}

package dev.gmp.examples;

import dev.gmp.CancelContext;
import dev.gmp.Chan;
import dev.gmp.Context;
import dev.gmp.ContextError;
import dev.gmp.Go;
import dev.gmp.Select;
import dev.gmp.Ticker;
import dev.gmp.Time;
import dev.gmp.WaitGroup;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Context: pass a cancellation signal and a deadline down a tree of goroutines (the seeds' advice for giving
 * every goroutine a way out). (1) 20 workers loop on {@code select { case <-ctx.Done(): return; case <-tick }};
 * one {@code cancel()} stops them all with {@code context canceled}. (2) A slow call (500 ms) under
 * {@code context.WithTimeout(100ms)} gives up with {@code context deadline exceeded}, and the slow goroutine
 * still exits (its result channel is buffered). Watch: the live goroutine count returns to where it started.
 */
public final class ContextCancel implements Example {
    static final int WORKERS = 20;

    @Override
    public String name() {
        return "context";
    }

    @Override
    public String summary() {
        return "Context: one cancel() stops 20 workers; WithTimeout gives up on a slow call";
    }

    @Override
    public String run(Narrator out) throws Exception {
        out.say("1) ctx, cancel := WithCancel(Background); 20 workers select on ctx.Done() and a ticker;\n"
                + "   after 50 ms, cancel(): every worker returns, ctx.Err() = context canceled.\n"
                + "2) WithTimeout(100ms) around a 500 ms call: the caller gives up at the deadline.");
        int liveBefore = Go.numGoroutine();
        AtomicInteger stopped = new AtomicInteger();
        String[] results = new String[4];
        Go.run(() -> {
            WaitGroup wg = new WaitGroup();
            CancelContext ctx = Context.withCancel(Context.background());
            AtomicInteger ticks = new AtomicInteger();
            for (int i = 0; i < WORKERS; i++) {
                wg.go(() -> {
                    Ticker tick = Time.newTicker(Duration.ofMillis(10));
                    boolean[] done = new boolean[1];
                    Select sel = Select.make()
                            .recv(ctx.done(), v -> done[0] = true)
                            .recv(tick.c(), t -> ticks.incrementAndGet());
                    while (!done[0]) {
                        sel.select();
                    }
                    tick.stop();
                    stopped.incrementAndGet();
                });
            }
            Go.sleep(Duration.ofMillis(50));
            int liveDuring = Go.numGoroutine();
            ctx.cancel();
            wg.await();
            results[0] = String.format("1) %d workers ticked %d times (%d goroutines live); cancel():\n"
                    + "   %d stopped, err=%s", WORKERS, ticks.get(), liveDuring, stopped.get(), ctx.err().getMessage());

            long t0 = System.nanoTime();
            try (CancelContext tctx = Context.withTimeout(Context.background(), Duration.ofMillis(100))) {
                String r = slowCall(tctx, Duration.ofMillis(500));
                results[1] = r;
                results[2] = String.format("2) slow call under WithTimeout(100ms): returned after %d ms with %s",
                        (System.nanoTime() - t0) / 1_000_000, r);
            }
        });
        // The abandoned slow call finishes on its own (buffered result channel): no goroutine leaks.
        Work.until(() -> Go.numGoroutine() <= liveBefore, 2_000);
        int liveAfter = Go.numGoroutine();
        results[3] = "live goroutines before " + liveBefore + ", after " + liveAfter;
        out.say(results[0]);
        out.say(results[2]);
        out.say(results[3]);
        return stopped.get() + " workers stopped by cancel(); WithTimeout: " + results[1].replace("context ", "");
    }

    /**
     * Runs a call of {@code cost} in a goroutine and waits for it or for {@code ctx}: Go's
     * {@code select { case r := <-result: ...; case <-ctx.Done(): return ctx.Err() }}. The result channel has a
     * buffer of one, so the abandoned goroutine can still send and exit.
     */
    static String slowCall(Context ctx, Duration cost) {
        Chan<String> result = Chan.make(1);
        Go.go(() -> {
            Go.sleep(cost);
            result.send("result");
        });
        String[] r = new String[1];
        Select.make()
                .recv(result, v -> r[0] = "ok: " + v)
                .recv(ctx.done(), v -> r[0] = errOf(ctx.err()))
                .select();
        return r[0];
    }

    private static String errOf(ContextError e) {
        return e.getMessage();
    }
}

package dev.gmp.examples.leaks;

import dev.gmp.CancelContext;
import dev.gmp.Chan;
import dev.gmp.Context;
import dev.gmp.Gmp;
import dev.gmp.Go;
import dev.gmp.LeakReport;
import dev.gmp.Select;
import dev.gmp.examples.Example;
import dev.gmp.examples.Narrator;
import java.time.Duration;

/**
 * The seed's second fix: a {@code Context} with a timeout. The worker gives up when the context is done, and
 * the caller's {@code cancel} (here: close) ends it early; whichever side quits first, nobody waits forever.
 */
public final class ContextTimeoutFix implements Example {
    @Override
    public String name() {
        return "leak-fix-context";
    }

    @Override
    public String summary() {
        return "fix 2: a Context with a timeout that both sides select on";
    }

    static String search(Context parent, String query) {
        try (CancelContext ctx = Context.withTimeout(parent, Duration.ofMillis(10))) {
            Chan<String> result = Chan.make();
            Go.go(() -> {
                String r = BlockedChannelLeak.slowLookup(query);
                Select.make().send(result, r).recv(ctx.done()).select();
            });
            String[] got = new String[1];
            Select.make().recv(result, v -> got[0] = v).recv(ctx.done()).select();
            return got[0];
        }
    }

    @Override
    public String run(Narrator out) throws Exception {
        out.say("Three searches under a 10 ms context deadline; the workers select on ctx.done().");
        long before = Gmp.leaks().provenTotal();
        Go.run(() -> {
            for (int i = 0; i < 3; i++) {
                search(Context.background(), "q" + i);
            }
            dev.gmp.Time.sleep(BlockedChannelLeak.SLOW.multipliedBy(2));
        });
        LeakReport r = Gmp.checkLeaks();
        long found = r.provenTotal() - before;
        out.say("Proven leaks: " + found + ". Goroutines alive: " + Go.numGoroutine() + ".");
        return "proven leaks +" + found;
    }
}

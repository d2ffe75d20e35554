package dev.gmp.examples.leaks;

import dev.gmp.Chan;
import dev.gmp.Gmp;
import dev.gmp.Go;
import dev.gmp.LeakReport;
import dev.gmp.Select;
import dev.gmp.Time;
import dev.gmp.examples.Example;
import dev.gmp.examples.Narrator;

/**
 * The seed's first fix: a done channel. The caller of {@link #search} closes {@code done} when it returns, and
 * the worker selects between sending its result and {@code done}, so it always ends. Same workload as
 * {@link BlockedChannelLeak}, no leak.
 */
public final class DoneChannelFix implements Example {
    @Override
    public String name() {
        return "leak-fix-done";
    }

    @Override
    public String summary() {
        return "fix 1: a done channel the caller closes, so the worker always ends";
    }

    static String search(String query) {
        Chan<String> result = Chan.make();
        Chan<Void> done = Chan.make();
        Go.go(() -> {
            String r = BlockedChannelLeak.slowLookup(query);
            Select.make().send(result, r).recv(done).select(); // whichever comes first; never blocks forever
        });
        try {
            String[] got = new String[1];
            Select.make().recv(result, v -> got[0] = v).recv(Time.after(BlockedChannelLeak.TIMEOUT)).select();
            return got[0];
        } finally {
            done.close(); // defer close(done)
        }
    }

    @Override
    public String run(Narrator out) throws Exception {
        out.say("Three searches time out as before; each closes its done channel on return.");
        long before = Gmp.leaks().provenTotal();
        Go.run(() -> {
            for (int i = 0; i < 3; i++) {
                search("q" + i);
            }
            Time.sleep(BlockedChannelLeak.SLOW.multipliedBy(2));
        });
        LeakReport r = Gmp.checkLeaks();
        long found = r.provenTotal() - before;
        out.say("Proven leaks: " + found + ". Goroutines alive: " + Go.numGoroutine() + ".");
        return "proven leaks +" + found;
    }
}

package dev.gmp.agent.export;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.gmp.GmpRuntime;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * {@code /debug/gmp/goroutines?debug=1|2}: the goroutine profile in Go's text forms (as Go's
 * {@code /debug/pprof/goroutine?debug=1|2}); without {@code debug}, the {@code debug=1} form. Other levels get a
 * 400 naming the valid ones (Go's {@code debug=0} is a protobuf profile, which we do not produce). The dump is
 * rendered before the reply, so that a failure is a 500 with its reason rather than a truncated 200; it is taken
 * on demand only. The JDK's own goroutines (system goroutines, docs/leaks.md) are left out unless
 * {@code system=1}, as Go shows its own only under {@code GOTRACEBACK=system}.
 */
final class GoroutinesHandler implements HttpHandler {
    static final String VALID = "valid values are 1 (counts by stack) and 2 (every goroutine's traceback)";

    private final GmpRuntime rt;

    GoroutinesHandler(GmpRuntime rt) {
        this.rt = rt;
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        if (!HttpResponses.accept(ex)) {
            return;
        }
        String d = HttpResponses.query(ex, "debug");
        int debug;
        if (d == null) {
            debug = 1;
        } else if (d.equals("1") || d.equals("2")) {
            debug = Integer.parseInt(d);
        } else {
            HttpResponses.send(ex, 400, "debug=" + d + ": " + VALID + "\n");
            return;
        }
        String sys = HttpResponses.query(ex, "system");
        if (sys != null && !sys.equals("0") && !sys.equals("1")) {
            HttpResponses.send(ex, 400, "system=" + sys + ": valid values are 0 and 1 (also the JDK's own goroutines)\n");
            return;
        }
        sendDump(ex, rt, debug, "1".equals(sys));
    }

    /**
     * Renders the text dump ({@code debug} 1 or 2) before replying, so that a failure is a 500 with its reason
     * rather than a truncated 200. Shared with {@code /debug/pprof/goroutine?debug=1|2}.
     */
    static void sendDump(HttpExchange ex, GmpRuntime rt, int debug, boolean system) throws IOException {
        StringBuilder dump = new StringBuilder(64 * 1024);
        try {
            rt.dump(dump, debug, system);
        } catch (RuntimeException | Error e) {
            HttpResponses.send(ex, 500, "gmp: goroutine dump failed: " + e + "\n");
            return;
        }
        HttpResponses.send(ex, 200, HttpResponses.TEXT, dump.toString().getBytes(StandardCharsets.UTF_8));
    }
}

package dev.gmp.agent.export;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.gmp.GmpRuntime;
import dev.gmp.LeakReport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * {@code /debug/gmp/leaks[?check=1]}: proven and suspected goroutine leaks, with stacks, in Go's traceback shape
 * ({@link LeakReport#write}). Without {@code check} it reports what the detector knows and costs nothing;
 * {@code check=1} first requests a check ({@code System.gc()}, then the report): the only way an operator makes
 * the runtime collect, never on a schedule.
 */
final class LeaksHandler implements HttpHandler {
    private final GmpRuntime rt;

    LeaksHandler(GmpRuntime rt) {
        this.rt = rt;
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        if (!HttpResponses.accept(ex)) {
            return;
        }
        String check = HttpResponses.query(ex, "check");
        if (check != null && !check.equals("0") && !check.equals("1")) {
            HttpResponses.send(ex, 400, "check=" + check + ": valid values are 0 (report only) and 1 (GC, then "
                    + "report)\n");
            return;
        }
        LeakReport r = "1".equals(check) ? rt.checkLeaks() : rt.leaks();
        HttpResponses.send(ex, 200, HttpResponses.TEXT, r.toString().getBytes(StandardCharsets.UTF_8));
    }
}

package dev.gmp.agent.export;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.gmp.GmpRuntime;

/**
 * {@code /debug/gmp/sched}: one {@code GODEBUG=schedtrace} report, taken now; {@code ?detail=1} gives the
 * {@code scheddetail=1} form (per-P, per-M and per-G lines).
 */
final class SchedHandler implements HttpHandler {
    private final GmpRuntime rt;

    SchedHandler(GmpRuntime rt) {
        this.rt = rt;
    }

    @Override
    public void handle(HttpExchange ex) throws java.io.IOException {
        if (!HttpResponses.accept(ex)) {
            return;
        }
        String d = HttpResponses.query(ex, "detail");
        if (d != null && !d.equals("0") && !d.equals("1")) {
            HttpResponses.send(ex, 400, "detail=" + d + ": valid values are 0 (schedtrace) and 1 (scheddetail)\n");
            return;
        }
        HttpResponses.send(ex, 200, rt.schedtrace("1".equals(d)));
    }
}

package dev.gmp.agent.export;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.gmp.GmpRuntime;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * {@code /debug/pprof/}: the part of Go's net/http/pprof that a goroutine scheduler can answer
 * (golang/go src/net/http/pprof/pprof.go {@code Index} and {@code handler.ServeHTTP}):
 * <ul>
 *   <li>{@code /debug/pprof/goroutine}: {@code debug=0} (the default) is the gzipped {@code profile.proto} that
 *       {@code go tool pprof} reads, sent as an attachment named {@code goroutine}; {@code debug=1} counts by
 *       stack and {@code debug=2} (or higher) every goroutine's traceback, as text. As in Go, a {@code debug} value
 *       that is not a number counts as 0.</li>
 *   <li>{@code /debug/pprof/}: an index page linking the profile with its current count.</li>
 * </ul>
 * Go's other profiles (heap, CPU, block, mutex, trace) describe Go's runtime; the JVM has its own tools for those
 * (JFR), so any other name gets Go's 404 "Unknown profile".
 */
final class PprofHandler implements HttpHandler {
    static final String PATH = "/debug/pprof/";

    private final GmpRuntime rt;

    PprofHandler(GmpRuntime rt) {
        this.rt = rt;
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        if (!HttpResponses.acceptMethod(ex)) {
            return;
        }
        String name = ex.getRequestURI().getPath().substring(PATH.length());
        if (name.isEmpty()) {
            index(ex);
        } else if (name.equals("goroutine")) {
            goroutine(ex);
        } else {
            HttpResponses.send(ex, 404, "Unknown profile\n");
        }
    }

    private void goroutine(HttpExchange ex) throws IOException {
        int debug;
        try {
            debug = Integer.parseInt(String.valueOf(HttpResponses.query(ex, "debug")));
        } catch (NumberFormatException e) {
            debug = 0; // strconv.Atoi's error is ignored in Go too
        }
        if (debug > 0) {
            GoroutinesHandler.sendDump(ex, rt, Math.min(debug, 2), false);
            return;
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream(16 * 1024);
        try {
            rt.goroutineProfile(body);
        } catch (RuntimeException | Error e) {
            HttpResponses.send(ex, 500, "gmp: goroutine profile failed: " + e + "\n");
            return;
        }
        ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        ex.getResponseHeaders().set("Content-Disposition", "attachment; filename=\"goroutine\"");
        HttpResponses.send(ex, 200, "application/octet-stream", body.toByteArray());
    }

    private void index(HttpExchange ex) throws IOException {
        int count = rt.stats().goroutines().live();
        String html = "<html>\n<head>\n<title>/debug/pprof/</title>\n</head>\n<body>\n/debug/pprof/\n<br>\n"
                + "<p>Set debug=1 as a query parameter to export in legacy text format</p>\n<br>\n"
                + "Types of profiles available:\n<table>\n<thead><td>Count</td><td>Profile</td></thead>\n"
                + "<tr><td>" + count + "</td><td><a href='goroutine?debug=1'>goroutine</a></td></tr>\n"
                + "</table>\n<br>\n<p>Profile Descriptions:</p>\n<ul>\n"
                + "<li><div class=profile-name>goroutine: </div> Stack traces of all current goroutines. "
                + "Use debug=2 as a query parameter to export in the same format as an unrecovered panic.</li>\n"
                + "</ul>\n</body>\n</html>\n";
        HttpResponses.send(ex, 200, "text/html; charset=utf-8", html.getBytes(StandardCharsets.UTF_8));
    }
}

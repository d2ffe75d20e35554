package dev.gmp.agent.export;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/** Small helpers the endpoint handlers share: method checks, query parameters, plain-text replies. */
final class HttpResponses {
    static final String TEXT = "text/plain; charset=utf-8";

    private HttpResponses() {}

    /** Rejects anything but GET/HEAD (405) and sub-paths of the context (404); true if the request may go on. */
    static boolean accept(HttpExchange ex) throws IOException {
        if (!acceptMethod(ex)) {
            return false;
        }
        if (!ex.getRequestURI().getPath().equals(ex.getHttpContext().getPath())) {
            send(ex, 404, "404 page not found\n");
            return false;
        }
        return true;
    }

    /** Rejects anything but GET/HEAD (405); true if the request may go on. */
    static boolean acceptMethod(HttpExchange ex) throws IOException {
        String method = ex.getRequestMethod();
        if (!method.equals("GET") && !method.equals("HEAD")) {
            ex.getResponseHeaders().set("Allow", "GET, HEAD");
            send(ex, 405, "method " + method + " not allowed; use GET\n");
            return false;
        }
        return true;
    }

    /** The first value of query parameter {@code name}, or null. */
    static String query(HttpExchange ex, String name) {
        String q = ex.getRequestURI().getRawQuery();
        if (q == null) {
            return null;
        }
        for (String kv : q.split("&")) {
            int eq = kv.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? kv : kv.substring(0, eq), StandardCharsets.UTF_8);
            if (k.equals(name)) {
                return eq < 0 ? "" : URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    static void send(HttpExchange ex, int status, String body) throws IOException {
        send(ex, status, TEXT, body.getBytes(StandardCharsets.UTF_8));
    }

    static void send(HttpExchange ex, int status, String contentType, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", contentType);
        boolean head = ex.getRequestMethod().equals("HEAD");
        ex.sendResponseHeaders(status, head ? -1 : (body.length == 0 ? -1 : body.length));
        if (!head && body.length > 0) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
        ex.close();
    }
}

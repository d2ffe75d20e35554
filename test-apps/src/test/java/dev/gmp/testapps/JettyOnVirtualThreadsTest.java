package dev.gmp.testapps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Without the agent: a blocking handler runs on a virtual thread, and nothing listens after close. */
class JettyOnVirtualThreadsTest {
    @Test
    @Timeout(60)
    void servesABlockingHandlerOnAVirtualThreadAndCloses() throws Exception {
        int port;
        try (JettyOnVirtualThreads jetty = JettyOnVirtualThreads.start(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                response.setStatus(200);
                Content.Sink.write(response, true, "virtual=" + Thread.currentThread().isVirtual(), callback);
                return true;
            }
        })) {
            port = jetty.port();
            HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + "/any").toURL()
                    .openConnection();
            c.setConnectTimeout(10_000);
            c.setReadTimeout(10_000);
            assertEquals(200, c.getResponseCode());
            try (InputStream in = c.getInputStream()) {
                assertEquals("virtual=true", new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        assertThrows(IOException.class, () -> new Socket("127.0.0.1", port).close(),
                "nothing listens on the port after close");
    }
}

package dev.gmp.testapp;

import dev.gmp.Go;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/** Reads its own agent endpoints (prometheus=127.0.0.1:PORT) after running a few goroutines; prints them. */
public final class MetricsSelf {
    public static void main(String[] args) throws Exception {
        Go.run(() -> {
            for (int i = 0; i < 5; i++) {
                Go.go(() -> { });
            }
        });
        for (String path : new String[] {"/metrics", "/debug/gmp/sched"}) {
            HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + args[0] + path).toURL()
                    .openConnection();
            System.out.println(path + " status=" + c.getResponseCode());
            try (InputStream in = c.getInputStream()) {
                System.out.println(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
    }
}

package dev.gmp.agent.export;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.exporter.common.TextFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

/**
 * {@code /metrics}: the registry in Prometheus text format 0.0.4, or OpenMetrics when the scraper asks for it
 * ({@code Accept}). One collection per scrape.
 */
final class MetricsHandler implements HttpHandler {
    private final CollectorRegistry registry;

    MetricsHandler(CollectorRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        try {
            if (!HttpResponses.accept(ex)) {
                return;
            }
            String contentType = TextFormat.chooseContentType(ex.getRequestHeaders().getFirst("Accept"));
            ByteArrayOutputStream buf = new ByteArrayOutputStream(16 * 1024);
            try (Writer w = new OutputStreamWriter(buf, StandardCharsets.UTF_8)) {
                TextFormat.writeFormat(contentType, w, registry.metricFamilySamples());
            }
            HttpResponses.send(ex, 200, contentType, buf.toByteArray());
        } catch (RuntimeException e) {
            HttpResponses.send(ex, 500, "gmp: collecting metrics failed: " + e + "\n");
        }
    }
}

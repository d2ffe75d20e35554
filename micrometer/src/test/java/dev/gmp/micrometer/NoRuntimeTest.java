package dev.gmp.micrometer;

import static org.junit.jupiter.api.Assertions.*;

import dev.gmp.internal.jdk.JdkInternals;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Without a GMP runtime the binder binds nothing, says so in one log line, and never throws. */
class NoRuntimeTest {
    @Test
    void aJvmWithoutTheAgentOrOpenedInternalsRunsOn() throws Exception {
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                NoRuntimeMain.class.getName()).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), out + err);
        assertEquals("meters=1\n", out, "only the application's own meter\n" + err);
        // The JDK's default System.Logger (java.util.logging) writes one record as a source line and a message line.
        List<String> messages = err.lines().filter(l -> l.startsWith("INFO: ")).toList();
        assertEquals(List.of("INFO: gmp: no GMP runtime in this JVM, gmp metrics not bound (" + JdkInternals.FIX + ")"),
                messages, err);
        assertEquals(2, err.lines().count(), "one log record, nothing else:\n" + err);
    }

    @Test
    void aRuntimeThatCannotBeBuiltBindsNothingAndIsAskedOnce() {
        int[] asked = {0};
        GmpMetrics metrics = new GmpMetrics(() -> {
            asked[0]++;
            throw new IllegalStateException(JdkInternals.FIX);
        }, Tags.empty(), 0);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        metrics.bindTo(registry);
        metrics.bindTo(registry);
        assertEquals(List.of(), registry.getMeters());
        assertEquals(1, asked[0]);
    }
}

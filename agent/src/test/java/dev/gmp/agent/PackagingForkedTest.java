package dev.gmp.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gmp.testapp.OwnDeps;
import dev.gmp.testapp.Routing;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Packaging: one shaded jar that works with {@code java -jar}, and beside an app's own library versions. */
class PackagingForkedTest {
    @TempDir
    Path dir;

    private static List<Path> appLibs() throws IOException {
        Path libs = Path.of(System.getProperty("gmp.test.app.libs"));
        try (Stream<Path> s = Files.list(libs)) {
            return s.filter(p -> p.toString().endsWith(".jar")).sorted().toList();
        }
    }

    /** A runnable application jar of the test fixtures, with its libraries on its manifest Class-Path. */
    private Path appJar(Class<?> main, List<Path> libs) throws IOException {
        Manifest mf = new Manifest();
        mf.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        mf.getMainAttributes().put(Attributes.Name.MAIN_CLASS, main.getName());
        List<String> cp = new ArrayList<>();
        for (Path l : libs) {
            cp.add(l.toUri().toString());
        }
        if (!cp.isEmpty()) {
            mf.getMainAttributes().put(Attributes.Name.CLASS_PATH, String.join(" ", cp));
        }
        Path jar = dir.resolve("app.jar");
        Path classes = Path.of(System.getProperty("gmp.test.classpath"));
        try (OutputStream fo = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(fo, mf);
             Stream<Path> files = Files.walk(classes.resolve("dev/gmp/testapp"))) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(f).toString().replace(File.separatorChar, '/')));
                Files.copy(f, out);
                out.closeEntry();
            }
        }
        return jar;
    }

    @Test
    @Timeout(60)
    void javaDashJar() throws Exception {
        Path jar = appJar(Routing.class, List.of());
        ForkedJvm.Result r = ForkedJvm.main(Routing.class).agentArgs("banner=off").classpath(jar.toString())
                .run();
        assertEquals(0, r.exit(), r.toString());
        assertEquals(r.value("virtual_threads"), r.value("as_goroutines"), r.toString());
        // and the same jar run with -jar (the agent jar still reaches the system class path)
        ForkedJvm.Result j = ForkedJvm.main(Routing.class).agentArgs("banner=off").jarMode(jar).run();
        assertEquals(0, j.exit(), j.toString());
        assertEquals(j.value("virtual_threads"), j.value("as_goroutines"), j.toString());
    }

    /**
     * The agent jar carries only what it uses: the runtime, itself, and the relocated ASM and Prometheus client
     * of its exporter. No Micrometer (the binder is gmp-micrometer, bound to the application's own Micrometer), no
     * HdrHistogram or LatencyUtils, no JUnit check (gmp-junit).
     */
    @Test
    void theAgentJarCarriesOnlyWhatItUses() throws Exception {
        List<String> foreign = new ArrayList<>();
        boolean prometheus = false;
        try (java.util.jar.JarFile jar = new java.util.jar.JarFile(ForkedJvm.agentJar())) {
            for (JarEntry e : java.util.Collections.list(jar.entries())) {
                String n = e.getName();
                if (!n.endsWith(".class")) {
                    continue;
                }
                prometheus |= n.startsWith("dev/gmp/agent/shaded/io/prometheus/client/exporter/common/");
                boolean ours = n.startsWith("dev/gmp/") && !n.startsWith("dev/gmp/agent/shaded/")
                        && !n.startsWith("dev/gmp/micrometer/") && !n.startsWith("dev/gmp/testing/");
                boolean shaded = n.startsWith("dev/gmp/agent/shaded/net/bytebuddy/jar/asm/")
                        || n.startsWith("dev/gmp/agent/shaded/io/prometheus/client/");
                if (!ours && !shaded) {
                    foreign.add(n);
                }
            }
        }
        assertTrue(prometheus, "the exporter's Prometheus client is shaded");
        assertEquals(List.of(), foreign.subList(0, Math.min(20, foreign.size())), foreign.size() + " foreign classes");
    }

    @Test
    @Timeout(60)
    void anApplicationWithItsOwnByteBuddyAndMicrometer() throws Exception {
        List<Path> libs = appLibs();
        Path jar = appJar(OwnDeps.class, libs);
        ForkedJvm.Result r = ForkedJvm.main(OwnDeps.class).agentArgs("banner=off").jarMode(jar).run();
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().contains("generated dev.gmp.testapp.Generated"), r.toString());
        assertTrue(r.out().contains("byte-buddy-1.15.10.jar"), "the app's own ByteBuddy\n" + r);
        assertTrue(r.out().contains("counter 3"), r.toString());
        assertTrue(r.out().contains("micrometer-core-1.13.6.jar"), "the app's own Micrometer\n" + r);
        assertEquals(1, r.value("vt_goid_nonzero"), r.toString());
    }
}

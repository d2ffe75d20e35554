package dev.gmp.agent.instrumentation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/**
 * Strip mining on code we did not write: HdrHistogram (Java 8 class files, with counted loops, while and do/while
 * loops, breaks and iterators) woven as {@code preempt=org.HdrHistogram.} would weave it. Every woven class is
 * linked, so the verifier checks every rewritten method, and the woven copy records a histogram and prints its
 * percentile distribution exactly as the original does.
 */
class RealCodeTest {
    private static final String PACKAGE = "org/HdrHistogram/";

    @Test
    void hdrHistogramWovenVerifiesAndComputesWhatTheOriginalComputes() throws Exception {
        Map<String, byte[]> woven = weaveJarOf(Histogram.class);
        assertTrue(woven.size() > 30, woven.size() + " classes woven");
        int stripMined = 0;
        for (byte[] b : woven.values()) {
            for (String limit : List.of("min", "max")) { // each counted loop computes its chunk's limit once
                stripMined += Woven.callsPerMethod(b, "java/lang/Math", limit, "(JJ)J").values().stream()
                        .mapToInt(Integer::intValue).sum();
            }
        }
        assertTrue(stripMined > 10, stripMined + " counted loops strip-mined");
        ClassLoader copies = childFirst(woven);
        for (String name : woven.keySet()) {
            Class.forName(name, true, copies); // linking runs the verifier over every woven method
        }

        Histogram original = new Histogram(3);
        Object copy = copies.loadClass(Histogram.class.getName()).getConstructor(int.class).newInstance(3);
        Random r = new Random(7);
        for (int i = 0; i < 200_000; i++) {
            long v = 1 + (long) (Math.exp(r.nextGaussian() * 2 + 8));
            original.recordValue(v);
            copy.getClass().getMethod("recordValue", long.class).invoke(copy, v);
        }
        assertEquals(print(original), print(copy));
        for (double p : new double[] {50, 90, 99, 99.9, 100}) {
            assertEquals(original.getValueAtPercentile(p),
                    copy.getClass().getMethod("getValueAtPercentile", double.class).invoke(copy, p), "p" + p);
        }
    }

    /** The classes of {@code c}'s package in its jar, woven; the agent may log nothing (no class left unwoven). */
    private static Map<String, byte[]> weaveJarOf(Class<?> c) throws Exception {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        Weaver weaver = Woven.preempting(PACKAGE, log);
        Map<String, byte[]> out = new HashMap<>();
        Path jar = Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
        try (JarFile jf = new JarFile(jar.toFile())) {
            for (JarEntry e : Collections.list(jf.entries())) {
                String entry = e.getName();
                if (!entry.startsWith(PACKAGE) || !entry.endsWith(".class")) {
                    continue;
                }
                String internal = entry.substring(0, entry.length() - ".class".length());
                byte[] b = weaver.transform(RealCodeTest.class.getClassLoader(), internal, null, null,
                        jf.getInputStream(e).readAllBytes());
                assertNotNull(b, internal + " not woven; log: " + log);
                out.put(internal.replace('/', '.'), b);
            }
        }
        assertEquals("", log.toString());
        return out;
    }

    /** A class loader that defines {@code classes} itself and asks its parent for the rest. */
    private static ClassLoader childFirst(Map<String, byte[]> classes) {
        return new ClassLoader(RealCodeTest.class.getClassLoader()) {
            @Override
            protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
                byte[] b = classes.get(name);
                if (b == null) {
                    return super.loadClass(name, resolve);
                }
                synchronized (getClassLoadingLock(name)) {
                    Class<?> loaded = findLoadedClass(name);
                    return loaded != null ? loaded : defineClass(name, b, 0, b.length);
                }
            }
        };
    }

    /** HdrHistogram's own percentile table of {@code histogram} (an original or a woven copy). */
    private static String print(Object histogram) throws Exception {
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        histogram.getClass().getMethod("outputPercentileDistribution", PrintStream.class, Double.class)
                .invoke(histogram, new PrintStream(text, true), 1.0);
        return text.toString();
    }
}

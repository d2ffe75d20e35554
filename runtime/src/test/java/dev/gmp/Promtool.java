package dev.gmp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Prometheus' own parsers and linter on an exposition, through the real {@code promtool}, and the naming rule they
 * do not check: the test dependency of every module that exports metrics (the agent's {@code /metrics}, the
 * Micrometer binder). The promtool checks are skipped, not passed, where promtool is not installed (.ci/run
 * installs it).
 */
public final class Promtool {
    private Promtool() {}

    /** {@code promtool check metrics}: the text format 0.0.4 parses and lints clean (no problem reported). */
    public static void checkMetrics(String exposition) throws IOException, InterruptedException {
        String out = run(exposition, List.of("check", "metrics"));
        assertEquals("", out.trim(), "promtool check metrics reports no problem:\n" + exposition);
    }

    /**
     * An OpenMetrics exposition parses with Prometheus' OpenMetrics parser. promtool's {@code check metrics} reads
     * the text format only, so this feeds the exposition to {@code promtool tsdb create-blocks-from openmetrics},
     * which parses it with the scrape's OpenMetrics parser (types, units, {@code # EOF}, sample names against
     * their family) and stores it. Backfill needs a timestamp on every sample: one is appended to each sample line
     * (the expositions tested carry none, and no exemplars).
     */
    public static void checkOpenMetrics(String exposition) throws IOException, InterruptedException {
        assertTrue(exposition.endsWith("# EOF\n"), "OpenMetrics ends with # EOF:\n" + exposition);
        StringBuilder stamped = new StringBuilder();
        for (String line : exposition.split("\n")) {
            stamped.append(line);
            if (!line.startsWith("#")) {
                stamped.append(" 1700000000");
            }
            stamped.append('\n');
        }
        Path dir = Files.createTempDirectory("promtool-om");
        try {
            Path in = dir.resolve("scrape.om");
            Files.writeString(in, stamped, StandardCharsets.UTF_8);
            run(null, List.of("tsdb", "create-blocks-from", "openmetrics", in.toString(),
                    dir.resolve("blocks").toString()));
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    private static final Pattern FAMILY =
            Pattern.compile("^# TYPE (\\S+) \\S+$", Pattern.MULTILINE);
    private static final Pattern RESERVED =
            Pattern.compile("_(created|total|count|sum|bucket|info)(_|$)");

    /**
     * No family of an OpenMetrics exposition holds a suffix OpenMetrics reserves ({@code _created}, {@code _total},
     * {@code _count}, {@code _sum}, {@code _bucket}, {@code _info}): there a family is named without its samples'
     * suffix, so such a token anywhere in it is a name the Prometheus Java client 1.x would rewrite (it strips them)
     * and may collide with another family's. Parsers accept these names; this is the check they do not make.
     */
    public static void checkNoReservedSuffix(String openMetrics) {
        Matcher m = FAMILY.matcher(openMetrics);
        int families = 0;
        while (m.find()) {
            families++;
            assertTrue(!RESERVED.matcher(m.group(1)).find(), "family " + m.group(1) + " holds a reserved suffix");
        }
        assertTrue(families > 0, "an OpenMetrics exposition with families:\n" + openMetrics);
    }

    /** Runs promtool with {@code stdin} (or none), asserts exit 0 within 30 s, returns its output. */
    private static String run(String stdin, List<String> args) throws IOException, InterruptedException {
        String promtool = onPath("promtool");
        assumeTrue(promtool != null, "promtool is not installed (Debian: apt-get install prometheus); "
                + "the exposition was not checked");
        List<String> cmd = new ArrayList<>();
        cmd.add(promtool);
        cmd.addAll(args);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        if (stdin != null) {
            p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "promtool " + args + " ended");
        assertEquals(0, p.exitValue(), "promtool " + String.join(" ", args) + ":\n" + out
                + (stdin != null ? "\n--- input\n" + stdin : ""));
        return out;
    }

    private static String onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            File f = new File(dir, tool);
            if (f.canExecute()) {
                return f.getPath();
            }
        }
        return null;
    }
}

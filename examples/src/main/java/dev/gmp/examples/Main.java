package dev.gmp.examples;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code java -jar gmp-examples.jar [name|list]}: no argument runs the tour; a name runs one example;
 * {@code list} lists them. An unknown name prints the list and exits with status 2.
 */
public final class Main {
    private Main() {}

    static final List<Example> EXAMPLES = List.of(
            new TenThousand(), new WorkStealing(), new PingPong(), new SyscallBlocking(), new MemoryEfficiency(),
            new GomaxprocsTuning(), new Panics());

    static Map<String, Example> byName() {
        Map<String, Example> m = new LinkedHashMap<>();
        for (Example e : EXAMPLES) {
            m.put(e.name(), e);
        }
        return m;
    }

    public static void main(String[] args) throws Exception {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        if (args.length == 0 || args[0].equals("tour")) {
            new Tour(EXAMPLES).run(new Narrator(out));
            return 0;
        }
        if (args[0].equals("list")) {
            list(out);
            return 0;
        }
        Example e = byName().get(args[0]);
        if (e == null) {
            err.println("unknown example: " + args[0]);
            list(err);
            return 2;
        }
        Narrator n = new Narrator(out);
        n.title(e.name() + ": " + e.summary());
        String figure = e.run(n);
        n.say("=> " + figure);
        return 0;
    }

    static void list(PrintStream out) {
        out.println("examples (java -jar gmp-examples.jar <name>; no name runs the tour):");
        for (Example e : EXAMPLES) {
            out.printf("  %-14s %s%n", e.name(), e.summary());
        }
    }
}

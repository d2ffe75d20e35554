package dev.gmp.examples;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code java -jar gmp-examples.jar [name|list]}: no argument runs the tour; a name runs one example;
 * {@code list} lists them; {@code demo} runs the {@link DemoService}. An unknown name prints the list and exits with
 * status 2, and so does an example that needs the agent when it is missing (with one line saying how to run it).
 */
public final class Main {
    private Main() {}

    static final List<Example> EXAMPLES = List.of(
            new TenThousand(),
            new WorkStealing(),
            new PingPong(),
            new SyscallBlocking(),
            new IoIntensive(),
            new MemoryEfficiency(),
            new Comparison(),
            new GomaxprocsTuning(),
            new WaitGroups(),
            new Channels(),
            new Selects(),
            new ContextCancel(),
            new MutexAtomics(),
            new Deadlock(),
            new WorkerPool(),
            new Monitoring(),
            new Preemption(),
            new Panics(),
            new dev.gmp.examples.leaks.BlockedChannelLeak(),
            new dev.gmp.examples.leaks.EndlessLoop(),
            new dev.gmp.examples.leaks.GrowingWaits(),
            new dev.gmp.examples.leaks.DoneChannelFix(),
            new dev.gmp.examples.leaks.ContextTimeoutFix());

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
        if (args[0].equals("demo")) {
            DemoService.main(java.util.Arrays.copyOfRange(args, 1, args.length));
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
        String figure;
        try {
            figure = e.run(n);
        } catch (NeedsAgent missing) {
            err.println(missing.getMessage());
            return 2;
        }
        n.say("=> " + figure);
        return 0;
    }

    static void list(PrintStream out) {
        out.println("examples (java -jar gmp-examples.jar <name>; no name runs the tour; demo runs the demo service):");
        for (Example e : EXAMPLES) {
            out.printf("  %-14s %s%n", e.name(), e.summary());
        }
    }
}

package dev.gmp.internal.sched;

/**
 * Go's text shapes for stacks (runtime/traceback.go): goroutine headers, frames and {@code created by} lines.
 * Shared by panic reports, goroutine dumps, leak reports and the deadlock report.
 *
 * <pre>
 * goroutine 18 [chan receive, 5 minutes]:
 * com.acme.Worker.run(...)
 * 	Worker.java:42
 * created by com.acme.Main.main in goroutine 1
 * 	Main.java:12
 * </pre>
 * Java frames have no program counter offset, so Go's {@code +0x25} suffix is absent; the file is the source
 * file name (the JVM does not know the path). Native frames print {@code (native)}.
 */
public final class Traceback {
    private Traceback() {}

    /** {@code goroutine N [status[, M minutes]]:} (Go prints minutes only after one minute blocked). */
    public static void header(StringBuilder out, long goid, String state, long blockedNanos) {
        out.append("goroutine ").append(goid).append(" [").append(state);
        long minutes = blockedNanos / 60_000_000_000L;
        if (minutes >= 1) {
            out.append(", ").append(minutes).append(minutes == 1 ? " minute" : " minutes");
        }
        out.append("]:\n");
    }

    /**
     * One frame per two lines: {@code pkg.Class.method(...)} then a tab and {@code File.java:line}. The virtual
     * thread's own bottom frames (its continuation entry) are left out, as Go leaves out {@code runtime.goexit}.
     */
    public static void frames(StringBuilder out, StackTraceElement[] stack) {
        for (StackTraceElement f : stack) {
            if (isThreadEntry(f.getClassName())) {
                continue;
            }
            frame(out, f);
        }
    }

    private static boolean isThreadEntry(String cls) {
        return cls.equals("java.lang.VirtualThread") || cls.startsWith("java.lang.VirtualThread$")
                || cls.equals("jdk.internal.vm.Continuation");
    }

    public static void frame(StringBuilder out, StackTraceElement f) {
        out.append(f.getClassName()).append('.').append(f.getMethodName()).append("(...)\n\t");
        if (f.isNativeMethod()) {
            out.append("(native)");
        } else {
            out.append(f.getFileName() != null ? f.getFileName() : "?");
            if (f.getLineNumber() >= 0) {
                out.append(':').append(f.getLineNumber());
            }
        }
        out.append('\n');
    }

    /** {@code created by F in goroutine P} plus its location, or nothing if the site is unknown. */
    public static void createdBy(StringBuilder out, StackTraceElement[] site, long parentGoid) {
        if (site.length == 0) {
            return;
        }
        StackTraceElement f = site[0];
        out.append("created by ").append(f.getClassName()).append('.').append(f.getMethodName());
        if (parentGoid != 0) {
            out.append(" in goroutine ").append(parentGoid);
        }
        out.append("\n\t").append(f.getFileName() != null ? f.getFileName() : "?");
        if (f.getLineNumber() >= 0) {
            out.append(':').append(f.getLineNumber());
        }
        out.append('\n');
        for (int i = 1; i < site.length; i++) { // full creation stacks, when recorded
            frame(out, site[i]);
        }
    }

    /** The {@code created by} function name alone ({@code com.acme.Main.main}), or "?" if unknown. */
    public static String creatorName(StackTraceElement[] site) {
        return site.length == 0 ? "?" : site[0].getClassName() + "." + site[0].getMethodName();
    }
}

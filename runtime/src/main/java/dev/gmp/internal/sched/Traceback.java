package dev.gmp.internal.sched;

import java.security.CodeSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

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
 *
 * <p><b>Which frames show</b> ({@link #visible}). Go prints the user's frames and hides {@code runtime.*} ones
 * unless {@code GOTRACEBACK=system} (runtime/traceback.go {@code showframe}, {@code isExportedRuntime}). Here the
 * JDK ({@code java.}, {@code jdk.}, {@code sun.}, {@code com.sun.}) plays Go's runtime, and so does this runtime's
 * own machinery: {@code dev.gmp.internal}, the agent, and the API classes whose operations are runtime functions
 * in Go ({@code Chan}, {@code Select}, {@code Recv}: {@code chansend1}, {@code chanrecv1}, {@code selectgo}). The
 * rest of the API shows, as Go shows {@code time.Sleep} and {@code sync.(*WaitGroup).Wait}. A frame is the
 * runtime's only if its class comes from the runtime's own jar, so an application's or a test's class in one of
 * those packages still shows. The virtual thread's entry frames never show, as Go
 * never shows {@code runtime.goexit}. {@code GOTRACEBACK=system} (or {@code 2}, {@code crash}, {@code wer}), read
 * once at startup as Go reads it, shows every other frame.
 */
public final class Traceback {
    /** GOTRACEBACK=system or higher: the JDK's and the runtime's frames show too. */
    static final boolean SYSTEM_FRAMES = systemLevel(System.getenv("GOTRACEBACK"));

    /** The API classes whose calls are runtime functions in Go (chan.go, select.go). */
    private static final String[] CHANNEL_API = {"dev.gmp.Chan", "dev.gmp.Select", "dev.gmp.Recv"};
    private static final CodeSource RUNTIME = Traceback.class.getProtectionDomain().getCodeSource();
    private static final ConcurrentHashMap<String, Boolean> RUNTIME_CLASSES = new ConcurrentHashMap<>();

    private Traceback() {}

    /** Go's gotraceback levels (runtime/runtime1.go setTraceback): system (2) and above show runtime frames. */
    static boolean systemLevel(String gotraceback) {
        if (gotraceback == null) {
            return false;
        }
        return switch (gotraceback) {
            case "system", "crash", "wer" -> true;
            default -> {
                try {
                    yield Integer.parseInt(gotraceback) >= 2;
                } catch (NumberFormatException e) {
                    yield false; // none, single, all, or a value Go ignores as well
                }
            }
        };
    }

    /** {@code goroutine N [status[, M minutes]]:} (Go prints the minutes only after one minute blocked). */
    public static void header(StringBuilder out, long goid, String state, long blockedNanos) {
        out.append("goroutine ").append(goid).append(" [").append(state);
        long minutes = blockedNanos / 60_000_000_000L;
        if (minutes >= 1) {
            out.append(", ").append(minutes).append(" minutes"); // always plural in Go's traceback.go
        }
        out.append("]:\n");
    }

    /** One frame per two lines: {@code pkg.Class.method(...)} then a tab and {@code File.java:line}; visible only. */
    public static void frames(StringBuilder out, StackTraceElement[] stack) {
        for (StackTraceElement f : visible(stack)) {
            frame(out, f);
        }
    }

    /** The frames a traceback shows (see the class comment), innermost first. */
    public static List<StackTraceElement> visible(StackTraceElement[] stack) {
        return visible(stack, SYSTEM_FRAMES);
    }

    /** Whether GOTRACEBACK asks for system frames (and goroutines) in every traceback. */
    public static boolean showsSystem() {
        return SYSTEM_FRAMES;
    }

    /** {@link #visible(StackTraceElement[])}, with every frame but the thread's entry when {@code systemFrames}. */
    public static List<StackTraceElement> visible(StackTraceElement[] stack, boolean systemFrames) {
        List<StackTraceElement> out = new ArrayList<>(stack.length);
        for (StackTraceElement f : stack) {
            String c = f.getClassName();
            if (isThreadEntry(c) || (c.equals("java.lang.Thread") && f.getMethodName().equals("getStackTrace"))) {
                continue;
            }
            if (!systemFrames && isRuntimeFrame(c)) {
                continue;
            }
            out.add(f);
        }
        return out;
    }

    private static boolean isRuntimeFrame(String c) {
        if (c.startsWith("java.") || c.startsWith("jdk.") || c.startsWith("sun.") || c.startsWith("com.sun.")) {
            return true;
        }
        boolean machinery = c.startsWith("dev.gmp.internal.") || c.startsWith("dev.gmp.agent.")
                || isChannelOperation(c);
        return machinery && RUNTIME_CLASSES.computeIfAbsent(c, Traceback::fromRuntimeJar);
    }

    private static boolean isChannelOperation(String c) {
        for (String api : CHANNEL_API) {
            if (c.equals(api) || (c.startsWith(api) && c.charAt(api.length()) == '$')) {
                return true;
            }
        }
        return false;
    }

    private static boolean fromRuntimeJar(String className) {
        try {
            Class<?> k = Class.forName(className, false, Traceback.class.getClassLoader());
            return Objects.equals(k.getProtectionDomain().getCodeSource(), RUNTIME);
        } catch (ClassNotFoundException | LinkageError | SecurityException e) {
            return false;
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

package dev.gmp.internal.stats;

import dev.gmp.GoroutineInfo;
import dev.gmp.internal.sched.Traceback;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Go's goroutine profile text formats (runtime/pprof {@code writeGoroutine}):
 * <ul>
 *   <li>{@code debug=2}: every goroutine's traceback, as {@code runtime.Stack(buf, true)} and an unrecovered
 *       panic print them: {@code goroutine 18 [chan receive, 5 minutes]:}, frames, {@code created by X in
 *       goroutine 1}; a blank line between goroutines.</li>
 *   <li>{@code debug=1}: goroutines grouped by identical stack ({@code printCountProfile}):
 *       {@code goroutine profile: total N}, then per group {@code K @ addr...} and one {@code #} line per frame,
 *       largest group first.</li>
 * </ul>
 * Java frames have no program counters: debug=1 prints a stable 32-bit id of each frame where Go prints a PC,
 * and {@code +0x0} where Go prints the offset in the function.
 */
public final class GoroutineDump {
    /** The levels {@code /debug/gmp/goroutines?debug=} and {@code Gmp.dump} accept. */
    public static final String VALID_LEVELS = "1, 2";

    private GoroutineDump() {}

    public static void write(List<GoroutineInfo> gs, int debug, Appendable out) throws IOException {
        switch (debug) {
            case 1 -> writeDebug1(gs, out);
            case 2 -> writeDebug2(gs, out);
            default -> throw new IllegalArgumentException("debug=" + debug + ": valid values are " + VALID_LEVELS);
        }
    }

    static void writeDebug2(List<GoroutineInfo> gs, Appendable out) throws IOException {
        StringBuilder sb = new StringBuilder(256);
        boolean first = true;
        for (GoroutineInfo g : gs) {
            sb.setLength(0);
            if (!first) {
                sb.append('\n');
            }
            first = false;
            Traceback.header(sb, g.goid(), g.headerState(), g.waitingNanos());
            for (StackTraceElement f : g.stack()) {
                Traceback.frame(sb, f);
            }
            Traceback.createdBy(sb, g.createdBy().toArray(new StackTraceElement[0]), g.parentGoid());
            out.append(sb);
        }
    }

    /** The goroutines counted by identical stack, in first-seen order (Go's profile of counts by stack). */
    static Map<List<StackTraceElement>, Integer> byStack(List<GoroutineInfo> gs) {
        Map<List<StackTraceElement>, Integer> groups = new LinkedHashMap<>();
        for (GoroutineInfo g : gs) {
            groups.merge(g.stack(), 1, Integer::sum);
        }
        return groups;
    }

    static void writeDebug1(List<GoroutineInfo> gs, Appendable out) throws IOException {
        List<Map.Entry<List<StackTraceElement>, Integer>> sorted = new ArrayList<>(byStack(gs).entrySet());
        // keysByCount: larger count first, then by the address list (Go compares the PC strings).
        sorted.sort(Comparator.<Map.Entry<List<StackTraceElement>, Integer>>comparingInt(e -> -e.getValue())
                .thenComparing(e -> addresses(e.getKey())));
        out.append("goroutine profile: total ").append(Integer.toString(gs.size())).append('\n');
        StringBuilder sb = new StringBuilder(1024);
        for (Map.Entry<List<StackTraceElement>, Integer> e : sorted) {
            List<StackTraceElement> stack = e.getKey();
            sb.append(e.getValue()).append(" @").append(addresses(stack)).append('\n');
            appendFrameTable(sb, stack);
            sb.append('\n');
            out.append(sb);
            sb.setLength(0);
        }
    }

    private static String addresses(List<StackTraceElement> stack) {
        StringBuilder sb = new StringBuilder(stack.size() * 11);
        for (StackTraceElement f : stack) {
            sb.append(" 0x").append(Long.toHexString(frameId(f)));
        }
        return sb.toString();
    }

    /**
     * The {@code #} lines, {@code #\taddr\tfunc+0x0\tfile:line}, columns aligned as Go's tabwriter aligns them
     * (minwidth 1, tabwidth 8, padding 1, tab padding): a cell is followed by enough tabs to reach the widest
     * cell of its column plus one, rounded up to a multiple of 8.
     */
    private static void appendFrameTable(StringBuilder sb, List<StackTraceElement> stack) {
        int n = stack.size();
        String[] addr = new String[n];
        String[] fn = new String[n];
        int addrWidth = 0;
        int fnWidth = 0;
        for (int i = 0; i < n; i++) {
            StackTraceElement f = stack.get(i);
            addr[i] = "0x" + Long.toHexString(frameId(f));
            fn[i] = f.getClassName() + "." + f.getMethodName() + "+0x0";
            addrWidth = Math.max(addrWidth, addr[i].length());
            fnWidth = Math.max(fnWidth, fn[i].length());
        }
        for (int i = 0; i < n; i++) {
            StackTraceElement f = stack.get(i);
            sb.append("#\t").append(addr[i]);
            tabs(sb, addr[i].length(), addrWidth);
            sb.append(fn[i]);
            tabs(sb, fn[i].length(), fnWidth);
            sb.append(f.isNativeMethod() ? "(native)" : (f.getFileName() != null ? f.getFileName() : "?"));
            if (!f.isNativeMethod() && f.getLineNumber() >= 0) {
                sb.append(':').append(f.getLineNumber());
            }
            sb.append('\n');
        }
    }

    private static void tabs(StringBuilder sb, int len, int widest) {
        int column = (widest + 1 + 7) / 8 * 8;
        for (int w = len; w < column; w = (w / 8 + 1) * 8) {
            sb.append('\t');
        }
    }

    /** A stable stand-in for a PC: 32 bits of the frame's identity, never 0. */
    static long frameId(StackTraceElement f) {
        int h = (f.getClassName() + '.' + f.getMethodName() + ':' + f.getFileName() + ':' + f.getLineNumber())
                .hashCode();
        long id = h & 0xffffffffL;
        return id == 0 ? 1 : id;
    }
}

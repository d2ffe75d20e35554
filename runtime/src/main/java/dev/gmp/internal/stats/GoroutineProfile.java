package dev.gmp.internal.stats;

import dev.gmp.GoroutineInfo;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/**
 * Go's goroutine profile in pprof's binary form ({@code /debug/pprof/goroutine?debug=0}; runtime/pprof
 * {@code writeGoroutine} with {@code debug=0}, built as golang/go src/runtime/pprof/proto.go builds it): a
 * gzip-compressed {@code profile.proto} message (github.com/google/pprof proto/profile.proto) with one sample per
 * distinct stack, valued by the number of goroutines that share it, sample and period type
 * {@code goroutine/count}. {@code go tool pprof} and other pprof readers take it as they take Go's.
 *
 * <p>Java frames have no program counters. Each distinct frame (class, method, file, line) becomes one location
 * whose address is its index, in one mapping that says functions, file names and line numbers are already
 * resolved (so pprof does not try to symbolize). The function name is {@code class.method}, as in the
 * {@code debug=1} text ({@link GoroutineDump}).
 */
public final class GoroutineProfile {
    // profile.proto field numbers
    private static final int PROFILE_SAMPLE_TYPE = 1;
    private static final int PROFILE_SAMPLE = 2;
    private static final int PROFILE_MAPPING = 3;
    private static final int PROFILE_LOCATION = 4;
    private static final int PROFILE_FUNCTION = 5;
    private static final int PROFILE_STRING_TABLE = 6;
    private static final int PROFILE_TIME_NANOS = 9;
    private static final int PROFILE_PERIOD_TYPE = 11;
    private static final int PROFILE_PERIOD = 12;
    private static final int VALUE_TYPE_TYPE = 1;
    private static final int VALUE_TYPE_UNIT = 2;
    private static final int SAMPLE_LOCATION_ID = 1;
    private static final int SAMPLE_VALUE = 2;
    private static final int MAPPING_ID = 1;
    private static final int MAPPING_MEMORY_LIMIT = 3;
    private static final int MAPPING_FILENAME = 5;
    private static final int MAPPING_HAS_FUNCTIONS = 7;
    private static final int MAPPING_HAS_FILENAMES = 8;
    private static final int MAPPING_HAS_LINE_NUMBERS = 9;
    private static final int LOCATION_ID = 1;
    private static final int LOCATION_MAPPING_ID = 2;
    private static final int LOCATION_ADDRESS = 3;
    private static final int LOCATION_LINE = 4;
    private static final int LINE_FUNCTION_ID = 1;
    private static final int LINE_LINE = 2;
    private static final int FUNCTION_ID = 1;
    private static final int FUNCTION_NAME = 2;
    private static final int FUNCTION_SYSTEM_NAME = 3;
    private static final int FUNCTION_FILENAME = 4;

    private final Message profile = new Message();
    private final Map<String, Integer> strings = new HashMap<>();
    private final Message stringTable = new Message();
    private final Map<StackTraceElement, Integer> locations = new HashMap<>();
    private final Map<String, Integer> functions = new HashMap<>();

    private GoroutineProfile() {
        string(""); // string_table[0] must be ""
    }

    /** Writes the gzipped profile of {@code gs}, taken at {@code epochNanos}, to {@code out}. */
    public static void write(List<GoroutineInfo> gs, long epochNanos, OutputStream out) throws IOException {
        GoroutineProfile p = new GoroutineProfile();
        p.profile.message(PROFILE_SAMPLE_TYPE, p.valueType("goroutine", "count"));
        Message mapping = new Message().varint(MAPPING_ID, 1).varint(MAPPING_MEMORY_LIMIT, Long.MAX_VALUE)
                .varint(MAPPING_FILENAME, p.string("jvm")).varint(MAPPING_HAS_FUNCTIONS, 1)
                .varint(MAPPING_HAS_FILENAMES, 1).varint(MAPPING_HAS_LINE_NUMBERS, 1);
        for (Map.Entry<List<StackTraceElement>, Integer> e : GoroutineDump.byStack(gs).entrySet()) {
            Message ids = new Message();
            for (StackTraceElement f : e.getKey()) { // innermost first, as pprof wants
                ids.rawVarint(p.location(f));
            }
            Message sample = new Message().message(SAMPLE_LOCATION_ID, ids) // packed
                    .message(SAMPLE_VALUE, new Message().rawVarint(e.getValue()));
            p.profile.message(PROFILE_SAMPLE, sample);
        }
        p.profile.message(PROFILE_MAPPING, mapping);
        p.profile.varint(PROFILE_TIME_NANOS, epochNanos);
        p.profile.message(PROFILE_PERIOD_TYPE, p.valueType("goroutine", "count"));
        p.profile.varint(PROFILE_PERIOD, 1);
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            p.profile.writeTo(gz);
            p.stringTable.writeTo(gz); // repeated string_table entries, in index order, may come last
        }
    }

    private Message valueType(String type, String unit) {
        return new Message().varint(VALUE_TYPE_TYPE, string(type)).varint(VALUE_TYPE_UNIT, string(unit));
    }

    private int location(StackTraceElement f) {
        Integer id = locations.get(f);
        if (id != null) {
            return id;
        }
        int lid = locations.size() + 1;
        locations.put(f, lid);
        Message line = new Message().varint(LINE_FUNCTION_ID, function(f))
                .varint(LINE_LINE, Math.max(0, f.getLineNumber()));
        profile.message(PROFILE_LOCATION, new Message().varint(LOCATION_ID, lid).varint(LOCATION_MAPPING_ID, 1)
                .varint(LOCATION_ADDRESS, lid).message(LOCATION_LINE, line));
        return lid;
    }

    private int function(StackTraceElement f) {
        String name = f.getClassName() + "." + f.getMethodName();
        String file = f.isNativeMethod() ? "(native)" : f.getFileName() != null ? f.getFileName() : "?";
        String key = name + '\0' + file;
        Integer id = functions.get(key);
        if (id != null) {
            return id;
        }
        int fid = functions.size() + 1;
        functions.put(key, fid);
        int n = string(name);
        profile.message(PROFILE_FUNCTION, new Message().varint(FUNCTION_ID, fid).varint(FUNCTION_NAME, n)
                .varint(FUNCTION_SYSTEM_NAME, n).varint(FUNCTION_FILENAME, string(file)));
        return fid;
    }

    private int string(String s) {
        Integer i = strings.get(s);
        if (i != null) {
            return i;
        }
        int idx = strings.size();
        strings.put(s, idx);
        stringTable.bytes(PROFILE_STRING_TABLE, s.getBytes(StandardCharsets.UTF_8));
        return idx;
    }

    /** A protobuf message being encoded: varint and length-delimited fields (the only wire types used). */
    private static final class Message {
        private final ByteArrayOutputStream buf = new ByteArrayOutputStream();

        Message varint(int field, long v) {
            rawVarint(field << 3);
            return rawVarint(v);
        }

        Message bytes(int field, byte[] b) {
            rawVarint((field << 3) | 2);
            rawVarint(b.length);
            buf.writeBytes(b);
            return this;
        }

        Message message(int field, Message m) {
            return bytes(field, m.buf.toByteArray());
        }

        Message rawVarint(long v) {
            while ((v & ~0x7FL) != 0) {
                buf.write((int) ((v & 0x7F) | 0x80));
                v >>>= 7;
            }
            buf.write((int) v);
            return this;
        }

        void writeTo(OutputStream out) throws IOException {
            buf.writeTo(out);
        }
    }
}

package dev.gmp.agent.config;

import dev.gmp.GmpConfigException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One user-designated blocking method: {@code com.acme.Dao#query} (every overload of {@code query}) or
 * {@code com.acme.Native#*} (every method and constructor declared by the class).
 *
 * @param className binary class name ({@code $} for nested classes)
 * @param method    method name, or {@code *}
 */
public record BlockingPattern(String className, String method) {
    private static final Pattern SYNTAX = Pattern.compile(
            "([A-Za-z_$][A-Za-z0-9_$]*(?:\\.[A-Za-z_$][A-Za-z0-9_$]*)*)#(\\*|[A-Za-z_$][A-Za-z0-9_$]*|<init>)");

    public boolean allMethods() {
        return method.equals("*");
    }

    @Override
    public String toString() {
        return className + "#" + method;
    }

    /**
     * Parses {@code a.B#m;c.D#*}.
     *
     * @param where how the user spelled the option and its value (the lead of the one-line message)
     */
    static List<BlockingPattern> parseList(String value, String where) {
        List<BlockingPattern> out = new ArrayList<>();
        for (String part : value.split(";")) {
            String t = part.trim();
            if (t.isEmpty()) {
                continue;
            }
            Matcher m = SYNTAX.matcher(t);
            if (!m.matches()) {
                throw new GmpConfigException(where + ": malformed pattern '" + t
                        + "'; valid: fully.qualified.Class#method or fully.qualified.Class#*, separated by ';'");
            }
            out.add(new BlockingPattern(m.group(1), m.group(2)));
        }
        return out;
    }
}

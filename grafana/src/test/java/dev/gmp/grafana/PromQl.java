package dev.gmp.grafana;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Finds the vector selectors (metric name plus its {@code {...}} matchers) in a PromQL expression.
 *
 * <p>A tokenizer, not a parser: it knows enough of PromQL's lexical rules (strings, durations in
 * {@code [...]}, label lists after {@code by/without/on/ignoring/group_left/group_right}, function and
 * aggregation names, keywords) to tell metric names from everything else. Grafana variables
 * ({@code $job}, {@code ${datasource}}, {@code $__rate_interval}) are tokens of their own.
 * Rejected: asking a Prometheus to parse the queries (Debian's 2.42 has no /api/v1/parse_query), and a
 * {@code gmp_\w+} regex (it cannot see a foreign metric such as {@code up} or {@code go_goroutines}).
 */
final class PromQl {

    /** A metric name and the raw text between its braces ("" when it has none). */
    record Selector(String metric, String matchers) {}

    private static final Set<String> KEYWORDS = Set.of(
            "and", "or", "unless", "atan2", "bool", "offset", "by", "without", "on", "ignoring",
            "group_left", "group_right", "inf", "nan");
    private static final Set<String> LABEL_LIST_KEYWORDS = Set.of(
            "by", "without", "on", "ignoring", "group_left", "group_right");
    private static final Set<String> AGGREGATIONS = Set.of(
            "sum", "min", "max", "avg", "group", "stddev", "stdvar", "count", "count_values",
            "bottomk", "topk", "quantile", "limitk", "limit_ratio");

    private enum Kind { IDENT, STRING, NUMBER, VAR, PUNCT }

    private record Token(Kind kind, String text, int start, int end) {}

    private PromQl() {}

    /** The selectors of {@code expr}, in order of appearance. */
    static List<Selector> selectors(String expr) {
        List<Token> tokens = tokenize(expr);
        checkBalanced(tokens);
        List<Selector> out = new ArrayList<>();
        int i = 0;
        while (i < tokens.size()) {
            Token t = tokens.get(i);
            if (t.kind == Kind.PUNCT && t.text.equals("[")) {
                i = skipPast(tokens, i, "[", "]");
                continue;
            }
            if (t.kind == Kind.PUNCT && t.text.equals("{")) {
                // A selector without a metric name ({__name__=~"..."}) names nothing we can check.
                int close = skipPast(tokens, i, "{", "}");
                out.add(new Selector("", expr.substring(t.end, tokens.get(close - 1).start)));
                i = close;
                continue;
            }
            if (t.kind != Kind.IDENT) {
                i++;
                continue;
            }
            String word = t.text.toLowerCase(Locale.ROOT);
            Token next = i + 1 < tokens.size() ? tokens.get(i + 1) : null;
            if (LABEL_LIST_KEYWORDS.contains(word)) {
                i = next != null && next.text.equals("(") ? skipPast(tokens, i + 1, "(", ")") : i + 1;
                continue;
            }
            if (KEYWORDS.contains(word) || AGGREGATIONS.contains(word)
                    || (next != null && next.kind == Kind.PUNCT && next.text.equals("("))) {
                i++;
                continue;
            }
            String matchers = "";
            int after = i + 1;
            if (next != null && next.kind == Kind.PUNCT && next.text.equals("{")) {
                after = skipPast(tokens, i + 1, "{", "}");
                matchers = expr.substring(next.end, tokens.get(after - 1).start);
            }
            out.add(new Selector(t.text, matchers));
            i = after;
        }
        return out;
    }

    private static void checkBalanced(List<Token> tokens) {
        java.util.ArrayDeque<String> open = new java.util.ArrayDeque<>();
        for (Token t : tokens) {
            if (t.kind != Kind.PUNCT) {
                continue;
            }
            switch (t.text) {
                case "(" -> open.push(")");
                case "[" -> open.push("]");
                case "{" -> open.push("}");
                case ")", "]", "}" -> {
                    if (open.isEmpty() || !open.pop().equals(t.text)) {
                        throw new IllegalArgumentException("unbalanced " + t.text + " in: " + render(tokens));
                    }
                }
                default -> { }
            }
        }
        if (!open.isEmpty()) {
            throw new IllegalArgumentException("missing " + open.peek() + " in: " + render(tokens));
        }
    }

    /** Index just past the bracket that closes the one at {@code open}. */
    private static int skipPast(List<Token> tokens, int open, String o, String c) {
        int depth = 0;
        for (int j = open; j < tokens.size(); j++) {
            Token t = tokens.get(j);
            if (t.kind == Kind.PUNCT && t.text.equals(o)) {
                depth++;
            } else if (t.kind == Kind.PUNCT && t.text.equals(c) && --depth == 0) {
                return j + 1;
            }
        }
        throw new IllegalArgumentException("unbalanced " + o + c + " in: " + render(tokens));
    }

    private static String render(List<Token> tokens) {
        StringBuilder sb = new StringBuilder();
        tokens.forEach(t -> sb.append(t.text).append(' '));
        return sb.toString().trim();
    }

    private static List<Token> tokenize(String s) {
        List<Token> out = new ArrayList<>();
        int i = 0;
        int n = s.length();
        while (i < n) {
            char c = s.charAt(i);
            int start = i;
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '#') {
                while (i < n && s.charAt(i) != '\n') {
                    i++;
                }
            } else if (c == '"' || c == '\'' || c == '`') {
                i++;
                while (i < n && s.charAt(i) != c) {
                    i += (s.charAt(i) == '\\' && c != '`') ? 2 : 1;
                }
                if (i >= n) {
                    throw new IllegalArgumentException("unterminated string in: " + s);
                }
                i++;
                out.add(new Token(Kind.STRING, s.substring(start, i), start, i));
            } else if (c == '$') {
                i++;
                if (i < n && s.charAt(i) == '{') {
                    while (i < n && s.charAt(i) != '}') {
                        i++;
                    }
                    i++;
                } else {
                    while (i < n && isIdentPart(s.charAt(i))) {
                        i++;
                    }
                }
                out.add(new Token(Kind.VAR, s.substring(start, i), start, i));
            } else if (Character.isDigit(c) || (c == '.' && i + 1 < n && Character.isDigit(s.charAt(i + 1)))) {
                // Numbers and durations (1.1, 0x1f, 1e-09, 30m, 1h30m).
                i++;
                while (i < n && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '.'
                        || ((s.charAt(i) == '-' || s.charAt(i) == '+') && (s.charAt(i - 1) == 'e' || s.charAt(i - 1) == 'E')))) {
                    i++;
                }
                out.add(new Token(Kind.NUMBER, s.substring(start, i), start, i));
            } else if (Character.isLetter(c) || c == '_' || c == ':') {
                while (i < n && isIdentPart(s.charAt(i))) {
                    i++;
                }
                out.add(new Token(Kind.IDENT, s.substring(start, i), start, i));
            } else {
                i++;
                out.add(new Token(Kind.PUNCT, String.valueOf(c), start, i));
            }
        }
        return out;
    }

    private static boolean isIdentPart(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == ':';
    }
}

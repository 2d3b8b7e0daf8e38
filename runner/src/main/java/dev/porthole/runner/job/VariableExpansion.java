package dev.porthole.runner.job;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Expands {@code $VAR} and {@code ${VAR}} in variable values with the values of the job's other variables, as
 * GitLab's runner does before a job starts; unknown names become empty, {@code $$} is a literal {@code $}.
 */
final class VariableExpansion {
    private static final Pattern REFERENCE =
            Pattern.compile("\\$(\\$|\\{([A-Za-z_][A-Za-z0-9_]*)}|([A-Za-z_][A-Za-z0-9_]*))");

    private VariableExpansion() {}

    /** Every variable's value expanded once, except those in {@code raw}. */
    static Map<String, String> expand(Map<String, String> variables, Set<String> raw) {
        Map<String, String> expanded = new LinkedHashMap<>();
        variables.forEach((key, value) -> expanded.put(key, raw.contains(key) ? value : expandValue(value, variables)));
        return expanded;
    }

    static String expandValue(String value, Map<String, String> variables) {
        Matcher matcher = REFERENCE.matcher(value);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String replacement;
            if ("$".equals(matcher.group(1))) {
                replacement = "$";
            } else {
                String name = matcher.group(2) != null ? matcher.group(2) : matcher.group(3);
                replacement = variables.getOrDefault(name, "");
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        matcher.appendTail(out);
        return out.toString();
    }
}

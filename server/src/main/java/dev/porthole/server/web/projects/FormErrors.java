package dev.porthole.server.web.projects;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What is wrong with a submitted form, by field, in sentences a person reads next to the field ({@code base} for
 * the form as a whole).
 */
public final class FormErrors {
    private final Map<String, String> byField = new LinkedHashMap<>();

    /**
     * Adds a message. A sentence (capitalised) stays as it is; GitLab's terse field messages ({@code can't be
     * blank}) get the field's name in front unless they start with it.
     */
    public FormErrors add(String field, String message) {
        String text = message.strip();
        boolean sentence = !text.isEmpty() && Character.isUpperCase(text.charAt(0));
        if (!sentence
                && !field.equals("base")
                && !text.toLowerCase(Locale.ROOT).startsWith(label(field).toLowerCase(Locale.ROOT))) {
            text = label(field) + " " + text;
        }
        text = Character.toUpperCase(text.charAt(0)) + text.substring(1);
        byField.putIfAbsent(field, text.endsWith(".") ? text : text + ".");
        return this;
    }

    private static String label(String field) {
        return field.replace('_', ' ');
    }

    public boolean any() {
        return !byField.isEmpty();
    }

    public boolean has(String field) {
        return byField.containsKey(field);
    }

    /** The message for a field, or null. */
    public String get(String field) {
        return byField.get(field);
    }

    public Iterable<String> all() {
        return byField.values();
    }
}

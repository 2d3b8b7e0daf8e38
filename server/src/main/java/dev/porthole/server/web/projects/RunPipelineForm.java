package dev.porthole.server.web.projects;

import dev.porthole.server.pipeline.PipelineVariable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Run pipeline form: a ref and variable rows, posted as {@code variables[<n>][key]}, {@code [value]} and
 * {@code [variable_type]}. Rows left empty are ignored; the others follow GitLab's key rules.
 */
public record RunPipelineForm(String ref, List<Row> variables) {
    private static final Pattern FIELD = Pattern.compile("variables\\[(\\d{1,4})]\\[(key|value|variable_type)]");
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_]{1,255}");

    /** One variable row as typed. */
    public record Row(String key, String value, String type) {
        boolean blank() {
            return key.isBlank() && value.isEmpty();
        }

        public boolean file() {
            return "file".equals(type);
        }
    }

    static RunPipelineForm of(String ref, Map<String, String> params) {
        Map<Integer, Map<String, String>> rows = new TreeMap<>();
        params.forEach((name, value) -> {
            Matcher m = FIELD.matcher(name);
            if (m.matches()) {
                rows.computeIfAbsent(Integer.parseInt(m.group(1)), i -> new HashMap<>())
                        .put(m.group(2), value);
            }
        });
        List<Row> variables = new ArrayList<>();
        for (Map<String, String> row : rows.values()) {
            var r = new Row(
                    row.getOrDefault("key", "").strip(),
                    row.getOrDefault("value", ""),
                    "file".equals(row.get("variable_type")) ? "file" : "env_var");
            if (!r.blank()) {
                variables.add(r);
            }
        }
        return new RunPipelineForm(ref == null ? "" : ref.strip(), variables);
    }

    /** The rows to show: those given and one empty row to type the next one in. */
    public List<Row> rowsWithBlank() {
        List<Row> shown = new ArrayList<>(variables);
        shown.add(new Row("", "", "env_var"));
        return shown;
    }

    /** What is wrong with the rows, in the words of the form. */
    void check(FormErrors errors) {
        Set<String> keys = new HashSet<>();
        for (Row row : variables) {
            if (!KEY.matcher(row.key()).matches()) {
                errors.add(
                        "variables",
                        "Variable key '" + row.key() + "' can contain only letters, digits and '_', up to 255"
                                + " characters");
                return;
            }
            if (!keys.add(row.key())) {
                errors.add("variables", "Variable " + row.key() + " is given twice");
                return;
            }
        }
    }

    List<PipelineVariable> pipelineVariables() {
        return variables.stream()
                .map(r -> new PipelineVariable(r.key(), r.value(), r.file()))
                .toList();
    }
}

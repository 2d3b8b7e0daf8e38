package dev.porthole.runner.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class VariableExpansionTest {
    @Test
    void expandsBothFormsUnknownNamesAndEscapes() {
        Map<String, String> vars = new LinkedHashMap<>();
        vars.put("DIR", "/builds/app");
        vars.put("OUT", "$DIR/out and ${DIR}/bin, $MISSING. $$HOME");
        vars.put("RAW", "$DIR");
        var expanded = VariableExpansion.expand(vars, Set.of("RAW"));
        assertThat(expanded.get("OUT")).isEqualTo("/builds/app/out and /builds/app/bin, . $HOME");
        assertThat(expanded.get("RAW")).isEqualTo("$DIR");
    }

    @Test
    void replacementsAreLiteral() {
        assertThat(VariableExpansion.expandValue("x=$A", Map.of("A", "$1\\2"))).isEqualTo("x=$1\\2");
    }
}
